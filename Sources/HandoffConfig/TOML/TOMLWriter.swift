/// Writes TOML that `TOML.parse` reads back: used to print the SQL definition and themes so
/// a person can edit and re-import them.
public struct TOMLWriter: Sendable {
    public private(set) var output = ""

    public init() {}

    /// `# text`, one comment line per line of text.
    public mutating func comment(_ text: String) {
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            output += line.isEmpty ? "#\n" : "# \(line)\n"
        }
    }

    public mutating func blankLine() {
        output += "\n"
    }

    public mutating func field(_ key: String, _ value: TOMLValue) {
        output += "\(Self.key(key)) = \(Self.inline(value))\n"
    }

    public mutating func field(_ key: String, _ value: String) { field(key, .string(value)) }
    public mutating func field(_ key: String, _ value: Int) { field(key, .integer(value)) }
    public mutating func field(_ key: String, _ value: Bool) { field(key, .bool(value)) }
    public mutating func field(_ key: String, _ value: [String]) { field(key, .array(value.map(TOMLValue.string))) }

    /// `[a.b]`, preceded by a blank line unless it is the first thing written.
    public mutating func table(_ path: String...) {
        header("[\(path.map(Self.key).joined(separator: "."))]")
    }

    /// `[[a.b]]`: starts the next element of an array of tables.
    public mutating func arrayTable(_ path: String...) {
        header("[[\(path.map(Self.key).joined(separator: "."))]]")
    }

    private mutating func header(_ text: String) {
        if !output.isEmpty && !output.hasSuffix("\n\n") { output += "\n" }
        output += text + "\n"
    }

    // MARK: - Whole documents

    /// A table as a document: plain keys first, then `[tables]`, then `[[arrays of tables]]`.
    public static func document(_ table: TOMLTable) -> String {
        var writer = TOMLWriter()
        writer.emit(table, path: [], header: nil)
        return writer.output
    }

    private mutating func emit(_ table: TOMLTable, path: [String], header: String?) {
        let plain = table.filter { !Self.isSection($0.value) }
        if let header, !plain.isEmpty || table.isEmpty { self.header(header) }
        for (key, value) in plain { field(key, value) }
        for (key, value) in table {
            guard case .table(let child) = value else { continue }
            let childPath = path + [key]
            emit(child, path: childPath, header: "[\(childPath.map(Self.key).joined(separator: "."))]")
        }
        for (key, value) in table {
            guard Self.isSection(value), case .array(let items) = value else { continue }
            let childPath = path + [key]
            for case .table(let element) in items {
                self.header("[[\(childPath.map(Self.key).joined(separator: "."))]]")
                for (elementKey, elementValue) in element where !Self.isSection(elementValue) {
                    field(elementKey, elementValue)
                }
                let nested = element.filter { Self.isSection($0.value) }
                var rest = TOMLTable()
                for (nestedKey, nestedValue) in nested { rest.set(nestedValue, forKey: nestedKey) }
                emit(rest, path: childPath, header: nil)
            }
        }
    }

    /// Tables and non-empty arrays of tables are written as sections, everything else inline.
    private static func isSection(_ value: TOMLValue) -> Bool {
        switch value {
        case .table: return true
        case .array(let items): return !items.isEmpty && items.allSatisfy { $0.tableValue != nil }
        default: return false
        }
    }

    // MARK: - Pieces

    public static func inline(_ value: TOMLValue) -> String {
        switch value {
        case .string(let text): quote(text)
        case .integer(let number): String(number)
        case .float(let number): number.isNaN ? "nan" : number.description
        case .bool(let flag): flag ? "true" : "false"
        case .array(let items): "[" + items.map(inline).joined(separator: ", ") + "]"
        case .table(let table):
            table.isEmpty
                ? "{}"
                : "{ " + table.map { "\(key($0.key)) = \(inline($0.value))" }.joined(separator: ", ") + " }"
        }
    }

    /// A basic string with every control character escaped.
    public static func quote(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            case "\r": result += "\\r"
            case "\u{08}": result += "\\b"
            case "\u{0C}": result += "\\f"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    let hex = String(scalar.value, radix: 16, uppercase: true)
                    result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }

    /// Bare when TOML allows it, quoted otherwise.
    public static func key(_ key: String) -> String {
        !key.isEmpty && key.unicodeScalars.allSatisfy(TOMLParser.isBareKeyScalar) ? key : quote(key)
    }
}
