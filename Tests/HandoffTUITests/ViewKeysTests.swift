import Foundation
import Testing
@testable import HandoffCore
@testable import HandoffTUI

/// Keys 1 to 9 open config.toml's views, `g` then 1 to 5 jumps to a column, the status line
/// names the view, and `?` lists them. No store behind the board.
@Suite("view keys and column jumps")
struct ViewKeysTests {
    static func board(views: [SavedView]) -> AppState {
        var state = FilterQueryBoardTests.board()
        state.views = views
        return state
    }

    static func press(_ state: inout AppState, _ keys: Key...) {
        for key in keys { _ = Update.update(&state, .input(.key(key))) }
    }

    static let views = [SavedView(name: "standup", query: "is:breach or is:rebook"), SavedView(name: "kim", query: "owner:kim")]

    @Test func aKeyOpensAViewAndTheStatusLineNamesIt() {
        var state = Self.board(views: Self.views)
        Self.press(&state, .char("1"))
        #expect(state.filter == "is:breach or is:rebook" && !state.filtering)
        #expect(FilterQueryBoardTests.shown(state) == [2, 3])
        let status = BoardView.render(state).row(29)
        #expect(status.contains("view 1 standup"), "\(status)")
        Self.press(&state, .char("2"))
        #expect(FilterQueryBoardTests.shown(state) == [3])
        #expect(BoardView.render(state).row(29).contains("view 2 kim"))
        // The same key again shows every card; the status line names no view.
        Self.press(&state, .char("2"))
        #expect(state.filter.isEmpty && FilterQueryBoardTests.shown(state) == [1, 2, 3])
        #expect(!BoardView.render(state).row(29).contains("view 2"))
        // Editing the filter leaves the view.
        Self.press(&state, .char("1"), .char("/"), .backspace)
        #expect(state.activeView == nil && !BoardView.render(state).row(29).contains("view 1 standup"))
    }

    @Test func aKeyWithNoViewSaysSo() {
        var state = Self.board(views: Self.views)
        Self.press(&state, .char("3"))
        #expect(state.status == StatusMessage("no view 3: config.toml's [views] defines 1 to 2", .error))
        #expect(state.filter.isEmpty)
        state.views = []
        Self.press(&state, .char("1"))
        #expect(state.status?.text == "no view 1: config.toml has no [views]")
    }

    @Test("g then 1 to 5 jumps to a column; g g is the first card; digits alone are views")
    func columnJumps() {
        var state = Self.board(views: Self.views)
        Self.press(&state, .char("g"), .char("2"))
        #expect(state.focus == 1 && state.filter.isEmpty)
        Self.press(&state, .char("g"), .char("5"))
        #expect(state.focus == 4)
        Self.press(&state, .char("g"), .char("1"))
        #expect(state.focus == 0)
        Self.press(&state, .char("j"))
        #expect(state.selectedIndex == 1)
        Self.press(&state, .char("g"), .char("g"))
        #expect(state.selectedIndex == 0 && !state.pendingGoTo)
        // Anything else after g ends the jump and does nothing.
        Self.press(&state, .char("g"), .char("x"), .char("2"))
        #expect(!state.pendingGoTo && state.activeView?.name == "kim")
    }

    @Test func helpListsTheViewsAndTheJumps() {
        var state = Self.board(views: Self.views)
        state.height = 200
        Self.press(&state, .char("1"), .char("?"))
        let help = HelpView.lines(state).map { $0.spans.map(\.0).joined() }
        #expect(help.contains { $0.hasPrefix("1 ") && $0.contains("view standup: is:breach or is:rebook (on; again: show all)") })
        #expect(help.contains { $0.hasPrefix("2 ") && $0.contains("view kim: owner:kim") })
        #expect(!help.contains { $0.hasPrefix("3 ") && $0.contains("view") }, "no line for a key with no view")
        #expect(help.contains("After g"))
        #expect(help.contains { $0.hasPrefix("5 ") && $0.contains("Returned") })
        state.views = []
        let empty = HelpView.lines(state).map { $0.spans.map(\.0).joined() }
        #expect(empty.contains { $0.contains("name filters in config.toml [views]") })
    }
}
