import Foundation

/// Counts blind calibration (issue 17 item 1). Pure: the whole events of the leads that
/// were ever calibrated in, comparisons out. The store reads those few leads' events only
/// when the report's log holds a `calibrating` event (`calibratedLeads(in:)`).
///
/// On each lead, only the events in effect count (`Undo.effective`: an undone event and its
/// undo never count). Each `calibrating` event is about the handoff that the last `booked`
/// event before it started; the SDR's side is the scorecard of the last `scored` event before
/// that booking, the SDR the lead's owner then. Each `calibrated` event after it (before the
/// lead's next `calibrating`) is one participant's score, compared with the SDR's criterion
/// by criterion over the keys either scorecard holds (`CalibrationResults` says what a pair is).
public struct CalibrationTally: Sendable {
    /// Kappa needs at least this many pairs.
    public static let kappaMinimumPairs = 5

    /// One criterion of one participant's score beside the SDR's.
    public struct Comparison: Sendable, Equatable {
        public var lead: LeadID
        public var company: String
        public var sdr: String
        public var participant: String
        public var definitionVersion: Int
        /// When the participant submitted.
        public var at: Date
        public var criterion: String
        public var sdrScore: CriterionScore
        public var participantScore: CriterionScore

        /// Both sides said met or not met.
        public var isPair: Bool { sdrScore.status != .unknown && participantScore.status != .unknown }
        public var agrees: Bool { sdrScore.status == participantScore.status }
    }

    /// One participant's score in effect.
    public struct Score: Sendable, Equatable {
        public var lead: LeadID
        public var sdr: String
        public var participant: String
        public var at: Date
        public var definitionVersion: Int
        /// False when the lead had no `scored` event before the booking.
        public var hasSDRScorecard: Bool
    }

    public private(set) var comparisons: [Comparison] = []
    public private(set) var scores: [Score] = []
    /// The calibrations waiting for a score as the events leave them.
    public private(set) var open: [OpenCalibration] = []
    /// The criteria in the order reports list them, and their labels.
    let order: [String]
    let labels: [String: String]

    /// `events`: every event of each lead to count, in `seq` order (other leads' events may
    /// be mixed in; team events are passed by). `definition` orders and labels the criteria.
    public init(events: [Event], definition: Definition? = nil) {
        order = definition?.criteria.map(\.key) ?? []
        labels = Dictionary(definition?.criteria.map { ($0.key, $0.label) } ?? [], uniquingKeysWith: { first, _ in first })
        var byLead: [LeadID: [Event]] = [:]
        var leads: [LeadID] = []
        for event in events {
            guard let lead = event.lead else { continue }
            if byLead[lead] == nil { leads.append(lead) }
            byLead[lead, default: []].append(event)
        }
        for lead in leads.sorted() {
            count(lead, Undo.effective(byLead[lead] ?? []))
        }
    }

    /// The leads with a `calibrating` event in the report's log (in effect or not), in id
    /// order: the only ones whose whole events the tally needs.
    public static func calibratedLeads(in factParts: [[ReportEvent]]) -> [LeadID] {
        var leads = Set<LeadID>()
        for facts in factParts {
            for fact in facts where fact.type == .calibrating { leads.insert(fact.lead) }
        }
        return leads.sorted()
    }

