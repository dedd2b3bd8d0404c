import Foundation

/// When a query picks a subset of what another picked: typing one more character usually
/// only tightens the query (`age:>1` → `age:>10`, `acm` → `acme`, a term added), and then
/// only what the last keystroke showed has to be tested again. Decided from the terms
/// alone, so it holds for any cards, time, limits and leads' extras, as long as both
/// queries are judged at the same ones. It only says yes when that is certain: a no costs
/// a full pass, a wrong yes would hide cards.
extension FilterQuery {
    /// Whether every card this query matches is matched by `wider` too. Sufficient, not
    /// exact: each alternative of this query must have an alternative of `wider` whose
    /// every term is implied by one of its own terms.
    public func narrows(_ wider: FilterQuery) -> Bool {
        // No alternatives, or one without terms: `wider` matches every card.
        if wider.alternatives.isEmpty || wider.alternatives.contains(where: \.isEmpty) { return true }
        // This query matches every card; `wider` may not.
        if alternatives.isEmpty || alternatives.contains(where: \.isEmpty) { return false }
        return alternatives.allSatisfy { terms in
            wider.alternatives.contains { looser in
                looser.allSatisfy { loose in terms.contains { Self.implies($0, loose) } }
            }
        }
    }

    /// Whether a card meeting `tight` always meets `loose`.
    static func implies(_ tight: Term, _ loose: Term) -> Bool {
        if tight == loose { return true }
        switch (tight, loose) {
        case (.text(let longer), .text(let shorter)), (.source(let longer), .source(let shorter)):
            // Text containing `longer` contains any part of it. Only for printable ASCII:
            // there the board's search bytes (the phrase sanitized and lowercased) are the
            // phrase itself, and a byte is a character; beyond it an equal phrase only.
            return isPrintableASCII(longer) && isPrintableASCII(shorter) && contains(longer, shorter)
        case (.age(let tightComparison, let tightDays), .age(let looseComparison, let looseDays)):
            // Days in column as whole numbers: each comparison is a range of them.
            guard let inner = ageRange(tightComparison, tightDays), let outer = ageRange(looseComparison, looseDays)
            else { return false }
            return inner.lowerBound >= outer.lowerBound && inner.upperBound <= outer.upperBound
        default:
            return false
        }
    }

    /// The whole numbers of days `age:` with `comparison` and `days` accepts (nil: none).
    public static func ageRange(_ comparison: Comparison, _ days: Int) -> ClosedRange<Int>? {
        switch comparison {
        case .less: days == .min ? nil : .min...(days - 1)
        case .lessOrEqual: .min...days
        case .equal: days...days
        case .greaterOrEqual: days...(.max)
        case .greater: days == .max ? nil : (days + 1)...(.max)
        }
    }

    static func isPrintableASCII(_ text: String) -> Bool {
        text.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F }
    }

    /// Byte for byte.
    static func contains(_ text: String, _ part: String) -> Bool {
        let text = Array(text.utf8), part = Array(part.utf8)
        guard !part.isEmpty else { return true }
        guard text.count >= part.count else { return false }
        return (0...(text.count - part.count)).contains { start in text[start..<(start + part.count)].elementsEqual(part) }
    }
}
