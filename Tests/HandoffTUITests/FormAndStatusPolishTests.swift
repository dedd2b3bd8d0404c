import Foundation
import Testing
@testable import HandoffCore
@testable import HandoffTUI

/// Item 10's polish: forms as tall as their content with a refusal in full beside its
/// field; the store's path shortened from the left; `?` wrapped at 80 columns.
@Suite("forms, status line and help fit their content")
struct FormAndStatusPolishTests {
    /// The rows of the screen, as text.
    static func rows(_ canvas: Canvas) -> [String] { canvas.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }

    @Test(arguments: [(80, 24), (120, 40)])
    func aSmallFormIsASmallPanel(width: Int, height: Int) throws {
        let fixture = try BoardFixture()
        try fixture.spread()
        let app = try fixture.app(as: "alex", width: width, height: height)
        app.press(.right, .char("o"))
        guard case .form(let form) = app.state.mode else {
            Issue.record("the outcome form did not open: \(app.state.status?.text ?? "")")
            return
        }
        let rows = Self.rows(BoardView.render(app.state))
        // The frame's bottom edge comes right after the content, not at the screen's foot.
        let bottom = try #require(rows.lastIndex { $0.contains("╰") })
        let content = FormView.rows(form, width: Overlay.outer(width: width, height: height).width - 2).count
        #expect(bottom == 1 + content + 3, "\(rows.joined(separator: "\n"))")
        #expect(bottom < height - 3)
        // The board still shows below the form.
        #expect(rows[(bottom + 1)...].contains { $0.contains("a add") && $0.contains("s score") })
    }

    @Test(arguments: [80, 120])
    func aRefusalIsShownInFullUnderTheFieldItConcerns(width: Int) throws {
        let fixture = try BoardFixture()
        try fixture.spread()
        // A meeting an hour ahead: "held" is refused by the rules.
        try fixture.handOff(try fixture.add("Futura", contact: "Fay Fu"))
        let app = try fixture.app(as: "alex", width: width, height: width == 80 ? 24 : 40)
        app.press(.right)
        while app.state.selectedCard?.company != "Futura", app.state.selectedIndex < 1 { app.press(.down) }
        app.press(.char("o"), .enter)
        guard case .form(let form) = app.state.mode, let error = form.error else {
            Issue.record("expected the rules to refuse 'held' before the meeting: \(app.state.mode)")
            return
        }
        #expect(error.hasPrefix("cannot log"), "\(error)")
        let rows = Self.rows(BoardView.render(app.state))
        // The outcome field, then the refusal's lines under it; all its words are there.
        let field = try #require(rows.firstIndex { $0.contains("Outcome") && $0.contains("held") })
        let refusal = try #require(rows.firstIndex { $0.contains("✗ cannot log") })
        #expect(refusal > field && refusal <= field + 3, "\(rows.joined(separator: "\n"))")
        let shown = rows[refusal...].prefix(6).joined(separator: " ").split(separator: " ").joined(separator: " ")
        for word in error.split(separator: " ") {
            #expect(shown.contains(word), "'\(word)' of the refusal is not in the form:\n\(rows.joined(separator: "\n"))")
        }
    }

    @Test func aFieldANamedRefusalSpeaksOfIsChosen() {
        var form = Forms.addLead(team: Team(members: [Member(name: "sam", role: .sdr)]), me: "sam")
        let contact = form.fields.firstIndex { $0.id == "contact" } ?? -1
        #expect(FormView.fieldConcerned(form, by: "Contact is required") == contact)
        form.focus = 0
        #expect(FormView.fieldConcerned(form, by: "the store is busy") == 0)
    }

