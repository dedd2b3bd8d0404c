import Foundation
import Testing
@testable import HandoffCore

/// `lead` with the bookkeeping of `reference` (version, last change): what must be left
/// once an undo has put a lead back as it stood.
func bookkept(_ lead: Lead, like reference: Lead) -> Lead {
    var copy = lead
    copy.version = reference.version
    copy.updatedAt = reference.updatedAt
    copy.lastActor = reference.lastActor
    copy.lastEvent = reference.lastEvent
    return copy
}

/// How a handoff ends, for the credit table.
enum Ending: String, CaseIterable, Sendable {
    case accepted, nurtured, returnedAfterMeeting, returnedBeforeMeeting, noShow, canceled, rescheduledOnly
}

@Suite("Credit")
struct CreditTests {
    @Test("SQL credit for held + accepted or nurture, SAO for accepted only", arguments: [
        (Ending.accepted, [Credit(sdr: "sam", handoff: 1, sao: true)]),
        (.nurtured, [Credit(sdr: "sam", handoff: 1, sao: false)]),
        (.returnedAfterMeeting, []),
        (.returnedBeforeMeeting, []),
        (.noShow, []),
        (.canceled, []),
        (.rescheduledOnly, []),
    ])
    func creditTable(_ ending: Ending, _ credits: [Credit]) throws {
        var board = try Fixture()
        let id: LeadID
        switch ending {
        case .accepted: id = try board.stage(.sao)
        case .nurtured: id = try board.stage(.nurture)
        case .returnedAfterMeeting: id = try board.stage(.returned)
        case .returnedBeforeMeeting:
            id = try board.stage(.booked)
            try board.run(.returnLead(reasons: [.notICP], failed: [], note: "Too small"), on: id, as: "alex")
        case .noShow: id = try board.stage(.rebook)
        case .canceled:
            id = try board.stage(.booked)
            try board.run(Action.canceled.command, on: id, as: "sam")
        case .rescheduledOnly:
            id = try board.stage(.booked)
            try board.run(Action.rescheduled.command, on: id, as: "alex")
        }
        let lead = try #require(board.lead(id))
        #expect(lead.credits == credits)
        #expect(lead.creditedSQLs == credits.count)
        #expect(lead.creditedSAOs == credits.filter(\.sao).count)
    }

    @Test func aNoShowEarnsNothingButTheRebookedHandoffDoes() throws {
        var board = try Fixture()
        let id = try board.stage(.rebook)
        #expect(board.lead(id)?.credits.isEmpty == true)
        try board.run(.book(ae: "alex", at: utcDate(2026, 3, 10, 10), agenda: "again"), on: id, as: "sam")
        board.clock.set(utcDate(2026, 3, 10, 11))
        try board.run(Action.held.command, on: id, as: "alex")
        try board.run(Action.accept.command, on: id, as: "alex")
        #expect(board.lead(id)?.credits == [Credit(sdr: "sam", handoff: 2, sao: true)])
    }

    @Test func eachCreditedHandoffCounts() throws {
        var board = try Fixture()
        let id = try board.stage(.nurture)
        try board.run(.rework, on: id, as: "sam")
        try board.run(.book(ae: "ava", at: utcDate(2026, 5, 4, 10), agenda: "back"), on: id, as: "sam")
        board.clock.set(utcDate(2026, 5, 4, 11))
        try board.run(Action.held.command, on: id, as: "ava")
        try board.run(.accept(nextStep: "Proposal", nextDate: utcDate(2026, 5, 11), opportunity: nil, assessment: nil), on: id, as: "ava")
        let lead = try #require(board.lead(id))
        #expect(lead.credits == [Credit(sdr: "sam", handoff: 1, sao: false), Credit(sdr: "sam", handoff: 2, sao: true)])
        #expect(lead.creditedSQLs == 2)
        #expect(lead.creditedSAOs == 1)
    }

    @Test func creditGoesToTheOwnerAtTheTime() throws {
        var board = try Fixture()
        let id = try board.stage(.held)
        try board.run(.edit(LeadFields(company: "Acme", contact: "Pat Doe", email: "pat@acme.test"), owner: "sue"), on: id, as: "lee")
        try board.run(Action.nurture.command, on: id, as: "alex")
        #expect(board.lead(id)?.credits == [Credit(sdr: "sue", handoff: 1, sao: false)])
    }

    @Test(arguments: [Action.accept, .nurture])
    func anOverturnedReturnThenDispositionRestoresCredit(_ action: Action) throws {
        var board = try Fixture()
        let id = try board.stage(.returned)
        #expect(board.lead(id)?.credits.isEmpty == true)
        try board.run(Action.dispute.command, on: id, as: "sam")
        try board.run(Action.overturn.command, on: id, as: "lee")
        #expect(board.lead(id)?.credits.isEmpty == true)
        try board.run(action.command, on: id, as: "alex")
        #expect(board.lead(id)?.credits == [Credit(sdr: "sam", handoff: 1, sao: action == .accept)])
    }

