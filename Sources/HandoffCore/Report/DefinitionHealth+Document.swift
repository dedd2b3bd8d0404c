import Foundation

extension StandupDocument {
    /// Definition health as the report prints it: every version's life and figures, the
    /// returns by failed criterion, and the current version against the previous one.
    static func definition(_ s: Standup, _ context: ReportSection.Context) -> [Section] {
        let health = s.definition
        var versions = Section(title: "Definition health: each SQL definition version, over its whole life")
        guard !health.versions.isEmpty else {
            versions.line("No definition version in the log.")
            return [versions]
        }
        versions.line("A handoff is under the version it was booked against; its meeting and disposition count whenever they came. Not limited to the report's period.")
        let calibrated = health.versions.contains { $0.calibration != nil }
        versions.table(["version", "in force", "days", "by", "handoffs", "show rate", "acceptance", "return rate"]
                        + (calibrated ? ["calibration"] : []),
                       numeric: [2, 4],
                       health.versions.map { v in
                           ["v\(v.version)", "\(context.when(v.since)) → \(v.until.map(context.when) ?? "now")",
                            Thresholds.hoursText(v.days), SafeText.sanitize(v.by), "\(v.figures.handoffs)",
                            cell(v.figures.showRate), cell(v.figures.acceptanceRate), cell(v.figures.returnRate)]
                               + (calibrated ? [v.calibration.map(cell) ?? "—"] : [])
                       })
        versions.line("Show rate: held ÷ handoffs whose meeting has an outcome. Acceptance and return rate: of the handoffs with a standing disposition.")
        if health.versions.contains(where: { $0.figures.returned > 0 }) {
            versions.line("Returns by failed criterion (a return may name several, or none):")
            versions.table(["version", "returns", "by failed criterion"], numeric: [1], health.versions.map { v in
                [ "v\(v.version)", "\(v.figures.returned)", criteria(v.figures)]
            })
        } else {
            versions.line("No standing return under any version.")
        }
        guard let comparison = health.comparison else {
            versions.line("Only one version so far: nothing to compare it with.")
            return [versions]
        }
        let current = comparison.current, previous = comparison.previous
        let days = Thresholds.hoursText(comparison.days)
        var compared = Section(title: "Definition v\(current.version) against v\(previous.version) over the first \(days) day\(days == "1" ? "" : "s") of each")
        compared.line("Equal windows: N = the shorter of v\(previous.version)'s life and v\(current.version)'s so far; handoffs booked in each version's first N days, their outcomes and dispositions as they stand now.")
        compared.line("v\(previous.version): \(context.when(previous.window.since)) → \(context.when(previous.window.until)) · v\(current.version): \(context.when(current.window.since)) → \(context.when(current.window.until))")
        let p = previous.figures, c = current.figures
        compared.table(["figure", "v\(previous.version)", "v\(current.version)", "change"], numeric: [], [
            ["handoffs", "\(p.handoffs)", "\(c.handoffs)", signed(c.handoffs - p.handoffs)],
            ["show rate", cell(p.showRate), cell(c.showRate), points(p.showRate, c.showRate)],
            ["acceptance", cell(p.acceptanceRate), cell(c.acceptanceRate), points(p.acceptanceRate, c.acceptanceRate)],
            ["return rate", cell(p.returnRate), cell(c.returnRate), points(p.returnRate, c.returnRate)],
            ["returns by failed criterion", criteria(p), criteria(c), ""],
        ])
        return [versions, compared]
    }

    /// "need 3/5, fit 2/5", or "—".
    static func criteria(_ figures: DefinitionFigures) -> String {
        guard !figures.returnsByCriterion.isEmpty else { return "—" }
        return figures.returnsByCriterion.map { "\(SafeText.sanitize($0.code)) \($0.count)/\(figures.returned)" }
            .joined(separator: ", ")
    }

    /// "+3", "-2", "0".
    static func signed(_ value: Int) -> String { value > 0 ? "+\(value)" : "\(value)" }

    /// The change in whole percentage points ("+12 pts"), or "—" when either side is empty.
    static func points(_ before: Ratio, _ after: Ratio) -> String {
        guard let from = before.fraction, let to = after.fraction else { return "—" }
        let change = Int(((to - from) * 100).rounded())
        return "\(signed(change)) pts"
    }
}
