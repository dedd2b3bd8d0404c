import Foundation
import HandoffCore

extension StandupPanels {
    /// Definition health in `S`: the current SQL definition version against the previous
    /// one over equal windows, rate by rate with their counts, so a team lead sees whether
    /// the last edit helped. The whole story is `handoff report --section definition`.
    static func definition(_ s: Standup, _ width: Int, _ glyphs: ChartGlyphs, _ calendar: Calendar) -> StandupPanel {
        let health = s.definition
        guard let latest = health.versions.last else {
            var panel = StandupPanel("Definition health", width: width)
            panel.text("No definition version in the log.", Style(.statusDim))
            return panel
        }
        let since = DateInput.format(latest.since, calendar: calendar, time: false)
        func rate(_ label: String, _ ratio: Ratio) -> BarRow {
            BarRow(label: label, figure: ratio.isEmpty ? "— (0/0)" : ratio.percentText, value: Double(ratio.percent ?? 0))
        }
        guard let comparison = health.comparison else {
            var panel = StandupPanel("Definition v\(latest.version), since \(since)", width: width)
            let f = latest.figures
            panel.bars([rate("show rate", f.showRate), rate("acceptance", f.acceptanceRate), rate("return rate", f.returnRate)],
                       scale: 100, track: true, glyphs: glyphs)
            panel.text("\(f.handoffs) handoffs · only one version so far: nothing to compare", Style(.statusDim))
            return panel
        }
        let days = Thresholds.hoursText(comparison.days)
        let old = comparison.previous, new = comparison.current
        var panel = StandupPanel("Definition v\(new.version) vs v\(old.version): first \(days) day\(days == "1" ? "" : "s") of each", width: width)
        let a = old.figures, b = new.figures
        panel.bars([
            rate("show v\(old.version)", a.showRate), rate("show v\(new.version)", b.showRate),
            rate("accept v\(old.version)", a.acceptanceRate), rate("accept v\(new.version)", b.acceptanceRate),
            rate("return v\(old.version)", a.returnRate), rate("return v\(new.version)", b.returnRate),
        ], scale: 100, track: true, glyphs: glyphs)
        panel.text("handoffs v\(old.version) \(a.handoffs) · v\(new.version) \(b.handoffs) (v\(new.version) since \(since))")
        for (version, figures) in [(old.version, a), (new.version, b)] where !figures.returnsByCriterion.isEmpty {
            let failed = figures.returnsByCriterion.map { "\($0.code) \($0.count)/\(figures.returned)" }.joined(separator: ", ")
            panel.text("failed v\(version): \(failed)")
        }
        if let agreement = latest.calibration, !agreement.isEmpty {
            panel.text("calibration agreement v\(latest.version): \(agreement.percentText)")
        }
        return panel
    }
}