    @Test(arguments: [
        ("/tmp/handoff-demo-4242-ABCDEF/demo.sqlite", 40, "…/handoff-demo-4242-ABCDEF/demo.sqlite"),
        ("/tmp/handoff-demo-4242-ABCDEF/demo.sqlite", 24, "…/demo.sqlite"),
        ("/tmp/handoff-demo-4242-ABCDEF/demo.sqlite", 45, "/tmp/handoff-demo-4242-ABCDEF/demo.sqlite"),
        ("/a/very-long-store-name.sqlite", 10, "…me.sqlite"),
        ("/tmp/\u{1B}[2Jx/board.sqlite", 14, "…/board.sqlite"),
        ("postgres://maya@db.example.com:5432/handoff_team?sslmode=verify-full", 28, "postgres://maya@db.example.…"),
    ])
    func pathsAreShortenedFromTheLeft(_ path: String, _ width: Int, _ expected: String) {
        let short = ShortPath.fromLeft(path, width: width)
        #expect(short == expected)
        #expect(SafeText.width(of: short) <= width)
    }

    @Test func theStatusLineKeepsTheStoresFileNameWhole() {
        var state = AppState(me: "lee", team: Team(members: [Member(name: "lee", role: .lead)]), cards: [],
                             location: "/tmp/handoff-demo-123456-ABCDEF/some/deeper/folder/demo.sqlite",
                             now: Date(timeIntervalSince1970: 0), width: 80, height: 24)
        state.status = nil
        let last = Self.rows(BoardView.render(state))[23]
        #expect(last.contains("…/") && last.contains("/demo.sqlite"), "\(last)")
    }

    @Test func helpAt80ColumnsWrapsInsteadOfCutting() {
        var state = AppState(me: "lee", team: Team(members: [Member(name: "lee", role: .lead)]), cards: [], location: "test",
                             now: Date(timeIntervalSince1970: 0), width: 80, height: 24)
        state.mode = .help(scroll: 0)
        let text = HelpView.lines(state).map { $0.spans.map(\.0).joined() }
        let inside = Overlay.inside(width: 80, height: 24).width - 2
        for line in text { #expect(SafeText.width(of: line) <= inside, "too wide for 80 columns: \(line)") }
        // Every word of the t line's description is there, in order, across its lines.
        let all = text.joined(separator: " ").split(separator: " ").joined(separator: " ")
        #expect(all.contains("sort this column: board order, age, SLA left, meeting, company"))
        #expect(all.contains("views: none yet; name filters in config.toml [views] for keys 1–9"))
    }
}

/// The footer: one line, at any width; what it lists is what the keys do.
@Suite("footer")
struct FooterTests {
    static func footer(width: Int, views: [SavedView] = []) -> String {
        var state = AppState(me: "lee", team: Team(members: [Member(name: "lee", role: .lead)]), cards: [], location: "test",
                             now: Date(timeIntervalSince1970: 0), width: width, height: 24)
        state.views = views
        return FormAndStatusPolishTests.rows(BoardView.render(state))[22]
    }

    @Test func at80ColumnsItEndsWithHelpAndQuit() {
        let line = Self.footer(width: 80)
        #expect(line.contains("/ filter") && line.contains("a add"))
        #expect(line.trimmingCharacters(in: .whitespaces).hasSuffix("? help  q quit"), "\(line)")
        #expect(SafeText.width(of: line) <= 80)
    }

    @Test func at120ColumnsItListsSortJumpBriefAndTheViews() {
        let line = Self.footer(width: 120, views: [SavedView(name: "standup", query: "is:breach"), SavedView(name: "stuck", query: "age:>10d")])
        for item in ["t sort", "g jump", "y brief", "u undo", "? help", "q quit"] {
            #expect(line.contains(item), "'\(item)' missing: \(line)")
        }
        let wide = Self.footer(width: 200, views: [SavedView(name: "standup", query: "is:breach"), SavedView(name: "stuck", query: "age:>10d")])
        #expect(wide.contains("1–2 views") && wide.contains("S standup") && wide.contains("m mine"), "\(wide)")
        #expect(!Self.footer(width: 200).contains("views"))
        // In the registry's order: add before score before filter before help.
        let order = ["a add", "s score", "/ filter", "t sort", "? help"].compactMap { wide.range(of: $0)?.lowerBound }
        #expect(order == order.sorted() && order.count == 5)
    }
}
