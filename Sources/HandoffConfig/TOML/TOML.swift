/// A small TOML v1.0 reader for the files people edit by hand: themes, the SQL definition,
/// the config file. Dates and times are not supported; everything else a person would
/// write is. Every key remembers its line so that a validation error can point at it.
///
/// Limits, so that no file can crash or stall the process: a document is at most
/// `maxBytes` (1 MiB) of UTF-8 and nests at most `maxDepth` (64) levels, counting each
/// key segment, table, array and inline table; reading takes time linear in the text.
public enum TOML {
    /// The largest document read: 1 MiB. Hand-written settings are a few kilobytes.
    public static let maxBytes = 1 << 20
    /// The deepest nesting read. Reading and building recurse once per level.
    public static let maxDepth = 64

    /// Parses a whole document into its root table.
    public static func parse(_ text: String) throws(TOMLError) -> TOMLTable {
        let size = text.utf8.count
        guard size <= maxBytes else { throw tooLarge(size) }
        var parser = TOMLParser(text)
        return try parser.parseDocument()
    }

    /// Parses raw bytes, as read from a file (and as a fuzzer hands them over): refuses
    /// more than `maxBytes` before decoding, and text that is not UTF-8 with its line.
    public static func parse(utf8 bytes: some Collection<UInt8>) throws(TOMLError) -> TOMLTable {
        guard bytes.count <= maxBytes else { throw tooLarge(bytes.count) }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            // The line of the first bad byte: the newlines of the valid text before it.
            var line = 1
            var iterator = bytes.makeIterator()
            var decoder = UTF8()
            decoding: while true {
                switch decoder.decode(&iterator) {
                case .scalarValue(let scalar):
                    if scalar == "\n" { line += 1 }
                case .emptyInput, .error: break decoding
                }
            }
            throw TOMLError(line: line, column: 1, message: "not valid UTF-8 text")
        }
        return try parse(text)
    }

    static func tooLarge(_ size: Int) -> TOMLError {
        TOMLError(line: 1, column: 1, message: "\(size) bytes is too large: settings files may hold at most \(maxBytes) bytes (1 MiB)")
    }
}

public enum TOMLValue: Equatable, Sendable {
    case string(String)
    case integer(Int)
    case float(Double)
    case bool(Bool)
    case array([TOMLValue])
    case table(TOMLTable)

    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    public var intValue: Int? {
        if case .integer(let value) = self { return value }
        return nil
    }

    /// Integers are accepted where a float is expected: `budget = 3` means 3.0.
    public var doubleValue: Double? {
        switch self {
        case .float(let value): value
        case .integer(let value): Double(value)
        default: nil
        }
    }

    public var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    public var arrayValue: [TOMLValue]? {
        if case .array(let value) = self { return value }
        return nil
    }

    public var tableValue: TOMLTable? {
        if case .table(let value) = self { return value }
        return nil
    }

    /// For messages: "expected a string, found an integer".
    public var kindDescription: String {
        switch self {
        case .string: "a string"
        case .integer: "an integer"
        case .float: "a float"
        case .bool: "a boolean"
        case .array: "an array"
        case .table: "a table"
        }
    }
}

extension TOMLValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .integer(value) }
    public init(floatLiteral value: Double) { self = .float(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: TOMLValue...) { self = .array(elements) }
}

/// A syntax error, with the 1-based position where reading stopped.
public struct TOMLError: Error, Equatable, Sendable, CustomStringConvertible {
    public let line: Int
    public let column: Int
    public let message: String

    public init(line: Int, column: Int, message: String) {
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String { "line \(line): \(message)" }
}
