import Foundation
import Testing
@testable import HandoffCore

/// The team lead's attention list in `handoff report`: every card past its SLA ladder's
/// breach, with who was told and when, in text, markdown and JSON alike.
@Suite("Report: the SLA attention list")
struct ReportAttentionTests {
    @Test func breachesOfEveryStepWithWhoWasTold() throws {
        var board = try ReportBoard()
        let held = try board.heldMeeting("Globex", at: reportDate(2026, 3, 2, 10))
        let unlogged = try board.add("Initech")
        try board.handOff(unlogged, to: "cy", at: reportDate(2026, 3, 3, 10))
        let returned = try board.heldMeeting("Hooli", owner: "sam", at: reportDate(2026, 3, 2, 12))
        try board.giveBack(returned, [.notICP])
        let fresh = try board.heldMeeting("Umbrella", at: reportDate(2026, 3, 6, 9))
        board.at(reportDate(2026, 3, 6, 12))
        let standup = board.standup(reportWeek)
        #expect(standup.attention.map(\.lead) == [held, returned, unlogged], "the longest past first; \(fresh) is in time")
        let first = try #require(standup.attention.first)
        #expect(first.step == .disposition && first.owner == "bo" && first.told == ["bo", "lena"])
        #expect(first.warnedAt == reportDate(2026, 3, 3, 22) && first.breachedAt == reportDate(2026, 3, 4, 10))
        #expect(first.hoursPast == 50)
        #expect(standup.attention.map(\.step) == [.disposition, .rework, .outcome])
        #expect(standup.attention[1].owner == "sam" && standup.attention[2].owner == "cy")

        let text = StandupText.text(standup, calendar: ReportBoard.calendar)
        #expect(text.contains("Attention: SLA breaches now (3)"))
        #expect(text.contains("warned bo 2026-03-03 22:00 · breached 2026-03-04 10:00, told bo and lena"))
        let markdown = StandupText.markdown(standup, calendar: ReportBoard.calendar)
        #expect(markdown.contains("Attention: SLA breaches now (3)") && markdown.contains("told sam and lena"))
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        let json = String(decoding: try encoder.encode(standup), as: UTF8.self)
        #expect(json.contains("\"attention\":[{") && json.contains("\"step\":\"disposition\"") && json.contains("\"told\":[\"bo\",\"lena\"]"))
    }

    @Test func businessHoursMoveTheBreach() throws {
        var board = try ReportBoard()
        _ = try board.heldMeeting("Globex", at: reportDate(2026, 3, 2, 10))
        board.at(reportDate(2026, 3, 6, 12))
        let utc = try #require(TimeZone(identifier: "UTC"))
        var settings = Thresholds.standard
        settings.sla.businessHours = BusinessHours(open: 9 * 3600, close: 17 * 3600, weekdays: [0, 1, 2, 3, 4], timeZone: utc)
        // 8 h a day: from Monday 11:00 (held) the 48 business hours run into the next week.
        #expect(board.standup(reportWeek, settings: settings).attention.isEmpty)
        #expect(board.standup(reportWeek).attention.count == 1)
    }

    /// The two clocks of a disposition: the AE's business hours, and the weekend the card
    /// waited through, which no AE could shorten.
    @Test func theReportSeparatesTheAEsHoursFromTheWaitOutsideThem() throws {
        var board = try ReportBoard()
        // Held on Friday 2026-03-06 at 15:00 (logged at 16:00), accepted on Monday at 10:00.
        let globex = try board.heldMeeting("Globex", at: reportDate(2026, 3, 6, 15))
        board.at(reportDate(2026, 3, 9, 10))
        try board.accept(globex)
        let period = Period(since: reportDate(2026, 3, 2), until: reportDate(2026, 3, 10))
        let utc = try #require(TimeZone(identifier: "UTC"))
        var settings = Thresholds.standard
        settings.sla.businessHours = BusinessHours(open: 9 * 3600, close: 17 * 3600, weekdays: [0, 1, 2, 3, 4], timeZone: utc)
        let sla = board.standup(period, settings: settings).team.sla
        let wall = try #require(sla.medianHours)
        let owner = try #require(sla.ownerMedianHours)
        #expect(sla.outsideMedianHours == 64, "Friday 17:00 to Monday 09:00")
        #expect(owner + 64 == wall && owner <= 3)
        let text = StandupText.text(board.standup(period, settings: settings), calendar: ReportBoard.calendar)
        #expect(text.contains("h in the AE's hours (the AE's clock: business hours, less away days) and 64 h outside them"), "\(text)")
        // Without a calendar every hour is the AE's, and the report does not pretend otherwise.
        let plain = board.standup(period)
        #expect(plain.team.sla.ownerMedianHours == plain.team.sla.medianHours && plain.team.sla.outsideMedianHours == 0)
        #expect(!StandupText.text(plain, calendar: ReportBoard.calendar).contains("the AE's clock"))
    }
}
