import Foundation
import Testing
@testable import HandoffCore

/// An overturned return was annulled: it is no disposition, in no rate and not in the SLA
/// set, and the AE's clock for the next disposition restarts at the ruling (SPEC §3,
/// issue 12 part 4). One handoff is counted once.
@Suite("Report: an overturned return is annulled")
struct ReportOverturnTests {
    /// Ana's Acme meeting is held Tuesday 10:00, bo returns it `returnAfter` hours later,
    /// ana disputes, lena overturns on Thursday 10:00, and bo accepts it `acceptAfter`
    /// hours after the ruling.
    func overturnedThenAccepted(returnAfter: Double = 30, acceptAfter: Double) throws -> (ReportBoard, LeadID) {
        var board = try ReportBoard()
        let id = try board.heldMeeting("Acme", at: reportDate(2026, 3, 3, 10))
        board.at(reportDate(2026, 3, 3, 10).addingTimeInterval(returnAfter * 3600))
        try board.giveBack(id, [.noNeed])
        try board.run(.dispute(note: "The pain is real"), on: id, as: "ana")
        board.at(reportDate(2026, 3, 5, 10))
        try board.run(.resolveDispute(.overturned, note: "Valid"), on: id, as: "lena")
        board.advance(hours: acceptAfter)
        try board.accept(id)
        return (board, id)
    }

    @Test func theSLASetHoldsOnlyTheDispositionThatStands() throws {
        let (board, _) = try overturnedThenAccepted(acceptAfter: 5)
        let standup = board.standup(reportWeek)
        #expect(standup.team.dispositions.total == 1)
        #expect(standup.team.sla.withinSLA == Ratio(1, of: 1),
                "the annulled return is not a disposition after a held meeting: \(standup.team.sla.withinSLA.percentText)")
        #expect(standup.team.sla.medianHours == 5, "timed from the ruling, not from the meeting or the return")
        #expect(standup.team.sla.withinSLA.denominator <= standup.team.dispositions.total,
                "Within SLA never has more dispositions than the period")
    }

    @Test func aSlowAnnulledReturnDoesNotBreakTheSLA() throws {
        // The return came 46 h after the meeting; it was annulled, and the
        // acceptance 2 h after the ruling is within the SLA.
        let (board, _) = try overturnedThenAccepted(returnAfter: 46, acceptAfter: 2)
        let standup = board.standup(reportWeek)
        #expect(standup.team.sla.withinSLA.percentText == "100 % (1/1)")
        #expect(board.person(standup, "ana")?.sla.withinSLA == Ratio(1, of: 1))
        let byAE = board.standup(reportWeek, grouping: .ae)
        #expect(board.person(byAE, "bo")?.sla.withinSLA == Ratio(1, of: 1))
        #expect(board.person(byAE, "bo")?.dispositions.returned == 0)
    }

    @Test func anOverturnedReturnLeavesEveryRate() throws {
        var board = try ReportBoard()
        let overturned = try board.heldMeeting("Acme", at: reportDate(2026, 3, 3, 10))
        let other = try board.heldMeeting("Globex", owner: "sam", at: reportDate(2026, 3, 3, 12))
        try board.giveBack(overturned, [.noNeed])
        try board.run(.dispute(note: "Wrong"), on: overturned, as: "ana")
        try board.run(.resolveDispute(.overturned, note: nil), on: overturned, as: "lena")
        try board.giveBack(other, [.notICP])
        let standup = board.standup(reportWeek)
        let d = standup.team.dispositions
        #expect((d.total, d.returned) == (1, 1))
        #expect(d.returnRate == Ratio(1, of: 1))
        #expect(d.returnsByReason.map(\.code) == ["not_icp"])
        #expect(standup.team.sla.withinSLA == Ratio(1, of: 1), "only sam's return is in the SLA set")
    }

    @Test func theBreachTableShowsTheMeetingsTimeAndSaysTheClockRunsFromTheRuling() throws {
        var board = try ReportBoard()
        let id = try board.heldMeeting("Acme", at: reportDate(2026, 3, 2, 10))
        try board.giveBack(id, [.noNeed])
        try board.run(.dispute(note: "Pain is real"), on: id, as: "ana")
        board.at(reportDate(2026, 3, 4, 10))
        try board.run(.resolveDispute(.overturned, note: nil), on: id, as: "lena")
        board.at(reportDate(2026, 3, 7, 10))
        let standup = board.standup(reportWeek)
        let breach = try #require(standup.slaBreaches.first)
        #expect(breach.meetingAt == reportDate(2026, 3, 2, 10), "the meeting's real time")
        #expect(breach.since == reportDate(2026, 3, 4, 10), "the clock runs from the ruling")
        #expect(breach.clockFromRuling)
        #expect(breach.hoursWaiting == 72)
        let text = StandupText.text(standup, calendar: ReportBoard.calendar)
        let row = try #require(text.split(separator: "\n").first { $0.contains("L-1") && $0.contains("+24") })
        #expect(row.contains("2026-03-02 10:00"), "\(row)")
        #expect(row.contains("clock from the ruling 2026-03-04 10:00"), "\(row)")
    }

    @Test func aBreachWithoutARulingRunsFromTheMeeting() throws {
        var board = try ReportBoard()
        _ = try board.heldMeeting("Acme", at: reportDate(2026, 3, 2, 10))
        board.at(reportDate(2026, 3, 5, 10))
        let breach = try #require(board.standup(reportWeek).slaBreaches.first)
        #expect(breach.meetingAt == breach.since)
        #expect(!breach.clockFromRuling)
    }
}
