import Foundation
import Testing
@testable import HandoffCore

/// Show rate = held ÷ (held + no-show + canceled), over the meetings due in the period.
@Suite("Report: meetings and show rate")
struct ReportMeetingTests {
    @Test func showRateIsHeldOverHeldNoShowAndCanceled() throws {
        var board = try ReportBoard()
        let held1 = try board.add("Acme")
        let held2 = try board.add("Globex", owner: "sam")
        let noShow = try board.add("Initech")
        let canceled = try board.add("Umbrella")
        for (id, day) in [(held1, 3), (held2, 3), (noShow, 4), (canceled, 5)] {
            try board.handOff(id, at: reportDate(2026, 3, day, 10))
        }
        board.at(reportDate(2026, 3, 5, 12))
        try board.log(.held, on: held1)
        try board.log(.held, on: held2)
        try board.log(.noShow, on: noShow)
        try board.log(.canceled, on: canceled)

        let standup = board.standup(reportWeek)
        let meetings = standup.team.meetings
        #expect(meetings.showRate == Ratio(2, of: 4))
        #expect(meetings.showRate.percentText == "50 % (2/4)")
        #expect((meetings.held, meetings.noShow, meetings.canceled, meetings.rescheduled) == (2, 1, 1, 0))
        #expect(board.person(standup, "ana")?.meetings.showRate == Ratio(1, of: 3))
        #expect(board.person(standup, "sam")?.meetings.showRate == Ratio(1, of: 1))
        #expect(standup.trend.held[1] == 2, "two held on Tuesday 3 March")
        #expect(standup.trend.missed[2] == 1 && standup.trend.missed[3] == 1)
    }

    @Test func noMeetingsMeansNoRateNotZeroPercent() throws {
        var board = try ReportBoard()
        _ = try board.add("Acme")
        let standup = board.standup(reportWeek)
        #expect(standup.team.meetings.showRate.isEmpty)
        #expect(standup.team.meetings.showRate.percentText == "— (0/0: none in period)")
        #expect(board.person(standup, "ana")?.meetings.showRate.isEmpty == true)
        #expect(standup.meetingsWithoutOutcome.isEmpty)
    }

    @Test func allNoShowsIsZeroPercentOfThem() throws {
        var board = try ReportBoard()
        var ids: [LeadID] = []
        for company in ["Acme", "Globex", "Initech"] {
            let id = try board.add(company)
            try board.handOff(id, at: reportDate(2026, 3, 3, 10))
            ids.append(id)
        }
        board.at(reportDate(2026, 3, 3, 11))
        for id in ids { try board.log(.noShow, on: id) }
        let standup = board.standup(reportWeek)
        #expect(standup.team.meetings.showRate.percentText == "0 % (0/3)")
        #expect(standup.team.credits.sqls == 0)
        #expect(standup.team.cards.queue == 3, "no-shows go back to the SDR to rebook")
    }

    @Test func aRescheduleThenAHeldMeetingCountsOnceAsHeld() throws {
        var board = try ReportBoard()
        let id = try board.add("Acme")
        try board.handOff(id, at: reportDate(2026, 3, 3, 10))
        board.at(reportDate(2026, 3, 3, 9))
        try board.log(.rescheduled, on: id, newTime: reportDate(2026, 3, 4, 15))
        board.at(reportDate(2026, 3, 4, 16))
        try board.log(.held, on: id)
        let standup = board.standup(reportWeek)
        #expect(standup.team.meetings.showRate == Ratio(1, of: 1))
        #expect(standup.team.meetings.rescheduled == 1)
        #expect(standup.trend.held[2] == 1, "counted on the day it was finally held")
    }

    @Test func aMeetingRescheduledIntoNextWeekCountsThere() throws {
        var board = try ReportBoard()
        let id = try board.add("Acme")
        try board.handOff(id, at: reportDate(2026, 3, 6, 10))
        try board.log(.rescheduled, on: id, newTime: reportDate(2026, 3, 10, 10))
        board.at(reportDate(2026, 3, 10, 11))
        try board.log(.held, on: id)
        let thisWeek = board.standup(reportWeek)
        #expect(thisWeek.team.meetings.showRate.isEmpty)
        #expect(thisWeek.team.meetings.rescheduled == 1)
        let nextWeek = board.standup(Period(since: reportDate(2026, 3, 9), until: reportDate(2026, 3, 16)))
        #expect(nextWeek.team.meetings.showRate == Ratio(1, of: 1))
    }

    @Test func aMeetingBookedBeforeThePeriodCountsWhenItIsDueInIt() throws {
        var board = try ReportBoard(start: reportDate(2026, 2, 25, 9))
        let id = try board.add("Acme")
        try board.handOff(id, at: reportDate(2026, 3, 3, 10))
        board.at(reportDate(2026, 3, 3, 11))
        try board.log(.held, on: id)
        let standup = board.standup(reportWeek)
        #expect(standup.team.meetings.showRate == Ratio(1, of: 1))
        #expect(standup.team.handoffs == 0, "the handoff itself was the week before")
        let before = board.standup(Period(since: reportDate(2026, 2, 23), until: reportDate(2026, 3, 2)))
        #expect(before.team.handoffs == 1)
        #expect(before.team.meetings.showRate.isEmpty)
    }

    @Test func anUndoneNoShowThenHeldCountsOnlyTheHeld() throws {
        var board = try ReportBoard()
        let id = try board.add("Acme")
        try board.handOff(id, at: reportDate(2026, 3, 3, 10))
        board.at(reportDate(2026, 3, 3, 11))
        try board.log(.noShow, on: id)
        try board.undo(id, as: "bo")
        #expect(board.lead(id)?.column == .handedOff)
        try board.log(.held, on: id)
        let standup = board.standup(reportWeek)
        #expect(standup.team.meetings.showRate == Ratio(1, of: 1))
        #expect(standup.team.meetings.noShow == 0)
    }

    @Test func meetingsPastTheirTimeWithNoOutcomeAreListed() throws {
        var board = try ReportBoard()
        let late = try board.add("Acme", owner: "sam")
        try board.handOff(late, to: "cy", at: reportDate(2026, 3, 3, 10))
        let upcoming = try board.add("Globex")
        try board.handOff(upcoming, at: reportDate(2026, 3, 20, 10))
        board.at(reportDate(2026, 3, 4, 9))
        let standup = board.standup(reportWeek)
        #expect(standup.meetingsWithoutOutcome.map(\.lead) == [late])
        let overdue = try #require(standup.meetingsWithoutOutcome.first)
        #expect((overdue.sdr, overdue.ae, overdue.hoursPast) == ("sam", "cy", 23))
        #expect(standup.team.meetings.showRate.isEmpty, "an unlogged meeting is not in the rate")
    }
}
