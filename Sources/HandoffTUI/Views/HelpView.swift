import HandoffCore

/// `?`: generated from the keymap registry, so it lists exactly what dispatches.
enum HelpView {
    static func lines(_ state: AppState) -> [Overlay.Line] {
        var lines: [Overlay.Line] = []
        for context in KeyContext.allCases {
            let bindings = Keymap.bindings.filter { $0.context == context }
            guard !bindings.isEmpty else { continue }
            if !lines.isEmpty { lines.append(Overlay.Line("")) }
            lines.append(Overlay.Line(context.title, Style(.overlayTitle, bold: true)))
            for binding in bindings {
                let allowed = binding.allows(state.role)
                var spans: [(String, Style)] = [
                    (SafeText.pad(binding.keyLabel, toWidth: 16), Style(allowed ? .helpKey : .statusDim, bold: allowed)),
                    (binding.description, Style(allowed ? .helpText : .statusDim)),
                ]
                if !allowed {
                    let who = binding.roles.map { $0.map(\.title).sorted().joined(separator: ", ") } ?? ""
                    spans.append(("  (not for you: \(who))", Style(.statusDim)))
                }
                lines.append(Overlay.Line(spans: spans))
            }
        }
        lines.append(Overlay.Line(""))
        lines.append(Overlay.Line("Markers", Style(.overlayTitle, bold: true)))
        for marker in Marker.allCases {
            lines.append(Overlay.Line(spans: [(SafeText.pad(marker.glyph, toWidth: 16), Style(marker.role, bold: true)),
                                              (marker.meaning + limit(marker, state.thresholds), Style(.helpText))]))
        }
        lines.append(Overlay.Line(""))
        lines.append(Overlay.Line("Dates in forms: \(DateInput.formats)", Style(.helpText)))
        return lines
    }

    /// The team's limit behind a marker (config.toml's [report]), as the standup states it.
    static func limit(_ marker: Marker, _ thresholds: Thresholds) -> String {
        switch marker {
        case .slaBreach:
            return " (SLA \(thresholds.slaText))"
        case .aging:
            let limits = Column.board.compactMap { column in thresholds.agingDays[column].map { "\(column.title) \($0) d" } }
            return limits.isEmpty ? "" : " (\(limits.joined(separator: ", ")))"
        case .rebook, .dispute, .revisitDue:
            return ""
        }
    }

    /// Returns the scroll shown (at most the last screenful).
    @discardableResult
    static func draw(_ canvas: inout Canvas, _ state: AppState, scroll: Int) -> Int {
        let inside = Overlay.frame(&canvas, title: "Keys — Esc to close")
        return Overlay.lines(&canvas, lines(state), in: inside, scroll: scroll)
    }
}
