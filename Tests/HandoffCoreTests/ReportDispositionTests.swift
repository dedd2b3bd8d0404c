import Foundation
import Testing
@testable import HandoffCore

/// Acceptance, nurture and return rates over the period's dispositions; returns by reason
/// and failed criterion per SDR; credits (SPEC §1); disputes.
@Suite("Report: dispositions, credits, disputes")
struct ReportDispositionTests {
    @Test func ratesAreOverTheDispositionsInThePeriod() throws {
        var board = try ReportBoard()
        let a = try board.heldMeeting("Acme", at: reportDate(2026, 3, 3, 10))
        let b = try board.heldMeeting("Globex", at: reportDate(2026, 3, 3, 14))
        let c = try board.heldMeeting("Initech", owner: "sam", at: reportDate(2026, 3, 4, 10))
        let d = try board.heldMeeting("Umbrella", owner: "sam", ae: "cy", at: reportDate(2026, 3, 4, 14))
        try board.accept(a)
        try board.accept(b)
        try board.nurture(c, revisit: reportDate(2026, 6, 1))
        try board.giveBack(d, [.noNeed])

        let standup = board.standup(reportWeek)
        let d4 = standup.team.dispositions
        #expect((d4.total, d4.accepted, d4.nurture, d4.returned) == (4, 2, 1, 1))
        #expect(d4.acceptanceRate.percentText == "50 % (2/4)")
        #expect(d4.nurtureRate.percentText == "25 % (1/4)")
        #expect(d4.returnRate.percentText == "25 % (1/4)")
        #expect(board.person(standup, "ana")?.dispositions.acceptanceRate == Ratio(2, of: 2))
        #expect(board.person(standup, "sam")?.dispositions.returnRate == Ratio(1, of: 2))

        let byAE = board.standup(reportWeek, grouping: .ae)
        #expect(board.person(byAE, "bo")?.dispositions.total == 3)
        #expect(board.person(byAE, "cy")?.dispositions.returnRate == Ratio(1, of: 1))
    }

    @Test func anEmptyPeriodHasNoRates() throws {
        var board = try ReportBoard()
        let id = try board.heldMeeting("Acme", at: reportDate(2026, 3, 3, 10))
        try board.accept(id)
        let later = board.standup(Period(since: reportDate(2026, 3, 9), until: reportDate(2026, 3, 16)))
        #expect(later.team.dispositions.total == 0)
        #expect(later.team.dispositions.acceptanceRate.percentText == "— (0/0: none in period)")
        #expect(later.team.credits.sqls == 0)
        #expect(later.team.credits.saoRate.isEmpty)
        #expect(later.team.cards.sao == 1, "the board itself is as of now")
    }

    @Test func creditsFollowSPECSectionOne() throws {
        var board = try ReportBoard()
        let accepted = try board.heldMeeting("Acme", at: reportDate(2026, 3, 3, 10))
        let nurtured = try board.heldMeeting("Globex", at: reportDate(2026, 3, 3, 14))
        let returned = try board.heldMeeting("Initech", at: reportDate(2026, 3, 4, 10))
        let triaged = try board.add("Umbrella", owner: "sam")
        try board.handOff(triaged, at: reportDate(2026, 3, 12, 10))
        let noShow = try board.add("Hooli", owner: "sam")
        try board.handOff(noShow, at: reportDate(2026, 3, 4, 12))
        try board.accept(accepted)
        try board.nurture(nurtured, revisit: reportDate(2026, 6, 1))
        try board.giveBack(returned, [.notICP])
        try board.giveBack(triaged, [.existingCustomer])
        board.at(reportDate(2026, 3, 4, 13))
        try board.log(.noShow, on: noShow)

        let standup = board.standup(reportWeek)
        #expect(board.person(standup, "ana")?.credits.sqls == 2)
        #expect(board.person(standup, "ana")?.credits.saos == 1)
        #expect(board.person(standup, "ana")?.credits.saoRate.percentText == "50 % (1/2)")
        #expect(board.person(standup, "sam")?.credits.sqls == 0, "a triage return and a no-show earn nothing")
        #expect(standup.team.dispositions.returnedBeforeMeeting == 1)
        #expect(standup.team.dispositions.returned == 2)
        // The report agrees with the projection's own credit.
        let projected = board.leads.values.flatMap(\.credits)
        #expect(standup.team.credits.sqls == projected.count)
        #expect(standup.team.credits.saos == projected.filter(\.sao).count)
    }

