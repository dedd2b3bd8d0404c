import Foundation
import Testing
@testable import HandoffCore
@testable import HandoffStore
@testable import HandoffTUI

@Suite("board view on the canvas")
struct BoardViewTests {
    @Test func boardAt80x24ShowsEveryColumnWithCounts() throws {
        let fixture = try BoardFixture()
        try fixture.spread()
        let canvas = BoardView.render(try fixture.state())
        let text = canvas.text
        for header in ["SDR queue", "Handed off", "SAO", "Nurture", "Returned"] {
            #expect(text.contains(header), "\(header) missing:\n\(text)")
        }
        #expect(canvas.row(1).contains("1"))
        #expect(text.contains("Acme Corp"))
        #expect(text.contains("Dana Lee"))
        #expect(text.contains("Vandelay"))
        // The SAO card names its AE; the queue card its SDR.
        #expect(text.contains("ava · 0d"))
        #expect(text.contains("sam · 0d"))
        #expect(canvas.row(23).contains("sam · SDR"))
        #expect(canvas.lines.count == 24)
        #expect(canvas.lines.allSatisfy { SafeText.width(of: $0) <= 80 })
    }

    /// At 80 columns a five-digit count leaves "Handed off" too little room: the title is
    /// cut with an ellipsis and keeps a space before its count (it read "Handed of3721").
    @Test func aLongCountCutsTheTitleNotTheSpaceBeforeIt() throws {
        let fixture = try BoardFixture()
        try fixture.spread()
        var state = try fixture.state()
        let counts: [Column: Int] = [.queue: 5_156, .handedOff: 13_721, .sao: 49_700, .nurture: 23_823, .returned: 8_487]
        state.board = BoardModel(page: BoardPage(counts: counts, cards: try fixture.store.cards(LeadQuery()), isComplete: false),
                                 now: fixture.clock.date)
        let header = BoardView.render(state).row(1)
        for (column, rect) in zip(Column.board, BoardLayout(width: 80, height: 24).columns) {
            let cell = String(header.dropFirst(rect.x).prefix(rect.width))
            let count = String(counts[column] ?? 0)
            #expect(cell.contains(" \(count)"), "\(column): '\(cell)'")
            if SafeText.width(of: " \(column.title) \(count) ") > rect.width { #expect(cell.contains("… \(count)"), "'\(cell)'") }
        }
        #expect(header.contains("Handed… 13721"))
    }

    @Test func boardAt200x50UsesTheRoom() throws {
        let fixture = try BoardFixture()
        try fixture.spread()
        let canvas = BoardView.render(try fixture.state(width: 200, height: 50))
        #expect(canvas.width == 200)
        #expect(canvas.text.contains("Vandelay Industries"))
        #expect(canvas.row(49).contains("sam · SDR"))
        let layout = BoardLayout(width: 200, height: 50)
        #expect(layout.columns.last?.maxX == 200)
        #expect(layout.cardsPerColumn == 11)
    }

    @Test func tooSmallSaysHowBig() throws {
        let fixture = try BoardFixture()
        let text = BoardView.render(try fixture.state(width: 60, height: 20)).text
        #expect(text.contains("at least 80×24"))
        #expect(text.contains("60×20"))
        #expect(!text.contains("SDR queue"))
    }

    @Test func emptyBoardTellsANewUserWhatToDo() throws {
        let fixture = try BoardFixture()
        let text = BoardView.render(try fixture.state(as: "lee")).text
        #expect(text.contains("No leads yet"))
        #expect(text.contains("handoff demo"))
        #expect(text.contains("import"))
    }

    @Test func longCJKNameAndEmojiKeepColumnsAligned() throws {
        let fixture = try BoardFixture()
        try fixture.add("株式会社トヨタ自動車北海道販売グループ", contact: "山田太郎 🧑‍💼")
        try fixture.add("Plain Co")
        let canvas = BoardView.render(try fixture.state())
        let layout = BoardLayout(width: 80, height: 24)
        // Every column header starts exactly where its rectangle does, on every row drawn.
        for rect in layout.columns.dropFirst() {
            #expect(canvas[rect.x - 1, 2].text == " " || canvas[rect.x - 1, 2].text.isEmpty)
        }
        for line in canvas.lines { #expect(SafeText.width(of: line) <= 80) }
        #expect(canvas.text.contains("株式会社"))
        // The handed-off header is not pushed right by the wide text in the queue column.
        let handedOff = layout.columns[1]
        #expect(canvas.row(1).contains("Handed off"))
        #expect(canvas[handedOff.x + 1, 1].text == "H")
    }

    @Test func escapeSequencesNeverReachTheScreen() throws {
        let fixture = try BoardFixture()
        let id = try fixture.add("\u{1B}[31mEvil\u{1B}[0m Corp\u{1B}]0;pwned\u{07}", contact: "Bob\r\u{8}\u{202E}gnp.exe")
        try fixture.handOff(id)
        fixture.clock.advance(by: 7200)
        try fixture.store.execute(.returnLead(reasons: [.badData], failed: [], note: "see \u{1B}[2J\u{1B}[H here\u{9B}31m"), on: id, as: "alex")
        var state = try fixture.state()
        state.mode = .detail(id, scroll: 0)
        state.timeline = try fixture.store.history(of: id)
        state.detail = try fixture.store.lead(id)
        let canvas = BoardView.render(state)
        let text = canvas.text
        #expect(!text.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
        #expect(!text.unicodeScalars.contains { (0x80...0x9F).contains($0.value) || $0 == "\u{202E}" })
        #expect(text.contains("Evil Corp"))
        #expect(text.contains("see  here") || text.contains("see here"))
        #expect(!text.contains("pwned"))
    }

    @Test func helpListsExactlyTheRegistry() throws {
        let fixture = try BoardFixture()
        try fixture.add("Acme Corp")
        let state = try fixture.state(width: 120, height: 80)
        let lines = HelpView.lines(state).map { $0.spans.map(\.0).joined() }
        // A view key is listed with its view (config.toml's [views]); with none, key 1 says
        // where views come from and keys 2 to 9 are not listed.
        var listed = 0
        for binding in Keymap.bindings {
            var description = binding.description
            if let index = binding.action?.viewIndex {
                guard let line = HelpView.viewLine(state, index) else { continue }
                description = line
            }
            listed += 1
            #expect(lines.contains { $0.contains(binding.keyLabel) && $0.contains(description) }, "\(description)")
        }
        let bindingLines = lines.filter { line in
            Keymap.bindings.contains { line.contains($0.description) } || line.contains("name filters in config.toml [views]")
        }
        #expect(bindingLines.count == listed)
        // A key the rules refuse on the selected card has their sentence under it.
        #expect(lines.contains { $0.contains("cannot return") && $0.contains("only leads in Handed off can be returned") })
    }

    @Test func everyBindingDispatchesItsAction() {
        for binding in Keymap.bindings {
            guard let action = binding.action else { continue }
            for key in binding.keys {
                let context: KeyContext = binding.context == .card ? .board : binding.context
                #expect(Keymap.action(for: key, in: context) == action, "\(key.label) → \(action)")
            }
        }
        // Every action is reachable by some key.
        for action in Action.allCases {
            #expect(Keymap.binding(for: action) != nil, "\(action) has no key")
        }
    }
}
