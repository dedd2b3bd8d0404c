import Foundation
import Testing
@testable import HandoffCore
@testable import HandoffTUI

/// The card detail, help and the standup take their keys from the registry, like the
/// board: every key they answer is a binding, listed in `?`. No store behind the board.
@Suite("overlay keys come from the registry")
struct OverlayKeysTests {
    static func board(width: Int = 80, height: Int = 24) -> AppState {
        AppState(me: "lee", team: Team(members: [Member(name: "lee", role: .lead)]), cards: [], location: "test",
                 now: Date(timeIntervalSince1970: 0), width: width, height: height)
    }

    static func press(_ state: inout AppState, _ keys: Key...) {
        for key in keys { _ = Update.update(&state, .input(.key(key))) }
    }

    @Test func helpScrollsAndClosesWithItsKeys() throws {
        var state = Self.board()
        Self.press(&state, .char("?"))
        #expect(state.mode == .help(scroll: 0))
        let last = HelpView.lineCount(state) - Overlay.inside(width: 80, height: 24).height
        try #require(last > 13, "help is longer than a screen and a half at 80×24")
        Self.press(&state, .char("j"), .down)
        #expect(state.mode == .help(scroll: 2))
        Self.press(&state, .char(" "))
        #expect(state.mode == .help(scroll: 14))
        Self.press(&state, .pageUp, .char("k"))
        #expect(state.mode == .help(scroll: 1))
        Self.press(&state, .char("G"))
        #expect(state.mode == .help(scroll: last))
        Self.press(&state, .up)
        #expect(state.mode == .help(scroll: last - 1))
        Self.press(&state, .home)
        #expect(state.mode == .help(scroll: 0))
        Self.press(&state, .char("?"))
        #expect(state.mode == .board)
    }

    /// A terminal too small for the board answers only the board's quit keys.
    @Test func tooSmallQuitsWithTheBoardsQuitKeys() {
        for binding in Keymap.bindings where binding.context == .board {
            for key in binding.keys {
                var state = Self.board(width: 60, height: 20)
                Self.press(&state, key)
                #expect(state.quitting == (binding.action == .quit), "\(key.label)")
                #expect(state.mode == .board)
            }
        }
    }

    /// Each overlay binding does what `?` says, in help and in the standup.
    @Test func everyOverlayBindingDispatchesItsAction() {
        for binding in Keymap.bindings where binding.context == .overlay {
            for key in binding.keys {
                for open in [Mode.help(scroll: 3), .standup(scroll: 0)] {
                    var state = Self.board(width: 80, height: 24)
                    state.mode = open
                    Self.press(&state, key)
                    switch binding.action {
                    case .close?: #expect(state.mode == .board, "\(key.label)")
                    case .quit?: #expect(state.quitting, "\(key.label)")
                    default: #expect(state.mode != .board && !state.quitting, "\(key.label) in \(open)")
                    }
                }
            }
        }
        // The help lists them, with their keys.
        let lines = HelpView.lines(Self.board()).map { $0.spans.map(\.0).joined() }
        #expect(lines.contains { $0.hasPrefix("↑ k") && $0.contains("scroll up a line") })
        #expect(lines.contains { $0.hasPrefix("PgDn Space") && $0.contains("scroll down half a screen") })
        #expect(lines.contains { $0.hasPrefix("Esc Enter q") && $0.contains("close the card detail, help or standup") })
    }
}
