/// Values: strings, numbers, booleans, arrays and inline tables.
extension TOMLParser {
    /// `depth`: the level the value sits at (1 for a key of the root table).
    mutating func parseValue(depth: Int) throws(TOMLError) -> TOMLValue {
        guard let scalar = peek() else { throw error("expected a value") }
        switch scalar {
        case "\"":
            return .string(lookingAt("\"\"\"") ? try parseMultilineString(literal: false) : try parseBasicString())
        case "'":
            return .string(lookingAt("'''") ? try parseMultilineString(literal: true) : try parseLiteralString())
        case "[":
            return try parseArray(depth: depth)
        case "{":
            return try parseInlineTable(depth: depth)
        case "t", "f":
            if consumeWord("true") { return .bool(true) }
            if consumeWord("false") { return .bool(false) }
            throw error("expected a value; strings need quotes")
        case "+", "-", "0"..."9", "i", "n":
            return try parseNumber()
        case "\n", "\r", "#":
            throw error("expected a value")
        default:
            throw error("expected a value, found '\(Self.printable(scalar))'; strings need quotes")
        }
    }

    private mutating func consumeWord(_ word: String) -> Bool {
        guard lookingAt(word) else { return false }
        let after = peek(word.unicodeScalars.count)
        if let after, Self.isBareKeyScalar(after) { return false }
        position += word.unicodeScalars.count
        return true
    }

    // MARK: - Strings

    mutating func parseBasicString() throws(TOMLError) -> String {
        position += 1
        var result = String.UnicodeScalarView()
        while true {
            guard let scalar = peek(), scalar != "\n", scalar != "\r" else {
                throw error("unterminated string: missing closing '\"'")
            }
            position += 1
            switch scalar {
            case "\"":
                return String(result)
            case "\\":
                result.append(try parseEscape())
            default:
                if Self.isForbiddenControl(scalar) { throw error("control character in string; use an escape") }
                result.append(scalar)
            }
        }
    }

    mutating func parseLiteralString() throws(TOMLError) -> String {
        position += 1
        var result = String.UnicodeScalarView()
        while true {
            guard let scalar = peek(), scalar != "\n", scalar != "\r" else {
                throw error("unterminated string: missing closing \"'\"")
            }
            position += 1
            if scalar == "'" { return String(result) }
            if Self.isForbiddenControl(scalar) { throw error("control character in string") }
            result.append(scalar)
        }
    }

    /// `"""…"""` or `'''…'''`. A newline right after the opening quotes is dropped; in the
    /// basic form a backslash at the end of a line joins it to the next non-blank text.
    private mutating func parseMultilineString(literal: Bool) throws(TOMLError) -> String {
        let quote: Unicode.Scalar = literal ? "'" : "\""
        let startLine = line
        position += 3
        if peek() == "\n" || (peek() == "\r" && peek(1) == "\n") { try consumeNewline() }
        var result = String.UnicodeScalarView()
        while true {
            guard let scalar = peek() else {
                throw TOMLError(
                    line: startLine, column: 1,
                    message: "unterminated multi-line string: missing closing \(String(repeating: String(quote), count: 3))")
            }
            switch scalar {
            case quote:
                var run = 0
                while peek(run) == quote, run < 5 { run += 1 }
                position += run
                if run >= 3 {
                    for _ in 0..<(run - 3) { result.append(quote) }
                    return String(result)
                }
                for _ in 0..<run { result.append(quote) }
            case "\n", "\r":
                try consumeNewline()
                result.append("\n")
            case "\\" where !literal:
                position += 1
                if try skipLineEndingBackslash() { continue }
                result.append(try parseEscape())
            default:
                if Self.isForbiddenControl(scalar) { throw error("control character in string") }
                result.append(scalar)
                position += 1
            }
        }
    }

    /// After a backslash: if only spaces remain on the line, eats them, the line break and
    /// all blank space that follows. Returns false (consuming nothing) otherwise.
    private mutating func skipLineEndingBackslash() throws(TOMLError) -> Bool {
        var offset = 0
        while let scalar = peek(offset), scalar == " " || scalar == "\t" { offset += 1 }
        guard peek(offset) == "\n" || peek(offset) == "\r" else { return false }
        position += offset
        while let scalar = peek() {
            switch scalar {
            case " ", "\t": position += 1
            case "\n", "\r": try consumeNewline()
            default: return true
            }
        }
        return true
    }

    /// The part of an escape after the backslash.
    private mutating func parseEscape() throws(TOMLError) -> Unicode.Scalar {
        guard let scalar = peek() else { throw error("unterminated escape") }
        position += 1
        switch scalar {
        case "b": return "\u{08}"
        case "t": return "\t"
        case "n": return "\n"
        case "f": return "\u{0C}"
        case "r": return "\r"
        case "\"": return "\""
        case "\\": return "\\"
        case "u", "U":
            let digits = scalar == "u" ? 4 : 8
            var value: UInt32 = 0
            for _ in 0..<digits {
                guard let digit = peek(), digit.isASCII, let nibble = UInt32(String(digit), radix: 16) else {
                    throw error("\\\(scalar) needs \(digits) hexadecimal digits")
                }
                value = value * 16 + nibble
                position += 1
            }
            guard let result = Unicode.Scalar(value) else {
                throw error("\\\(scalar) escape is not a valid Unicode scalar")
            }
            return result
        default:
            throw error("invalid escape '\\\(Self.printable(scalar))'")
        }
    }

    // MARK: - Arrays and inline tables

    private mutating func parseArray(depth: Int) throws(TOMLError) -> TOMLValue {
        try checkDepth(depth + 1)
        position += 1
        var items: [TOMLValue] = []
        while true {
            try skipSpacesNewlinesAndComments()
            if consume("]") { return .array(items) }
            items.append(try parseValue(depth: depth + 1))
            try skipSpacesNewlinesAndComments()
            if consume(",") { continue }
            if consume("]") { return .array(items) }
            guard peek() != nil else { throw error("unterminated array: missing ']'") }
            throw error("expected ',' or ']' in array")
        }
    }

    private mutating func parseInlineTable(depth: Int) throws(TOMLError) -> TOMLValue {
        position += 1
        var builder = TOMLTableBuilder()
        skipSpaces()
        if consume("}") { return .table(builder.root) }
        while true {
            skipSpaces()
            let keyLine = line
            let keyColumn = column
            if peek() == "}" { throw error("trailing comma is not allowed in an inline table") }
            let keys = try parseKey(depth: depth)
            skipSpaces()
            guard consume("=") else { throw error("expected '=' after key") }
            skipSpaces()
            let value = try parseValue(depth: depth + keys.count)
            try builder.insert(value, keys: keys, line: keyLine, column: keyColumn)
            skipSpaces()
            if consume(",") { continue }
            if consume("}") { return .table(builder.root) }
            if peek() == "\n" || peek() == "\r" || peek() == nil {
                throw error("an inline table must close with '}' on the same line")
            }
            throw error("expected ',' or '}' in inline table")
        }
    }
}
