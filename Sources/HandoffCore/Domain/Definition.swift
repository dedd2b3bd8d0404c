import Foundation

/// One criterion of the team's written SQL definition.
public struct Criterion: Codable, Sendable, Equatable, Hashable {
    public var key: String
    public var label: String
    public var required: Bool
    public var guidance: String

    public init(key: String, label: String, required: Bool, guidance: String) {
        self.key = key
        self.label = label
        self.required = required
        self.guidance = guidance
    }
}

/// The team's shared, versioned SQL definition. Every handoff freezes the version it was
/// scored against.
public struct Definition: Codable, Sendable, Equatable {
    public var version: Int
    public var criteria: [Criterion]

    public init(version: Int, criteria: [Criterion]) {
        self.version = version
        self.criteria = criteria
    }

    public var requiredKeys: [String] { criteria.filter(\.required).map(\.key) }

    public func criterion(_ key: String) -> Criterion? { criteria.first { $0.key == key } }

    /// The definition from the handoff guides: need, fit, timeframe and authority are
    /// required; budget is recorded but optional.
    public static let standard = Definition(version: 1, criteria: [
        Criterion(key: "need", label: "Need", required: true,
                  guidance: "An objectively defined pain that we solve, in the prospect's words."),
        Criterion(key: "fit", label: "Fit", required: true,
                  guidance: "Matches the ideal customer profile: industry, size, region, stack."),
        Criterion(key: "timeframe", label: "Timeframe", required: true,
                  guidance: "A reasonable timeframe for an opportunity, with a reason it matters now."),
        Criterion(key: "authority", label: "Authority", required: true,
                  guidance: "The right person: the lowest threshold needed to start a meaningful conversation, not necessarily C-level."),
        Criterion(key: "budget", label: "Budget", required: false,
                  guidance: "Budget exists or can be found; optional for an SQL."),
    ])

    /// Checks the shape of a definition a team lead proposes. Returns the problems found,
    /// each in words a person can act on; empty when the definition is sound.
    public func problems() -> [String] {
        var problems: [String] = []
        if criteria.isEmpty { problems.append("a definition needs at least one criterion") }
        if !criteria.contains(where: \.required) { problems.append("at least one criterion must be required") }
        var seen = Set<String>()
        for (index, criterion) in criteria.enumerated() {
            let place = "criterion \(index + 1)"
            if criterion.key.isEmpty {
                problems.append("\(place) has an empty key")
            } else if !criterion.key.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_" || $0 == "-") }) {
                problems.append("\(place) key '\(criterion.key)' may hold only a-z, 0-9, _ and -")
            }
            if !seen.insert(criterion.key).inserted { problems.append("\(place) repeats the key '\(criterion.key)'") }
            if criterion.label.trimmingCharacters(in: .whitespaces).isEmpty {
                problems.append("\(place) ('\(criterion.key)') has an empty label")
            }
        }
        return problems
    }
}

