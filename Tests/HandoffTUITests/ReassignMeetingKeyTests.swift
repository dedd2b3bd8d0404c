import Foundation
import Testing
@testable import HandoffCore
@testable import HandoffTUI

/// `R` on handed-off cards, without a store: the form, the effects, and the rules' refusal.
@Suite("R: reassign meetings to another AE")
struct ReassignMeetingKeyTests {
    static let now = Date(timeIntervalSince1970: 1_795_000_000)
    static let team = Team(members: [Member(name: "lee", role: .lead), Member(name: "sam", role: .sdr),
                                     Member(name: "alex", role: .ae), Member(name: "ava", role: .ae)])

    /// sam's L-1…L-3, handed off to alex.
    static func state(as me: String) -> AppState {
        let cards = (1...3).map { number -> Card in
            var lead = Lead(id: LeadID(number), fields: LeadFields(company: "Company \(number)", contact: "Pat"), owner: "sam",
                            at: now.addingTimeInterval(-86_400 * Double(number)), actor: "sam")
            lead.column = .handedOff
            lead.meeting = Meeting(ae: "alex", at: now.addingTimeInterval(3600), agenda: "Pain", bookedBy: "sam",
                                   bookedAt: now.addingTimeInterval(-86_400))
            return lead.card
        }
        var state = AppState(me: me, team: team, cards: cards, location: "/tmp/b.sqlite", now: now, width: 120, height: 40)
        state.focus = Column.board.firstIndex(of: .handedOff) ?? 1
        Update.keepSelectionVisible(&state)
        return state
    }

    @discardableResult
    static func press(_ state: inout AppState, _ keys: Key...) -> [Effect] {
        keys.flatMap { Update.update(&state, .input(.key($0))) }
    }

    @Test func withMarksRPicksAnAEButTheirOwnAndEnterIsOneBulkAction() {
        var state = Self.state(as: "lee")
        Self.press(&state, .char(" "), .down, .char(" "))
        let ids = state.markedIDs
        Self.press(&state, .char("R"))
        guard case .form(let form) = state.mode, case .reassignMeeting(let leads) = form.purpose else {
            Issue.record("no reassign form: \(state.mode)")
            return
        }
        #expect(leads == ids)
        // alex, whose meetings they are, is not offered: ava, then the team lead.
        guard case .choice(let choices) = form.field("ae")?.kind else {
            Issue.record("no AE pick list")
            return
        }
        #expect(choices.map(\.value) == ["ava", "lee"])
        let screen = BoardView.render(state).text
        #expect(screen.contains("Reassign the meetings of 2 marked cards to another AE"), "\(screen)")
        #expect(Self.press(&state, .enter) == [.bulk(.reassignMeeting(ae: "ava", note: nil), leads: ids)])
    }

    @Test func onOneCardTheMeetingsAEReassignsItWithItsVersion() throws {
        var state = Self.state(as: "alex")
        let card = try #require(state.selectedCard)
        Self.press(&state, .char("R"))
        guard case .form = state.mode else {
            Issue.record("no form: \(String(describing: state.status))")
            return
        }
        #expect(BoardView.render(state).text.contains("Reassign the meeting of \(card.id) to another AE"))
        Self.press(&state, .down, .char("o"), .char("u"), .char("t"))
        #expect(Self.press(&state, .enter) == [.execute(.reassignMeeting(ae: "ava", note: "out"), lead: card.id, version: card.version)])
    }

    @Test func anSDRIsToldTheRulesSentenceAndTheKeyIsDim() {
        var state = Self.state(as: "sam")
        let id = state.selectedCard?.id.description ?? "?"
        #expect(Self.press(&state, .char("R")).isEmpty)
        let sentence = "cannot reassign the meeting of \(id): only the meeting's AE (alex) or a team lead may"
        #expect(state.status == StatusMessage(sentence, .error))
        #expect(state.permission(for: .reassignMeeting)?.reason == sentence)
        // With marks too: none of them may move.
        Self.press(&state, .char(" "), .down, .char(" "))
        #expect(Self.press(&state, .char("R")).isEmpty)
        #expect(state.status?.text.hasPrefix("none of the 2 marked cards: cannot reassign the meeting of L-") == true)
    }

    @Test func aWideFooterOffersItDimWhereTheRulesRefuse() {
        let lead = Footer.items(Self.state(as: "lee"), width: 200)
        #expect(lead.contains { $0.key == "R" && $0.label == "cover" && $0.possible }, "\(lead)")
        let sdr = Footer.items(Self.state(as: "sam"), width: 200)
        #expect(sdr.contains { $0.key == "R" && $0.label == "cover" && !$0.possible }, "\(sdr)")
        // At 80 columns the closed loop's own keys come first.
        #expect(!Footer.items(Self.state(as: "lee"), width: 80).contains { $0.key == "R" })
    }

    @Test func theKeyIsInTheRegistryAndInHelp() {
        #expect(Keymap.action(for: .char("R"), in: .board) == .reassignMeeting)
        var state = Self.state(as: "lee")
        Self.press(&state, .char("?"))
        let help = (0..<8).map { _ -> String in
            let text = BoardView.render(state).text
            Self.press(&state, .pageDown)
            return text
        }.joined()
        #expect(help.contains("reassign the meeting to another AE"), "\(help)")
    }
}
