import Foundation
import HandoffCore

/// The standup's cohorts panel (issue 17 item 3): each booking week's show rate,
/// acceptance and SAO rate now as bars, the time distributions, and acceptance per AE
/// against their peers. `handoff report --section cohorts` has the weeks as they matured.
extension StandupPanels {
    /// Weeks shown; older ones are counted, and the report lists them.
    static let cohortWeeksShown = 4

    static func cohorts(_ s: Standup, _ width: Int, _ glyphs: ChartGlyphs) -> StandupPanel {
        let c = s.cohorts
        var panel = StandupPanel("Cohorts by booking week, as of now", width: width)
        func rate(_ label: String, _ ratio: Ratio) -> BarRow {
            BarRow(label: label, figure: ratio.isEmpty ? "— (0/0)" : ratio.percentText, value: Double(ratio.percent ?? 0))
        }
        if c.weeks.isEmpty {
            panel.text("No handoffs booked in the period.", Style(.statusDim))
        } else {
            let shown = c.weeks.suffix(cohortWeeksShown)
            var rows: [BarRow] = []
            for week in shown {
                guard let now = week.snapshots.last else { continue }
                // "W47" is enough on screen; the report names the year.
                let name = week.week.split(separator: "-").last.map(String.init) ?? week.week
                rows += [rate("\(name) show", now.showRate), rate("\(name) accept", now.acceptance),
                         rate("\(name) SAO", now.saoRate)]
            }
            panel.bars(rows, scale: 100, track: true, glyphs: glyphs)
            panel.text(shown.map { "\($0.week.split(separator: "-").last.map(String.init) ?? $0.week): \($0.handoffs) handoffs\($0.partial ? " (part)" : "")" }
                .joined(separator: " · "), Style(.overlay))
            if c.weeks.count > shown.count {
                panel.text("\(c.weeks.count - shown.count) earlier weeks: handoff report --section cohorts", Style(.statusDim))
            }
        }
        panel.text("time (median · p90 · n)", Style(.overlayTitle))
        for (label, d) in [("booked → outcome", c.handoffToOutcome), ("held → disposition", c.heldToDisposition),
                           ("waiting for the AE", c.waits.ae), ("waiting for the SDR", c.waits.sdr)] {
            panel.text(SafeText.pad(label, toWidth: 20) + d.text)
        }
        if !c.byAE.isEmpty {
            panel.text("acceptance by AE (team \(c.teamAcceptance.isEmpty ? "— (0/0)" : c.teamAcceptance.percentText))",
                       Style(.overlayTitle))
            panel.bars(c.byAE.map { row in
                BarRow(label: row.name, figure: row.acceptance.isEmpty ? "— (0/0)" : row.acceptance.percentText,
                       value: Double(row.acceptance.percent ?? 0),
                       note: "peers \(row.peersAcceptance.shortText)" + (row.belowPeers ? " · below peers" : ""),
                       noteStyle: Style(row.belowPeers ? .markerAging : .overlay))
            }, scale: 100, track: true, glyphs: glyphs)
        }
        return panel
    }
}
