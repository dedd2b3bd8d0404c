import Foundation
import HandoffCore

/// `S`: the standup the team lead projects — the figures of `handoff report`, drawn as
/// horizontal bars and sparklines. Panels flow into as many columns as the width allows
/// (one at 80 columns, three at 200); what does not fit scrolls.
enum StandupView {
    /// Narrowest a panel column may be.
    static let minimumPanelWidth = 52
    static let gap = 3

    /// Returns the scroll shown (at most the last screenful).
    @discardableResult
    static func draw(_ canvas: inout Canvas, _ state: AppState, scroll: Int) -> Int {
        let title = state.standup.map { "Standup · last \(Thresholds.hoursText($0.period.days)) days · Esc to close" }
            ?? "Standup — Esc to close"
        let inside = Overlay.frame(&canvas, title: title)
        return Overlay.lines(&canvas, lines(state, width: inside.width - 2, height: inside.height), in: inside, scroll: scroll)
    }

    /// How many lines the standup has on this screen.
    static func lineCount(_ state: AppState) -> Int {
        let inside = Overlay.inside(width: state.width, height: state.height)
        return lines(state, width: inside.width - 2, height: inside.height).count
    }

    /// The view's lines for a content width (the overlay's inside less its padding).
    static func lines(_ state: AppState, width: Int, height: Int) -> [Overlay.Line] {
        guard let standup = state.standup else {
            return [Overlay.Line(state.standupProblem ?? "loading…", Style(state.standupProblem == nil ? .statusDim : .formError))]
        }
        let glyphs = state.asciiCharts ? ChartGlyphs.ascii : .blocks
        let head = header(standup, width: width)
        // As few columns as show everything at once (wider panels, longer bars); when
        // nothing fits, as many as the width allows, and the rest scrolls.
        let most = max(1, min(3, (width + gap) / (minimumPanelWidth + gap)))
        var body: [Overlay.Line] = []
        for columns in 1...most {
            let panelWidth = (width - gap * (columns - 1)) / columns
            let panels = StandupPanels.make(standup, width: panelWidth, glyphs: glyphs, listLimit: columns == 1 ? 5 : 8)
            body = flow(panels, columns: columns, panelWidth: panelWidth)
            if head.count + body.count <= height { break }
        }
        return head + body
    }

    static func header(_ s: Standup, width: Int) -> [Overlay.Line] {
        let from = DateInput.format(s.period.since)
        let to = DateInput.format(s.period.until)
        let limits = Column.board.compactMap { column in s.settings.agingDays[column].map { "\(StandupPanels.short(column)) \($0) d" } }
        // The facts of the header, wrapped at " · " to the width.
        let parts = ["Period \(from) → \(to)", "cards as of \(DateInput.format(s.generatedAt))", "AE SLA \(s.settings.slaText)",
                     "aging limits: \(limits.joined(separator: ", "))", "every rate shows (count/of)"]
        var texts: [String] = []
        for part in parts {
            if let last = texts.last, SafeText.width(of: last + " · " + part) <= width {
                texts[texts.count - 1] = last + " · " + part
            } else {
                texts.append(part)
            }
        }
        var lines = texts.enumerated().map { index, text in
            StandupPanel.fitted([(text, Style(.overlay, bold: index == 0))], width: width)
        }
        if StandupPanels.isQuiet(s) {
            lines.append(StandupPanel.fitted([("Nothing happened in the period: no handoffs, meetings, dispositions or disputes.",
                                               Style(.formError))], width: width))
        }
        lines.append(Overlay.Line(""))
        return lines
    }

    /// Panels top to bottom, filling one column before the next, columns about level.
    static func flow(_ panels: [StandupPanel], columns: Int, panelWidth: Int) -> [Overlay.Line] {
        let heights = panels.map { $0.lines.count + 1 }
        let target = (heights.reduce(0, +) + columns - 1) / columns
        var stacks = Array(repeating: [Overlay.Line](), count: columns)
        var current = 0
        for (index, panel) in panels.enumerated() {
            if current < columns - 1, !stacks[current].isEmpty, stacks[current].count + heights[index] / 2 > target {
                current += 1
            }
            stacks[current] += panel.lines + [StandupPanel.fitted([], width: panelWidth)]
        }
        let rows = stacks.map(\.count).max() ?? 0
        let blank = StandupPanel.fitted([], width: panelWidth)
        let spacer: (String, Style) = (String(repeating: " ", count: gap), Style(.overlay))
        return (0..<rows).map { row in
            var spans: [(String, Style)] = []
            for (index, stack) in stacks.enumerated() {
                if index > 0 { spans.append(spacer) }
                spans += (row < stack.count ? stack[row] : blank).spans
            }
            return Overlay.Line(spans: spans)
        }
    }
}
