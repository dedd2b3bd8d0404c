import Foundation
import Testing
@testable import HandoffCore
import HandoffConfig
@testable import HandoffTUI

/// Marks and bulk actions, without a store: keys in, the marks, the effects the run loop
/// would carry out, the status line and the screen out.
@Suite("Marks and bulk actions")
struct MarksAndBulkTests {
    static let now = Date(timeIntervalSince1970: 1_795_000_000)
    static let team = Team(members: [Member(name: "lee", role: .lead), Member(name: "sam", role: .sdr),
                                     Member(name: "sue", role: .sdr), Member(name: "alex", role: .ae)])

    /// L-`number` of sam's in `column` (handed off to alex unless in the queue).
    static func card(_ number: Int, in column: Column = .returned, owner: String = "sam") -> Card {
        var lead = Lead(id: LeadID(number), fields: LeadFields(company: "Company \(number)", contact: "Pat"), owner: owner,
                        at: now.addingTimeInterval(-86_400 * Double(number)), actor: owner)
        lead.column = column
        if column != .queue {
            lead.meeting = Meeting(ae: "alex", at: now.addingTimeInterval(-3600), agenda: "Pain", bookedBy: owner,
                                   bookedAt: now.addingTimeInterval(-86_400))
        }
        return lead.card
    }

    /// The board as `me` sees it, focused on Returned, with cards L-1…L-`count` there.
    static func state(as me: String = "sam", count: Int = 5, extra: [Card] = []) -> AppState {
        let cards = (1...count).map { card($0) } + extra
        var state = AppState(me: me, team: team, cards: cards, location: "/tmp/b.sqlite", now: now, width: 120, height: 40)
        state.focus = Column.board.firstIndex(of: .returned) ?? 4
        Update.keepSelectionVisible(&state)
        return state
    }

    @discardableResult
    static func press(_ state: inout AppState, _ keys: Key...) -> [Effect] {
        keys.flatMap { Update.update(&state, .input(.key($0))) }
    }

    static func selectedID(_ state: AppState) -> LeadID? { state.selectedCard?.id }

    @Test func spaceMarksAndUnmarksWithAVisibleMarkAndTheCountInTheStatusLine() {
        var state = Self.state()
        let first = Self.selectedID(state)
        Self.press(&state, .char(" "), .down, .char(" "))
        #expect(state.marks.count == 2)
        #expect(first.map(state.marks.contains) == true)
        let screen = BoardView.render(state).text
        #expect(screen.contains("· 2 marked"))
        #expect(screen.components(separatedBy: "✓ Company").count - 1 == 2, "\(screen)")
        Self.press(&state, .char(" "))
        #expect(state.marks.count == 1)
        #expect(BoardView.render(state).text.contains("· 1 marked"))
        // The count is said once (after the store's place); the message says what marks are for.
        #expect(BoardView.render(state).text.components(separatedBy: "1 marked").count - 1 == 1)
        #expect(state.status?.text == "r reassign, R meeting to an AE, w rework, A archive the marked cards · Esc clears the marks")
    }

    @Test func theMarksHintNamesTheKeysInEffect() throws {
        var state = Self.state()
        state.keymap = try KeyRegistry(file: KeysFile.parse("reassign = [\"Z\"]\nreassign-meeting = [\"M\"]\narchive = [\"X\"]"))
        Self.press(&state, .char(" "))
        #expect(state.status?.text == "Z reassign, M meeting to an AE, w rework, X archive the marked cards · Esc clears the marks")
    }

    @Test func plainModeSaysACardIsMarked() {
        var state = Self.state()
        guard let card = state.selectedCard else { Issue.record("no card"); return }
        #expect(!PlainAnnouncer.cardText(card, state).contains("marked"))
        Self.press(&state, .char(" "))
        #expect(PlainAnnouncer.cardText(card, state).hasSuffix(" · marked"))
    }

    @Test func vMarksTheRangeFromTheLastMarkedCardToTheSelectedOne() {
        var state = Self.state()
        Self.press(&state, .down, .char(" "), .down, .down, .down, .char("V"))
        let column = state.cards
        let expected = Set((1...4).map { column[$0].id })
        #expect(state.marks.ids == expected)
        // Upwards too, from the new anchor.
        Self.press(&state, .home, .char("V"))
        #expect(state.marks.ids == Set(column.map(\.id)))
    }

    @Test func escClearsTheMarks() {
        var state = Self.state()
        Self.press(&state, .char(" "), .down, .char(" "))
        Self.press(&state, .escape)
        #expect(state.marks.isEmpty)
        #expect(!BoardView.render(state).text.contains("marked"))
    }

    @Test func aMarkSurvivesAFilterThatHidesItAndIsCountedAsHidden() {
        var state = Self.state()
        Self.press(&state, .char(" "))
        let marked = Self.selectedID(state)
        state.filter = "Company 5"
        Update.applyFilter(&state)
        #expect(marked.map(state.marks.contains) == true)
        #expect(state.marksLabel == (marked == LeadID(5) ? "1 marked" : "1 marked (1 hidden by the filter)"))
        // A bulk key acts on it still: it is on the board.
        #expect(state.markedIDs == [marked].compactMap { $0 })
    }

    @Test func manyMarksHiddenByAFilterAreCountedToo() {
        var state = Self.state(count: 20)
        Self.press(&state, .home, .char(" "), .end, .char("V"))
        #expect(state.marks.count == 20)
        state.filter = "Company 1"
        Update.applyFilter(&state)
        // Company 1 and 10–19 stay in view: 11 shown, 9 hidden.
        #expect(state.marksLabel == "20 marked (9 hidden by the filter)")
    }

