import Foundation
import Testing
@testable import HandoffCore
@testable import HandoffTUI

/// A refusal longer than the status line (issue 15's leftover): at 80×24 the SDR reads it
/// whole, wrapped above the status line, until the next key; a short one stays on the line.
@Suite("status line: long refusals are shown whole")
struct LongRefusalTests {
    static let refusal = "cannot book L-7 again: its meeting was a no-show 2 times, the team's limit ([no_show] limit = 2); archive it (`handoff archive L-7`, key A), or ask a team lead to recycle it to nurture (`handoff nurture L-7 --reason … --revisit DATE`, key d)"

    static func state() -> AppState {
        AppState(me: "sam", team: Team(members: [Member(name: "sam", role: .sdr), Member(name: "lee", role: .lead)]),
                 cards: [], location: "/tmp/team.sqlite", now: Date(timeIntervalSince1970: 0), width: 80, height: 24)
    }

    /// The hint line of `state` with no message.
    static func hints(_ state: AppState) -> String {
        var quiet = state
        quiet.status = nil
        return FormAndStatusPolishTests.rows(BoardView.render(quiet))[22]
    }

    static func words(_ text: String) -> String {
        text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "│" }).joined(separator: " ")
    }

    @Test func aLongRefusalIsReadWholeUntilTheNextKey() {
        var state = Self.state()
        state.status = StatusMessage(Self.refusal, .error)
        let rows = FormAndStatusPolishTests.rows(BoardView.render(state))
        #expect(rows.count == 24)
        let above = rows[19...22].joined(separator: " ")
        #expect(Self.words(above).contains(Self.words(Self.refusal)), "\(rows.suffix(6).joined(separator: "\n"))")
        #expect(rows[23].contains("(in full above; any key closes it)"), "\(rows[23])")
        for row in rows { #expect(SafeText.width(of: row) <= 80) }

        _ = Update.update(&state, .input(.key(.down)))
        let after = FormAndStatusPolishTests.rows(BoardView.render(state))
        #expect(!Self.words(after.joined(separator: " ")).contains("key d)"), "closed after a key")
        #expect(after[22] == Self.hints(state), "the hint line is back")
        #expect(after[23].contains("cannot book L-7 again"), "the status line keeps its start")
    }

    @Test func aShortOneOrAnInfoStaysOnTheStatusLine() {
        var state = Self.state()
        state.status = StatusMessage("cannot book L-7: not qualified", .error)
        var rows = FormAndStatusPolishTests.rows(BoardView.render(state))
        #expect(rows[23].contains("cannot book L-7: not qualified") && rows[22] == Self.hints(state))
        state.status = StatusMessage(Self.refusal, .info)
        rows = FormAndStatusPolishTests.rows(BoardView.render(state))
        #expect(rows[22] == Self.hints(state), "only refusals open above the line")
    }

    @Test func aVeryLongOneTakesAtMostFourRowsAndEndsWithAnEllipsis() {
        var state = Self.state()
        state.status = StatusMessage(String(repeating: "too long a refusal ", count: 40), .error)
        let rows = FormAndStatusPolishTests.rows(BoardView.render(state))
        #expect(rows[22].hasSuffix("…") || rows[22].trimmingCharacters(in: .whitespaces).hasSuffix("…"), "\(rows[22])")
        #expect(rows[19].contains("too long") && !rows[18].contains("too long"))
    }
}
