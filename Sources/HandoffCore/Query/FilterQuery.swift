import Foundation

/// What `/` on the board and `handoff lead list --where` accept: free text plus fields.
///
///     acme                      company, contact, SDR, AE or id contains "acme"
///     "acme corp"               a phrase, spaces and all (quotes also keep and/or as text)
///     owner:maya  ae:alex       the SDR who owns the lead / the AE it was booked with
///     reason:no_authority       a return reason (the lead's last disposition)
///     is:breach is:warning is:aging is:rebook is:dispute is:due   the board's markers
///     age:>5d  age:<=2d  age:3d days in the current column (> < >= <= =)
///     source:webinar            where the lead came from (contains)
///
/// Terms side by side must all hold (an implicit `and`); `or` separates alternatives, and
/// `and` binds tighter than `or`: `is:breach or owner:maya is:aging` is
/// `is:breach or (owner:maya and is:aging)`. There are no parentheses, so no nesting:
/// a query is a list of alternatives, each a list of terms, and parsing and matching are
/// one pass. Bare words next to each other form one phrase (`acme corp` matches the text
/// "acme corp"), as the board's filter always did.
public struct FilterQuery: Sendable, Equatable {
    public enum Term: Sendable, Equatable {
        /// Lowercased; contained in the company, contact, SDR, AE or id.
        case text(String)
        case owner(String)
        case ae(String)
        case reason(String)
        case source(String)
        case state(State)
        case age(Comparison, days: Int)
    }

    /// `is:` values: each is the board's own predicate on `Card` (the markers).
    public enum State: String, Sendable, CaseIterable {
        case breach, warning, aging, rebook, dispute, due
    }

    public enum Comparison: String, Sendable {
        case less = "<", lessOrEqual = "<=", equal = "=", greaterOrEqual = ">=", greater = ">"
    }

    /// Alternatives (`or`), each a conjunction of terms.
    public var alternatives: [[Term]]

    public static let fields = ["owner", "ae", "reason", "is", "age", "source"]
    /// Longest query accepted, in UTF-8 bytes, and most terms.
    public static let maxBytes = 1_000
    public static let maxTerms = 64

    /// Whether a term needs more than a board card holds (the source and return reasons).
    public var needsLead: Bool {
        alternatives.contains { $0.contains { if case .reason = $0 { true } else if case .source = $0 { true } else { false } } }
    }

