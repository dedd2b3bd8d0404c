import Foundation
import Testing
@testable import HandoffCore

/// The no-show policy (issue 16, item 4): a no-show or cancellation says why, and a lead
/// that missed its meeting `limit` times is not booked again; its SDR archives it, or a
/// team lead recycles it to nurture.
@Suite struct NoShowPolicyTests {
    /// Decides as a live command does: under `policy`, the lead's no-shows counted from
    /// its history for a booking (what `LogWriter.execute` does).
    @discardableResult
    static func live(_ board: inout Fixture, _ command: Command, as actor: String,
                     policy: RulePolicy = .standard) throws(RuleError) -> Event {
        let id = LeadID(1)
        var lead = board.lead(id)
        if case .book = command { lead?.noShows = NoShows.count(in: board.history(of: id)) }
        var context = board.context
        context.policy = policy
        var event = try Rules.decide(command, lead: lead, actor: actor, context: context)
        board.commit(&event)
        return event
    }

    /// Books L-1 again and lets the meeting's time pass; the clock moves a day each time.
    static func bookAndMiss(_ board: inout Fixture, policy: RulePolicy = .standard) throws(RuleError) {
        let at = board.now.addingTimeInterval(86_400)
        try live(&board, .book(ae: "alex", at: at, agenda: "Discovery"), as: "sam", policy: policy)
        board.clock.set(at.addingTimeInterval(3600))
    }

    static let noShow = Command.logOutcome(.noShow, newTime: nil, note: nil, reason: .noResponse)

