import Foundation
import Testing
@testable import HandoffCore
@testable import HandoffTUI

/// Every card key carries the rules' answer: the footer and `?` grey out what is not
/// possible on the selected card and `?` says why; pressing it shows the same sentence.
/// No store: messages in, state, effects and screen out.
@Suite("Keys carry the rules' reason")
struct KeyPermissionTests {
    static let now = Date(timeIntervalSince1970: 1_795_000_000)
    static let team = Team(members: [Member(name: "lee", role: .lead), Member(name: "sam", role: .sdr),
                                     Member(name: "alex", role: .ae)])
    static var context: RuleContext { RuleContext(definition: team.definition, roster: team.members, now: now) }

    /// L-`number` of sam's, in `column`; handed off to alex unless in the queue.
    static func lead(_ number: Int, in column: Column = .queue, disputeOpen: Bool = false) -> Lead {
        var lead = Lead(id: LeadID(number), fields: LeadFields(company: "Acme \(number)", contact: "Pat"), owner: "sam",
                        at: now.addingTimeInterval(-86_400), actor: "sam")
        lead.column = column
        if column != .queue {
            lead.meeting = Meeting(ae: "alex", at: now.addingTimeInterval(-3600), agenda: "Pain", bookedBy: "sam",
                                   bookedAt: now.addingTimeInterval(-86_400))
        }
        if disputeOpen { lead.dispute = Dispute(note: "wrong", by: "sam", at: now) }
        return lead
    }

    /// The board as `me` sees it, with `lead` selected.
    static func state(as me: String, on lead: Lead, width: Int = 120) -> AppState {
        var state = AppState(me: me, team: team, cards: [lead.card], location: "test", now: now, width: width, height: 40)
        state.focus = Column.board.firstIndex(of: lead.column) ?? 0
        return state
    }

    static func press(_ state: inout AppState, _ character: Character) -> [Effect] {
        Update.update(&state, .input(.key(.char(character))))
    }

    /// What `decide` says to `command` by `actor` on `lead`.
    static func decided(_ command: Command, on lead: Lead, by actor: String) -> String? {
        do {
            _ = try Rules.decide(command, lead: lead, actor: actor, context: context)
            return nil
        } catch {
            return error.description
        }
    }

    @Test func pressingAKeyTheRulesRefuseShowsTheirSentence() {
        let lead = Self.lead(1)
        var state = Self.state(as: "alex", on: lead)
        let effects = Self.press(&state, "b")
        #expect(effects.isEmpty)
        #expect(state.mode == .board)
        #expect(state.status == StatusMessage("cannot book L-1: it belongs to sam; only its SDR or a team lead may", .error))
        #expect(state.status?.text == Self.decided(.book(ae: "alex", at: Self.now.addingTimeInterval(86_400), agenda: "x"), on: lead, by: "alex"))
    }

    @Test func aColumnRefusalIsTheRulesSentence() {
        let lead = Self.lead(2, in: .handedOff)
        var state = Self.state(as: "sam", on: lead)
        #expect(Self.press(&state, "s").isEmpty)
        #expect(state.status?.text == "cannot score L-2: it is in Handed off; only leads in SDR queue can be scored")
        #expect(state.status?.text == Self.decided(.score(["need": CriterionScore(status: .met, evidence: "e")]), on: lead, by: "sam"))
    }

    /// The card does not carry the scorecard: `b` reads the lead, and the rules then refuse
    /// with decide's words rather than the board's.
    @Test func qualificationIsAskedOfTheRulesOnceTheLeadIsRead() {
        let lead = Self.lead(3)
        var state = Self.state(as: "sam", on: lead)
        #expect(Self.press(&state, "b") == [.loadLead(lead.id, for: .book)])
        _ = Update.update(&state, .leadLoaded(lead, for: .book))
        #expect(state.mode == .board)
        #expect(state.status == StatusMessage("cannot book L-3: not qualified — it has no scorecard yet; score it against the SQL definition v1 first", .error))
        #expect(state.status?.text == Self.decided(.book(ae: "alex", at: Self.now.addingTimeInterval(86_400), agenda: "x"), on: lead, by: "sam"))
    }

