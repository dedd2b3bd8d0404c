import Foundation
import Testing
@testable import HandoffCore

/// The calibration tally (issue 17 item 1) on logs written event by event, so that every
/// 2×2 table below is known by construction; each kappa is worked out by hand in its test.
@Suite("Report: calibration tally")
struct CalibrationTallyTests {
    /// A log under construction: seq numbers and times in order.
    struct Log {
        var events: [Event] = []
        var clock = Date(timeIntervalSince1970: 1_772_440_000) // Mon 2 March 2026, 08:26 UTC

        mutating func add(_ lead: Int, _ type: EventType, by actor: String, _ payload: EventPayload = EventPayload(),
                          to column: Column? = nil) -> Int64 {
            clock = clock.addingTimeInterval(60)
            let event = Event(seq: Int64(events.count + 1), at: clock, actor: actor, lead: LeadID(lead), type: type,
                              from: nil, to: column, payload: payload)
            events.append(event)
            return event.seq
        }

        static func card(_ statuses: [String: CriterionStatus], by name: String, at: Date) -> Scorecard {
            Scorecard(definitionVersion: 1, scores: statuses.mapValues { status in
                CriterionScore(status: status, evidence: status == .met ? "\(name) saw it" : "")
            }, scoredBy: name, scoredAt: at)
        }

        /// Created by sam, scored by sam, booked with alex, calibration asked of `with`.
        mutating func handoff(_ lead: Int, sdr: [String: CriterionStatus], with: [String] = ["theo"],
                              owner: String = "sam") {
            _ = add(lead, .created, by: owner, EventPayload(fields: LeadFields(company: "Co \(lead)", contact: "C"), owner: owner),
                    to: .queue)
            _ = add(lead, .scored, by: owner, EventPayload(scorecard: Self.card(sdr, by: owner, at: clock)))
            _ = add(lead, .booked, by: owner, EventPayload(definitionVersion: 1), to: .handedOff)
            _ = add(lead, .calibrating, by: "lena",
                    EventPayload(calibration: CalibrationRequest(with: with, definitionVersion: 1)))
        }

        @discardableResult
        mutating func calibrated(_ lead: Int, by name: String, _ statuses: [String: CriterionStatus]) -> Int64 {
            add(lead, .calibrated, by: name, EventPayload(scorecard: Self.card(statuses, by: name, at: clock)))
        }

        mutating func undo(_ lead: Int, _ seq: Int64, by actor: String) {
            _ = add(lead, .undone, by: actor, EventPayload(undoes: seq))
        }

        var all: Period { Period(since: .distantPast, until: .distantFuture) }
    }

    /// One criterion's table from `rows` of (SDR, participant) answers, one lead each.
    static func log(_ rows: [(CriterionStatus, CriterionStatus)], key: String = "budget") -> Log {
        var log = Log()
        for (index, row) in rows.enumerated() {
            log.handoff(index + 1, sdr: [key: row.0])
            log.calibrated(index + 1, by: "theo", [key: row.1])
        }
        return log
    }

    static func rows(bothMet: Int, bothNotMet: Int, sdrMetOnly: Int, participantMetOnly: Int) -> [(CriterionStatus, CriterionStatus)] {
        Array(repeating: (.met, .met), count: bothMet) + Array(repeating: (.notMet, .notMet), count: bothNotMet)
            + Array(repeating: (.met, .notMet), count: sdrMetOnly) + Array(repeating: (.notMet, .met), count: participantMetOnly)
    }

    @Test("perfect agreement: 3 both met, 3 both not met → 100 % (6/6), kappa 1")
    func perfect() {
        // pₒ = 6/6 = 1; s = q = 3/6; pₑ = .25 + .25 = .5; κ = (1 − .5)/(1 − .5) = 1.
        let log = Self.log(Self.rows(bothMet: 3, bothNotMet: 3, sdrMetOnly: 0, participantMetOnly: 0))
        let results = CalibrationTally(events: log.events).results(period: log.all)
        let budget = results.criteria.first { $0.key == "budget" }?.figures
        #expect(budget?.agreement == Ratio(6, of: 6))
        #expect(budget?.kappa == 1)
        #expect(results.disputed.isEmpty)
        #expect(results.scores == 6 && results.leads == 6)
    }

    @Test("chance level: 2 of each cell → 50 % (4/8), kappa 0")
    func chance() {
        // pₒ = 4/8 = .5; s = q = 4/8; pₑ = .5; κ = 0.
        let log = Self.log(Self.rows(bothMet: 2, bothNotMet: 2, sdrMetOnly: 2, participantMetOnly: 2))
        let figures = CalibrationTally(events: log.events).results(period: log.all).overall
        #expect(figures.agreement == Ratio(4, of: 8))
        #expect(figures.kappa == 0)
        #expect(figures.kappaNote == nil)
    }

