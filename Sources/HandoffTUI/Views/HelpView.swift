import HandoffCore

/// `?`: generated from the keymap registry, so it lists exactly what dispatches.
enum HelpView {
    static func lines(_ state: AppState) -> [Overlay.Line] {
        var lines: [Overlay.Line] = []
        for context in KeyContext.allCases {
            let bindings = state.keymap.bindings.filter { $0.context == context }
            guard !bindings.isEmpty else { continue }
            if !lines.isEmpty { lines.append(Overlay.Line("")) }
            lines.append(Overlay.Line(context.title, Style(.overlayTitle, bold: true)))
            if context == .card, let card = state.actionCard {
                lines.append(Overlay.Line("Dim: not possible on \(card.id) now, with the rules' reason below", Style(.statusDim)))
            }
            for var binding in bindings {
                // Views: each key that opens one, with its name and query.
                if let index = binding.action?.viewIndex {
                    guard let described = viewLine(state, index) else { continue }
                    binding.description = described
                }
                // The rules' answer on the selected card; moving and showing ask nothing.
                let reason = binding.action.flatMap { state.permission(for: $0)?.reason }
                let allowed = reason == nil
                // A long description wraps under itself, so nothing is cut at 80 columns.
                for (offset, part) in Wrap.lines(binding.description, width: descriptionWidth(state)).enumerated() {
                    lines.append(Overlay.Line(spans: [
                        (SafeText.pad(offset == 0 ? binding.keyLabel : "", toWidth: 16), Style(allowed ? .helpKey : .statusDim, bold: allowed)),
                        (part, Style(allowed ? .helpText : .statusDim)),
                    ]))
                }
                guard let reason else { continue }
                for part in Wrap.lines(reason, width: descriptionWidth(state) - 2) {
                    lines.append(Overlay.Line(spans: [(String(repeating: " ", count: 18), Style(.statusDim)), (part, Style(.statusDim))]))
                }
            }
        }
        lines.append(Overlay.Line(""))
        lines.append(Overlay.Line("Markers", Style(.overlayTitle, bold: true)))
        for marker in Marker.allCases {
            let meaning = marker.meaning + limit(marker, state.thresholds)
            for (offset, part) in Wrap.lines(meaning, width: descriptionWidth(state)).enumerated() {
                lines.append(Overlay.Line(spans: [(SafeText.pad(offset == 0 ? (state.asciiCharts ? marker.asciiGlyph : marker.glyph) : "", toWidth: 16), Style(marker.role, bold: true)),
                                                  (part, Style(.helpText))]))
            }
        }
        for part in Wrap.lines(SLAView.countdownMeaning(state), width: descriptionWidth(state)).enumerated() {
            lines.append(Overlay.Line(spans: [(SafeText.pad(part.offset == 0 ? SLAView.countdownGlyph(state) + " 6h" : "", toWidth: 16),
                                               Style(.owner, bold: true)), (part.element, Style(.helpText))]))
        }
        lines.append(Overlay.Line(""))
        for part in Wrap.lines("Dates in forms: \(DateInput.formats)", width: descriptionWidth(state) + 16) {
            lines.append(Overlay.Line(part, Style(.helpText)))
        }
        for part in Wrap.lines(DetailView.noShowHelp(state.policy), width: descriptionWidth(state) + 16) {
            lines.append(Overlay.Line(part, Style(.helpText)))
        }
        return lines
    }

    /// The cells a description has beside its 16-cell key column: the overlay's inside
    /// (two cells of margin and a frame on each side, a cell of padding) less the keys.
    static func descriptionWidth(_ state: AppState) -> Int {
        max(Overlay.inside(width: state.width, height: state.height).width - 2 - 16, 20)
    }

    /// The team's limit behind a marker (config.toml's [report]), as the standup states it.
    static func limit(_ marker: Marker, _ thresholds: Thresholds) -> String {
        switch marker {
        case .slaBreach, .slaWarning:
            return SLAView.limits(marker, thresholds)
        case .aging:
            let limits = Column.board.compactMap { column in thresholds.agingDays[column].map { "\(column.title) \($0) d" } }
            return limits.isEmpty ? "" : " (\(limits.joined(separator: ", ")))"
        case .rebook, .dispute, .revisitDue:
            return ""
        }
    }

    /// What a view key's line says: the view's name and query; for keys with no view,
    /// nothing, except one line saying where views come from when there are none.
    static func viewLine(_ state: AppState, _ index: Int) -> String? {
        if state.views.indices.contains(index) {
            let view = state.views[index]
            return "view \(view.name): \(view.query)" + (state.activeView == view ? " (on; again: show all)" : "")
        }
        return state.views.isEmpty && index == 0 ? "views: none yet; name filters in config.toml [views] for keys 1–9" : nil
    }

    static func lineCount(_ state: AppState) -> Int { lines(state).count }

    /// Returns the scroll shown (at most the last screenful).
    @discardableResult
    static func draw(_ canvas: inout Canvas, _ state: AppState, scroll: Int) -> Int {
        let inside = Overlay.frame(&canvas, title: "Keys — Esc to close")
        return Overlay.lines(&canvas, lines(state), in: inside, scroll: scroll)
    }
}
