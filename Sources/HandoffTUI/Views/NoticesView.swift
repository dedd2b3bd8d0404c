import Foundation
import HandoffCore

/// `n`: what landed for me since I last looked, newest first, then what I saw earlier on
/// this board. Every line is stored text (companies, names) and is drawn sanitised.
enum NoticesView {
    static let title = "New for you — ↑↓ choose · Enter: go to the card · Esc: close"

    /// The overlay's lines, and the line each notice is on (for the highlight and scroll).
    /// The explanations wrap at `width` cells (the overlay's inside; plain mode: no limit).
    static func lines(_ state: AppState, selected: Int, width: Int = .max) -> (lines: [Overlay.Line], rows: [Int]) {
        let notices = state.notices
        var lines: [Overlay.Line] = []
        var rows: [Int] = []
        if notices.shown.isEmpty {
            let since = notices.previousLook.map { " (\(ago($0.at, now: state.now)))" } ?? ""
            lines.append(Overlay.Line("Nothing new for you since you last looked" + since + ".", Style(.helpText)))
        } else {
            let count = notices.shown.count
            lines.append(Overlay.Line("\(count) new for you", Style(.overlayTitle, bold: true)))
        }
        for (index, notice) in notices.items.enumerated() {
            if index == notices.shown.count {
                lines.append(Overlay.Line(""))
                lines.append(Overlay.Line("Seen earlier on this board", Style(.overlayTitle, bold: true)))
            }
            rows.append(lines.count)
            let chosen = index == selected
            let when = SafeText.pad(ago(notice.at, now: state.now), toWidth: 9)
            lines.append(Overlay.Line(spans: [
                ((chosen ? "▶ " : "  ") + when, Style(chosen ? .cardSelected : .statusDim, bold: chosen)),
                (SafeText.sanitize(notice.text), Style(chosen ? .cardSelected : .helpText, bold: chosen)),
            ]))
        }
        if notices.items.isEmpty {
            lines.append(Overlay.Line(""))
            let text = "Meetings handed to you, your leads returned or disputed, disputes to rule on, outcomes "
                + "of your meetings and SLA warnings on your cards land here."
            for part in Wrap.lines(text, width: width) { lines.append(Overlay.Line(part, Style(.statusDim))) }
        }
        if let problem = notices.cursorProblem {
            lines.append(Overlay.Line(""))
            for part in Wrap.lines("Not remembered for your next board: " + SafeText.sanitize(problem), width: width) {
                lines.append(Overlay.Line(part, Style(.statusError)))
            }
        }
        return (lines, rows)
    }

    /// "now", "5m ago", "3h ago", "2d ago".
    static func ago(_ date: Date, now: Date) -> String {
        let seconds = max(now.timeIntervalSince(date), 0)
        switch seconds {
        case ..<60: return "now"
        case ..<3_600: return "\(Int(seconds / 60))m ago"
        case ..<86_400: return "\(Int(seconds / 3_600))h ago"
        default: return "\(Int(seconds / 86_400))d ago"
        }
    }

    static func draw(_ canvas: inout Canvas, _ state: AppState, selected: Int) {
        let inside = Overlay.frame(&canvas, title: title)
        // Drawn from one cell in, with one cell kept free on the right.
        let (lines, rows) = lines(state, selected: selected, width: max(inside.width - 2, 10))
        // The highlighted line stays on screen: scrolled so it is in the lower half at most.
        let row = rows.indices.contains(selected) ? rows[selected] : 0
        let scroll = max(row - inside.height / 2, 0)
        _ = Overlay.lines(&canvas, lines, in: inside, scroll: scroll)
    }

    /// `· 2 new (n)` in the status line while something new waits (`:` when no key opens it).
    static func countText(_ state: AppState) -> String? {
        let count = state.notices.unseen.count
        guard count > 0 else { return nil }
        return "· \(count) new (\(Footer.key(for: .notifications, state) ?? ":"))"
    }

    /// The cells it takes, for the status line's room.
    static func countWidth(_ state: AppState) -> Int {
        countText(state).map { SafeText.width(of: $0) + 1 } ?? 0
    }

    static func drawCount(_ canvas: inout Canvas, _ state: AppState, x: Int, y: Int) -> Int {
        guard let text = countText(state) else { return x }
        return x + canvas.put(x: x + 1, y: y, text: text, style: Style(.statusSuccess, bold: true)) + 1
    }
}