    @Test("4 both met, 3 both not met, 2 SDR-only, 1 participant-only → 70 % (7/10), kappa 0.40")
    func moderate() {
        // pₒ = 7/10; s = 6/10 (SDR met), q = 5/10 (participant met); pₑ = .3 + .2 = .5;
        // κ = (.7 − .5)/(1 − .5) = .4.
        let log = Self.log(Self.rows(bothMet: 4, bothNotMet: 3, sdrMetOnly: 2, participantMetOnly: 1))
        let results = CalibrationTally(events: log.events).results(period: log.all)
        let figures = results.overall
        #expect(figures.agreement == Ratio(7, of: 10))
        #expect((figures.bothMet, figures.bothNotMet, figures.sdrMetOnly, figures.participantMetOnly) == (4, 3, 2, 1))
        #expect(figures.kappa == 0.4)
        #expect(figures.kappaText == "0.40")
        #expect(results.disputed.first?.disagreement == Ratio(3, of: 10))
        #expect(results.disputed.first?.cases.count == 3)
    }

    @Test("too few pairs, or one answer on a side: no kappa, and the note says why")
    func noKappa() {
        let few = Self.log(Self.rows(bothMet: 2, bothNotMet: 2, sdrMetOnly: 0, participantMetOnly: 0))
        let fewFigures = CalibrationTally(events: few.events).results(period: few.all).overall
        #expect(fewFigures.kappa == nil)
        #expect(fewFigures.kappaText == "— (4 pairs, needs 5)")
        // A required criterion: the SDR said met on every handoff (they could not book otherwise).
        let uniform = Self.log(Self.rows(bothMet: 4, bothNotMet: 0, sdrMetOnly: 2, participantMetOnly: 0), key: "need")
        let uniformFigures = CalibrationTally(events: uniform.events).results(period: uniform.all).overall
        #expect(uniformFigures.agreement == Ratio(4, of: 6))
        #expect(uniformFigures.kappa == nil)
        #expect(uniformFigures.kappaNote == "the SDR side said met in every pair")
        let agreeing = Self.log(Self.rows(bothMet: 2, bothNotMet: 0, sdrMetOnly: 0, participantMetOnly: 4))
        #expect(CalibrationTally(events: agreeing.events).results(period: agreeing.all).overall.kappaNote
                == "the participant side said met in every pair")
    }

    @Test("unknown on either side (or a criterion one side did not score) makes no pair; it is counted apart")
    func unknowns() {
        var log = Log()
        log.handoff(1, sdr: ["need": .met, "fit": .met, "budget": .unknown])
        log.calibrated(1, by: "theo", ["need": .met, "fit": .unknown, "budget": .notMet, "timeframe": .met])
        let results = CalibrationTally(events: log.events).results(period: log.all)
        #expect(results.overall.agreement == Ratio(1, of: 1))
        #expect(results.overall.unknown == 3)
        #expect(results.criteria.map(\.key) == ["budget", "fit", "need", "timeframe"])
        #expect(results.criteria.first { $0.key == "fit" }?.figures.unknown == 1)
        // With the definition, its order and labels.
        let ordered = CalibrationTally(events: log.events, definition: .standard).results(period: log.all)
        #expect(ordered.criteria.map(\.key) == ["need", "fit", "timeframe", "budget"])
    }

    @Test("undone events never count: an undone score, an undone SDR rescore, an undone calibration")
    func undone() {
        var log = Log()
        log.handoff(1, sdr: ["need": .met, "budget": .met])
        let first = log.calibrated(1, by: "theo", ["need": .notMet, "budget": .notMet])
        log.undo(1, first, by: "theo")
        log.calibrated(1, by: "theo", ["need": .met, "budget": .met])
        // Lead 2: the SDR's scorecard at handoff is the one before the booking in effect;
        // the later rescore is undone, and the booked event stays.
        _ = log.add(2, .created, by: "sam", EventPayload(fields: LeadFields(company: "Two", contact: "C"), owner: "sam"))
        _ = log.add(2, .scored, by: "sam", EventPayload(scorecard: Log.card(["need": .met], by: "sam", at: log.clock)))
        let rescore = log.add(2, .scored, by: "sam", EventPayload(scorecard: Log.card(["need": .notMet], by: "sam", at: log.clock)))
        log.undo(2, rescore, by: "sam")
        _ = log.add(2, .booked, by: "sam", EventPayload(definitionVersion: 1))
        _ = log.add(2, .calibrating, by: "lena", EventPayload(calibration: CalibrationRequest(with: ["alex"], definitionVersion: 1)))
        log.calibrated(2, by: "alex", ["need": .met])
        // Lead 3: the calibration was undone before anyone scored: no score, nothing open.
        log.handoff(3, sdr: ["need": .met])
        log.undo(3, Int64(log.events.count), by: "lena")
        let tally = CalibrationTally(events: log.events)
        let results = tally.results(period: log.all)
        #expect(results.scores == 2)
        #expect(results.overall.agreement == Ratio(3, of: 3))
        #expect(results.disputed.isEmpty)
        #expect(results.open.isEmpty)
        #expect(tally.agreement(definitionVersion: 1) == Ratio(3, of: 3))
    }

    @Test("the SDR's side is the last score before the booking; a score after it is not theirs at handoff")
    func sdrSideAtHandoff() {
        var log = Log()
        log.handoff(1, sdr: ["need": .met])
        _ = log.add(1, .scored, by: "sam", EventPayload(scorecard: Log.card(["need": .notMet], by: "sam", at: log.clock)))
        log.calibrated(1, by: "theo", ["need": .met])
        #expect(CalibrationTally(events: log.events).results(period: log.all).overall.agreement == Ratio(1, of: 1))
    }

    @Test("the period takes the scores submitted in it; definition health's agreement takes every score of the version")
    func period() {
        var log = Log()
        log.handoff(1, sdr: ["need": .met, "fit": .met], with: ["alex", "theo"])
        log.calibrated(1, by: "alex", ["need": .met, "fit": .notMet])
        let cut = log.clock.addingTimeInterval(30)
        log.calibrated(1, by: "theo", ["need": .met, "fit": .met])
        log.handoff(2, sdr: ["need": .met], with: ["alex", "theo"], owner: "ana")
        log.calibrated(2, by: "theo", ["need": .notMet])
        let tally = CalibrationTally(events: log.events, definition: .standard)
        let results = tally.results(period: Period(since: cut, until: .distantFuture))
        #expect(results.scores == 2 && results.leads == 2)
        #expect(results.overall.agreement == Ratio(2, of: 3))
        #expect(results.pairs.map { "\($0.sdr)/\($0.participant) \($0.figures.agreement.countText)" } == ["ana/theo 0/1", "sam/theo 2/2"])
        #expect(results.pairs.first?.mostDisputed == "need")
        #expect(results.disputed.map(\.key) == ["need"])
        #expect(tally.agreement(definitionVersion: 1) == Ratio(3, of: 5))
        #expect(tally.agreement(definitionVersion: 2) == .empty)
        // Lead 2 still waits for alex: its disagreement counts, but the SDR's evidence is
        // withheld, or alex could read in the report what the blind calibration hides.
        #expect(results.open.map { "\($0.lead) \($0.pending)" } == ["L-2 [\"alex\"]"])
        #expect(results.disputed.first?.cases.isEmpty == true)
        #expect(results.disputed.first?.withheld == 1)
        // Once alex has scored, the case shows with both sides' evidence.
        log.calibrated(2, by: "alex", ["need": .met])
        let closed = CalibrationTally(events: log.events, definition: .standard).results(period: Period(since: cut, until: .distantFuture))
        let dispute = closed.disputed.first?.cases.first
        #expect(closed.disputed.first?.withheld == 0)
        #expect(dispute?.sdr == "ana" && dispute?.sdrScore.status == .met && dispute?.sdrScore.evidence == "ana saw it")
        #expect(dispute?.participant == "theo" && dispute?.participantScore.status == .notMet)
    }

    @Test("only leads with a calibrating event are read")
    func calibratedLeads() {
        let facts = [ReportEvent(seq: 1, at: .distantPast, lead: LeadID(4), type: .created),
                     ReportEvent(seq: 2, at: .distantPast, lead: LeadID(9), type: .calibrating),
                     ReportEvent(seq: 3, at: .distantPast, lead: LeadID(2), type: .calibrating),
                     ReportEvent(seq: 4, at: .distantPast, lead: LeadID(9), type: .calibrated)]
        #expect(CalibrationTally.calibratedLeads(in: [Array(facts.prefix(2)), Array(facts.dropFirst(2))]) == [LeadID(2), LeadID(9)])
        #expect(CalibrationTally.calibratedLeads(in: [[facts[0]]]).isEmpty)
    }
}
