import Foundation
import Testing
@testable import HandoffCore
@testable import HandoffTUI

/// Typing a filter and filling a form take their keys from the registry too, and `?`
/// lists them. No store behind the board.
@Suite("filter and form keys come from the registry")
struct FilterAndFormKeysTests {
    static let now = Date(timeIntervalSince1970: 1_795_000_000)

    static func board() -> AppState {
        let cards = ["Acme", "Globex", "Glasgow Ltd"].enumerated().map { index, company in
            Lead(id: LeadID(index + 1), fields: LeadFields(company: company, contact: "Pat"), owner: "sam",
                 at: now.addingTimeInterval(Double(-index) * 60), actor: "sam").card
        }
        return AppState(me: "sam", team: Team(members: [Member(name: "sam", role: .sdr), Member(name: "alex", role: .ae)]),
                        cards: cards, location: "test", now: now, width: 100, height: 30)
    }

    static func press(_ state: inout AppState, _ keys: Key...) -> [Effect] {
        keys.flatMap { Update.update(&state, .input(.key($0))) }
    }

    @Test func filterKeys() {
        var state = Self.board()
        _ = Self.press(&state, .char("/"), .char("g"), .char("l"))
        #expect(state.filtering && state.filter == "gl")
        #expect(state.board.count(in: .queue) == 2)
        _ = Self.press(&state, .backspace)
        #expect(state.filter == "g")
        _ = Self.press(&state, .ctrl("u"))
        #expect(state.filter == "" && state.filtering)
        #expect(state.board.count(in: .queue) == 3)
        // q is typed, not quit, while typing.
        _ = Self.press(&state, .char("a"), .char("c"), .char("q"))
        #expect(state.filter == "acq" && !state.quitting)
        _ = Self.press(&state, .backspace, .down)
        #expect(!state.filtering && state.filter == "ac")
        #expect(state.board.count(in: .queue) == 1)
        _ = Self.press(&state, .char("/"), .escape)
        #expect(!state.filtering && state.filter == "")
        _ = Self.press(&state, .char("/"), .char("x"), .enter)
        #expect(!state.filtering && state.filter == "x")
    }

    @Test func formKeys() throws {
        var state = Self.board()
        _ = Self.press(&state, .char("a"))
        guard case .form(let opened) = state.mode else {
            Issue.record("a did not open the form: \(String(describing: state.status))")
            return
        }
        #expect(opened.focus == 0)
        _ = Self.press(&state, .tab, .down)
        guard case .form(let moved) = state.mode else { return }
        #expect(moved.focus == 2)
        _ = Self.press(&state, .backTab)
        guard case .form(let back) = state.mode else { return }
        #expect(back.focus == 1)
        // Enter with the company empty: the form stays, saying why.
        #expect(Self.press(&state, .enter).isEmpty)
        guard case .form(let refused) = state.mode else { return }
        #expect(refused.error != nil)
        _ = Self.press(&state, .escape)
        #expect(state.mode == .board)
        #expect(state.status == StatusMessage("canceled"))
        _ = Self.press(&state, .char("a"), .ctrl("c"))
        #expect(state.quitting)
    }

    @Test func helpListsFilterAndFormKeys() {
        let lines = HelpView.lines(Self.board()).map { $0.spans.map(\.0).joined() }
        #expect(lines.contains(KeyContext.filter.title))
        #expect(lines.contains { $0.hasPrefix("Backspace") && $0.contains("delete the last character") })
        #expect(lines.contains { $0.hasPrefix("Ctrl-U") && $0.contains("clear what is typed") })
        #expect(lines.contains { $0.hasPrefix("Tab ↓") && $0.contains("next field") })
        #expect(lines.contains { $0.hasPrefix("Ctrl-C") && $0.contains("quit") })
    }
}
