/// An optional value kept behind one reference instead of inline: eight bytes in the
/// struct that holds it, whatever the value's size, and nothing allocated while it is nil.
///
/// For the large parts of `EventPayload` and `Lead` that most values leave nil (a restored
/// lead, a meeting, a disposition…). Inline, they made an `Event` 1,808 bytes and a `Lead`
/// 864, and every copy of either moved all of it: an import of a million events spent a
/// sixth of its time in `memmove`. A write replaces the box (copy on write, by hand), so a
/// value's copies never share a change.
///
/// The JSON is the one an inline optional makes: the key is left out when nil (the
/// `KeyedEncodingContainer` and `KeyedDecodingContainer` overloads below, which the
/// synthesized `Codable` of the holder picks over the generic ones).
@propertyWrapper
public struct Boxed<Wrapped: Sendable>: Sendable {
    private final class Box: Sendable {
        let value: Wrapped
        init(_ value: Wrapped) { self.value = value }
    }

    private var box: Box?

    public init(wrappedValue: Wrapped?) {
        box = wrappedValue.map(Box.init)
    }

    public var wrappedValue: Wrapped? {
        get { box?.value }
        set { box = newValue.map(Box.init) }
    }
}

extension Boxed: Equatable where Wrapped: Equatable {
    public static func == (a: Boxed, b: Boxed) -> Bool {
        a.box === b.box || a.wrappedValue == b.wrappedValue
    }
}

extension Boxed: Encodable where Wrapped: Encodable {
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(wrappedValue)
    }
}

extension Boxed: Decodable where Wrapped: Decodable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        self.init(wrappedValue: container.decodeNil() ? nil : try container.decode(Wrapped.self))
    }
}

extension KeyedEncodingContainer {
    /// A boxed value as an inline optional: left out when nil.
    public mutating func encode<Wrapped: Encodable>(_ value: Boxed<Wrapped>, forKey key: Key) throws {
        try encodeIfPresent(value.wrappedValue, forKey: key)
    }
}

extension KeyedDecodingContainer {
    /// A boxed value as an inline optional: nil when the key is missing or null.
    public func decode<Wrapped: Decodable>(_ type: Boxed<Wrapped>.Type, forKey key: Key) throws -> Boxed<Wrapped> {
        Boxed(wrappedValue: try decodeIfPresent(Wrapped.self, forKey: key))
    }
}
