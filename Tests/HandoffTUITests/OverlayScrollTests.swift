import Foundation
import Testing
@testable import HandoffCore
@testable import HandoffStore
@testable import HandoffTUI

/// Scrolling an overlay past its end stays at the end: the first key back moves back.
@Suite("overlays: scrolling stops at the last line")
struct OverlayScrollTests {
    func scroll(_ mode: Mode) -> Int? {
        switch mode {
        case .help(let scroll), .standup(let scroll), .detail(_, let scroll), .attention(let scroll): scroll
        case .board, .form, .notices: nil
        }
    }

    @Test("help at 80×24: many PgDn, then one ↑ shows the line above the last screen")
    func helpStopsAtTheEnd() throws {
        let fixture = try BoardFixture()
        try fixture.spread()
        let app = try fixture.app(as: "lee", width: 80, height: 24)
        app.press(.char("?"))
        for _ in 0..<30 { app.press(.pageDown) }
        let last = try #require(scroll(app.state.mode))
        #expect(last > 0, "help is longer than one 80×24 screen")
        app.press(.pageDown)
        #expect(scroll(app.state.mode) == last)
        let atEnd = app.screen
        app.press(.up)
        #expect(scroll(app.state.mode) == last - 1)
        #expect(app.screen != atEnd, "one key back moves the text")
    }

    /// `update` clamps from line counts, without drawing: the scroll it keeps is the one
    /// the frame shows, for help and the standup, on a board with no store behind it.
    @Test("the clamped scroll is the drawn one, for every overlay and size")
    func clampingMatchesDrawing() {
        let team = Team(members: [Member(name: "lee", role: .lead)])
        for (width, height) in [(80, 24), (120, 40), (200, 30)] {
            var state = AppState(me: "lee", team: team, cards: [], location: "test", now: Date(timeIntervalSince1970: 0),
                                 width: width, height: height)
            for scroll in [-3, 0, 5, 40, Int.max / 2] {
                var canvas = Canvas(width: width, height: height)
                state.mode = .help(scroll: scroll)
                #expect(Update.clampedScroll(state) == .help(scroll: HelpView.draw(&canvas, state, scroll: scroll)))
                state.mode = .standup(scroll: scroll)
                #expect(Update.clampedScroll(state) == .standup(scroll: StandupView.draw(&canvas, state, scroll: scroll)))
            }
        }
    }

    @Test("a card's detail stops at the end of its timeline")
    func detailStopsAtTheEnd() throws {
        let fixture = try BoardFixture()
        let id = try fixture.add("Longstory Ltd")
        for step in 1...30 {
            try fixture.store.execute(.edit(LeadFields(company: "Longstory Ltd", contact: "Pat Doe", title: "Step \(step)"), owner: nil),
                                      on: id, as: "sam")
        }
        let app = try fixture.app(as: "sam", width: 80, height: 24)
        app.press(.enter)
        for _ in 0..<40 { app.press(.down) }
        let last = try #require(scroll(app.state.mode))
        #expect(last > 0 && last < 40)
        app.press(.up)
        #expect(scroll(app.state.mode) == last - 1)
    }
}

@Suite("filter: the focus follows the matches")
struct FilterFocusTests {
    @Test("a filter that empties the focused column moves the focus to a column it matched in")
    func focusFollowsTheMatch() throws {
        let fixture = try BoardFixture()
        try fixture.spread()
        let app = try fixture.app(as: "lee", width: 120, height: 40)
        #expect(app.state.column == .queue)
        app.press(.char("/"))
        app.type("vandelay")
        app.press(.enter)
        #expect(app.state.column == .returned)
        app.press(.enter)
        #expect(app.screen.contains("Art Vandelay"), "Enter opens the card the filter found:\n\(app.screen)")
        // A filter that still matches in the focused column leaves the focus alone.
        app.press(.escape, .char("/"), .escape, .char("h"))
        #expect(app.state.column == .nurture)
        app.press(.char("/"))
        app.type("hoo")
        #expect(app.state.column == .nurture)
    }
}
