import Testing
@testable import HandoffTUI

@Suite("Canvas")
struct CanvasTests {
    @Test func putWritesTextAndReturnsColumnsUsed() {
        var canvas = Canvas(width: 10, height: 2)
        #expect(canvas.put(x: 1, y: 0, text: "Acme") == 4)
        #expect(canvas.lines == [" Acme", ""])
        #expect(canvas.text == " Acme\n")
        #expect(canvas[1, 0].text == "A")
    }

    @Test func putSanitisesEscapeSequences() {
        var canvas = Canvas(width: 20, height: 1)
        canvas.put(x: 0, y: 0, text: "\u{1B}[31mEvil\u{1B}[0m\u{1B}]0;title\u{07}\nCo")
        #expect(canvas.lines == ["Evil Co"])
    }

    @Test func putClipsAtTheRightEdgeAndAtMaxWidth() {
        var canvas = Canvas(width: 6, height: 2)
        #expect(canvas.put(x: 2, y: 0, text: "Acme Corp") == 4)
        #expect(canvas.put(x: 0, y: 1, text: "Acme Corp", maxWidth: 3) == 3)
        #expect(canvas.lines == ["  Acme", "Acm"])
        #expect(canvas.put(x: 0, y: 5, text: "off screen") == 0)
    }

    @Test func wideCharacterAtTheRightEdgeIsNotHalfWritten() {
        var canvas = Canvas(width: 7, height: 1)
        let used = canvas.put(x: 0, y: 0, text: "株式会社")
        // Three ideographs fit in six cells; the fourth would need cells 7 and 8.
        #expect(used == 7)
        #expect(canvas.lines == ["株式会"])
        #expect(canvas[6, 0] == .blank())
        #expect(canvas[4, 0].text == "会")
        #expect(canvas[5, 0].isContinuation)
    }

    @Test func wideCharactersAndEmojiKeepColumnsAligned() {
        var canvas = Canvas(width: 12, height: 3)
        canvas.put(x: 0, y: 0, text: "株式|")
        canvas.put(x: 0, y: 1, text: "👨\u{200D}👩\u{200D}👧ab|")
        canvas.put(x: 0, y: 2, text: "Zoe\u{308}|")
        #expect(canvas.position(of: "|")?.x == 4)
        #expect(canvas.lines[1].hasSuffix("ab|"))
        #expect(canvas[4, 1].text == "|")
        #expect(canvas[3, 2].text == "|")
    }

    @Test func overwritingHalfAWideCharacterBlanksTheOtherHalf() {
        var canvas = Canvas(width: 6, height: 1)
        canvas.put(x: 0, y: 0, text: "株式会")
        canvas.put(x: 1, y: 0, text: "x")
        #expect(canvas.lines == [" x式会"])
        canvas.put(x: 4, y: 0, text: "y")
        #expect(canvas.lines == [" x式y"])
        #expect(!canvas[5, 0].isContinuation)
    }

    @Test func wideCharacterCutAtTheLeftEdgeLeavesABlank() {
        var canvas = Canvas(width: 4, height: 1)
        #expect(canvas.put(x: -1, y: 0, text: "株ab") == 4)
        #expect(canvas.lines == [" ab"])
    }

    @Test func fillAndBox() {
        var canvas = Canvas(width: 8, height: 4)
        canvas.fill(rect: Rect(x: 0, y: 0, width: 8, height: 4), style: Style(.overlay))
        canvas.box(rect: Rect(x: 0, y: 0, width: 8, height: 4), style: Style(.border), title: "SAO")
        #expect(canvas.lines == ["┌─ SAO ┐", "│      │", "│      │", "└──────┘"])
        #expect(canvas[3, 1].style == Style(.overlay))
        #expect(canvas[0, 0].style == Style(.border))
        canvas.horizontalLine(x: 1, y: 2, length: 6, style: Style(.border), glyph: "=")
        #expect(canvas.lines[2] == "│======│")
    }

    @Test func fillClipsToTheCanvas() {
        var canvas = Canvas(width: 3, height: 2)
        canvas.fill(rect: Rect(x: 2, y: 1, width: 10, height: 10), style: Style(.cardSelected))
        #expect(canvas[2, 1].style == Style(.cardSelected))
        #expect(canvas[1, 1].style == .plain)
    }
}

@Suite("Canvas diff")
struct CanvasDiffTests {
    @Test func identicalCanvasesHaveNoRuns() {
        var canvas = Canvas(width: 10, height: 3)
        canvas.put(x: 0, y: 0, text: "same")
        #expect(canvas.diff(from: canvas).isEmpty)
    }

