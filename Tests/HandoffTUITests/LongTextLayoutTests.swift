import Foundation
import Testing
@testable import HandoffCore
@testable import HandoffStore
@testable import HandoffTUI

/// Issue 13, class 5: text layout is linear. A 40,000-character word wraps in one pass, the
/// detail view builds only the lines on screen, and Home/End reach both ends at once.
@Suite("long text: wrapping and the detail view stay linear")
struct LongTextLayoutTests {
    @Test func aFortyThousandCharacterWordIsMeasuredOnce() {
        let word = String(repeating: "x", count: 40_000)
        var work = 0
        let start = Date()
        let lines = Wrap.lines("Note: " + word + " end", width: 60, work: &work)
        let seconds = Date().timeIntervalSince(start)
        // Each character measured once (the old wrapper re-measured the rest of the word
        // for every line it cut: 667 lines × 40,000 characters).
        #expect(work == 5 + 40_000 + 3, "measured \(work) characters")
        #expect(lines.allSatisfy { SafeText.width(of: $0) <= 60 })
        #expect(lines.count == 1 + 40_000 / 60 + 1)
        #expect(lines.joined().filter { $0 == "x" }.count == 40_000)
        #expect(seconds < 2, "wrapping 40,000 characters took \(seconds) s")
    }

    @Test func wideAndCombiningTextWrapsWithinTheWidth() {
        let text = String(repeating: "日本語e\u{301}👨‍👩‍👧", count: 2_000)
        var work = 0
        let lines = Wrap.lines(text, width: 7, work: &work)
        #expect(work == text.count)
        #expect(lines.allSatisfy { SafeText.width(of: $0) <= 7 })
        #expect(lines.joined() == text)
        // A glyph wider than the whole line cannot be drawn in it.
        #expect(Wrap.lines("日本", width: 1) == ["…", "…"])
    }

    @Test func truncatingAHugeTextLooksAtItsFirstCellsOnly() {
        let text = String(repeating: "é", count: 1_000_000)
        let start = Date()
        for _ in 0..<100 { _ = SafeText.truncate(text, toWidth: 40) }
        let seconds = Date().timeIntervalSince(start)
        #expect(SafeText.truncate(text, toWidth: 40) == String(repeating: "é", count: 39) + "…")
        // Measuring the whole text first (as before) took ~100 × 1,000,000 characters.
        #expect(seconds < 2, "100 truncations of a 1M-character text took \(seconds) s")
    }

    @Test func overlaysBuildOnlyTheLinesOnScreen() {
        var canvas = Canvas(width: 80, height: 24)
        var built = 0
        let top = Overlay.lines(&canvas, count: 10_000, in: Rect(x: 2, y: 2, width: 76, height: 20), scroll: 5_000) { index in
            built += 1
            return Overlay.Line("line \(index)")
        }
        #expect(top == 5_000)
        #expect(built == 20)
        #expect(canvas.text.contains("line 5000"))
        #expect(canvas.text.contains("Home End"))
    }

    /// A lead with 10,000 events: each key draws a screenful; End shows the last event,
    /// Home the first; `g`/`G` do the same.
    @Test func aTenThousandEventTimelineScrollsWithHomeAndEnd() throws {
        let fixture = try BoardFixture()
        let id = try fixture.add("Acme Corp")
        var state = try fixture.state(width: 100, height: 30)
        guard let lead = try fixture.store.lead(id) else { Issue.record("no lead"); return }
        let base = fixture.clock.date
        state.detail = lead
        var timeline: [Event] = []
        for index in 0..<10_000 {
            let at = base.addingTimeInterval(Double(index) * 60)
            let actor = index == 9_999 ? "last" : "sam"
            let type: EventType = index == 0 ? .created : .edited
            timeline.append(Event(seq: Int64(index + 1), at: at, actor: actor, lead: id, type: type, from: nil, to: nil))
        }
        state.timeline = timeline
        state.mode = .detail(id, scroll: 0)
        let start = Date()
        _ = Update.update(&state, .input(.key(.end)))
        var screen = BoardView.render(state).text
        #expect(screen.contains("last"), "End does not show the last event")
        guard case .detail(_, let bottom) = state.mode else { Issue.record("detail closed"); return }
        #expect(bottom > 9_000)
        _ = Update.update(&state, .input(.key(.home)))
        screen = BoardView.render(state).text
        #expect(state.mode == .detail(id, scroll: 0))
        #expect(screen.contains("Contact"))
        _ = Update.update(&state, .input(.key(.char("G"))))
        #expect(state.mode == .detail(id, scroll: bottom))
        for _ in 0..<20 {
            _ = Update.update(&state, .input(.key(.up)))
            _ = BoardView.render(state)
        }
        let seconds = Date().timeIntervalSince(start)
        #expect(state.mode == .detail(id, scroll: bottom - 20))
        // The scroll a key settles on is the one the frame shows, without drawing it twice.
        for scroll in [0, 7, bottom - 1, bottom, bottom + 5, Int.max / 2] {
            var canvas = Canvas(width: state.width, height: state.height)
            var asked = state
            asked.mode = .detail(id, scroll: scroll)
            #expect(Update.clampedScroll(asked) == .detail(id, scroll: DetailView.draw(&canvas, state, lead: id, scroll: scroll)))
        }
        // 23 keys and frames; building all 10,000 lines twice a key took ~10 s in a debug build.
        #expect(seconds < 3, "23 keys on a 10,000-event timeline took \(seconds) s")
    }

    @Test func helpListsHomeAndEndForOverlays() throws {
        let fixture = try BoardFixture()
        var state = try fixture.state(width: 100, height: 60)
        state.mode = .help(scroll: Int.max / 2)
        let screen = BoardView.render(state).text
        #expect(screen.contains("Home g") && screen.contains("scroll to the first line"))
        #expect(screen.contains("End G") && screen.contains("scroll to the last line"))
    }
}
