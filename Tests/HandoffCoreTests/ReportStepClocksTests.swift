import Foundation
import Testing
@testable import HandoffCore

/// The report's two clocks on every step of the SLA ladder (issue 16 item 3): of the time
/// from a step's start to its end, the hours its owner could act in and the hours the card
/// waited outside them, away days included, with medians, p90s and counts.
@Suite("Report: the two clocks of every ladder step")
struct ReportStepClocksTests {
    /// A week with each step ended at least once.
    func week() throws -> ReportBoard {
        var board = try ReportBoard()
        let globex = try board.add("Globex")
        try board.handOff(globex, to: "bo", at: reportDate(2026, 3, 2, 10))
        let hooli = try board.add("Hooli")
        try board.handOff(hooli, to: "bo", at: reportDate(2026, 3, 2, 12))
        board.at(reportDate(2026, 3, 2, 13))
        try board.log(.held, on: hooli)            // outcome: 1 h after the meeting
        board.at(reportDate(2026, 3, 2, 14))
        try board.log(.held, on: globex)           // outcome: 4 h
        try board.giveBack(hooli, [.notICP])       // disposition: 2 h
        let initech = try board.heldMeeting("Initech", ae: "cy", at: reportDate(2026, 3, 2, 15))  // outcome: 1 h
        try board.nurture(initech, revisit: reportDate(2026, 3, 5, 9))                          // disposition: 1 h
        board.at(reportDate(2026, 3, 3, 10))
        try board.accept(globex)                   // disposition: 24 h from the meeting
        board.at(reportDate(2026, 3, 4, 14))
        try board.run(.rework, on: hooli, as: "ana")     // rework: 48 h
        board.at(reportDate(2026, 3, 5, 12))
        try board.run(.rework, on: initech, as: "ana")   // revisit: 3 h after the revisit date
        return board
    }

    @Test func everyStepIsTimedWithMedianP90AndCount() throws {
        let standup = try week().standup(reportWeek)
        #expect(standup.clocks.map(\.step) == [.outcome, .disposition, .rework, .revisit])
        #expect(standup.clocks.map(\.count) == [3, 3, 1, 1])
        let outcome = standup.clocks[0], disposition = standup.clocks[1]
        #expect(outcome.wall == HoursSpread(medianHours: 1, p90Hours: 4))
        #expect(disposition.wall == HoursSpread(medianHours: 2, p90Hours: 24))
        // Without a calendar or an away day every hour is the owner's.
        #expect(outcome.outside == HoursSpread(medianHours: 0, p90Hours: 0) && outcome.owner == outcome.wall)
        let rework = standup.clocks[2]
        #expect(rework.wall.medianHours == 48 && rework.owner.medianHours == 48 && rework.outside.medianHours == 0)
        #expect(standup.clocks[3].wall == HoursSpread(medianHours: 3, p90Hours: 3))
    }

    @Test func businessHoursAndAwayDaysAreTheWaitOutsideTheOwnersHours() throws {
        let utc = try #require(TimeZone(identifier: "UTC"))
        var settings = Thresholds.standard
        settings.sla.businessHours = BusinessHours(open: 9 * 3600, close: 17 * 3600, weekdays: [0, 1, 2, 3, 4], timeZone: utc)
        let standup = try week().standup(reportWeek, settings: settings)
        // Monday 14:00 to Wednesday 14:00: 3 + 8 + 5 = 16 business hours, 32 h waiting.
        let rework = standup.clocks[2]
        #expect(rework.owner.medianHours == 16 && rework.outside.medianHours == 32)
        // Globex: Monday 10:00 to Tuesday 10:00 is 8 business hours, 16 outside them.
        #expect(standup.clocks[1].outside.p90Hours == 16)

        let text = StandupText.text(standup, calendar: ReportBoard.calendar)
        #expect(text.contains("The two clocks: the owner's hours and the wait outside them"), "\(text)")
        #expect(text.contains("rework or dispute") && text.contains("16 / 16") && text.contains("32 / 32"))
        let markdown = StandupText.markdown(standup, calendar: ReportBoard.calendar)
        #expect(markdown.contains("| rework or dispute | SDR | 1 | 16 / 16 | 32 / 32 | 48 / 48 |"), "\(markdown)")
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = .sortedKeys
        let json = String(decoding: try encoder.encode(standup), as: UTF8.self)
        #expect(json.contains("{\"count\":1,\"outside\":{\"medianHours\":32,\"p90Hours\":32},\"owner\":{\"medianHours\":16,\"p90Hours\":16},\"step\":\"rework\",\"wall\":{\"medianHours\":48,\"p90Hours\":48}}"), "\(json)")
    }

    /// The disposition's own two clocks (the AE SLA section) take the AE's away days out too.
    @Test func anAEsAwayDaysAreOutsideTheirHours() throws {
        var board = try ReportBoard()
        let globex = try board.heldMeeting("Globex", at: reportDate(2026, 3, 2, 10))
        try board.run(.setAway(Away(member: "bo", from: "2026-03-03", to: "2026-03-04")), as: "lena")
        board.at(reportDate(2026, 3, 5, 11))
        try board.accept(globex)
        let sla = board.standup(reportWeek).team.sla
        #expect(sla.medianHours == 73 && sla.ownerMedianHours == 25 && sla.outsideMedianHours == 48)
        #expect(StandupText.text(board.standup(reportWeek), calendar: ReportBoard.calendar).contains("25 h in the AE's hours"))
    }

    @Test func aQuietPeriodSaysNoStepEnded() throws {
        let standup = try ReportBoard().standup(reportWeek)
        #expect(standup.clocks.allSatisfy { $0.count == 0 && $0.wall.medianHours == nil && $0.wall.p90Hours == nil })
        #expect(StandupText.text(standup, calendar: ReportBoard.calendar).contains("No step of the SLA ladder ended in the period."))
    }

    @Test func p90IsTheNearestRank() {
        #expect(HoursSpread.percentile(90, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]) == 9)
        #expect(HoursSpread.percentile(90, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]) == 10, "rank ⌈9.9⌉ = 10")
        #expect(HoursSpread.percentile(90, [5]) == 5)
        #expect(HoursSpread.percentile(90, []) == nil)
    }
}
