/// Integers and floats, with TOML's underscores, prefixes and special values.
extension TOMLParser {
    mutating func parseNumber() throws(TOMLError) -> TOMLValue {
        let startColumn = column
        var token = ""
        while let scalar = peek(), Self.isNumberScalar(scalar) {
            token.unicodeScalars.append(scalar)
            position += 1
        }
        let startLine = line
        func fail(_ message: String) -> TOMLError {
            TOMLError(line: startLine, column: startColumn, message: message)
        }
        if token.contains(":") || Self.looksLikeDate(token) {
            throw fail("dates and times are not supported; write '\(token)' as a quoted string")
        }
        switch token {
        case "inf", "+inf": return .float(.infinity)
        case "-inf": return .float(-.infinity)
        case "nan", "+nan", "-nan": return .float(.nan)
        default: break
        }
        if let radix = Self.radix(of: token) {
            let digits = String(token.dropFirst(2))
            guard Self.hasValidUnderscores(digits), let value = Int(digits.replacing("_", with: ""), radix: radix) else {
                throw fail("invalid number '\(token)'")
            }
            return .integer(value)
        }
        let unsigned = token.first == "+" || token.first == "-" ? String(token.dropFirst()) : token
        guard let first = unsigned.first, first.isASCII, first.isNumber, Self.hasValidUnderscores(unsigned) else {
            throw fail(token.isEmpty ? "expected a value" : "invalid value '\(token)'; strings need quotes")
        }
        let plain = token.replacing("_", with: "")
        let integerPart = unsigned.prefix { $0.isNumber || $0 == "_" }
        if integerPart.count > 1, integerPart.first == "0" {
            throw fail("leading zeros are not allowed in '\(token)'")
        }
        if unsigned.allSatisfy({ $0.isNumber || $0 == "_" }) {
            guard let value = Int(plain) else { throw fail("integer '\(token)' is out of range") }
            return .integer(value)
        }
        guard Self.isValidFloat(unsigned), let value = Double(plain) else {
            throw fail("invalid number '\(token)'")
        }
        return .float(value)
    }

    private static func isNumberScalar(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "0"..."9", "a"..."z", "A"..."Z", "_", "+", "-", ".", ":": true
        default: false
        }
    }

    private static func looksLikeDate(_ token: String) -> Bool {
        let characters = Array(token)
        return characters.count >= 5 && characters[..<4].allSatisfy(\.isNumber) && characters[4] == "-"
    }

    private static func radix(of token: String) -> Int? {
        switch token.prefix(2) {
        case "0x": 16
        case "0o": 8
        case "0b": 2
        default: nil
        }
    }

    /// Each underscore sits between two digits.
    private static func hasValidUnderscores(_ text: String) -> Bool {
        let characters = Array(text)
        for (index, character) in characters.enumerated() where character == "_" {
            guard index > 0, index + 1 < characters.count,
                characters[index - 1].isHexDigit, characters[index + 1].isHexDigit
            else { return false }
        }
        return true
    }

    /// `1.5`, `1e6`, `6.626e-34`: digits on both sides of the point, an exponent with digits.
    private static func isValidFloat(_ unsigned: String) -> Bool {
        let parts = unsigned.lowercased().split(separator: "e", omittingEmptySubsequences: false)
        guard parts.count <= 2, let mantissa = parts.first else { return false }
        let pieces = mantissa.split(separator: ".", omittingEmptySubsequences: false)
        guard pieces.count <= 2, pieces.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isNumber || $0 == "_" } })
        else { return false }
        if parts.count == 2 {
            var exponent = parts[1]
            if exponent.first == "+" || exponent.first == "-" { exponent = exponent.dropFirst() }
            guard !exponent.isEmpty, exponent.allSatisfy({ $0.isNumber || $0 == "_" }) else { return false }
        }
        return true
    }
}
