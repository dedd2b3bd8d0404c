import Foundation
import HandoffCore

/// Compact JSON as `Codec` writes it (ISO 8601 dates, slashes unescaped), written straight
/// into bytes as `encode(to:)` runs. Foundation's encoder first builds a tree of boxed
/// values and then sorts every object's keys; for the store, which writes two documents per
/// event, that was most of the time of a 100,000-lead import. Keys come out in the order
/// the type encodes them; `JSONDecoder` reads either.
///
/// Containers are closed by position: each open object or array is a frame on a stack, and
/// writing into a frame first closes every frame above it. That is the order in which any
/// `encode(to:)` uses its containers. A value that asks for something this cannot stream
/// (a `superEncoder`, or `Data`/`URL`/`Decimal`, which Foundation special-cases) is encoded
/// by Foundation instead.
package enum StreamingJSONEncoder {
    static func data<T: Encodable>(_ value: T) throws -> Data {
        Data(try bytes(value))
    }

    package static func string<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try bytes(value), as: UTF8.self)
    }

    /// `string` with every value through its `Encodable`, the hand-written writers
    /// (`JSONSink+Store`) left out: what the tests hold those writers to.
    package static func stringThroughEncodable<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try bytes(value, handWritten: false), as: UTF8.self)
    }

    private static func bytes<T: Encodable>(_ value: T, handWritten: Bool = true) throws -> [UInt8] {
        let sink = JSONSink()
        sink.handWritten = handWritten
        try sink.value(value)
        sink.close(downTo: 0)
        guard !sink.unsupported else { return Array(try Codec.string(value).utf8) }
        return sink.bytes
    }
}

final class JSONSink {
    struct Frame {
        var isObject: Bool
        var count = 0
    }

    // Only this encoding touches these: the runtime's exclusivity checks on every append
    // cost more than the appends.
    @exclusivity(unchecked) var bytes: [UInt8] = []
    @exclusivity(unchecked) var frames: [Frame] = []
    var unsupported = false
    /// Whether the store's documents go through their hand-written writers.
    var handWritten = true
    /// The last lead fields written and their JSON, when the sink keeps them
    /// (`JSONAppender(reusingFields:)`): a new lead's fields are written twice, in its
    /// `created` event's payload and in its state.
    var lastFields: (fields: LeadFields, json: [UInt8])?
    var reusesFields = false

    init(reserving capacity: Int = 1024) { bytes.reserveCapacity(capacity) }

    /// Closes the frames above `depth` (0 closes all).
    func close(downTo depth: Int) {
        while frames.count > depth {
            let frame = frames.removeLast()
            bytes.append(frame.isObject ? UInt8(ascii: "}") : UInt8(ascii: "]"))
        }
    }

    /// Readies frame `index` for its next element: closes what is above it, writes a comma.
    func element(in index: Int) {
        // A container used after its value was finished: not something to stream.
        guard index < frames.count else {
            unsupported = true
            return
        }
        close(downTo: index + 1)
        if frames[index].count > 0 { bytes.append(UInt8(ascii: ",")) }
        frames[index].count += 1
    }

    func open(object: Bool) -> Int {
        bytes.append(object ? UInt8(ascii: "{") : UInt8(ascii: "["))
        frames.append(Frame(isObject: object))
        return frames.count - 1
    }

    func key(_ key: any CodingKey) {
        string(key.stringValue)
        bytes.append(UInt8(ascii: ":"))
    }

    func value<T: Encodable>(_ value: T) throws {
        // Strings and dates are most of what the store writes: matched by type identity
        // first, before the chain of dynamic casts below.
        let type = ObjectIdentifier(T.self)
        if type == ObjectIdentifier(String.self) { return string(unsafeBitCast(value, to: String.self)) }
        if type == ObjectIdentifier(Date.self) { return date8601(unsafeBitCast(value, to: Date.self)) }
        // The two documents the store writes per event, written by hand (`JSONSink+Store`):
        // through `encode(to:)` each key cost a container box, a generic call and a cast.
        if handWritten {
            if type == ObjectIdentifier(Lead.self) { return try write(unsafeBitCast(value, to: Lead.self)) }
            if type == ObjectIdentifier(LeadFields.self) { return write(unsafeBitCast(value, to: LeadFields.self)) }
            if type == ObjectIdentifier(EventPayload.self) { return try write(unsafeBitCast(value, to: EventPayload.self)) }
        }
        // Numbers, Foundation's special cases and string-keyed dictionaries in one cast;
        // everything else (the store's own structs and enums) streams through `encode(to:)`.
        // A chain of casts, one per type, cost more than the rest of encoding a lead.
        if let special = value as? any SpecialJSONValue { return try special.write(into: self) }
        let depth = frames.count
        let mark = bytes.count
        try value.encode(to: StreamEncoder(sink: self, depth: depth))
        close(downTo: depth)
        // A type that encodes nothing is an empty object, as Foundation writes it.
        if bytes.count == mark { literal("{}") }
    }

    func literal(_ text: String) { bytes.append(contentsOf: text.utf8) }

    func double(_ number: Double) throws {
        guard number.isFinite else {
            throw EncodingError.invalidValue(number, .init(codingPath: [], debugDescription: "\(number) is not valid JSON"))
        }
        if number == number.rounded(), abs(number) < 1e15 { literal(String(Int64(number))) } else { literal("\(number)") }
    }