    @Test func anOverturnedTriageReturnNeedsTheMeetingHeldBeforeCredit() throws {
        var board = try Fixture()
        let id = try board.stage(.booked)
        try board.run(.returnLead(reasons: [.noAuthority], failed: [], note: "Wrong person"), on: id, as: "alex")
        try board.run(Action.dispute.command, on: id, as: "sam")
        try board.run(Action.overturn.command, on: id, as: "lee")
        #expect(board.lead(id)?.column == .handedOff)
        #expect(board.lead(id)?.meeting?.outcome == nil)
        let early = #expect(throws: RuleError.self) { try board.decide(Action.accept.command, on: id, as: "alex") }
        #expect(early?.kind == .refused)
        board.clock.set(Fixture.meetingAt)
        try board.run(Action.held.command, on: id, as: "alex")
        try board.run(Action.accept.command, on: id, as: "alex")
        #expect(board.lead(id)?.credits == [Credit(sdr: "sam", handoff: 1, sao: true)])
    }

    @Test func anUpheldReturnEarnsNothing() throws {
        var board = try Fixture()
        let id = try board.stage(.upheld)
        #expect(board.lead(id)?.credits.isEmpty == true)
    }

    @Test func undoingTheDispositionTakesTheCreditBack() throws {
        var board = try Fixture()
        let id = try board.stage(.sao)
        #expect(board.lead(id)?.creditedSAOs == 1)
        try board.undo(id, as: "alex")
        #expect(board.lead(id)?.credits.isEmpty == true)
        #expect(board.lead(id)?.column == .handedOff)
    }
}

/// Every transition that the matrix allows, to undo.
let undoableCases: [TransitionCase] = transitionMatrix.filter(\.expect.succeeds)

@Suite("Undo")
struct UndoTests {
    static func event(_ seq: Int64, _ type: EventType, undoes: Int64? = nil) -> Event {
        Event(seq: seq, at: Fixture.start, actor: "sam", lead: LeadID(1), type: type, from: .queue, to: .queue,
              payload: EventPayload(undoes: undoes))
    }

    @Test func effectiveDropsUndoneEventsAndTheUndosThemselves() {
        let e = UndoTests.event
        let history = [e(1, .created, nil), e(2, .scored, nil), e(3, .booked, nil), e(4, .undone, 3),
                       e(5, .scored, nil), e(6, .undone, 5), e(7, .undone, 2)]
        #expect(Undo.effective(history).map(\.seq) == [1])
        #expect(Undo.effective(Array(history.prefix(4))).map(\.seq) == [1, 2])
        #expect(Undo.effective(Array(history.prefix(6))).map(\.seq) == [1, 2])
        #expect(Undo.effective([]).isEmpty)
        // An undo of something not in effect changes nothing.
        #expect(Undo.effective([e(1, .created, nil), e(2, .undone, 99)]).map(\.seq) == [1])
    }

    @Test("undo restores the state before every transition", arguments: undoableCases)
    func undoRestoresExactly(_ testCase: TransitionCase) throws {
        var board = try Fixture()
        let id = try board.stage(testCase.stage)
        let before = try #require(board.lead(id))
        let actor = testCase.action.actor(at: testCase.stage)
        let done = try board.run(testCase.action.command, on: id, as: actor)
        board.clock.advance(by: 60)
        let undo = try board.undo(id, as: actor)
        #expect(undo.type == .undone)
        #expect(undo.actor == actor)
        #expect(undo.payload.undoes == done.seq)
        #expect(undo.payload.restored == before, "the event carries the lead exactly as it stood")
        #expect(undo.to == before.column)
        let after = try #require(board.lead(id))
        #expect(bookkept(after, like: before) == before)
        #expect(after.version == before.version + 2, "undo appends; versions only grow")
        #expect(after.lastEvent == .undone)
        #expect(after.lastActor == actor)
        #expect(after.updatedAt == board.now)
        #expect(after.columnSince == before.columnSince)
        #expect(board.history(of: id).contains(done), "the undone event stays in the log")
    }