    @Test func aTeamLeadRulesOnAnOpenDisputeAndTheSDRIsToldItIsOpen() {
        let lead = Self.lead(4, in: .returned, disputeOpen: true)
        var lee = Self.state(as: "lee", on: lead)
        #expect(Self.press(&lee, "x") == [.loadLead(lead.id, for: .dispute)])
        _ = Update.update(&lee, .leadLoaded(lead, for: .dispute))
        guard case .form(let form) = lee.mode else {
            Issue.record("no form: \(String(describing: lee.status))")
            return
        }
        #expect(form.lead == lead.id)
        var sam = Self.state(as: "sam", on: lead)
        #expect(Self.press(&sam, "x").isEmpty)
        #expect(sam.status?.text == "cannot dispute L-4: a dispute is already open")
        #expect(sam.status?.text == Self.decided(.dispute(note: "n"), on: lead, by: "sam"))
    }

    @Test func someoneOffTheRosterIsToldByTheRules() {
        let lead = Self.lead(5)
        var state = Self.state(as: "zed", on: lead)
        #expect(Self.press(&state, "s").isEmpty)
        #expect(state.status?.text == Self.decided(.score([:]), on: lead, by: "zed"))
        #expect(state.status?.text.hasPrefix("zed is not on the team roster") == true)
    }

    /// The footer draws a key the rules refuse in the dim role, a possible one as a key.
    @Test func theFooterGreysOutWhatIsNotPossible() throws {
        let lead = Self.lead(6)
        let footer = Self.state(as: "alex", on: lead).height - 2
        let alex = BoardView.render(Self.state(as: "alex", on: lead, width: 160))
        let book = try #require(alex.position(of: "b book"))
        #expect(book.y == footer)
        #expect(alex[book.x, book.y].style.role == .statusDim)
        // Where there is room, the footer says where the reasons are.
        #expect(alex.row(footer).contains("dim: ? says why"))
        // Moving and showing are always possible.
        let standup = try #require(alex.position(of: "S standup"))
        #expect(alex[standup.x, standup.y].style.role == .helpKey)

        let sam = BoardView.render(Self.state(as: "sam", on: lead))
        let samBook = try #require(sam.position(of: "b book"))
        #expect(sam[samBook.x, samBook.y].style.role == .helpKey)
        // The disposition is not possible on a queue card, for anyone.
        let disposition = try #require(sam.position(of: "d disposition"))
        #expect(sam[disposition.x, disposition.y].style.role == .statusDim)
    }

    /// `?` greys the same keys and puts the rules' sentence under each.
    @Test func helpSaysWhyUnderEachGreyedKey() throws {
        let lead = Self.lead(7)
        let lines = HelpView.lines(Self.state(as: "alex", on: lead))
        let texts = lines.map { $0.spans.map(\.0).joined() }
        let book = try #require(texts.firstIndex { $0.contains("book the meeting with an AE") })
        #expect(lines[book].spans.allSatisfy { $0.1.role == .statusDim })
        #expect(texts[book + 1].contains("cannot book L-7: it belongs to sam; only its SDR or a team lead may"))
        #expect(lines[book + 1].spans.allSatisfy { $0.1.role == .statusDim })
        // Outcome is for the lead's SDR, its meeting's AE and a team lead.
        let outcome = try #require(texts.firstIndex { $0.contains("log the meeting outcome") })
        #expect(texts[outcome + 1].contains("cannot log the meeting of L-7: only its SDR (sam), the meeting's AE (none) or a team lead may"))
        // What is possible has no reason under it.
        let undo = try #require(texts.firstIndex { $0.contains("undo my last action") })
        #expect(lines[undo].spans.first?.1.role == .helpKey)
        #expect(!texts[undo + 1].contains("cannot"))
    }
}