    @Test func returnsByReasonAndFailedCriterionPerSDR() throws {
        var board = try ReportBoard()
        let a = try board.heldMeeting("Acme", at: reportDate(2026, 3, 3, 10))
        let b = try board.heldMeeting("Globex", owner: "sam", at: reportDate(2026, 3, 3, 12))
        let c = try board.heldMeeting("Initech", owner: "sam", at: reportDate(2026, 3, 3, 14))
        try board.giveBack(a, [.noNeed, .notICP])
        try board.giveBack(b, [.other], failed: ["authority"])
        try board.giveBack(c, [.duplicate])

        let standup = board.standup(reportWeek)
        let ana = try #require(board.person(standup, "ana")?.dispositions)
        #expect(ana.returnsByReason.map(\.code) == ["no_need", "not_icp"])
        #expect(ana.returnsByReason.map(\.share) == [Ratio(1, of: 1), Ratio(1, of: 1)])
        #expect(ana.returnsByCriterion.map(\.code) == ["fit", "need"])
        let sam = try #require(board.person(standup, "sam")?.dispositions)
        #expect(sam.returned == 2)
        #expect(sam.returnsByReason.map { "\($0.code) \($0.share.countText)" } == ["duplicate 1/2", "other 1/2"])
        #expect(sam.returnsByCriterion.map { "\($0.code) \($0.share.countText)" } == ["authority 1/2"])
        #expect(standup.team.dispositions.returnsByReason.count == 4)
        #expect(standup.team.dispositions.returnsByCriterion.first { $0.code == "need" }?.label == "Need")
    }

    @Test func aLeadReturnedTwiceCountsTwoReturns() throws {
        var board = try ReportBoard()
        let id = try board.heldMeeting("Acme", at: reportDate(2026, 3, 2, 12))
        try board.giveBack(id, [.noNeed])
        try board.run(.rework, on: id, as: "ana")
        try board.handOff(id, to: "cy", at: reportDate(2026, 3, 5, 10))
        board.at(reportDate(2026, 3, 5, 11))
        try board.log(.held, on: id)
        try board.giveBack(id, [.noTimeframe])

        let standup = board.standup(reportWeek)
        let ana = try #require(board.person(standup, "ana"))
        #expect(ana.handoffs == 2)
        #expect(ana.dispositions.returned == 2)
        #expect(ana.dispositions.returnRate == Ratio(2, of: 2))
        #expect(ana.dispositions.returnsByReason.map { "\($0.code) \($0.share.countText)" } == ["no_need 1/2", "no_timeframe 1/2"])
        #expect(ana.credits.sqls == 0)
        #expect(ana.returnsToRework == 1, "the second return is waiting")
        let byAE = board.standup(reportWeek, grouping: .ae)
        #expect(board.person(byAE, "bo")?.dispositions.returned == 1)
        #expect(board.person(byAE, "cy")?.dispositions.returned == 1)
    }

    @Test func anUndoneAcceptanceNeitherCountsNorCredits() throws {
        var board = try ReportBoard()
        let id = try board.heldMeeting("Acme", at: reportDate(2026, 3, 3, 10))
        try board.accept(id)
        try board.undo(id, as: "bo")
        var standup = board.standup(reportWeek)
        #expect(standup.team.dispositions.total == 0)
        #expect(standup.team.credits.sqls == 0)
        #expect(standup.team.sla.awaiting == 1, "back to waiting for the AE")

        try board.nurture(id, revisit: reportDate(2026, 6, 1))
        standup = board.standup(reportWeek)
        #expect(standup.team.dispositions.nurture == 1)
        #expect(standup.team.dispositions.total == 1)
        #expect(standup.team.credits.sqls == 1)
        #expect(standup.team.credits.saos == 0)
        #expect(board.lead(id)?.credits == [Credit(sdr: "ana", handoff: 1, sao: false)])
    }

