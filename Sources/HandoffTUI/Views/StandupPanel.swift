import HandoffCore

/// A titled block of the standup view, laid out for one width. Every line is exactly
/// `width` cells, so panels can stand side by side.
struct StandupPanel {
    var title: String
    var width: Int
    var lines: [Overlay.Line] = []

    init(_ title: String, width: Int) {
        self.title = title
        self.width = width
        lines.append(Self.fitted([(title, Style(.overlayTitle, bold: true))], width: width))
    }

    mutating func text(_ text: String, _ style: Style = Style(.overlay)) {
        lines.append(Self.fitted([(" " + text, style)], width: width))
    }

    mutating func spans(_ spans: [(String, Style)]) {
        lines.append(Self.fitted([(" ", Style(.overlay))] + spans, width: width))
    }

    /// `spans` cut to `width` cells (the last one kept ends in "…") and padded to it.
    static func fitted(_ spans: [(String, Style)], width: Int) -> Overlay.Line {
        var out: [(String, Style)] = []
        var used = 0
        for (text, style) in spans {
            let clean = SafeText.sanitize(text)
            let room = width - used
            guard room > 0 else { break }
            let piece = SafeText.width(of: clean) > room ? SafeText.truncate(clean, toWidth: room) : clean
            out.append((piece, style))
            used += SafeText.width(of: piece)
        }
        if used < width { out.append((String(repeating: " ", count: width - used), Style(.overlay))) }
        return Overlay.Line(spans: out)
    }
}

/// One row of a bar table: "label  figure  ████▌  note".
struct BarRow {
    var label: String
    var figure: String
    var value: Double
    var note = ""
    var labelStyle = Style(.overlay)
    var noteStyle = Style(.overlay)
}

extension StandupPanel {
    /// Bars longer than this are hard to compare by eye; the rest of a wide panel stays blank.
    static let longestBar = 48

    /// Rows with aligned labels and figures and bars scaled to `scale` (or to the largest
    /// value). `track` draws the unfilled part, for fixed scales such as percentages.
    mutating func bars(_ rows: [BarRow], scale: Double? = nil, track: Bool = false, glyphs: ChartGlyphs) {
        guard !rows.isEmpty else { return }
        let labelWidth = min(rows.map { SafeText.width(of: SafeText.sanitize($0.label)) }.max() ?? 0, max(8, width / 3))
        let figureWidth = rows.map { SafeText.width(of: $0.figure) }.max() ?? 0
        var noteWidth = rows.map { SafeText.width(of: SafeText.sanitize($0.note)) }.max() ?? 0
        let fixed = 1 + labelWidth + 2 + figureWidth + 1
        let minimumBar = 8
        if noteWidth > 0, width - fixed - (noteWidth + 2) < minimumBar {
            noteWidth = max(0, width - fixed - 2 - minimumBar)
        }
        let barWidth = min(Self.longestBar, max(0, width - fixed - (noteWidth > 0 ? noteWidth + 2 : 0)))
        let top = scale ?? max(1, rows.map(\.value).max() ?? 1)
        for row in rows {
            let bar = Chart.bar(row.value, of: top, width: barWidth, glyphs: glyphs)
            var line: [(String, Style)] = [
                (SafeText.pad(SafeText.sanitize(row.label), toWidth: labelWidth), row.labelStyle),
                ("  " + String(repeating: " ", count: figureWidth - SafeText.width(of: row.figure)), Style(.overlay)),
                (row.figure, Style(.overlay, bold: true)),
                (" ", Style(.overlay)),
                (bar, Style(.bar)),
            ]
            let rest = barWidth - bar.count
            if rest > 0 {
                let filler = track && row.figure.first != "—" ? String(repeating: glyphs.track, count: rest)
                    : String(repeating: " ", count: rest)
                line.append((filler, Style(track ? .bar : .overlay)))
            }
            if noteWidth > 0, !row.note.isEmpty {
                line.append(("  " + SafeText.truncate(SafeText.sanitize(row.note), toWidth: noteWidth), row.noteStyle))
            }
            spans(line)
        }
    }

    /// A list of cards, `limit` at most, with a line saying how many more there are.
    mutating func list<T>(_ items: [T], limit: Int, _ row: (T) -> String) {
        for item in items.prefix(limit) { text("  " + row(item)) }
        if items.count > limit {
            text("  … and \(items.count - limit) more (`handoff report` lists them all)", Style(.overlay))
        }
    }
}