    func string(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        let plain = text.utf8.withContiguousStorageIfAvailable { utf8 in
            guard UTF8Bytes.jsonPlainPrefix(utf8, from: 0) == utf8.count else {
                return false
            }
            bytes.append(contentsOf: utf8)
            return true
        }
        if plain == true {
            bytes.append(UInt8(ascii: "\""))
            return
        }
        // C1 controls, DEL, separators and format characters (bidi overrides…) are written
        // as `\uXXXX` too, so that no consumer printing a string can be driven by it.
        if text.utf8.contains(where: { $0 >= 0x7F }), text.unicodeScalars.contains(where: SafeText.needsJSONEscape) {
            for scalar in text.unicodeScalars {
                if scalar.value < 0x80 {
                    escapeASCII(UInt8(scalar.value))
                } else if SafeText.needsJSONEscape(scalar) {
                    var escape = String.UnicodeScalarView()
                    SafeText.appendEscape(scalar, to: &escape)
                    bytes.append(contentsOf: String(escape).utf8)
                } else {
                    bytes.append(contentsOf: String(scalar).utf8)
                }
            }
            bytes.append(UInt8(ascii: "\""))
            return
        }
        for byte in text.utf8 { escapeASCII(byte) }
        bytes.append(UInt8(ascii: "\""))
    }

    /// One byte of a string: ASCII escaped as JSON needs, any other byte as it is.
    private func escapeASCII(_ byte: UInt8) {
        switch byte {
        case UInt8(ascii: "\""): bytes.append(contentsOf: [0x5C, 0x22])
        case UInt8(ascii: "\\"): bytes.append(contentsOf: [0x5C, 0x5C])
        case 0x0A: bytes.append(contentsOf: [0x5C, UInt8(ascii: "n")])
        case 0x0D: bytes.append(contentsOf: [0x5C, UInt8(ascii: "r")])
        case 0x09: bytes.append(contentsOf: [0x5C, UInt8(ascii: "t")])
        case 0x00..<0x20, 0x7F:
            let hex = Array("0123456789abcdef".utf8)
            bytes.append(contentsOf: Array("\\u00".utf8) + [hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
        default: bytes.append(byte)
        }
    }

    /// `2026-11-23T08:41:00Z`, as `JSONEncoder.DateEncodingStrategy.iso8601` writes it.
    func date8601(_ date: Date) {
        bytes.append(UInt8(ascii: "\""))
        guard ISODate.append(date, to: &bytes) else {
            bytes.removeLast()
            unsupported = true
            return literal("null")
        }
        bytes.append(UInt8(ascii: "\""))
    }
}

/// A value `JSONSink.value` writes itself rather than through `encode(to:)`.
private protocol SpecialJSONValue {
    func write(into sink: JSONSink) throws
}

/// An integer, written in decimal.
private protocol IntegerJSONValue: SpecialJSONValue, BinaryInteger {}

extension IntegerJSONValue {
    fileprivate func write(into sink: JSONSink) { sink.literal(String(self)) }
}

extension Int: IntegerJSONValue {}
extension Int64: IntegerJSONValue {}
extension Int32: IntegerJSONValue {}
extension UInt: IntegerJSONValue {}
extension UInt64: IntegerJSONValue {}

extension Bool: SpecialJSONValue {
    fileprivate func write(into sink: JSONSink) { sink.literal(self ? "true" : "false") }
}

extension Double: SpecialJSONValue {
    fileprivate func write(into sink: JSONSink) throws { try sink.double(self) }
}

extension Float: SpecialJSONValue {
    fileprivate func write(into sink: JSONSink) throws { try sink.double(Double(self)) }
}

/// What Foundation's encoder special-cases: not something to stream (Foundation encodes
/// the whole value instead).
private protocol FoundationSpecial: SpecialJSONValue {}

extension FoundationSpecial {
    fileprivate func write(into sink: JSONSink) {
        sink.unsupported = true
        sink.literal("null")
    }
}

extension Data: FoundationSpecial {}
extension URL: FoundationSpecial {}
extension Decimal: FoundationSpecial {}

/// A dictionary with string keys is written with its keys sorted, as Foundation's
/// `.sortedKeys` does: its own order changes from run to run, and an export of the same
/// board should read the same.
extension Dictionary: SpecialJSONValue where Key == String, Value: Encodable {
    fileprivate func write(into sink: JSONSink) throws {
        // The positions are sorted, by the keys: sorting the pairs went through the
        // unspecialized generic sort, some 20,000 instructions for a scorecard's five.
        var keys: [String] = []
        var values: [Value] = []
        keys.reserveCapacity(count)
        values.reserveCapacity(count)
        for (key, value) in self {
            keys.append(key)
            values.append(value)
        }
        let depth = sink.frames.count
        let frame = sink.open(object: true)
        for index in keys.indices.sorted(by: { keys[$0] < keys[$1] }) {
            sink.element(in: frame)
            sink.string(keys[index])
            sink.bytes.append(UInt8(ascii: ":"))
            try sink.value(values[index])
        }
        sink.close(downTo: depth)
    }
}