    @Test func aMarkedCardThatLeavesTheBoardLosesItsMark() {
        var state = Self.state()
        Self.press(&state, .char(" "))
        guard let marked = Self.selectedID(state) else { Issue.record("no card"); return }
        var archived = Self.card(marked.number)
        archived.column = .archived
        _ = Update.update(&state, .storeChanged([archived], team: nil, now: Self.now, through: 9))
        #expect(state.marks.isEmpty)
    }

    @Test func withMarksABulkKeyAsksTheStoreForEveryMarkedCard() {
        var state = Self.state()
        Self.press(&state, .char(" "), .down, .char(" "), .down, .char(" "))
        let ids = state.markedIDs
        #expect(ids.count == 3)
        #expect(Self.press(&state, .char("A")) == [.bulk(.archive, leads: ids)])
        #expect(state.busy)
        state.busy = false
        #expect(Self.press(&state, .char("w")) == [.bulk(.rework, leads: ids)])
    }

    @Test func withoutMarksArchiveIsTheSelectedCardsOwnCommand() {
        var state = Self.state()
        guard let card = state.selectedCard else { Issue.record("no card"); return }
        #expect(Self.press(&state, .char("A")) == [.execute(.archive, lead: card.id, version: card.version)])
    }

    @Test func aBulkKeyTheRulesRefuseOnEveryMarkedCardSaysWhy() {
        // alex is an AE: archive is the SDR's.
        var state = Self.state(as: "alex")
        Self.press(&state, .char(" "), .down, .char(" "))
        #expect(Self.press(&state, .char("A")).isEmpty)
        #expect(state.status?.kind == .error)
        #expect(state.status?.text.hasPrefix("none of the 2 marked cards: cannot archive L-") == true, "\(String(describing: state.status))")
        // The footer and ? agree: dim, with the same reason.
        #expect(state.permission(for: .archive)?.reason == state.status?.text)
    }

    @Test func rOpensTheReassignFormAndEnterReassignsEveryMarkedCard() {
        var state = Self.state(as: "lee")
        Self.press(&state, .char(" "), .down, .char(" "))
        let ids = state.markedIDs
        Self.press(&state, .char("r"))
        guard case .form(let form) = state.mode, case .reassign(let leads) = form.purpose else {
            Issue.record("no reassign form: \(state.mode)")
            return
        }
        #expect(leads == ids)
        #expect(BoardView.render(state).text.contains("Reassign 2 marked cards to another SDR"))
        // The pick list: sam first among the SDRs; → picks the next, sue.
        Self.press(&state, .right)
        #expect(Self.press(&state, .enter) == [.bulk(.reassign(to: "sue"), leads: ids)])
    }

    @Test func theResultSaysHowManyWereDoneAndWhyEachRefusalWasRefused() {
        var state = Self.state()
        Self.press(&state, .char(" "), .down, .char(" "), .down, .char(" "))
        let ids = state.markedIDs
        state.busy = true
        let outcome = BulkOutcome(verb: "archived", done: [ids[0], ids[2]],
                                  refused: [BulkOutcome.Refusal(ids[1], "cannot archive \(ids[1]): its dispute is still open")],
                                  cards: [], lastSequence: 40)
        _ = Update.update(&state, .bulkDone(outcome))
        #expect(!state.busy)
        #expect(state.status == StatusMessage("2 archived, 1 refused: \(ids[1]): cannot archive \(ids[1]): its dispute is still open", .error))
        // The refused card stays marked, to look at; the done ones are unmarked.
        #expect(state.marks.ids == [ids[1]])
        #expect(state.seenSequence == 40)
    }

    @Test func aResultTooLongForTheStatusLineIsShownInFullUntilAKey() {
        var state = Self.state()
        let refusals = (1...5).map { BulkOutcome.Refusal(LeadID($0), "cannot archive L-\($0): it is in SAO; only leads in Returned can be archived") }
        _ = Update.update(&state, .bulkDone(BulkOutcome(verb: "archived", done: [LeadID(9)], refused: refusals)))
        let screen = BoardView.render(state).text
        #expect(screen.contains("Bulk action"))
        #expect(screen.contains("L-5: cannot archive L-5: it is in SAO"))
        Self.press(&state, .char("j"))
        #expect(state.marks.report == nil)
        #expect(!BoardView.render(state).text.contains("Bulk action"))
    }

    @Test func ctrlRAsksForARedoAndARefusalShowsTheRulesSentence() {
        var state = Self.state()
        #expect(Self.press(&state, .ctrl("r")) == [.redo])
        let sentence = "cannot redo on L-3: it was changed since the undo by sue (edited); a redo is possible only while nobody has changed the card since"
        _ = Update.update(&state, .refused(sentence, current: nil))
        #expect(state.status == StatusMessage(sentence, .error))
        #expect(!state.busy)
    }

    @Test func ctrlRIsRefusedToAReader() {
        var state = Self.state(as: "nobody")
        state.readOnlyReason = "read-only: nobody is not on the team"
        #expect(Self.press(&state, .ctrl("r")).isEmpty)
        #expect(state.status == StatusMessage("read-only: nobody is not on the team", .error))
    }

    @Test func theKeysAreInTheRegistryAndInHelp() {
        for action in [Action.mark, .markRange, .clearMarks, .reassign, .archive, .redo] {
            #expect(Keymap.binding(for: action) != nil, "\(action)")
        }
        var state = Self.state()
        Self.press(&state, .char("?"))
        let help = (0..<8).map { _ -> String in
            let text = BoardView.render(state).text
            Self.press(&state, .pageDown)
            return text
        }.joined()
        for text in ["mark / unmark the card", "Ctrl-R", "reassign the lead to another SDR"] {
            #expect(help.contains(text), "\(text)")
        }
    }
}
