import Foundation
import HandoffCore

/// The standup's calibration panel (issue 17 item 1): agreement of the participants' blind
/// scores with the SDR's scorecard at handoff, per criterion as bars with kappa, the
/// criterion most disputed with both sides' evidence, and per SDR and participant.
/// `handoff report --section calibration` has the full tables.
extension StandupPanels {
    /// SDR–participant rows shown; the report lists them all.
    static let calibrationPairsShown = 3

    static func calibration(_ s: Standup, _ width: Int, _ glyphs: ChartGlyphs) -> StandupPanel {
        let c = s.calibration
        var panel = StandupPanel("Calibration: blind scores vs the SDR's at handoff", width: width)
        let waiting = c.open.reduce(0) { $0 + $1.pending.count }
        let openLine = c.open.isEmpty ? nil
            : "open: \(c.open.count) calibration\(c.open.count == 1 ? "" : "s") waiting for \(waiting) score\(waiting == 1 ? "" : "s")"
        guard c.scores > 0 else {
            panel.text("No calibration score in the period." + (c.open.isEmpty ? " c on a handed-off card starts one." : ""),
                       Style(.statusDim))
            if let openLine { panel.text(openLine) }
            return panel
        }
        panel.bars(c.criteria.map { criterion in
            let f = criterion.figures
            return BarRow(label: criterion.key, figure: f.agreement.isEmpty ? "— (0/0)" : f.agreement.percentText,
                          value: Double(f.agreement.percent ?? 0), note: "κ " + (f.kappa.map { String(format: "%.2f", $0) } ?? "—"))
        }, scale: 100, track: true, glyphs: glyphs)
        let o = c.overall
        panel.text("all \(o.agreement.percentText) · κ \(o.kappaText) · \(c.scores) score\(c.scores == 1 ? "" : "s") on \(c.leads) lead\(c.leads == 1 ? "" : "s")"
            + (o.unknown > 0 ? " · \(o.unknown) unknown left out" : ""))
        if let most = c.disputed.first {
            panel.spans([("most disputed: ", Style(.overlayTitle)),
                         ("\(most.key) \(most.disagreement.numerator)/\(most.disagreement.denominator) disagree", Style(.overlay, bold: true))])
            if let item = most.cases.last {
                panel.text("  \(item.lead) \(item.sdr) (SDR) " + StandupPanels.said(item.sdrScore))
                panel.text("  \(item.lead) \(item.participant) " + StandupPanels.said(item.participantScore))
            }
        } else {
            panel.text("every pair agreed")
        }
        for pair in c.pairs.prefix(calibrationPairsShown) {
            let f = pair.figures
            panel.text("\(pair.sdr) ↔ \(pair.participant): \(f.agreement.isEmpty ? "— (0/0)" : f.agreement.percentText) · κ "
                + (f.kappa.map { String(format: "%.2f", $0) } ?? "—") + (pair.mostDisputed.map { " · most: \($0)" } ?? ""))
        }
        if c.pairs.count > calibrationPairsShown {
            panel.text("\(c.pairs.count - calibrationPairsShown) more pairs: handoff report --section calibration", Style(.statusDim))
        }
        if let openLine { panel.text(openLine) }
        return panel
    }

    /// "met “She owns the budget”" (the panel cuts the line at its edge).
    static func said(_ score: CriterionScore) -> String {
        let evidence = SafeText.sanitize(score.evidence)
        return score.status.rawValue + (evidence.isEmpty ? " (no evidence)" : " “\(evidence)”")
    }
}
