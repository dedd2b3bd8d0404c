import Foundation

/// The results of blind calibration over a report's period (issue 17 item 1), as
/// `CalibrationTally` counts them: how often each participant's score agrees with the SDR's
/// scorecard at handoff, criterion by criterion, per SDR and participant, and where they
/// disagree most, with both sides' evidence. JSON key `calibration`.
///
/// A *pair* is one criterion of one participant's score set beside the same criterion of the
/// SDR's scorecard as it stood at handoff (the last `scored` before the `booked` event the
/// calibration is about), where both sides said met or not met. A side that said unknown
/// (or did not score the criterion) makes no pair: it is counted in `unknown` instead.
/// A score counts in the period when the participant submitted it. Undone events never count.
public struct CalibrationResults: Codable, Sendable, Equatable {
    /// Kappa is computed from this many pairs on (`CalibrationTally.kappaMinimumPairs`).
    public var kappaMinimumPairs = CalibrationTally.kappaMinimumPairs
    /// Participants' scores submitted in the period, in effect.
    public var scores = 0
    /// The leads those scores were on.
    public var leads = 0
    /// Of `scores`, those with no SDR scorecard to compare with (no `scored` before the booking).
    public var withoutSDRScorecard = 0
    /// Every criterion of every score in the period pooled.
    public var overall = CalibrationAgreement()
    /// Per criterion, in the definition's order (criteria no longer in it after, by key).
    public var criteria: [CriterionAgreement] = []
    /// Per SDR (the lead's owner at the handoff) and participant, by name.
    public var pairs: [CalibrationPair] = []
    /// The criteria with at least one disagreement, most disagreements first, each with
    /// every disagreeing pair (both sides' status and evidence).
    public var disputed: [DisputedCriterion] = []
    /// Calibrations still waiting for a participant's score now, oldest first.
    public var open: [OpenCalibration] = []

    public init() {}

    /// True when the report has nothing to say about calibration.
    public var isEmpty: Bool { scores == 0 && open.isEmpty }
}

/// Matching met/not-met pairs, the 2×2 table behind them, and Cohen's kappa.
///
/// agreement = (bothMet + bothNotMet) ÷ pairs. Kappa = (pₒ − pₑ) ÷ (1 − pₑ), with pₒ the
/// agreement and pₑ = s·q + (1 − s)(1 − q), s and q the shares of pairs the SDR side and the
/// participant side said met. It is given only from `kappaMinimumPairs` pairs on, and only
/// when each side said met in some pairs and not met in others (with one answer on a side
/// kappa is 0 or undefined whatever the other side does, which says nothing); else
/// `kappa` is nil and `kappaNote` says why.
public struct CalibrationAgreement: Codable, Sendable, Equatable {
    public var agreement: Ratio = .empty
    public var bothMet = 0
    public var bothNotMet = 0
    /// The SDR said met, the participant not met.
    public var sdrMetOnly = 0
    /// The participant said met, the SDR not met.
    public var participantMetOnly = 0
    /// Criteria left out because a side said unknown (or did not score it).
    public var unknown = 0
    /// Rounded to two decimals.
    public var kappa: Double?
    public var kappaNote: String?

    public init() {}

    public var pairs: Int { bothMet + bothNotMet + sdrMetOnly + participantMetOnly }
    public var disagreements: Int { sdrMetOnly + participantMetOnly }

    /// "0.48", or "— (3 pairs, needs 5)".
    public var kappaText: String {
        if let kappa { return String(format: "%.2f", kappa) }
        return "— (\(kappaNote ?? "none"))"
    }
}

public struct CriterionAgreement: Codable, Sendable, Equatable {
    public var key: String
    public var label: String
    public var figures: CalibrationAgreement
}

public struct CalibrationPair: Codable, Sendable, Equatable {
    /// The lead's owner at the handoff.
    public var sdr: String
    /// Who scored blind.
    public var participant: String
    /// The participant's scores in the period on this SDR's handoffs.
    public var scores: Int
    public var figures: CalibrationAgreement
    /// The criterion they disagreed on most (ties: the definition's order); nil without a disagreement.
    public var mostDisputed: String?
}

public struct DisputedCriterion: Codable, Sendable, Equatable {
    public var key: String
    public var label: String
    /// Disagreements over pairs.
    public var disagreement: Ratio
    public var cases: [CalibrationDisagreement]
    /// Disagreements on leads whose calibration still waits for someone's score: counted in
    /// the figures, but their evidence is withheld, or the report would show a participant
    /// who has not scored yet the SDR's scorecard the blind calibration hides from them.
    public var withheld: Int = 0
}

/// One criterion the two sides read differently: each side's status and evidence.
public struct CalibrationDisagreement: Codable, Sendable, Equatable {
    public var lead: LeadID
    public var company: String
    public var sdr: String
    public var sdrScore: CriterionScore
    public var participant: String
    public var participantScore: CriterionScore
    /// When the participant submitted.
    public var at: Date
}

/// A calibration some participants still owe a score for.
public struct OpenCalibration: Codable, Sendable, Equatable {
    public var lead: LeadID
    public var company: String
    public var definitionVersion: Int
    public var startedBy: String
    public var startedAt: Date
    public var scored: [String]
    public var pending: [String]
}