    private mutating func count(_ lead: LeadID, _ history: [Event]) {
        var company = ""
        var owner = "?"
        var lastScorecard: Scorecard?
        // The handoff under calibration: the SDR's scorecard at the booking, and the SDR.
        var handoff: (scorecard: Scorecard?, sdr: String)?
        var calibration: (request: CalibrationRequest, event: Event, side: (scorecard: Scorecard?, sdr: String)?,
                          scored: [String])?
        for event in history {
            let payload = event.payload
            switch event.type {
            case .created:
                owner = payload.owner ?? event.actor
                company = payload.fields?.company ?? company
            case .edited:
                if let next = payload.owner { owner = next }
                if let fields = payload.fields { company = fields.company }
            case .scored:
                lastScorecard = payload.scorecard
            case .booked:
                handoff = (lastScorecard, owner)
            case .calibrating:
                guard let request = payload.calibration else { continue }
                calibration = (request, event, handoff, [])
            case .calibrated:
                guard let current = calibration, let scorecard = payload.scorecard else { continue }
                calibration?.scored.append(event.actor)
                let side = current.side
                scores.append(Score(lead: lead, sdr: side?.sdr ?? owner, participant: event.actor, at: event.at,
                                    definitionVersion: current.request.definitionVersion,
                                    hasSDRScorecard: side?.scorecard != nil))
                guard let sdrCard = side?.scorecard, let sdr = side?.sdr else { continue }
                for key in Set(sdrCard.scores.keys).union(scorecard.scores.keys).sorted() {
                    comparisons.append(Comparison(
                        lead: lead, company: company, sdr: sdr, participant: event.actor,
                        definitionVersion: current.request.definitionVersion, at: event.at, criterion: key,
                        sdrScore: sdrCard.scores[key] ?? CriterionScore(status: .unknown),
                        participantScore: scorecard.scores[key] ?? CriterionScore(status: .unknown)))
                }
            default:
                continue
            }
        }
        if let calibration {
            let pending = calibration.request.with.filter { !calibration.scored.contains($0) }
            if !pending.isEmpty {
                open.append(OpenCalibration(lead: lead, company: company,
                                            definitionVersion: calibration.request.definitionVersion,
                                            startedBy: calibration.event.actor, startedAt: calibration.event.at,
                                            scored: calibration.scored, pending: pending))
            }
        }
    }

    /// Matching met/not-met pairs over pairs, over every score of calibrations under
    /// `definitionVersion` in the log, whenever submitted (definition health covers each
    /// version's whole life, not the report's period).
    public func agreement(definitionVersion: Int) -> Ratio {
        var ratio = Ratio.empty
        for comparison in comparisons where comparison.definitionVersion == definitionVersion && comparison.isPair {
            ratio.count(comparison.agrees)
        }
        return ratio
    }

    /// The results over `period`: the scores submitted in it.
    public func results(period: Period) -> CalibrationResults {
        var results = CalibrationResults()
        let inPeriod = comparisons.filter { period.contains($0.at) }
        let periodScores = scores.filter { period.contains($0.at) }
        results.scores = periodScores.count
        results.leads = Set(periodScores.map(\.lead)).count
        results.withoutSDRScorecard = periodScores.filter { !$0.hasSDRScorecard }.count
        results.overall = Self.agreement(inPeriod)
        let keys = Set(inPeriod.map(\.criterion))
        let ordered = order.filter(keys.contains) + keys.subtracting(order).sorted()
        results.criteria = ordered.map { key in
            CriterionAgreement(key: key, label: labels[key] ?? key,
                               figures: Self.agreement(inPeriod.filter { $0.criterion == key }))
        }
        var people: [String: (sdr: String, participant: String)] = [:]
        for score in periodScores { people[score.sdr + "\u{0}" + score.participant] = (score.sdr, score.participant) }
        results.pairs = people.values.sorted { ($0.sdr, $0.participant) < ($1.sdr, $1.participant) }.map { sdr, participant in
            let mine = inPeriod.filter { $0.sdr == sdr && $0.participant == participant }
            return CalibrationPair(sdr: sdr, participant: participant,
                                   scores: periodScores.filter { $0.sdr == sdr && $0.participant == participant }.count,
                                   figures: Self.agreement(mine), mostDisputed: Self.mostDisputed(mine, order: ordered))
        }
        // Blind until everyone named has scored: no evidence of a calibration still open.
        let stillOpen = Set(open.map(\.lead))
        results.disputed = results.criteria.filter { $0.figures.disagreements > 0 }
            .enumerated()
            .sorted { lhs, rhs in
                let (l, r) = (lhs.element.figures, rhs.element.figures)
                if l.disagreements != r.disagreements { return l.disagreements > r.disagreements }
                // Equal counts: the larger share of its pairs first, then the definition's order.
                let (lp, rp) = (l.disagreements * r.pairs, r.disagreements * l.pairs)
                return lp != rp ? lp > rp : lhs.offset < rhs.offset
            }
            .map { _, criterion in
                let disagreeing = inPeriod.filter { $0.criterion == criterion.key && $0.isPair && !$0.agrees }
                let shown = disagreeing.filter { !stillOpen.contains($0.lead) }
                var disputed = DisputedCriterion(key: criterion.key, label: criterion.label,
                                                 disagreement: Ratio(criterion.figures.disagreements, of: criterion.figures.pairs),
                                                 cases: shown.map {
                                                     CalibrationDisagreement(lead: $0.lead, company: $0.company, sdr: $0.sdr,
                                                                             sdrScore: $0.sdrScore, participant: $0.participant,
                                                                             participantScore: $0.participantScore, at: $0.at)
                                                 })
                disputed.withheld = disagreeing.count - shown.count
                return disputed
            }
        results.open = open.sorted { ($0.startedAt, $0.lead) < ($1.startedAt, $1.lead) }
        return results
    }

