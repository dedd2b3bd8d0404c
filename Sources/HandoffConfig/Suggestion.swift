/// "did you mean …?" for a misspelt key, table or role.
public enum Suggestion {
    public static func closest(to word: String, in candidates: [String]) -> String? {
        // A word far longer than every candidate is no typo of one; and this bounds the work.
        let longest = candidates.map(\.count).max() ?? 0
        guard word.unicodeScalars.count <= 2 * longest + 4 else { return nil }
        // A cut-short name: `sla` for sla_hours.
        if word.count >= 3, let longer = candidates.first(where: { $0.lowercased().hasPrefix(word.lowercased()) }) {
            return longer
        }
        let scored = candidates.map { ($0, distance(word.lowercased(), $0.lowercased())) }
        guard let best = scored.min(by: { $0.1 < $1.1 }) else { return nil }
        return best.1 <= max(2, word.count / 3) ? best.0 : nil
    }

    public static func hint(for word: String, in candidates: [String]) -> String {
        closest(to: word, in: candidates).map { " (did you mean \($0)?)" } ?? ""
    }

    /// Levenshtein distance.
    static func distance(_ lhs: String, _ rhs: String) -> Int {
        let left = Array(lhs)
        let right = Array(rhs)
        guard !left.isEmpty else { return right.count }
        guard !right.isEmpty else { return left.count }
        var previous = Array(0...right.count)
        for (i, leftCharacter) in left.enumerated() {
            var current = [i + 1] + Array(repeating: 0, count: right.count)
            for (j, rightCharacter) in right.enumerated() {
                let substitution = previous[j] + (leftCharacter == rightCharacter ? 0 : 1)
                current[j + 1] = min(previous[j + 1] + 1, current[j] + 1, substitution)
            }
            previous = current
        }
        return previous[right.count]
    }
}
