import Foundation
import Testing
@testable import HandoffCore

/// Definition health (issue 17 item 2) on a log made through the real rules: every figure
/// below is counted by hand from the story in `twoVersions()`.
@Suite("Report: definition health")
struct DefinitionHealthTests {
    /// v1 is the fixture's founding definition (its mark sits on the founding event, #1);
    /// v2 reworded budget's guidance, from Thursday 5 March 09:00.
    ///
    /// Under v1 (Mon 2 March 09:00 → Thu 5 March 09:00):
    /// - Acme, booked Mon 10:00: held, accepted.
    /// - Globex, booked Mon 11:00: held, returned (no_need; failed need and fit).
    /// - Hooli, booked Mon 12:00, the booking undone: no handoff.
    /// - Initech, booked Wed 09:30 (after the first two days): no-show.
    /// Under v2 (Thu 5 March 09:00 → now, Sat 7 March 09:00):
    /// - Umbrella, booked Thu 10:00: held, returned (not_icp; failed fit), disputed, overturned,
    ///   then accepted: the return is annulled, the acceptance stands.
    /// - Stark, booked Thu 17:00: held, accepted, the acceptance undone: no disposition.
    /// - Wayne, booked Fri 12:00: canceled.
    func twoVersions() throws -> ReportBoard {
        var board = try ReportBoard()
        board.at(reportDate(2026, 3, 2, 10))
        let acme = try board.add("Acme")
        try board.handOff(acme, at: reportDate(2026, 3, 3, 10))
        board.at(reportDate(2026, 3, 2, 11))
        let globex = try board.add("Globex")
        try board.handOff(globex, at: reportDate(2026, 3, 3, 14))
        board.at(reportDate(2026, 3, 2, 12))
        let hooli = try board.add("Hooli")
        try board.handOff(hooli, at: reportDate(2026, 3, 3, 16))
        try board.undo(hooli, as: "ana")
        board.at(reportDate(2026, 3, 3, 11))
        try board.log(.held, on: acme)
        try board.accept(acme)
        board.at(reportDate(2026, 3, 3, 15))
        try board.log(.held, on: globex)
        try board.giveBack(globex, [.noNeed], failed: ["need", "fit"])
        board.at(reportDate(2026, 3, 4, 9, 30))
        let initech = try board.add("Initech")
        try board.handOff(initech, at: reportDate(2026, 3, 4, 10))
        board.at(reportDate(2026, 3, 4, 11))
        try board.log(.noShow, on: initech)

        board.at(reportDate(2026, 3, 5, 9))
        var criteria = Definition.standard.criteria
        criteria[4].guidance = "Budget exists, or the prospect knows how to find it."
        try board.run(.setDefinition(criteria), as: "lena")
        #expect(board.team.definition.version == 2)

        board.at(reportDate(2026, 3, 5, 10))
        let umbrella = try board.add("Umbrella")
        try board.handOff(umbrella, at: reportDate(2026, 3, 5, 14))
        board.at(reportDate(2026, 3, 5, 15))
        try board.log(.held, on: umbrella)
        try board.giveBack(umbrella, [.notICP], failed: ["fit"])
        try board.run(.dispute(note: "They are in the ICP"), on: umbrella, as: "ana")
        board.at(reportDate(2026, 3, 5, 16))
        try board.run(.resolveDispute(.overturned, note: "Valid"), on: umbrella, as: "lena")
        try board.accept(umbrella)
        board.at(reportDate(2026, 3, 5, 17))
        let stark = try board.add("Stark")
        try board.handOff(stark, at: reportDate(2026, 3, 6, 10))
        board.at(reportDate(2026, 3, 6, 11))
        try board.log(.held, on: stark)
        try board.accept(stark)
        try board.undo(stark, as: "bo")
        board.at(reportDate(2026, 3, 6, 12))
        let wayne = try board.add("Wayne")
        try board.handOff(wayne, at: reportDate(2026, 3, 8, 10))
        try board.log(.canceled, on: wayne)
        board.at(reportDate(2026, 3, 7, 9))
        return board
    }

    func health(_ board: ReportBoard) -> DefinitionHealth {
        let founding = DefinitionMark(seq: 1, at: reportDate(2026, 3, 2, 9), actor: "lena", definition: .standard)
        return DefinitionHealthBuilder.build(facts: board.events.compactMap(ReportEvent.init),
                                             history: [founding] + board.events.compactMap(DefinitionMark.init),
                                             now: board.now)
    }

    @Test func eachVersionCountsTheHandoffsBookedUnderIt() throws {
        let health = health(try twoVersions())
        #expect(health.versions.map(\.version) == [1, 2])
        let v1 = try #require(health.versions.first), v2 = try #require(health.versions.last)
        #expect(v1.since == reportDate(2026, 3, 2, 9) && v1.until == reportDate(2026, 3, 5, 9) && v1.days == 3)
        #expect(v2.since == reportDate(2026, 3, 5, 9) && v2.until == nil && v2.days == 2 && v2.by == "lena")
        // v1: Acme, Globex, Initech (Hooli's booking was undone).
        #expect(v1.figures.handoffs == 3)
        #expect(v1.figures.showRate == Ratio(2, of: 3))
        #expect(v1.figures.acceptanceRate == Ratio(1, of: 2))
        #expect(v1.figures.returnRate == Ratio(1, of: 2))
        #expect(v1.figures.returnsByCriterion.map { "\($0.code) \($0.share.countText)" } == ["fit 1/1", "need 1/1"])
        // v2: Umbrella (the overturned return annulled, then accepted), Stark (acceptance
        // undone), Wayne (canceled).
        #expect(v2.figures.handoffs == 3)
        #expect(v2.figures.held == 2 && v2.figures.canceled == 1)
        #expect(v2.figures.showRate == Ratio(2, of: 3))
        #expect(v2.figures.acceptanceRate == Ratio(1, of: 1))
        #expect(v2.figures.returnRate == Ratio(0, of: 1))
        #expect(v2.figures.returnsByCriterion.isEmpty, "the overturned return no longer names fit")
    }

