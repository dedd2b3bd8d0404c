// The `Encoder` that streams a value's `encode(to:)` into a `JSONSink`, for the types the
// sink does not write itself (`JSONSink.value`).
import Foundation

/// Coding paths are not kept: building one per key cost more than the rest of the
/// encoding, and only an error message would read it.
struct StreamEncoder: Encoder {
    let sink: JSONSink
    /// The frame this value's container goes in: the stack's height when it began.
    let depth: Int
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    /// The value's container: opened on first use, shared by later calls (as Foundation does).
    private func frame(object: Bool) -> Int {
        if sink.frames.count > depth, sink.frames[depth].isObject == object { return depth }
        sink.close(downTo: depth)
        return sink.open(object: object)
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        KeyedEncodingContainer(StreamKeyed<Key>(sink: sink, frame: frame(object: true)))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        StreamUnkeyed(sink: sink, frame: frame(object: false))
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        StreamSingle(sink: sink)
    }
}

private struct StreamKeyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let sink: JSONSink
    let frame: Int
    var codingPath: [any CodingKey] { [] }

    func encodeNil(forKey key: Key) throws {
        sink.element(in: frame)
        sink.key(key)
        sink.literal("null")
    }

    // The common types directly, not through the generic path and its casts.
    func encode(_ value: String, forKey key: Key) throws {
        sink.element(in: frame)
        sink.key(key)
        sink.string(value)
    }

    func encode(_ value: Bool, forKey key: Key) throws {
        sink.element(in: frame)
        sink.key(key)
        sink.literal(value ? "true" : "false")
    }

    func encode(_ value: Int, forKey key: Key) throws {
        sink.element(in: frame)
        sink.key(key)
        sink.literal(String(value))
    }

    func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        sink.element(in: frame)
        sink.key(key)
        try sink.value(value)
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        sink.element(in: frame)
        sink.key(key)
        return KeyedEncodingContainer(StreamKeyed<NestedKey>(sink: sink, frame: sink.open(object: true)))
    }

    func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        sink.element(in: frame)
        sink.key(key)
        return StreamUnkeyed(sink: sink, frame: sink.open(object: false))
    }

    func superEncoder() -> any Encoder { unsupported() }
    func superEncoder(forKey key: Key) -> any Encoder { unsupported() }

    private func unsupported() -> any Encoder {
        sink.unsupported = true
        return StreamEncoder(sink: JSONSink(), depth: 0)
    }
}

private struct StreamUnkeyed: UnkeyedEncodingContainer {
    let sink: JSONSink
    let frame: Int
    var codingPath: [any CodingKey] { [] }
    var count: Int { sink.frames.count > frame ? sink.frames[frame].count : 0 }

    func encodeNil() throws {
        sink.element(in: frame)
        sink.literal("null")
    }

    func encode<T: Encodable>(_ value: T) throws {
        sink.element(in: frame)
        try sink.value(value)
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        sink.element(in: frame)
        return KeyedEncodingContainer(StreamKeyed<NestedKey>(sink: sink, frame: sink.open(object: true)))
    }

    func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        sink.element(in: frame)
        return StreamUnkeyed(sink: sink, frame: sink.open(object: false))
    }

    func superEncoder() -> any Encoder {
        sink.unsupported = true
        return StreamEncoder(sink: JSONSink(), depth: 0)
    }
}

private struct StreamSingle: SingleValueEncodingContainer {
    let sink: JSONSink
    var codingPath: [any CodingKey] { [] }

    func encodeNil() throws { sink.literal("null") }

    func encode(_ value: String) throws { sink.string(value) }

    func encode<T: Encodable>(_ value: T) throws {
        try sink.value(value)
    }
}
