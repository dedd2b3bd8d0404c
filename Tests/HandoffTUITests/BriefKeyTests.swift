import Foundation
import Testing
@testable import HandoffCore
@testable import HandoffTUI

/// `y` copies the AE brief: the core's text, through the terminal, and the status line says
/// how it went (copied, sent without a sign, or not sent and how to print it).
@Suite("y copies the AE brief")
struct BriefKeyTests {
    @Test func yOnABoardCardCopiesTheSameTextAsLeadBrief() throws {
        let fixture = try BoardFixture()
        try fixture.spread()
        let app = try fixture.app(as: "alex", width: 120, height: 40)
        let terminal = try #require(app.terminal as? RecordingTerminal)
        app.press(.right)
        let card = try #require(app.state.selectedCard)
        #expect(card.company == "Globex")
        app.press(.char("y"))
        let lead = try #require(try fixture.store.lead(card.id))
        let expected = Brief.markdown(lead, events: try fixture.store.history(of: card.id),
                                      definition: try fixture.store.team().definition, now: app.state.now)
        #expect(terminal.copied == [expected])
        #expect(expected.contains("# Globex — \(card.id)"))
        #expect(app.state.status?.text.hasPrefix("copied the brief of \(card.id)") == true)
        #expect(app.screen.contains("copied the brief of \(card.id)"))
    }

    @Test func inTheOpenDetailItCopiesWithoutReadingTheStoreAgain() throws {
        let fixture = try BoardFixture()
        try fixture.spread()
        let app = try fixture.app(as: "alex", width: 120, height: 40)
        let terminal = try #require(app.terminal as? RecordingTerminal)
        app.press(.right, .enter)
        let effects = Update.update(&app.state, .input(.key(.char("y"))))
        guard case .copyToClipboard(let text, let id)? = effects.first else {
            Issue.record("expected a copy, got \(effects)")
            return
        }
        #expect(id == app.state.detail?.id)
        #expect(text.contains("## Timeline"))
        #expect(terminal.copied.isEmpty)
    }

    @Test func withNoSignOfSupportTheStatusSaysHowToPrintIt() throws {
        let fixture = try BoardFixture()
        try fixture.spread()
        let app = try fixture.app(as: "alex", width: 200, height: 40)
        let terminal = try #require(app.terminal as? RecordingTerminal)
        terminal.clipboardRoute = .unsure("TERM=vt100 gives no sign it copies OSC 52")
        app.press(.right, .char("y"))
        let id = try #require(app.state.selectedCard?.id)
        #expect(terminal.copied.count == 1)
        let unsure = app.state.status?.text ?? ""
        #expect(unsure.hasPrefix("brief of \(id) sent (") && unsure.hasSuffix(
            ", OSC 52), no sign it arrived; handoff lead brief \(id) prints it (TERM=vt100 gives no sign it copies OSC 52)"), "\(unsure)")
        terminal.clipboardRoute = .notSent("TERM=dumb takes no escape sequences")
        app.press(.char("y"))
        #expect(terminal.copied.count == 1)
        #expect(app.state.status == StatusMessage("brief of \(id) not copied; handoff lead brief \(id) prints it (TERM=dumb takes no escape sequences)", .error))
        // At 80 columns the status line gives the path's room to the message, and a refusal
        // longer than that is shown whole above it: the command shows whole.
        app.send(.input(.resize(width: 80, height: 24)))
        let rows = FormAndStatusPolishTests.rows(BoardView.render(app.state))
        let last = rows[23]
        let bottom = rows.suffix(5).joined(separator: " ").split(separator: " ").joined(separator: " ")
        #expect(bottom.contains("handoff lead brief \(id) prints it (TERM=dumb takes no escape sequences)"), "\(bottom)")
        #expect(!last.contains("board.sqlite"))
    }

    @Test func aReadOnlyViewerMayCopyToo() throws {
        let fixture = try BoardFixture()
        try fixture.spread()
        var state = try fixture.state(as: "nobody")
        state.readOnlyReason = "your account is on no member's login"
        #expect(state.permission(for: .copyBrief) == nil)
        let effects = Update.update(&state, .input(.key(.char("y"))))
        #expect(effects.count == 1)
        if case .loadBrief = effects.first {} else { Issue.record("expected the brief to be read, got \(effects)") }
    }
}

/// Where an OSC 52 copy goes, decided from the signs the environment gives.
@Suite("clipboard route")
struct ClipboardTests {
    static func route(_ environment: [String: String], ms: Bool = false, tmux: [String: String] = [:]) -> Clipboard.Route {
        Clipboard.route(environment: environment, terminfoHasMs: ms, tmuxOption: { tmux[$0] })
    }

    @Test func tmuxDecidesInsideTmux() {
        let inside = ["TMUX": "/tmp/tmux-0/default,1,0", "TERM": "tmux-256color"]
        #expect(Self.route(inside, ms: true, tmux: ["set-clipboard": "on"]) == .tmuxBuffer)
        #expect(Self.route(inside, tmux: ["set-clipboard": "external", "allow-passthrough": "on"]) == .tmuxPassthrough)
        #expect(Self.route(inside, tmux: ["set-clipboard": "external", "allow-passthrough": "1"]) == .tmuxPassthrough)
        guard case .notSent(let why) = Self.route(inside, ms: true, tmux: ["set-clipboard": "external", "allow-passthrough": "0"]) else {
            Issue.record("tmux with set-clipboard external drops OSC 52: nothing should be sent")
            return
        }
        #expect(why.contains("set-clipboard external") && why.contains("tmux set -g set-clipboard on"))
        if case .unsure = Self.route(inside) {} else { Issue.record("a tmux that cannot be asked is not a sign") }
    }

    @Test func outsideTmuxTerminfoOrAKnownTerminal() {
        #expect(Self.route(["TERM": "xterm-256color"], ms: true).isConfirmed)
        #expect(Self.route(["TERM": "xterm-kitty"]) == .direct("kitty copies OSC 52"))
        #expect(Self.route(["TERM": "xterm-256color", "TERM_PROGRAM": "WezTerm"]) == .direct("WezTerm copies OSC 52"))
        #expect(Self.route(["TERM": "vt100"]) == .unsure("TERM=vt100 gives no sign it copies OSC 52"))
        #expect(Self.route(["TERM": "dumb"]) == .notSent("TERM=dumb takes no escape sequences"))
        #expect(!Self.route(["TERM": "screen", "STY": "1.pts"]).isConfirmed)
    }

    @Test func theSequenceIsBase64AndWrappedForPassthrough() throws {
        let text = "brief \u{1B}]0;x\u{07} é"
        let plain = try #require(Clipboard.sequence(for: text, route: .tmuxBuffer))
        let encoded = Data(text.utf8).base64EncodedString()
        #expect(plain == Array("\u{1B}]52;c;\(encoded)\u{07}".utf8))
        // One escape to start, one bell to end: nothing of the text can end it early.
        #expect(plain.filter { $0 == 0x1B }.count == 1 && plain.filter { $0 == 0x07 }.count == 1)
        let wrapped = try #require(Clipboard.sequence(for: text, route: .tmuxPassthrough))
        #expect(wrapped == Array("\u{1B}Ptmux;\u{1B}\u{1B}]52;c;\(encoded)\u{07}\u{1B}\\".utf8))
        #expect(Clipboard.sequence(for: text, route: .notSent("no")) == nil)
        #expect(Clipboard.sequence(for: String(repeating: "x", count: 80_000), route: .tmuxBuffer) == nil)
    }
}
