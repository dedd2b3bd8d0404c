import Foundation
import Testing
@testable import HandoffCore
@testable import HandoffTUI

/// Plain mode: the same board as lines of text. Each change is announced once, as a line;
/// no box characters, marker glyphs or bars.
@Suite("plain mode")
struct PlainModeTests {
    /// Every line written so far, echoed typing joined onto its line.
    static func text(_ outputs: [PlainAnnouncer.Output]) -> [String] {
        var lines: [String] = []
        var open = false
        for output in outputs {
            switch output {
            case .line(let line):
                lines.append(line)
                open = false
            case .echo(let typed):
                if open, let last = lines.popLast() { lines.append(last + typed) } else { lines.append(typed) }
                open = true
            }
        }
        return lines
    }

    static let glyphs: Set<Character> = ["│", "─", "╭", "╮", "╰", "╯", "┌", "┐", "└", "┘", "▌", "█", "▏", "●", "⚑", "↻", "⚠", "◀", "▶"]

    @Test func movesActionsAndRefusalsAreAnnouncedAsLines() throws {
        let fixture = try BoardFixture()
        try fixture.spread()
        // Globex's meeting is past; Futura's is an hour ahead, so "held" is refused.
        try fixture.handOff(try fixture.add("Futura", contact: "Fay Fu"))
        let app = try fixture.app(as: "alex", width: 80, height: 24)
        var announcer = PlainAnnouncer()
        var all = Self.text(announcer.outputs(for: app.state))
        #expect(all.contains { $0.hasPrefix("Handoff, plain mode: alex, AE;") })
        #expect(all.contains("Board: SDR queue 1, Handed off 2, SAO 1, Nurture 1, Returned 1."))
        #expect(all.contains("Column 1 of 5: SDR queue, 1 card."))
        // One card per line, the selected one read out.
        #expect(all.contains { $0.hasPrefix("  L-1 · Acme Corp · Dana Lee · SDR sam · ") })
        // Nothing changed: nothing written.
        #expect(announcer.outputs(for: app.state).isEmpty)

        app.press(.right)
        let moved = Self.text(announcer.outputs(for: app.state))
        #expect(moved.first == "Column 2 of 5: Handed off, 2 cards.")
        #expect(moved.contains { $0.hasPrefix("  L-2 · Globex · Hank Scorpio · AE alex · ") })
        while app.state.selectedCard?.company != "Futura", app.state.selectedIndex < 1 { app.press(.down) }
        let futura = Self.text(announcer.outputs(for: app.state))
        #expect(app.state.selectedCard?.company == "Futura")
        #expect(futura.isEmpty || futura.contains { $0.hasPrefix("Card 2 of 2: L-6 · Futura · Fay Fu · AE alex · ") })

        // A form: its heading, then the focused field; moving to the next field says which.
        app.press(.char("o"))
        let form = Self.text(announcer.outputs(for: app.state))
        #expect(form.contains { $0.hasPrefix("Form: ") })
        #expect(form.contains { $0.hasPrefix("Field 1 of ") && $0.hasSuffix(": held") })
        app.press(.tab)
        let field = Self.text(announcer.outputs(for: app.state))
        #expect(field.count == 1 && field[0].hasPrefix("Field 2 of "))
        // Typing echoes the characters on the field's line.
        app.type("ok")
        #expect(announcer.outputs(for: app.state) == [.echo("ok")])
        // The meeting is an hour away: the rules refuse "held", and the refusal is a line.
        app.press(.enter)
        let refusal = Self.text(announcer.outputs(for: app.state))
        #expect(refusal.contains { $0.hasPrefix("Refused: ") }, "\(refusal)")
        app.press(.escape)
        let canceled = Self.text(announcer.outputs(for: app.state))
        #expect(canceled.contains("canceled"))
        all += moved + form + field + refusal + canceled
        for line in all {
            #expect(!line.contains { Self.glyphs.contains($0) }, "a glyph in plain output: \(line)")
        }
    }

