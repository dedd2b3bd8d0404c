import Foundation
import Testing
@testable import HandoffCore
@testable import HandoffSQLite
@testable import HandoffStore
@testable import HandoffTUI

/// The standup's calibration panel (issue 17 item 1): what a team lead reads in `S`.
@Suite("standup view: the calibration panel")
struct CalibrationPanelTests {
    /// Five handoffs by sam calibrated by theo: budget 2 of 5 disagree, need 0 of 5.
    static func results(at now: Date) -> CalibrationResults {
        var events: [Event] = []
        var at = now.addingTimeInterval(-86_400)
        func add(_ lead: Int, _ type: EventType, _ actor: String, _ payload: EventPayload) {
            at = at.addingTimeInterval(60)
            events.append(Event(seq: Int64(events.count + 1), at: at, actor: actor, lead: LeadID(lead), type: type,
                                from: nil, to: nil, payload: payload))
        }
        func card(_ budget: CriterionStatus, _ evidence: String, by name: String) -> Scorecard {
            Scorecard(definitionVersion: 1, scores: ["need": CriterionScore(status: .met, evidence: "\(name): pain"),
                                                    "budget": CriterionScore(status: budget, evidence: evidence)],
                      scoredBy: name, scoredAt: at)
        }
        let theirs: [CriterionStatus] = [.met, .notMet, .notMet, .met, .notMet]
        let sams: [CriterionStatus] = [.met, .met, .met, .met, .notMet]
        for lead in 1...5 {
            add(lead, .created, "sam", EventPayload(fields: LeadFields(company: "Co \(lead)", contact: "C"), owner: "sam"))
            add(lead, .scored, "sam", EventPayload(scorecard: card(sams[lead - 1], "Budget approved by the CFO in March", by: "sam")))
            add(lead, .booked, "sam", EventPayload(definitionVersion: 1))
            add(lead, .calibrating, "lee", EventPayload(calibration: CalibrationRequest(with: lead == 3 ? ["theo"] : ["theo", "alex"], definitionVersion: 1)))
            add(lead, .calibrated, "theo", EventPayload(scorecard: card(theirs[lead - 1], "", by: "theo")))
        }
        return CalibrationTally(events: events, definition: .standard).results(period: .lastDays(7, endingAt: now))
    }

    @Test func at80ColumnsThePanelShowsAgreementTheDisputedCriterionBothSidesAndThePair() throws {
        let now = Date(timeIntervalSince1970: 1_795_000_000)
        var standup = Standup(generatedAt: now, period: .lastDays(7, endingAt: now), grouping: .sdr, settings: .standard,
                              team: Figures(), people: [], columns: [], agingCards: [], slaBreaches: [],
                              meetingsWithoutOutcome: [], nurtureDue: [], returnsToRework: [], openDisputes: [],
                              trend: Trend(period: .lastDays(7, endingAt: now)), shows: ShowRates(), attention: [])
        standup.calibration = Self.results(at: now)
        let panel = StandupPanels.calibration(standup, 80, .blocks)
        let lines = panel.lines.map { $0.spans.map(\.0).joined() }
        #expect(lines.allSatisfy { SafeText.width(of: $0) <= 80 }, "\(lines)")
        let text = lines.joined(separator: "\n")
        #expect(lines.count <= 14, "fits a 24-line screen with room: \(text)")
        // need: 5/5; budget: sam met 4 times, theo agreed on 2 of those and on the one not met.
        #expect(lines.contains { $0.contains("need") && $0.contains("100 % (5/5)") && $0.contains("κ —") }, "\(text)")
        #expect(lines.contains { $0.contains("budget") && $0.contains("60 % (3/5)") }, "\(text)")
        #expect(text.contains("most disputed: budget 2/5 disagree"), "\(text)")
        #expect(text.contains("L-3 sam (SDR) met “Budget approved by the CFO in March”"), "\(text)")
        #expect(text.contains("L-3 theo not-met (no evidence)"), "\(text)")
        #expect(text.contains("sam ↔ theo: 80 % (8/10)"), "\(text)")
        // L-3 asked theo alone, so its calibration is complete and its evidence shows; the
        // other four still wait for alex (a calibration still open shows no evidence).
        #expect(text.contains("open: 4 calibrations waiting for 4 scores"), "\(text)")

        var quiet = standup
        quiet.calibration = CalibrationResults()
        let empty = StandupPanels.calibration(quiet, 80, .blocks).lines.map { $0.spans.map(\.0).joined() }.joined()
        #expect(empty.contains("No calibration score in the period. c on a handed-off card starts one."), "\(empty)")
    }

    @Test func theBoardsStandupShowsThePanelAt80x24() throws {
        let fixture = try StandupFixture()
        let results = Self.results(at: fixture.now)
        let app = try BoardApp(store: fixture.store, terminal: RecordingTerminal(width: 80, height: 24), me: "lee",
                               clock: .fixed(fixture.now), thresholds: .standard) { store, now, thresholds in
            guard let sqlite = store as? SQLiteStore else { throw RuleError.invalid("the fixture's store is SQLite") }
            var standup = try sqlite.standup(period: .lastDays(7, endingAt: now), settings: thresholds, grouping: .sdr, now: now)
            standup.calibration = results
            return standup
        }
        app.press(.char("S"))
        var screens = BoardView.render(app.state).text
        for _ in 0..<30 where !screens.contains("sam ↔ theo") {
            app.press(.pageDown)
            screens += "\n" + BoardView.render(app.state).text
        }
        #expect(screens.contains("Calibration: blind scores vs the SDR's at handoff"), "\(screens)")
        #expect(screens.contains("most disputed: budget 2/5 disagree"), "\(screens)")
        #expect(screens.contains("sam ↔ theo: 80 % (8/10)"), "\(screens)")
    }
}
