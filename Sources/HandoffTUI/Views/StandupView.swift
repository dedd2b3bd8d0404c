import HandoffCore

/// `S`: the standup summary, the same figures `handoff report` prints.
enum StandupView {
    static func draw(_ canvas: inout Canvas, _ state: AppState, scroll: Int) {
        let inside = Overlay.frame(&canvas, title: "Standup — Esc to close")
        let lines = state.standup.isEmpty ? [Overlay.Line("loading…", Style(.statusDim))]
            : state.standup.map { Overlay.Line($0, Style(.overlay)) }
        _ = Overlay.lines(&canvas, lines, in: inside, scroll: scroll)
    }
}
