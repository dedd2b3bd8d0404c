import HandoffCore

/// What marks look like: a tick before a marked card's company, the count in the status
/// line, and a bulk action's full report over the board when the status line cannot hold it.
enum MarksView {
    /// The tick on a marked card; returns the cells it took (0 when not marked).
    static func drawMark(_ canvas: inout Canvas, _ state: AppState, _ id: LeadID, x: Int, y: Int) -> Int {
        guard !state.marks.isEmpty, state.marks.contains(id) else { return 0 }
        return canvas.put(x: x, y: y, text: state.asciiCharts ? "* " : "✓ ", style: Style(.filter, bold: true))
    }

    /// "· 3 marked" in the status line after the store's place; returns where text goes next.
    static func drawCount(_ canvas: inout Canvas, _ state: AppState, x: Int, y: Int) -> Int {
        guard let label = state.marksLabel else { return x }
        return x + canvas.put(x: x + 1, y: y, text: "· " + label, style: Style(.status, bold: true)) + 2
    }

    static func drawReport(_ canvas: inout Canvas, _ lines: [String]) {
        let rect = Overlay.frame(&canvas, title: " Bulk action ")
        var wrapped: [Overlay.Line] = []
        for line in lines {
            for part in Wrap.lines(line, width: max(rect.width - 2, 10)) { wrapped.append(Overlay.Line(part)) }
        }
        _ = Overlay.lines(&canvas, wrapped, in: rect, scroll: 0)
    }
}
