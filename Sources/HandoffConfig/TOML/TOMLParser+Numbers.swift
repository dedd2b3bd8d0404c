/// Integers and floats, with TOML's underscores, prefixes and special values.
extension TOMLParser {
    mutating func parseNumber() throws(TOMLError) -> TOMLValue {
        let startColumn = column
        let start = position
        while let scalar = peek(), Self.isNumberScalar(scalar) { position += 1 }
        let scalars = self.scalars[start..<position]
        // The common case, a small plain integer, without building a string.
        if let value = Self.plainInteger(scalars) { return .integer(value) }
        var token = ""
        token.unicodeScalars.append(contentsOf: scalars)
        let startLine = line
        func fail(_ message: String) -> TOMLError {
            TOMLError(line: startLine, column: startColumn, message: message)
        }
        let shown = Self.excerpt(token)
        if token.contains(":") || Self.looksLikeDate(token) {
            throw fail("dates and times are not supported; write '\(shown)' as a quoted string")
        }
        switch token {
        case "inf", "+inf": return .float(.infinity)
        case "-inf": return .float(-.infinity)
        case "nan", "+nan", "-nan": return .float(.nan)
        default: break
        }
        if let radix = Self.radix(of: token) {
            let digits = String(token.dropFirst(2))
            // Digits of the radix only: `Int(_:radix:)` alone would take `0x+5` and `0x-5`.
            let isDigit = { (character: Character) in character.isASCII && character.hexDigitValue.map { $0 < radix } == true }
            guard !digits.isEmpty, digits.allSatisfy({ $0 == "_" || isDigit($0) }),
                Self.hasValidUnderscores(digits, between: isDigit)
            else {
                throw fail("invalid number '\(shown)'")
            }
            guard let value = Int(digits.replacing("_", with: ""), radix: radix) else {
                throw fail("integer '\(shown)' is out of range")
            }
            return .integer(value)
        }
        let unsigned = token.first == "+" || token.first == "-" ? String(token.dropFirst()) : token
        guard let first = unsigned.first, first.isASCII, first.isNumber, Self.hasValidUnderscores(unsigned, between: Self.isDecimalDigit) else {
            throw fail(token.isEmpty ? "expected a value" : "invalid value '\(shown)'; strings need quotes")
        }
        let plain = token.replacing("_", with: "")
        let integerPart = unsigned.prefix { $0.isNumber || $0 == "_" }
        if integerPart.count > 1, integerPart.first == "0" {
            throw fail("leading zeros are not allowed in '\(shown)'")
        }
        if unsigned.allSatisfy({ $0.isNumber || $0 == "_" }) {
            guard let value = Int(plain) else { throw fail("integer '\(shown)' is out of range") }
            return .integer(value)
        }
        guard Self.isValidFloat(unsigned), let value = Double(plain) else {
            throw fail("invalid number '\(shown)'")
        }
        return .float(value)
    }

    /// `42`, `-7`, `+0`: a sign, then at most 18 digits with no leading zero; nil for
    /// anything else, which the general path reads.
    private static func plainInteger(_ scalars: ArraySlice<Unicode.Scalar>) -> Int? {
        var digits = scalars[...]
        var negative = false
        if let sign = digits.first, sign == "-" || sign == "+" {
            negative = sign == "-"
            digits = digits.dropFirst()
        }
        guard let first = digits.first, (1...18).contains(digits.count), first != "0" || digits.count == 1 else { return nil }
        var value = 0
        for scalar in digits {
            guard ("0"..."9").contains(scalar) else { return nil }
            value = value * 10 + Int(scalar.value - 48)
        }
        return negative ? -value : value
    }

    /// A token as quoted in a message: at most 40 characters (a value can be a megabyte).
    static func excerpt(_ token: String) -> String {
        token.count <= 40 ? token : token.prefix(39) + "…"
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

    /// Each underscore sits between two digits (`1_e5` is not a number: `e` is no digit).
    private static func hasValidUnderscores(_ text: String, between isDigit: (Character) -> Bool) -> Bool {
        let characters = Array(text)
        for (index, character) in characters.enumerated() where character == "_" {
            guard index > 0, index + 1 < characters.count,
                isDigit(characters[index - 1]), isDigit(characters[index + 1])
            else { return false }
        }
        return true
    }

    private static func isDecimalDigit(_ character: Character) -> Bool {
        character.isASCII && character.isNumber
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