    @Test func aNoShowOrCancellationNeedsAReasonAndCarriesIt() throws {
        var board = try Fixture()
        try board.stage(.due)
        for outcome in [MeetingOutcome.noShow, .canceled] {
            let error = #expect(throws: RuleError.self) {
                try Self.live(&board, .logOutcome(outcome, newTime: nil, note: nil), as: "sam")
            }
            #expect(error?.kind == .invalid)
            #expect(error?.description.contains("a reason code is required (--reason no_response|conflict|wrong_person") == true)
        }
        let event = try Self.live(&board, .logOutcome(.canceled, newTime: nil, note: nil, reason: .conflict), as: "sam")
        #expect(event.payload.outcomeReason == .conflict)
        #expect(event.summary.hasPrefix("logged the meeting canceled (conflict)"))
    }

    @Test func heldAndRescheduledRefuseAReasonUnderEveryPolicy() throws {
        var board = try Fixture()
        try board.stage(.due)
        for policy in [RulePolicy.standard, .replay] {
            let held = #expect(throws: RuleError.self) {
                try Self.live(&board, .logOutcome(.held, newTime: nil, note: nil, reason: .other), as: "alex", policy: policy)
            }
            #expect(held == .invalid("cannot log L-1 as held with the reason other: a reason code is only for a no-show or a cancellation"))
            #expect(throws: RuleError.self) {
                try Self.live(&board, .logOutcome(.rescheduled, newTime: Fixture.future, note: nil, reason: .conflict),
                              as: "sam", policy: policy)
            }
        }
    }

    /// A log written before reasons existed replays: `.replay` does not ask for one.
    @Test func aReplayedNoShowWithoutAReasonStillFits() throws {
        var board = try Fixture()
        try board.stage(.due)
        let event = try Self.live(&board, .logOutcome(.noShow, newTime: nil, note: nil), as: "sam", policy: .replay)
        #expect(event.payload.outcomeReason == nil)
        #expect(LogAudit.violations(in: board.log, calendar: utc).isEmpty)
    }

    @Test func theLimitRefusesRebookingAndOffersArchiveOrNurture() throws {
        var board = try Fixture()
        try board.stage(.qualified)
        for _ in 0..<2 {
            try Self.bookAndMiss(&board)
            try Self.live(&board, Self.noShow, as: "sam")
        }
        #expect(NoShows.count(in: board.history(of: LeadID(1))) == 2)
        let at = board.now.addingTimeInterval(86_400)
        let refusal = #expect(throws: RuleError.self) {
            try Self.live(&board, .book(ae: "alex", at: at, agenda: "Third try"), as: "sam")
        }
        #expect(refusal == .refused("cannot book L-1 again: its meeting was a no-show 2 times, the team's limit ([no_show] limit = 2); archive it (`handoff archive L-1`, key A), or ask a team lead to recycle it to nurture (`handoff nurture L-1 --reason … --revisit DATE`, key d)"))
        // The board asks the same guard before the form opens (the full lead's facts).
        var lead = try #require(board.lead())
        lead.noShows = 2
        var context = board.context
        context.policy = .standard
        #expect(Rules.check(.book, on: lead.facts, actor: "lee", context: context).reason?.contains("or recycle it to nurture") == true)
        // A higher limit, no limit (0) or a replay lets it through.
        for policy in [RulePolicy(noShowLimit: 3, outcomeReasonRequired: true), RulePolicy(noShowLimit: 0, outcomeReasonRequired: true), .replay] {
            #expect(throws: Never.self) {
                try Rules.decide(.book(ae: "alex", at: at, agenda: "x"), lead: lead, actor: "sam",
                                 context: { var c = board.context; c.policy = policy; return c }())
            }
        }
    }

    @Test func undoingANoShowBringsTheLeadBackUnderTheLimit() throws {
        var board = try Fixture()
        try board.stage(.qualified)
        try Self.bookAndMiss(&board)
        try Self.live(&board, Self.noShow, as: "sam")
        try Self.bookAndMiss(&board)
        try Self.live(&board, Self.noShow, as: "sam")
        try board.undo(as: "sam")
        #expect(board.lead()?.column == .handedOff)
        #expect(NoShows.count(in: board.history(of: LeadID(1))) == 1)
        // Canceled instead: cancellations do not count, so it books again.
        try Self.live(&board, .logOutcome(.canceled, newTime: nil, note: nil, reason: .conflict), as: "sam")
        #expect(NoShows.count(in: board.history(of: LeadID(1))) == 1)
        try Self.bookAndMiss(&board)
        #expect(board.lead()?.column == .handedOff)
    }

    @Test func theSDRArchivesATeamLeadNurturesAndAReactivationStartsAfresh() throws {
        var board = try Fixture()
        try board.stage(.qualified)
        for _ in 0..<2 {
            try Self.bookAndMiss(&board)
            try Self.live(&board, Self.noShow, as: "sam")
        }
        let nurture = Command.nurture(reason: "Went quiet twice; try next quarter", revisit: Fixture.future)
        let sdr = #expect(throws: RuleError.self) { try Self.live(&board, nurture, as: "sam") }
        #expect(sdr?.kind == .notPermitted)
        #expect(sdr?.description.contains("its SDR may archive it") == true)
        #expect(throws: RuleError.self) { try Self.live(&board, nurture, as: "alex") }
        // The SDR may archive it (and undo that); a team lead may recycle it to nurture.
        try Self.live(&board, .archive, as: "sam")
        #expect(board.lead()?.column == .archived)
        try board.undo(as: "sam")
        try Self.live(&board, nurture, as: "lee")
        #expect(board.lead()?.column == .nurture)
        #expect(board.lead()?.credits.isEmpty == true, "no credit without a held meeting")
        // Reactivated from nurture, the lead starts a fresh run: it may be booked again.
        try Self.live(&board, .rework, as: "sam")
        #expect(NoShows.count(in: board.history(of: LeadID(1))) == 0)
        try Self.live(&board, .score(Fixture.allMet), as: "sam")
        try Self.bookAndMiss(&board)
        #expect(board.lead()?.column == .handedOff)
        #expect(LogAudit.violations(in: board.log, calendar: utc).isEmpty, "the log replays")
    }

    @Test func reasonCodesReadAsTyped() {
        #expect(OutcomeReason(code: "No-Response") == .noResponse)
        #expect(OutcomeReason(code: "wrong person") == .wrongPerson)
        #expect(OutcomeReason(code: "nope") == nil)
        #expect(OutcomeReason.codes == "no_response, conflict, wrong_person, not_interested, technical, other")
    }
}