    @Test func repeatedUndoWalksBackToCreationThenArchives() throws {
        var board = try Fixture()
        let id = try board.addLead()
        var snapshots = [try #require(board.lead(id))]
        try board.run(.score(Fixture.allMet), on: id, as: "lee")
        snapshots.append(try #require(board.lead(id)))
        try board.run(Action.book.command, on: id, as: "lee")
        snapshots.append(try #require(board.lead(id)))
        board.clock.set(Fixture.future)
        try board.run(Action.held.command, on: id, as: "lee")
        snapshots.append(try #require(board.lead(id)))
        try board.run(Action.accept.command, on: id, as: "lee")
        let columns = board.log.filter { $0.lead == id }.compactMap(\.to)
        #expect(columns == [.queue, .queue, .handedOff, .handedOff, .sao])
        for expected in snapshots.reversed() {
            try board.undo(id, as: "lee")
            let lead = try #require(board.lead(id))
            #expect(bookkept(lead, like: expected) == expected)
        }
        // Undoing the creation withdraws the lead to the archive.
        let withdraw = try board.undo(id, as: "lee")
        #expect(withdraw.payload.restored == nil)
        #expect(withdraw.to == .archived)
        #expect(board.lead(id)?.column == .archived)
        #expect(board.history(of: id).count == 10, "five changes and five undos, nothing deleted")
        #expect(board.lead(id)?.version == 10)
        // Undoing the withdrawal brings the lead back as it was created.
        let back = try board.undo(id, as: "lee")
        #expect(back.payload.undoes == withdraw.seq)
        #expect(board.lead(id)?.column == .queue)
        #expect(board.history(of: id).count == 11)
    }

    @Test func undoOfCreationArchives() throws {
        var board = try Fixture()
        let id = try board.addLead()
        let event = try board.undo(id, as: "sam")
        #expect(event.from == .queue)
        #expect(event.to == .archived)
        let lead = try #require(board.lead(id))
        #expect(lead.column == .archived)
        #expect(lead.company == "Acme", "kept, only hidden")
        #expect(lead.version == 2)
    }

    @Test func anSDRCannotUndoSomeoneElsesChangeButALeadCan() throws {
        var board = try Fixture()
        let id = try board.stage(.held)
        let before = try #require(board.history(of: id).dropLast().reduce(nil as Lead?) { Projection.apply($1, to: $0) })
        for actor in ["sam", "sue", "ava"] {
            let error = #expect(throws: RuleError.self) { try board.undo(id, as: actor) }
            #expect(error == .notPermitted("cannot undo on L-1: the last change was alex's; only they or a team lead may undo it"))
        }
        let stranger = #expect(throws: RuleError.self) { try board.undo(id, as: "zed") }
        #expect(stranger == .notPermitted("zed is not on the team roster: the board is read-only for you (a team lead can add you with `handoff team add zed --role sdr|ae|lead`)"))
        try board.undo(id, as: "lee")
        let lead = try #require(board.lead(id))
        #expect(bookkept(lead, like: before) == before)
        #expect(lead.meeting?.outcome == nil)
    }

    @Test func undoAfterTheLeadChangedSinceIsRefusedNamingWho() throws {
        var board = try Fixture()
        let id = try board.stage(.due)
        let booked = try #require(board.history(of: id).last(where: { $0.actor == "sam" }))
        #expect(booked.type == .booked)
        try board.run(Action.held.command, on: id, as: "alex")
        let error = #expect(throws: RuleError.self) { try board.undo(booked, on: id, as: "sam") }
        #expect(error == .refused("cannot undo on L-1: it was changed since by alex (logged the meeting); undo theirs first or act on the card as it is"))
        // Once alex's change is undone, sam's is the newest again.
        try board.undo(id, as: "alex")
        try board.undo(booked, on: id, as: "sam")
        #expect(board.lead(id)?.column == .queue)
        #expect(board.lead(id)?.meeting == nil)
        #expect(board.lead(id)?.handoffs == 0)
    }

    @Test func anUndoneEventCannotBeUndoneTwice() throws {
        var board = try Fixture()
        let id = try board.stage(.qualified)
        let scored = try #require(board.history(of: id).last)
        try board.undo(id, as: "sam")
        let error = #expect(throws: RuleError.self) { try board.undo(scored, on: id, as: "sam") }
        #expect(error == .refused("cannot undo on L-1: that change (scored, event #\(scored.seq)) is no longer in effect"))
    }

    @Test func undoOfAnOverturnReopensTheDispute() throws {
        var board = try Fixture()
        let id = try board.stage(.overturned)
        try board.undo(id, as: "lee")
        let lead = try #require(board.lead(id))
        #expect(lead.column == .returned)
        #expect(lead.disputeOpen)
        #expect(lead.disposition?.kind == .returned)
    }

    @Test func anUndoneChangeCanBeMadeAgain() throws {
        var board = try Fixture()
        let id = try board.stage(.held)
        try board.undo(id, as: "alex")
        try board.run(.logOutcome(.held, newTime: nil, note: "second time"), on: id, as: "alex")
        #expect(board.lead(id)?.meeting?.outcomeNote == "second time")
        // Replaying the whole log gives the same board.
        let replay = Projection.replay(board.log)
        #expect(replay.misfits.isEmpty)
        #expect(replay.leads == board.leads)
        #expect(replay.team == board.team)
    }
}