    /// The criterion of `comparisons` with the most disagreements (ties: first in `order`).
    static func mostDisputed(_ comparisons: [Comparison], order: [String]) -> String? {
        var counts: [String: Int] = [:]
        for comparison in comparisons where comparison.isPair && !comparison.agrees {
            counts[comparison.criterion, default: 0] += 1
        }
        guard let most = counts.values.max() else { return nil }
        return order.first { counts[$0] == most }
    }

    /// The 2×2 table of `comparisons`, its agreement and its kappa.
    static func agreement(_ comparisons: [Comparison]) -> CalibrationAgreement {
        var figures = CalibrationAgreement()
        for comparison in comparisons {
            switch (comparison.sdrScore.status, comparison.participantScore.status) {
            case (.met, .met): figures.bothMet += 1
            case (.notMet, .notMet): figures.bothNotMet += 1
            case (.met, .notMet): figures.sdrMetOnly += 1
            case (.notMet, .met): figures.participantMetOnly += 1
            default: figures.unknown += 1
            }
        }
        let pairs = figures.pairs
        figures.agreement = Ratio(figures.bothMet + figures.bothNotMet, of: pairs)
        let sdrMet = figures.bothMet + figures.sdrMetOnly
        let participantMet = figures.bothMet + figures.participantMetOnly
        if pairs < kappaMinimumPairs {
            figures.kappaNote = "\(pairs) pair\(pairs == 1 ? "" : "s"), needs \(kappaMinimumPairs)"
        } else if sdrMet == 0 || sdrMet == pairs {
            figures.kappaNote = "the SDR side said \(sdrMet == 0 ? "not met" : "met") in every pair"
        } else if participantMet == 0 || participantMet == pairs {
            figures.kappaNote = "the participant side said \(participantMet == 0 ? "not met" : "met") in every pair"
        } else {
            let n = Double(pairs)
            let observed = Double(figures.bothMet + figures.bothNotMet) / n
            let s = Double(sdrMet) / n, q = Double(participantMet) / n
            let expected = s * q + (1 - s) * (1 - q)
            // Both sides said both answers, so pₑ < 1.
            figures.kappa = ((observed - expected) / (1 - expected) * 100).rounded() / 100
        }
        return figures
    }
}

extension Standup {
    /// Sets the calibration section from `tally` over the report's period, and each
    /// definition version's agreement in definition health.
    public mutating func attachCalibration(_ tally: CalibrationTally) {
        calibration = tally.results(period: period)
        definition.attachCalibration { tally.agreement(definitionVersion: $0) }
    }
}