    @Test func aPerformedActionIsAnnounced() throws {
        let fixture = try BoardFixture()
        try fixture.spread()
        let app = try fixture.app(as: "sam", width: 80, height: 24)
        var announcer = PlainAnnouncer()
        _ = announcer.outputs(for: app.state)
        app.press(.char("a"))
        _ = announcer.outputs(for: app.state)
        app.type("Wonka Industries")
        let typed = announcer.outputs(for: app.state)
        #expect(typed == [.echo("Wonka Industries")])
        app.press(.tab)
        app.type("Charlie")
        app.press(.enter)
        let done = Self.text(announcer.outputs(for: app.state))
        #expect(done.contains { $0.hasPrefix("Done: ") && $0.contains("Wonka Industries") }, "\(done)")
        #expect(done.contains { $0.hasPrefix("Card 2 of 2: L-6 · Wonka Industries · Charlie") }, "\(done)")
    }

    @Test func hostileCardTextIsSanitised() throws {
        let fixture = try BoardFixture()
        try fixture.add("Evil\u{1B}[2J\u{1B}]0;x\u{07}Corp", contact: "Mal\u{9B}31mlory")
        let app = try fixture.app(as: "sam")
        var announcer = PlainAnnouncer()
        for line in Self.text(announcer.outputs(for: app.state)) {
            #expect(!line.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }, "\(line)")
        }
    }

    @Test(arguments: [
        ([0x1B, 0x5B, 0x41], Key.up, 3), ([0x1B, 0x4F, 0x42], .down, 3), ([0x1B, 0x5B, 0x35, 0x7E], .pageUp, 4),
        ([0x1B, 0x5B, 0x5A], .backTab, 3), ([0x0D], .enter, 1), ([0x09], .tab, 1), ([0x7F], .backspace, 1),
        ([0x03], .ctrl("c"), 1), ([0x1B], .escape, 1), ([0xC3, 0xA9], .char("é"), 2), ([0x79], .char("y"), 1),
    ] as [([UInt8], Key, Int)])
    func keysAreDecodedFromTheirBytes(_ bytes: [UInt8], _ key: Key, _ used: Int) throws {
        let decoded = try #require(PlainKeys.decode(bytes))
        #expect(decoded.0 == key && decoded.1 == used)
    }

    @Test func aSequenceNotYetCompleteWaits() {
        #expect(PlainKeys.decode([0x1B, 0x5B]) == nil)
        #expect(PlainKeys.decode([0xE2, 0x82]) == nil)
        // An unknown sequence is consumed whole, as no key.
        let unknown = PlainKeys.decode(Array("\u{1B}[99q".utf8))
        #expect(unknown?.0 == nil && unknown?.1 == 5)
    }

    @Test func helpAndTheDetailNameMarkersInWords() throws {
        let fixture = try BoardFixture()
        try fixture.spread()
        let app = try fixture.app(as: "lee", width: 80, height: 24)
        var announcer = PlainAnnouncer()
        _ = announcer.outputs(for: app.state)
        app.press(.char("?"))
        let help = Self.text(announcer.outputs(for: app.state))
        #expect(help.first == "Keys:" && help.last == "End of the keys; Esc closes them.")
        #expect(help.contains { $0.hasPrefix("SLA breach: the step's owner did not act in time") })
        #expect(help.contains { $0.contains("copy the AE brief") })
        for marker in Marker.allCases {
            #expect(!help.contains { $0.contains(marker.glyph) }, "\(marker.glyph) in plain help")
        }
    }

    @Test func aRefusalSaidAgainIsReadAgain() throws {
        let fixture = try BoardFixture()
        try fixture.spread()
        let app = try fixture.app(as: "sam", width: 80, height: 24)
        var announcer = PlainAnnouncer()
        app.press(.right)
        _ = announcer.outputs(for: app.state)
        app.press(.char("d"))
        let first = Self.text(announcer.outputs(for: app.state))
        #expect(first.count == 1 && first[0].hasPrefix("Refused or failed: cannot"), "\(first)")
        app.press(.char("d"))
        #expect(Self.text(announcer.outputs(for: app.state)) == first)
        // A move says nothing of the status.
        app.press(.left)
        #expect(!Self.text(announcer.outputs(for: app.state)).contains { $0.hasPrefix("Refused") })
    }
}
