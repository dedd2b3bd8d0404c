import Foundation

public enum CriterionStatus: String, Codable, Sendable, CaseIterable {
    case met
    case notMet = "not-met"
    case unknown
}

public struct CriterionScore: Codable, Sendable, Equatable {
    public var status: CriterionStatus
    /// Required when the criterion is met: what the prospect said or did.
    public var evidence: String

    public init(status: CriterionStatus, evidence: String = "") {
        self.status = status
        self.evidence = evidence
    }
}

/// An SDR's assessment of a lead against one version of the SQL definition.
public struct Scorecard: Codable, Sendable, Equatable {
    public var definitionVersion: Int
    public var scores: [String: CriterionScore]
    public var scoredBy: String
    public var scoredAt: Date

    public init(definitionVersion: Int, scores: [String: CriterionScore], scoredBy: String, scoredAt: Date) {
        self.definitionVersion = definitionVersion
        self.scores = scores
        self.scoredBy = scoredBy
        self.scoredAt = scoredAt
    }

    public func status(of key: String) -> CriterionStatus { scores[key]?.status ?? .unknown }

    /// Required criteria of `definition` that this scorecard does not mark as met, in the
    /// definition's order.
    public func unmetRequired(in definition: Definition) -> [String] {
        definition.criteria.filter { $0.required && status(of: $0.key) != .met }.map(\.key)
    }

    /// Qualified means every required criterion of the *current* definition is met, and the
    /// scorecard was made against that version.
    public func isQualified(against definition: Definition) -> Bool {
        definitionVersion == definition.version && unmetRequired(in: definition).isEmpty
    }
}