    @Test func aDisputeOverturnedTakesTheReturnOutAndRestoresCredit() throws {
        var board = try ReportBoard()
        let id = try board.heldMeeting("Acme", at: reportDate(2026, 3, 3, 10))
        try board.giveBack(id, [.noAuthority])
        try board.run(.dispute(note: "The VP joined the call"), on: id, as: "ana")
        var standup = board.standup(reportWeek)
        #expect(standup.team.disputes.open == 1)
        #expect(standup.openDisputes.map(\.lead) == [id])
        #expect(standup.team.dispositions.returned == 1)

        try board.run(.resolveDispute(.overturned, note: "Agreed"), on: id, as: "lena")
        try board.accept(id)
        standup = board.standup(reportWeek)
        let ana = try #require(board.person(standup, "ana"))
        #expect(ana.dispositions.returned == 0, "an overturned return no longer counts against the SDR")
        #expect(ana.dispositions.returnsByReason.isEmpty)
        #expect(ana.dispositions.acceptanceRate == Ratio(1, of: 1))
        #expect(ana.credits.sqls == 1)
        #expect(ana.credits.saos == 1)
        #expect(standup.team.disputes.opened == 1)
        #expect(standup.team.disputes.overturned == 1)
        #expect(standup.team.disputes.overturnRate.percentText == "100 % (1/1)")
        #expect(standup.team.disputes.open == 0)
        #expect(board.lead(id)?.credits == [Credit(sdr: "ana", handoff: 1, sao: true)])
    }

    @Test func aDisputeUpheldKeepsTheReturn() throws {
        var board = try ReportBoard()
        let id = try board.heldMeeting("Acme", at: reportDate(2026, 3, 3, 10))
        try board.giveBack(id, [.noNeed])
        try board.run(.dispute(note: "They do have the pain"), on: id, as: "ana")
        try board.run(.resolveDispute(.upheld, note: nil), on: id, as: "lena")
        let standup = board.standup(reportWeek)
        #expect(standup.team.dispositions.returned == 1)
        #expect(standup.team.disputes.upheld == 1)
        #expect(standup.team.disputes.overturnRate.percentText == "0 % (0/1)")
        #expect(standup.returnsToRework.first?.dispute == .upheld)
    }

    @Test func anUndoneOverturnPutsTheReturnBack() throws {
        var board = try ReportBoard()
        let id = try board.heldMeeting("Acme", at: reportDate(2026, 3, 3, 10))
        try board.giveBack(id, [.noNeed])
        try board.run(.dispute(note: "They do have the pain"), on: id, as: "ana")
        try board.run(.resolveDispute(.overturned, note: nil), on: id, as: "lena")
        try board.undo(id, as: "lena")
        let standup = board.standup(reportWeek)
        #expect(standup.team.dispositions.returned == 1)
        #expect(standup.team.disputes.overturned == 0)
        #expect(standup.team.disputes.open == 1)
        #expect(standup.returnsToRework.first?.dispute == .open)
    }

    @Test func creditGoesToTheSDRWhoOwnedTheLeadAtTheDisposition() throws {
        var board = try ReportBoard()
        let id = try board.heldMeeting("Acme", at: reportDate(2026, 3, 3, 10))
        let fields = try #require(board.lead(id)?.fields)
        try board.run(.edit(fields, owner: "sam"), on: id, as: "lena")
        try board.accept(id)
        let standup = board.standup(reportWeek)
        #expect(board.person(standup, "sam")?.credits.sqls == 1)
        #expect(board.person(standup, "ana")?.credits.sqls == 0)
        #expect(board.person(standup, "ana")?.handoffs == 1, "ana booked it")
        #expect(board.lead(id)?.credits.first?.sdr == "sam")
    }

    @Test func dispositionsOutsideThePeriodDoNotCount() throws {
        var board = try ReportBoard(start: reportDate(2026, 2, 25, 9))
        let early = try board.heldMeeting("Acme", at: reportDate(2026, 2, 26, 10))
        try board.accept(early)
        let late = try board.heldMeeting("Globex", at: reportDate(2026, 3, 4, 10))
        try board.nurture(late, revisit: reportDate(2026, 6, 1))
        let standup = board.standup(reportWeek)
        #expect(standup.team.dispositions.total == 1)
        #expect(standup.team.dispositions.nurture == 1)
        #expect(standup.team.credits.sqls == 1)
        #expect(standup.team.credits.saos == 0)
    }

    @Test func theTeamGroupingHasNoPeople() throws {
        var board = try ReportBoard()
        let id = try board.heldMeeting("Acme", at: reportDate(2026, 3, 3, 10))
        try board.accept(id)
        let standup = board.standup(reportWeek, grouping: .team)
        #expect(standup.people.isEmpty)
        #expect(standup.team.credits.saos == 1)
    }
}
