/// A TOML table that keeps its keys in file order and the line each key was written on.
/// Order matters when a table is printed back; lines matter for error messages.
public struct TOMLTable: Sendable, Sequence, CustomStringConvertible {
    private struct Entry: Sendable {
        var key: String
        var value: TOMLValue
        var line: Int
    }

    private var entries: [Entry] = []
    private var positions: [String: Int] = [:]

    public init() {}

    public var keys: [String] { entries.map(\.key) }
    public var count: Int { entries.count }
    public var isEmpty: Bool { entries.isEmpty }

    public subscript(key: String) -> TOMLValue? {
        get { positions[key].map { entries[$0].value } }
        set {
            if let value = newValue {
                set(value, forKey: key, line: line(of: key) ?? 0)
            } else {
                removeValue(forKey: key)
            }
        }
    }

    /// The 1-based line the key was defined on; 0 for keys set in code.
    public func line(of key: String) -> Int? {
        positions[key].map { entries[$0].line }
    }

    /// Adds the key at the end, or replaces its value in place.
    public mutating func set(_ value: TOMLValue, forKey key: String, line: Int = 0) {
        if let position = positions[key] {
            entries[position].value = value
            entries[position].line = line
        } else {
            positions[key] = entries.count
            entries.append(Entry(key: key, value: value, line: line))
        }
    }

    public mutating func removeValue(forKey key: String) {
        guard let position = positions.removeValue(forKey: key) else { return }
        entries.remove(at: position)
        for index in position..<entries.count {
            positions[entries[index].key] = index
        }
    }

    public func makeIterator() -> IndexingIterator<[(key: String, value: TOMLValue)]> {
        entries.map { (key: $0.key, value: $0.value) }.makeIterator()
    }

    public var description: String { TOMLWriter.document(self) }
}

/// Tables compare by content; key order and line numbers are presentation.
extension TOMLTable: Equatable {
    public static func == (lhs: TOMLTable, rhs: TOMLTable) -> Bool {
        lhs.count == rhs.count && lhs.allSatisfy { rhs[$0.key] == $0.value }
    }
}

extension TOMLTable: ExpressibleByDictionaryLiteral {
    public init(dictionaryLiteral elements: (String, TOMLValue)...) {
        for (key, value) in elements { set(value, forKey: key) }
    }
}
