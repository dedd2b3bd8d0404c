import Foundation

extension StandupDocument {
    /// The criteria with most disagreement the text and markdown reports show (JSON: all).
    static let calibrationDisputedShown = 3
    /// Evidence is cut to this many columns in a table cell (JSON: whole).
    static let calibrationEvidenceWidth = 44

    /// Blind calibration as the report prints it (`report --section calibration`): agreement
    /// per criterion with its 2×2 counts and kappa, per SDR and participant, the criteria
    /// with most disagreement with both sides' evidence, and the calibrations still open.
    static func calibration(_ s: Standup, _ context: ReportSection.Context) -> [Section] {
        let c = s.calibration
        func clean(_ text: String) -> String { SafeText.sanitize(text) }
        var summary = Section(title: "Calibration: blind scores against the SDR's scorecard at handoff")
        if c.scores == 0 {
            summary.line("No calibration score was submitted in the period.")
        } else {
            let participants = Set(c.pairs.map(\.participant)).count
            summary.line("Scores submitted in the period: \(c.scores) by \(participants) participant\(participants == 1 ? "" : "s") on \(c.leads) lead\(c.leads == 1 ? "" : "s")"
                + (c.withoutSDRScorecard > 0 ? " (\(c.withoutSDRScorecard) with no SDR scorecard before the booking, not compared)" : "") + ".")
            let o = c.overall
            summary.line("Agreement: \(o.agreement.percentText) of met/not-met pairs · kappa \(o.kappaText)"
                + (o.unknown > 0 ? " · \(o.unknown) left out for an unknown on a side" : "") + ".")
            summary.table(["criterion", "agreement", "kappa", "both met", "both not met", "SDR met only",
                           "participant met only", "unknown"], numeric: [3, 4, 5, 6, 7],
                          c.criteria.map { criterion in
                              let f = criterion.figures
                              return [clean(criterion.key), cell(f.agreement), f.kappaText, "\(f.bothMet)", "\(f.bothNotMet)",
                                      "\(f.sdrMetOnly)", "\(f.participantMetOnly)", "\(f.unknown)"]
                          })
            summary.line("A pair: one criterion scored met or not met by both the SDR (last score before the booking) and a participant; kappa from \(c.kappaMinimumPairs) pairs on, when each side gave both answers.")
        }
        if c.open.isEmpty {
            summary.line("No calibration is waiting for a score.")
        } else {
            summary.line("Waiting for a score now (\(c.open.count)):")
            let (shown, more) = capped(c.open, context.limit)
            summary.table(["lead", "company", "started", "by", "version", "scored", "waiting for"],
                          shown.map { open in
                              [open.lead.description, clean(open.company), context.when(open.startedAt), clean(open.startedBy),
                               "v\(open.definitionVersion)", open.scored.isEmpty ? "—" : clean(open.scored.joined(separator: ", ")),
                               clean(open.pending.joined(separator: ", "))]
                          })
            if more > 0 { summary.line("… and \(more) more (--limit 0 lists them all)") }
        }
        guard c.scores > 0 else { return [summary] }

        var pairs = Section(title: "Calibration by SDR and participant")
        pairs.table(["SDR", "participant", "scores", "agreement", "kappa", "most disputed"], numeric: [2],
                    c.pairs.map { pair in
                        [clean(pair.sdr), clean(pair.participant), "\(pair.scores)", cell(pair.figures.agreement),
                         pair.figures.kappaText, pair.mostDisputed.map(clean) ?? "—"]
                    })

        var disputed = Section(title: "Calibration: the criteria with most disagreement")
        if c.disputed.isEmpty {
            disputed.line("Every pair agreed.")
        }
        for criterion in c.disputed.prefix(calibrationDisputedShown) {
            disputed.line("\(clean(criterion.key)) (\(clean(criterion.label))): \(criterion.disagreement.numerator) of \(criterion.disagreement.denominator) pairs disagree (\(criterion.disagreement.shortText))")
            let (shown, more) = capped(criterion.cases, context.limit)
            disputed.table(["lead", "company", "SDR", "SDR's score", "participant", "participant's score"],
                           shown.map { item in
                               [item.lead.description, clean(item.company), clean(item.sdr), said(item.sdrScore),
                                clean(item.participant), said(item.participantScore)]
                           })
            if more > 0 { disputed.line("… and \(more) more (--limit 0 lists them all)") }
            if criterion.withheld > 0 {
                disputed.line("\(criterion.withheld) more on calibrations still waiting for a score: their evidence shows once everyone named has scored")
            }
        }
        if c.disputed.count > calibrationDisputedShown {
            disputed.line("\(c.disputed.count - calibrationDisputedShown) more criteria with a disagreement: --format json lists them all.")
        }
        return [summary, pairs, disputed]
    }

    /// "met: “She owns the budget”", or "not-met (no evidence)".
    static func said(_ score: CriterionScore) -> String {
        let evidence = SafeText.sanitize(score.evidence).trimmingCharacters(in: .whitespaces)
        guard !evidence.isEmpty else { return "\(score.status.rawValue) (no evidence)" }
        return "\(score.status.rawValue): “" + SafeText.truncate(evidence, toWidth: calibrationEvidenceWidth) + "”"
    }

    private static func capped<T>(_ items: [T], _ limit: Int?) -> (shown: ArraySlice<T>, more: Int) {
        guard let limit, limit > 0, items.count > limit else { return (items[...], 0) }
        return (items.prefix(limit), items.count - limit)
    }
}