    @Test func onlyChangedStretchesAreRedrawn() {
        var old = Canvas(width: 20, height: 3)
        old.put(x: 0, y: 0, text: "Acme Corp")
        old.put(x: 0, y: 2, text: "unchanged")
        var new = old
        new.put(x: 5, y: 0, text: "Inc.")
        new.put(x: 15, y: 0, text: "!")
        let runs = new.diff(from: old)
        #expect(runs.count == 2)
        #expect(runs[0] == Run(x: 5, y: 0, cells: Array("Inc.").map { Cell(text: String($0), width: 1, style: .plain) }))
        #expect(runs[1].x == 15 && runs[1].text == "!")
    }

    @Test func styleChangesAreChanges() {
        var old = Canvas(width: 5, height: 1)
        old.put(x: 0, y: 0, text: "card")
        var new = Canvas(width: 5, height: 1)
        new.put(x: 0, y: 0, text: "card", style: Style(.cardSelected))
        #expect(new.diff(from: old).map(\.text) == ["card"])
    }

    @Test func runsKeepWideCharactersWhole() {
        var old = Canvas(width: 6, height: 1)
        old.put(x: 0, y: 0, text: "株式会")
        var new = old
        new.put(x: 2, y: 0, text: "社")
        let runs = new.diff(from: old)
        #expect(runs.count == 1)
        #expect(runs[0].x == 2)
        #expect(runs[0].cells.count == 2)
        #expect(runs[0].text == "社")
    }

    @Test func differentSizesRepaintEverything() {
        let old = Canvas(width: 4, height: 2)
        var new = Canvas(width: 5, height: 3)
        new.put(x: 0, y: 1, text: "x")
        let runs = new.diff(from: old)
        #expect(runs.count == 3)
        #expect(runs.allSatisfy { $0.x == 0 && $0.cells.count == 5 })
    }

    @Test func recordingTerminalCountsOnlyWhatChanged() {
        let terminal = RecordingTerminal(width: 40, height: 10, events: [.key(.char("j"))])
        var canvas = Canvas(width: 40, height: 10)
        canvas.put(x: 0, y: 0, text: "board")
        terminal.present(canvas)
        let first = terminal.bytesWritten
        terminal.present(canvas)
        #expect(terminal.bytesWritten == first)
        canvas.put(x: 0, y: 5, text: "x")
        terminal.present(canvas)
        #expect(terminal.bytesWritten > first)
        #expect(terminal.bytesWritten - first < 40)
        #expect(terminal.screen.hasPrefix("board"))
        #expect(terminal.nextEvent(timeoutMilliseconds: 0) == .key(.char("j")))
        #expect(terminal.nextEvent(timeoutMilliseconds: 0) == nil)
        terminal.enqueue(.resize(width: 30, height: 8))
        _ = terminal.nextEvent(timeoutMilliseconds: 0)
        #expect(terminal.size.width == 30 && terminal.size.height == 8)
    }
}

@Suite("Keys")
struct KeyTests {
    @Test func labelsAreHuman() {
        #expect(Key.left.label == "←")
        #expect(Key.enter.label == "Enter")
        #expect(Key.ctrl("c").label == "Ctrl-C")
        #expect(Key.char("a").label == "a")
        #expect(Key.char("?").label == "?")
        #expect(Key.char(" ").label == "Space")
        #expect(Key.backTab.label == "Shift-Tab")
        #expect(Key.function(5).label == "F5")
    }

    @Test func labelsParseBack() {
        let keys: [Key] = [.left, .enter, .ctrl("c"), .char("a"), .char(" "), .backTab, .function(5), .pageDown, .escape]
        for key in keys {
            #expect(Key(label: key.label) == key)
        }
        #expect(Key(label: "C-x") == .ctrl("x"))
        #expect(Key(label: "nonsense") == nil)
    }

    @Test func cursesControlCodesMapToKeys() {
        #expect(CursesTerminal.characterKey(3) == .ctrl("c"))
        #expect(CursesTerminal.characterKey(13) == .enter)
        #expect(CursesTerminal.characterKey(9) == .tab)
        #expect(CursesTerminal.characterKey(127) == .backspace)
        #expect(CursesTerminal.characterKey(27) == .escape)
        #expect(CursesTerminal.characterKey(0x682A) == .char("株"))
        #expect(CursesTerminal.characterKey(0x9B) == nil)
    }
}
