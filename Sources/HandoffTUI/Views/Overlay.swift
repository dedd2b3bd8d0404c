import HandoffCore

/// A framed panel over the board, for the card detail, help, forms and the standup.
enum Overlay {
    /// Clears and frames the panel; returns the inside.
    static func frame(_ canvas: inout Canvas, title: String, margin: Int = 2) -> Rect {
        let rect = outer(width: canvas.width, height: canvas.height, margin: margin)
        canvas.fill(rect: rect, style: Style(.overlay))
        canvas.box(rect: rect, style: Style(.borderFocused), glyphs: .rounded, title: title, titleStyle: Style(.overlayTitle, bold: true))
        return rect.inset(by: 1)
    }

    /// The panel on a screen of this size, frame included.
    static func outer(width: Int, height: Int, margin: Int = 2) -> Rect {
        Rect(x: margin, y: 1, width: max(width - margin * 2, 4), height: max(height - 2, 3))
    }

    /// The inside of the panel on a screen of this size: where its lines go.
    static func inside(width: Int, height: Int) -> Rect {
        outer(width: width, height: height).inset(by: 1)
    }

    /// The first line shown of `count` lines in `height` rows when asked for `scroll`: at
    /// most the last screenful, so the first key back moves back.
    static func top(_ scroll: Int, count: Int, height: Int) -> Int {
        min(max(scroll, 0), max(count - height, 0))
    }

    /// A styled line of an overlay: text spans, each with a role.
    struct Line {
        var spans: [(String, Style)]

        init(_ text: String, _ style: Style = Style(.overlay)) { spans = [(text, style)] }
        init(spans: [(String, Style)]) { self.spans = spans }
    }

    /// Draws `lines` from `scroll` into `rect`, with a scroll hint when there is more.
    static func lines(_ canvas: inout Canvas, _ lines: [Line], in rect: Rect, scroll: Int) -> Int {
        self.lines(&canvas, count: lines.count, in: rect, scroll: scroll) { lines[$0] }
    }

    /// Draws `count` lines from `scroll` into `rect`, asking `line` only for those shown:
    /// a timeline of 10,000 events costs a screenful a frame, not 10,000 lines.
    static func lines(_ canvas: inout Canvas, count: Int, in rect: Rect, scroll: Int, line: (Int) -> Line) -> Int {
        let top = top(scroll, count: count, height: rect.height)
        for row in 0..<max(rect.height, 0) {
            let index = top + row
            guard index < count else { break }
            var x = rect.x + 1
            for (text, style) in line(index).spans {
                x += canvas.put(x: x, y: rect.y + row, text: text, style: style, maxWidth: rect.maxX - x - 1)
            }
        }
        if count > rect.height {
            let hint = " \(top + 1)–\(min(top + rect.height, count)) of \(count) · ↑↓ PgUp PgDn Home End "
            canvas.put(x: rect.maxX - SafeText.width(of: hint) - 1, y: rect.maxY, text: hint, style: Style(.statusDim))
        }
        return top
    }
}