    @Test func theComparisonTakesEqualWindows() throws {
        let comparison = try #require(health(try twoVersions()).comparison)
        // v1 lived 3 days, v2 2 days so far: the first 2 days of each.
        #expect(comparison.days == 2)
        #expect(comparison.previous.version == 1 && comparison.current.version == 2)
        #expect(comparison.previous.window == Period(since: reportDate(2026, 3, 2, 9), until: reportDate(2026, 3, 4, 9)))
        #expect(comparison.current.window == Period(since: reportDate(2026, 3, 5, 9), until: reportDate(2026, 3, 7, 9)))
        // Initech was booked on v1's third day: outside its window.
        #expect(comparison.previous.figures.handoffs == 2)
        #expect(comparison.previous.figures.showRate == Ratio(2, of: 2))
        #expect(comparison.previous.figures.acceptanceRate == Ratio(1, of: 2))
        #expect(comparison.current.figures.handoffs == 3)
        #expect(comparison.current.figures.showRate == Ratio(2, of: 3))
        #expect(comparison.current.figures.acceptanceRate == Ratio(1, of: 1))
    }

    @Test func aVersionWithNoHandoffsSaysZeroOverZero() throws {
        var board = try twoVersions()
        var criteria = board.team.definition.criteria
        criteria[4].required = false
        criteria[4].label = "Budget (optional)"
        try board.run(.setDefinition(criteria), as: "lena")
        board.at(reportDate(2026, 3, 8, 9))
        var standup = board.standup(reportWeek)
        standup.definition = health(board)
        let v3 = try #require(standup.definition.versions.last)
        #expect(v3.version == 3 && v3.figures.handoffs == 0 && v3.figures.showRate.isEmpty)
        let comparison = try #require(standup.definition.comparison)
        #expect(comparison.previous.version == 2 && comparison.current.version == 3 && comparison.days == 1)
        let text = StandupText.text(standup, calendar: ReportBoard.calendar, sections: ["definition"])
        #expect(text.contains("v3       2026-03-07 09:00 → now"), "\(text)")
        #expect(text.contains("— (0/0)"), "\(text)")
        #expect(text.contains("v1       2026-03-02 09:00 → 2026-03-05 09:00     3  lena         3  67 % (2/3)  50 % (1/2)   50 % (1/2)"), "\(text)")
        #expect(text.contains("v1             1  fit 1/1, need 1/1"), "\(text)")
        #expect(text.contains("Definition v3 against v2 over the first 1 day of each"), "\(text)")
        #expect(!text.contains("Board now"), "only the chosen section: \(text)")
        let markdown = StandupText.markdown(standup, calendar: ReportBoard.calendar, sections: ["definition"])
        #expect(markdown.contains("## Definition health: each SQL definition version, over its whole life"), "\(markdown)")
        #expect(markdown.contains("| v2 | 2026-03-05 09:00 → 2026-03-07 09:00 | 2 | lena | 3 | 67 % (2/3) | 100 % (1/1) | 0 % (0/1) |"), "\(markdown)")
        #expect(!markdown.contains("## Board now"))
    }

    @Test func theCalibrationTallyIsShownPerVersionWithItsCounts() throws {
        var standup = try twoVersions().standup(reportWeek)
        standup.definition = health(try twoVersions())
        standup.definition.attachCalibration { $0 == 1 ? Ratio(7, of: 8) : .empty }
        #expect(standup.definition.versions.map(\.calibration) == [Ratio(7, of: 8), .empty])
        let text = StandupText.text(standup, calendar: ReportBoard.calendar, sections: ["definition"])
        #expect(text.contains("calibration") && text.contains("88 % (7/8)"), "\(text)")
    }

    @Test func everySectionHasANameAndTheWholeReportKeepsItsOrder() throws {
        var standup = try twoVersions().standup(reportWeek)
        standup.definition = health(try twoVersions())
        let whole = StandupText.text(standup, calendar: ReportBoard.calendar)
        let chosen = StandupText.text(standup, calendar: ReportBoard.calendar, sections: Set(ReportSection.names))
        #expect(whole == chosen, "naming every section prints the whole report")
        #expect(whole.contains("Definition health"))
        let board = StandupText.text(standup, calendar: ReportBoard.calendar, sections: ["board"])
        #expect(board.contains("Board now") && !board.contains("Meetings due") && !board.contains("Definition health"))
        let trend = StandupText.text(standup, calendar: ReportBoard.calendar, sections: ["trend", "people"])
        #expect(trend.contains("Day by day") && trend.contains("Cards now, by SDR") && !trend.contains("Board now"))
        #expect(Set(ReportSection.names).count == ReportSection.names.count, "names are unique")
    }
}