    /// Text the board can filter as it always did: one substring, no fields or operators.
    public static func isPlainText(_ text: String) -> Bool {
        guard !text.utf8.contains(where: { $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "(") || $0 == UInt8(ascii: ")") })
        else { return false }
        return !text.split(whereSeparator: \.isWhitespace).contains { word in
            let lower = word.lowercased()
            return lower == "and" || lower == "or"
        }
    }

    // MARK: - Parsing

    public static func parse(_ text: String, reasons: [String] = RejectionReason.defaults.map(\.rawValue)) throws(FilterQueryError) -> FilterQuery {
        guard text.utf8.count <= maxBytes else {
            throw FilterQueryError("the query is too long (\(text.utf8.count) bytes; at most \(maxBytes))")
        }
        if let control = text.unicodeScalars.first(where: { $0.properties.generalCategory == .control || $0.properties.generalCategory == .format }) {
            throw FilterQueryError("the query holds a control character (U+\(String(format: "%04X", control.value)))")
        }
        var alternatives: [[Term]] = []
        var current: [Term] = []
        var phrase: [String] = []
        var pendingOperator: String?
        var count = 0
        func add(_ term: Term) throws(FilterQueryError) {
            count += 1
            guard count <= maxTerms else { throw FilterQueryError("the query has too many terms (at most \(maxTerms))") }
            current.append(term)
        }
        func closePhrase() throws(FilterQueryError) {
            if !phrase.isEmpty { try add(.text(phrase.joined(separator: " ").lowercased())) }
            phrase = []
        }
        for token in try tokens(text) {
            if !token.quoted, ["and", "or"].contains(token.text.lowercased()) {
                let word = token.text.lowercased()
                guard pendingOperator == nil, !(current.isEmpty && phrase.isEmpty) else {
                    throw FilterQueryError("'\(word)' needs a term on each side")
                }
                try closePhrase()
                if word == "or" {
                    alternatives.append(current)
                    current = []
                }
                pendingOperator = word
                continue
            }
            pendingOperator = nil
            if let term = try field(token, reasons: reasons) {
                try closePhrase()
                try add(term)
            } else if token.quoted {
                try closePhrase()
                try add(.text(token.text.lowercased()))
            } else {
                phrase.append(token.text)
            }
        }
        if let pendingOperator { throw FilterQueryError("'\(pendingOperator)' needs a term on each side") }
        try closePhrase()
        if !current.isEmpty { alternatives.append(current) }
        return FilterQuery(alternatives: alternatives)
    }

    struct Token {
        var text: String
        var quoted: Bool
        /// A quote opened before any colon (`"re: solutions"`): the whole is text, never a field.
        var quotedBeforeColon = false
    }

    /// Splits on whitespace outside quotes; a quote may open anywhere in a word (`owner:"maya chen"`).
    static func tokens(_ text: String) throws(FilterQueryError) -> [Token] {
        var tokens: [Token] = []
        var word = ""
        var inWord = false
        var quoted = false
        var quotedBeforeColon = false
        var inQuote = false
        for character in text {
            if inQuote {
                if character == "\"" { inQuote = false } else { word.append(character) }
                continue
            }
            if character.isWhitespace {
                if inWord { tokens.append(Token(text: word, quoted: quoted, quotedBeforeColon: quotedBeforeColon)) }
                word = ""
                inWord = false
                quoted = false
                quotedBeforeColon = false
                continue
            }
            if character == "(" || character == ")" {
                throw FilterQueryError("parentheses are not supported: 'and' binds tighter than 'or' (a b or c means (a and b) or c); to find a bracket, put the text in quotes")
            }
            inWord = true
            if character == "\"" {
                inQuote = true
                if !quoted, !word.contains(":") { quotedBeforeColon = true }
                quoted = true
            } else {
                word.append(character)
            }
        }
        if inQuote { throw FilterQueryError("a quote is not closed") }
        if inWord { tokens.append(Token(text: word, quoted: quoted, quotedBeforeColon: quotedBeforeColon)) }
        return tokens
    }

    /// The field term a token spells, or nil for free text. A word whose part before the
    /// first colon is all letters is a field, and must be a known one.
    static func field(_ token: Token, reasons: [String]) throws(FilterQueryError) -> Term? {
        guard !token.quotedBeforeColon, let colon = token.text.firstIndex(of: ":") else { return nil }
        let name = token.text[..<colon]
        guard !name.isEmpty, name.allSatisfy({ $0.isASCII && $0.isLetter }) else { return nil }
        let field = name.lowercased()
        let value = String(token.text[token.text.index(after: colon)...])
        guard fields.contains(field) else {
            let hint = Nearest.word(to: field, in: fields).map { " — did you mean \($0)?" } ?? " (fields: \(fields.joined(separator: ", ")))"
            throw FilterQueryError("unknown field '\(SafeText.sanitize(String(name)))'\(hint)")
        }
        guard !value.isEmpty else { throw FilterQueryError("\(field): needs a value, e.g. \(example(field))") }
        let shown = SafeText.sanitize(value)
        switch field {
        case "owner": return .owner(value.lowercased())
        case "ae": return .ae(value.lowercased())
        case "source": return .source(value.lowercased())
        case "reason":
            let lower = value.lowercased()
            guard reasons.contains(lower) else {
                let hint = Nearest.word(to: lower, in: reasons).map { " — did you mean \($0)?" } ?? " (\(reasons.joined(separator: ", ")))"
                throw FilterQueryError("reason:\(shown) is not a return reason\(hint)")
            }
            return .reason(lower)
        case "is":
            guard let state = State(rawValue: value.lowercased()) else {
                let names = State.allCases.map(\.rawValue)
                let hint = Nearest.word(to: value.lowercased(), in: names).map { " — did you mean \($0)?" } ?? " (\(names.joined(separator: ", ")))"
                throw FilterQueryError("is:\(shown) is not a state\(hint)")
            }
            return .state(state)
        default:
            return try age(value)
        }
    }

    static func age(_ value: String) throws(FilterQueryError) -> Term {
        var rest = Substring(value)
        var comparison = Comparison.equal
        for candidate in [Comparison.greaterOrEqual, .lessOrEqual, .greater, .less, .equal] where rest.hasPrefix(candidate.rawValue) {
            comparison = candidate
            rest = rest.dropFirst(candidate.rawValue.count)
            break
        }
        if rest.hasSuffix("d") { rest = rest.dropLast() }
        guard !rest.isEmpty, rest.count <= 5, rest.allSatisfy({ $0.isASCII && $0.isNumber }), let days = Int(rest) else {
            throw FilterQueryError("age:\(SafeText.sanitize(value)) should be days in the column, e.g. age:>5d (with > < >= <= or =)")
        }
        return .age(comparison, days: days)
    }

    static func example(_ field: String) -> String {
        switch field {
        case "owner": "owner:maya"
        case "ae": "ae:alex"
        case "reason": "reason:no_authority"
        case "is": "is:breach"
        case "age": "age:>5d"
        default: "source:webinar"
        }
    }
}

/// Why a query was refused: one line, safe to show.
public struct FilterQueryError: Error, Equatable, CustomStringConvertible, Sendable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// The nearest of a few words, for "did you mean": a prefix of three or more letters, or
/// within a small edit distance. Bounded: a long word is nobody's typo.
enum Nearest {
    static func word(to word: String, in candidates: [String]) -> String? {
        guard word.count <= 40 else { return nil }
        if word.count >= 3, let longer = candidates.first(where: { $0.hasPrefix(word) }) { return longer }
        let scored = candidates.map { ($0, distance(Array(word), Array($0))) }
        guard let best = scored.min(by: { $0.1 < $1.1 }), best.1 <= max(2, word.count / 3) else { return nil }
        return best.0
    }

    static func distance(_ left: [Character], _ right: [Character]) -> Int {
        guard !left.isEmpty else { return right.count }
        guard !right.isEmpty else { return left.count }
        var previous = Array(0...right.count)
        for (i, a) in left.enumerated() {
            var current = [i + 1] + Array(repeating: 0, count: right.count)
            for (j, b) in right.enumerated() {
                current[j + 1] = min(previous[j + 1] + 1, current[j] + 1, previous[j] + (a == b ? 0 : 1))
            }
            previous = current
        }
        return previous[right.count]
    }
}
