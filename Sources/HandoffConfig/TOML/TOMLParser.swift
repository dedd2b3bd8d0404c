/// Reads the structure of a document: lines, comments, headers, keys. Values are read in
/// TOMLParser+Values.swift.
struct TOMLParser {
    let scalars: [Unicode.Scalar]
    var position = 0
    var line = 1
    var lineStart = 0
    private var builder = TOMLTableBuilder()
    /// How many keys the current `[header]` has: the depth its keys start at.
    private var headerDepth = 0

    init(_ text: String) {
        var scalars = Array(text.unicodeScalars)
        if scalars.first == "\u{FEFF}" { scalars.removeFirst() }
        self.scalars = scalars
    }

    mutating func parseDocument() throws(TOMLError) -> TOMLTable {
        while true {
            skipSpaces()
            guard let scalar = peek() else { break }
            switch scalar {
            case "#":
                try skipComment()
            case "\n", "\r":
                try consumeNewline()
            case "[":
                try parseHeader()
                try expectEndOfLine(after: "the table header")
            default:
                let keyLine = line
                let keyColumn = column
                let keys = try parseKey(depth: headerDepth)
                skipSpaces()
                guard consume("=") else { throw error("expected '=' after key") }
                skipSpaces()
                let value = try parseValue(depth: headerDepth + keys.count)
                try builder.insert(value, keys: keys, line: keyLine, column: keyColumn)
                try expectEndOfLine(after: "the value")
            }
        }
        return builder.root
    }

    private mutating func parseHeader() throws(TOMLError) {
        let headerLine = line
        let headerColumn = column
        position += 1
        let isArray = consume("[")
        skipSpaces()
        let keys = try parseKey(depth: 0)
        skipSpaces()
        guard consume("]"), !isArray || consume("]") else {
            throw error(isArray ? "expected ']]' to close the array-of-tables header" : "expected ']' to close the table header")
        }
        if isArray {
            try builder.openArrayElement(keys, line: headerLine, column: headerColumn)
        } else {
            try builder.openTable(keys, line: headerLine, column: headerColumn)
        }
        headerDepth = keys.count
    }

    /// A dotted key: `a`, `"quoted key"`, `site."google.com".name`. `depth` is how deep the
    /// table it is written in sits; each segment goes one level deeper.
    mutating func parseKey(depth: Int) throws(TOMLError) -> [String] {
        var keys: [String] = []
        repeat {
            skipSpaces()
            keys.append(try parseSimpleKey())
            try checkDepth(depth + keys.count)
            skipSpaces()
        } while consume(".")
        return keys
    }

    /// Refuses nesting past `TOML.maxDepth`: reading and building recurse once per level.
    func checkDepth(_ depth: Int) throws(TOMLError) {
        guard depth <= TOML.maxDepth else {
            throw error("nested more than \(TOML.maxDepth) levels deep (keys, tables, arrays and inline tables)")
        }
    }

    private mutating func parseSimpleKey() throws(TOMLError) -> String {
        switch peek() {
        case "\"":
            if lookingAt("\"\"\"") { throw error("a key cannot be a multi-line string") }
            return try parseBasicString()
        case "'":
            if lookingAt("'''") { throw error("a key cannot be a multi-line string") }
            return try parseLiteralString()
        default:
            var key = String.UnicodeScalarView()
            while let scalar = peek(), Self.isBareKeyScalar(scalar) {
                key.append(scalar)
                position += 1
            }
            guard key.isEmpty else { return String(key) }
            switch peek() {
            case "=": throw error("expected a key before '='")
            case nil, "\n", "\r": throw error("expected a key")
            case let other?: throw error("unexpected '\(Self.printable(other))' where a key was expected")
            }
        }
    }

    static func isBareKeyScalar(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "A"..."Z", "a"..."z", "0"..."9", "_", "-": true
        default: false
        }
    }

    // MARK: - Whitespace, comments, line ends

    mutating func skipSpaces() {
        while let scalar = peek(), scalar == " " || scalar == "\t" { position += 1 }
    }

    /// Between array elements anything goes: spaces, newlines and comments.
    mutating func skipSpacesNewlinesAndComments() throws(TOMLError) {
        while let scalar = peek() {
            switch scalar {
            case " ", "\t": position += 1
            case "\n", "\r": try consumeNewline()
            case "#": try skipComment()
            default: return
            }
        }
    }

    mutating func skipComment() throws(TOMLError) {
        position += 1
        while let scalar = peek(), scalar != "\n" {
            if scalar == "\r", lookingAt("\r\n") { return }
            if Self.isForbiddenControl(scalar) { throw error("control character in comment") }
            position += 1
        }
    }

    mutating func consumeNewline() throws(TOMLError) {
        if consume("\r") {
            guard peek() == "\n" else { throw error("a carriage return must be followed by a newline") }
        }
        guard consume("\n") else { throw error("expected a newline") }
        line += 1
        lineStart = position
    }

    private mutating func expectEndOfLine(after what: String) throws(TOMLError) {
        skipSpaces()
        if peek() == "#" { try skipComment() }
        guard let scalar = peek() else { return }
        guard scalar == "\n" || scalar == "\r" else {
            throw error("expected a newline after \(what), found '\(Self.printable(scalar))'")
        }
        try consumeNewline()
    }

    // MARK: - Cursor

    var column: Int { position - lineStart + 1 }

    func peek(_ offset: Int = 0) -> Unicode.Scalar? {
        let index = position + offset
        return index < scalars.count ? scalars[index] : nil
    }

    func lookingAt(_ text: String) -> Bool {
        var offset = 0
        for scalar in text.unicodeScalars {
            guard peek(offset) == scalar else { return false }
            offset += 1
        }
        return true
    }

    mutating func consume(_ scalar: Unicode.Scalar) -> Bool {
        guard peek() == scalar else { return false }
        position += 1
        return true
    }

    func error(_ message: String) -> TOMLError {
        TOMLError(line: line, column: column, message: message)
    }

    /// Tab is the only control character TOML allows inside strings and comments.
    static func isForbiddenControl(_ scalar: Unicode.Scalar) -> Bool {
        (scalar.value < 0x20 && scalar != "\t") || scalar.value == 0x7F
    }

    static func printable(_ scalar: Unicode.Scalar) -> String {
        guard scalar.value < 0x20 || scalar.value == 0x7F else { return String(Character(scalar)) }
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: 4 - hex.count) + hex
    }
}
