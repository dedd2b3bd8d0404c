import Foundation
import Testing
@testable import HandoffCore

/// Issue 12 part 3: the SDR side of a lead needs the SDR role as well as the ownership;
/// an AE never dispositions a meeting they booked; an overturned handoff is accepted or
/// nurtured, never returned again; an SDR adds leads only to their own queue; role
/// changes, reassigning, undoing a withdrawal and restoring an archived lead.
@Suite("Roles and ownership")
struct RoleAndOwnershipTests {
    /// The SDR-side verbs, each on the stage where sam could rightly take it.
    static let sdrSide: [(Action, Stage)] = [
        (.edit, .new), (.score, .new), (.book, .qualified), (.rework, .returned), (.dispute, .returned), (.archive, .returned),
    ]

    @Test("an SDR who became an AE may not work her own leads", arguments: sdrSide.indices)
    func theSDRSideNeedsTheSDRRole(_ index: Int) throws {
        let (action, stage) = Self.sdrSide[index]
        var board = try Fixture()
        let id = try board.stage(stage)
        try board.run(.editMember(name: "sam", role: .ae, login: nil), as: "lee")
        let error = #expect(throws: RuleError.self) { try board.decide(action.command, on: id, as: "sam") }
        #expect(error?.kind == .notPermitted)
        #expect(error?.description.contains("sam is an AE now, and the SDR side of a lead needs the SDR role") == true,
                "\(String(describing: error))")
        // A team lead still acts on it.
        try board.run(action.command, on: id, as: "lee")
    }

    @Test func theIssuesSelfDealIsRefused() throws {
        // maya (sam here) is re-roled to AE and tries to book her own lead with herself.
        var board = try Fixture()
        let id = try board.stage(.qualified)
        try board.run(.editMember(name: "sam", role: .ae, login: nil), as: "lee")
        let error = #expect(throws: RuleError.self) {
            try board.decide(.book(ae: "sam", at: Fixture.future, agenda: "Discovery"), on: id, as: "sam")
        }
        #expect(error?.kind == .notPermitted)
        #expect(board.lead(id)?.column == .queue)
    }

    @Test func aTeamLeadCannotBookAMeetingWithThemselvesAsTheAE() throws {
        var board = try Fixture()
        let id = try board.stage(.qualified)
        let error = #expect(throws: RuleError.self) {
            try board.decide(.book(ae: "lee", at: Fixture.future, agenda: "Discovery"), on: id, as: "lee")
        }
        #expect(error == .refused("cannot book L-1: lee would be both the booker and the AE of the meeting, and an AE may never disposition a meeting they booked; book it with another AE"))
        try board.run(.book(ae: "alex", at: Fixture.future, agenda: "Discovery"), on: id, as: "lee")
    }

    @Test("an AE never dispositions a meeting they booked", arguments: [Action.accept, .nurture, .returnLead])
    func noDispositionOfOnesOwnBooking(_ action: Action) throws {
        var board = try Fixture()
        let id = try board.stage(.held)
        // A log from before the rule (or forged): alex booked the meeting alex holds.
        board.leads[id]?.meeting?.bookedBy = "alex"
        let error = #expect(throws: RuleError.self) { try board.decide(action.command, on: id, as: "alex") }
        #expect(error?.kind == .notPermitted)
        #expect(error?.description.contains("an AE may never disposition a meeting they booked") == true)
        try board.run(action.command, on: id, as: "lee")
    }

    @Test func afterAnOverturnTheHandoffIsAcceptedOrNurturedNeverReturnedAgain() throws {
        var board = try Fixture()
        let id = try board.stage(.overturned)
        for actor in ["alex", "lee"] {
            let again = #expect(throws: RuleError.self) { try board.decide(Action.returnLead.command, on: id, as: actor) }
            #expect(again == .refused("cannot return L-1 again: its return was overturned on dispute by lee; this handoff can now only be accepted or recycled to nurture"))
        }
        let otherAE = #expect(throws: RuleError.self) { try board.decide(Action.accept.command, on: id, as: "ava") }
        #expect(otherAE?.kind == .notPermitted)
        _ = try board.decide(Action.nurture.command, on: id, as: "alex")
        try board.run(Action.accept.command, on: id, as: "alex")
        #expect(board.lead(id)?.column == .sao)
    }

    @Test func aNewHandoffAfterAReworkMayBeReturnedAgain() throws {
        var board = try Fixture()
        let id = try board.stage(.upheld)
        try board.run(.rework, on: id, as: "sam")
        try board.run(.score(Fixture.allMet), on: id, as: "sam")
        try board.run(.book(ae: "alex", at: Fixture.future, agenda: "Second look"), on: id, as: "sam")
        try board.run(Action.returnLead.command, on: id, as: "alex")
        #expect(board.lead(id)?.column == .returned)
    }

    struct AddCase: Sendable, CustomTestStringConvertible {
        let actor: String
        let owner: String?
        let allowed: Bool
        var testDescription: String { "\(actor) adds for \(owner ?? "themselves"): \(allowed ? "yes" : "no")" }
    }

    @Test("an SDR adds leads only to their own queue", arguments: [
        AddCase(actor: "sam", owner: nil, allowed: true), AddCase(actor: "sam", owner: "sam", allowed: true),
        AddCase(actor: "sam", owner: "sue", allowed: false), AddCase(actor: "sam", owner: " sue ", allowed: false),
        AddCase(actor: "lee", owner: "sue", allowed: true), AddCase(actor: "lee", owner: nil, allowed: true),
    ])
    func ownQueueOnly(_ testCase: AddCase) throws {
        let board = try Fixture()
        let fields = LeadFields(company: "Globex", contact: "Hank")
        for command in [Command.addLead(fields, owner: testCase.owner), .importLead(fields, owner: testCase.owner, column: .nurture)] {
            if testCase.allowed {
                let event = try board.decide(command, as: testCase.actor)
                #expect(event.payload.owner == testCase.owner.map(Rules.trimmed) ?? testCase.actor)
            } else {
                let error = #expect(throws: RuleError.self) { try board.decide(command, as: testCase.actor) }
                #expect(error?.kind == .notPermitted)
                #expect(error?.description.contains("an SDR adds leads only to their own queue") == true)
            }
        }
    }

    @Test func teamAddOfAnExistingMemberPointsAtTeamEdit() throws {
        let board = try Fixture()
        for (name, role) in [("sam", Role.ae), ("sam", .sdr), ("sam\u{00A0}", .ae), (" sam", .lead)] {
            let error = #expect(throws: RuleError.self) { try board.decide(.addMember(Member(name: name, role: role)), as: "lee") }
            let hint = role == .sdr ? "R" : role.rawValue
            #expect(error == .refused("sam is already on the team as SDR; `team add` only adds new members (to change a role: `handoff team edit sam --role \(hint)`)"))
        }
    }

    @Test func aRoleChangeIsRefusedWhileItLeavesAMeetingItsBookerHolds() throws {
        var board = try Fixture()
        let id = try board.stage(.held)
        board.leads[id]?.meeting?.bookedBy = "alex"
        var context = board.context
        context.memberLeads = Array(board.leads.values)
        let error = #expect(throws: RuleError.self) {
            try Rules.decide(.editMember(name: "alex", role: .sdr, login: nil), lead: nil, actor: "lee", context: context)
        }
        #expect(error == .refused("cannot make alex SDR: alex booked L-1 with themselves as the AE; have a team lead rebook or disposition L-1 first"))
        // Without that meeting, the change goes through.
        board.leads[id]?.meeting?.bookedBy = "sam"
        context.memberLeads = Array(board.leads.values)
        let event = try Rules.decide(.editMember(name: "alex", role: .sdr, login: nil), lead: nil, actor: "lee", context: context)
        #expect(event.payload.member?.role == .sdr)
    }

    @Test func holdingsSayWhatAMemberStillHolds() throws {
        var board = try Fixture()
        try board.stage(.held)
        try board.addLead("Globex")
        try board.addLead("Initech", owner: "sue")
        let sam = Holdings(of: "sam", in: board.leads.values)
        #expect(sam.ownedCount == 2)
        #expect(sam.summary == "sam still owns 2 leads (1 in SDR queue, 1 in Handed off) and is the AE of no open meeting")
        let alex = Holdings(of: "alex", in: board.leads.values)
        #expect(alex.summary == "alex still owns no leads and is the AE of 1 open meeting")
    }

    @Test func reassigningMovesALeadThroughTheRules() throws {
        var board = try Fixture()
        let id = try board.stage(.returned)
        let lead = try #require(board.lead(id))
        let denied = #expect(throws: RuleError.self) { try board.decide(.edit(lead.fields, owner: "sue"), on: id, as: "sam") }
        #expect(denied == .notPermitted("cannot reassign L-1 to sue: only a team lead reassigns leads"))
        let moved = try board.run(.edit(lead.fields, owner: "sue"), on: id, as: "lee")
        #expect(moved.payload.owner == "sue")
        #expect(board.lead(id)?.owner == "sue")
        let toAnAE = #expect(throws: RuleError.self) { try board.decide(.edit(lead.fields, owner: "alex"), on: id, as: "lee") }
        #expect(toAnAE?.kind == .invalid)
    }

    @Test func undoingALeadsCreationCanItselfBeUndone() throws {
        var board = try Fixture()
        let id = try board.addLead()
        try board.undo(id, as: "sam")
        #expect(board.lead(id)?.column == .archived)
        #expect(Undo.effective(board.history(of: id)).isEmpty)
        let back = try board.undo(id, as: "sam")
        #expect(back.to == .queue)
        #expect(board.lead(id)?.column == .queue)
        #expect(board.lead(id)?.company == "Acme")
        #expect(Undo.effective(board.history(of: id)).map(\.type) == [.created])
        // And the creation can be undone again.
        try board.undo(id, as: "sam")
        #expect(board.lead(id)?.column == .archived)
        // Someone else's withdrawal is theirs (or a lead's) to undo.
        let error = #expect(throws: RuleError.self) { try board.undo(id, as: "sue") }
        #expect(error?.kind == .notPermitted)
        try board.undo(id, as: "lee")
        #expect(board.lead(id)?.column == .queue)
    }

    @Test func aTeamLeadRestoresAnArchivedLead() throws {
        var board = try Fixture()
        let id = try board.stage(.archived)
        let sdr = #expect(throws: RuleError.self) { try board.decide(.restore, on: id, as: "sam") }
        #expect(sdr == .notPermitted("cannot restore L-1: only a team lead brings an archived lead back"))
        let event = try board.run(.restore, on: id, as: "lee")
        #expect(event.type == .restored)
        #expect((event.from, event.to) == (.archived, .queue))
        let lead = try #require(board.lead(id))
        #expect(lead.column == .queue)
        #expect(lead.scorecard == nil && lead.meeting == nil && lead.disposition == nil, "a new handoff needs a new scorecard")
        let again = #expect(throws: RuleError.self) { try board.decide(.restore, on: id, as: "lee") }
        #expect(again == .refused("cannot restore L-1: it is in SDR queue; only leads in Archived can be restored"))
    }

    @Test func aWithdrawnLeadCanBeRestoredToo() throws {
        var board = try Fixture()
        let id = try board.addLead()
        try board.undo(id, as: "sam")
        try board.run(.restore, on: id, as: "lee")
        #expect(board.lead(id)?.column == .queue)
    }
}
