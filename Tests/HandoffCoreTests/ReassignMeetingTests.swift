import Foundation
import Testing
@testable import HandoffCore

/// Cover: `reassignMeeting` moves a booked meeting to another AE by the one rules path, keeps
/// the booking (the SDR's credit), and undo, redo and the log's audit take it like any change.
@Suite("Reassigning a meeting to another AE")
struct ReassignMeetingTests {
    static func booked() throws -> Fixture {
        var board = try Fixture()
        try board.stage(.booked)
        return board
    }

    @Test func aTeamLeadMovesTheMeetingAndTheBookingStays() throws {
        var board = try Self.booked()
        let before = try #require(board.lead()?.meeting)
        let event = try board.run(.reassignMeeting(ae: " ava ", note: "alex is out"), on: LeadID(1), as: "lee")
        #expect(event.type == .reassigned)
        #expect(event.from == .handedOff && event.to == .handedOff)
        #expect(event.payload.previousAE == "alex")
        #expect(event.payload.note == "alex is out")
        #expect(event.summary == "reassigned the meeting from alex to ava")
        let meeting = try #require(board.lead()?.meeting)
        #expect(meeting.ae == "ava")
        #expect(meeting.bookedBy == before.bookedBy && meeting.bookedAt == before.bookedAt)
        #expect(meeting.at == before.at && meeting.agenda == before.agenda)
        #expect(board.lead()?.column == .handedOff)
        // The new AE takes it from here; the SDR's credit is as if alex had held it.
        board.clock.set(Fixture.meetingAt.addingTimeInterval(3600))
        try board.run(.logOutcome(.held, newTime: nil, note: nil), on: LeadID(1), as: "ava")
        #expect(throws: RuleError.notPermitted("cannot accept L-1: only the meeting's AE (ava) or a team lead may")) {
            try board.decide(.accept(nextStep: "Demo", nextDate: Fixture.future, opportunity: nil, assessment: nil), on: LeadID(1), as: "alex")
        }
        try board.run(.accept(nextStep: "Demo", nextDate: Fixture.future, opportunity: nil, assessment: nil), on: LeadID(1), as: "ava")
        #expect(board.lead()?.credits == [Credit(sdr: "sam", handoff: 1, sao: true)])
        #expect(LogAudit.violations(in: board.log, calendar: utc).isEmpty)
    }

    @Test func theMeetingsAEMayHandItOnAndNobodyElseBelowALead() throws {
        var board = try Self.booked()
        #expect(throws: RuleError.notPermitted("cannot reassign the meeting of L-1: only the meeting's AE (alex) or a team lead may")) {
            try board.decide(.reassignMeeting(ae: "ava", note: nil), on: LeadID(1), as: "sam")
        }
        #expect(throws: RuleError.notPermitted("cannot reassign the meeting of L-1: only the meeting's AE (alex) or a team lead may")) {
            try board.decide(.reassignMeeting(ae: "ava", note: nil), on: LeadID(1), as: "ava")
        }
        try board.run(.reassignMeeting(ae: "ava", note: nil), on: LeadID(1), as: "alex")
        // It is ava's now: alex may not take it back himself.
        #expect(throws: RuleError.notPermitted("cannot reassign the meeting of L-1: only the meeting's AE (ava) or a team lead may")) {
            try board.decide(.reassignMeeting(ae: "alex", note: nil), on: LeadID(1), as: "alex")
        }
        let context = board.context
        let facts = try #require(board.lead()?.card.facts)
        #expect(Rules.check(.reassignMeeting, on: facts, actor: "ava", context: context) == .allowed)
        #expect(Rules.check(.reassignMeeting, on: facts, actor: "alex", context: context).reason
            == "cannot reassign the meeting of L-1: only the meeting's AE (ava) or a team lead may")
    }

    @Test func theNewAEMustBeAnotherAEOnTheTeamWhoDidNotBookIt() throws {
        var board = try Self.booked()
        let cases: [(String, RuleError)] = [
            ("alex", .refused("cannot reassign the meeting of L-1: it is already with alex")),
            ("sam", .invalid("cannot reassign the meeting of L-1: sam is an SDR, not an AE")),
            ("zed", .notFound("cannot reassign the meeting of L-1: zed is not on the team")),
            ("  ", .notFound("cannot reassign the meeting of L-1: no AE given")),
            (String(repeating: "a", count: 65), .invalid("cannot reassign the meeting of L-1: the AE is longer than 64 characters (it has 65)")),
        ]
        for (ae, error) in cases {
            #expect(throws: error) { try board.decide(.reassignMeeting(ae: ae, note: nil), on: LeadID(1), as: "lee") }
        }
        // A team lead who booked a meeting never becomes its AE.
        let id = try board.addLead("Initech", owner: "lee")
        try board.run(.score(Fixture.allMet), on: id, as: "lee")
        try board.run(.book(ae: "alex", at: Fixture.future, agenda: "Pain"), on: id, as: "lee")
        #expect(throws: RuleError.refused("cannot reassign the meeting of L-2: lee booked it, and an AE may never disposition a meeting they booked; pick another AE")) {
            try board.decide(.reassignMeeting(ae: "lee", note: nil), on: id, as: "alex")
        }
    }

    /// Only a handed-off lead with a meeting; a held one waiting for its disposition may
    /// move (a covering AE decides it), a dispositioned one may not.
    @Test(arguments: Stage.allCases)
    func onlyAMeetingStillInHandedOff(_ stage: Stage) throws {
        var board = try Fixture()
        try board.stage(stage)
        let result: Result<Event, RuleError> = Result { () throws(RuleError) in
            try board.decide(.reassignMeeting(ae: "ava", note: nil), on: LeadID(1), as: "lee")
        }
        switch stage {
        case .booked, .due, .held, .overturned:
            #expect(throws: Never.self) { try result.get() }
        case .new, .qualified, .rebook:
            #expect(throws: RuleError.refused("cannot reassign the meeting of L-1: it is in SDR queue; only leads in Handed off can be reassigned to another AE")) {
                try result.get()
            }
        default:
            #expect(throws: RuleError.self) { try result.get() }
            #expect(Rules.check(.reassignMeeting, on: board.lead()?.facts, actor: "lee", context: board.context) != .allowed)
        }
    }

    @Test func undoGivesTheMeetingBackAndRedoMovesItAgain() throws {
        var board = try Self.booked()
        let reassign = try board.run(.reassignMeeting(ae: "ava", note: nil), on: LeadID(1), as: "alex")
        let undo = try board.undo(reassign, as: "alex")
        #expect(board.lead()?.meeting?.ae == "alex")
        #expect(undo.payload.undoes == reassign.seq)
        let lead = try #require(board.lead())
        var redo = try Redo.decide(redoing: undo, history: board.history(of: LeadID(1)), lead: lead, actor: "alex",
                                   context: board.context)
        #expect(redo.type == .reassigned && redo.payload.meeting?.ae == "ava" && redo.payload.previousAE == "alex")
        board.commit(&redo)
        #expect(board.lead()?.meeting?.ae == "ava")
        #expect(LogAudit.violations(in: board.log, calendar: utc).isEmpty)
    }

    @Test func theAuditRefusesAReassignThatMovesTheBooking() throws {
        var board = try Self.booked()
        try board.run(.reassignMeeting(ae: "ava", note: nil), on: LeadID(1), as: "lee")
        var log = board.log
        let last = log.count - 1
        log[last].payload.meeting?.bookedBy = "sue"
        let found = LogAudit.violations(in: log, calendar: utc)
        #expect(found.map(\.seq) == [log[last].seq])
        #expect(found.first?.message.contains("the recorded meeting differs") == true)
    }

    @Test func theReportCountsWhatFollowsForTheNewAE() throws {
        var board = try Self.booked()
        let event = try board.run(.reassignMeeting(ae: "ava", note: nil), on: LeadID(1), as: "lee")
        #expect(ReportEvent(event)?.person == "ava")
        #expect(ReportColumns(event).person == "ava")
    }
}
