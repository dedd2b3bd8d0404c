import Foundation

/// The `cohorts` section of `handoff report` as text and markdown tables
/// (`ReportSection.added`).
extension StandupDocument {
    static func cohorts(_ s: Standup, _ context: ReportSection.Context) -> [Section] {
        let c = s.cohorts
        var weeks = Section(title: "Cohorts by booking week (ISO weeks from Monday, \(SafeText.sanitize(c.timeZone)))")
        if c.weeks.isEmpty {
            weeks.line("No handoffs booked in the period.")
        } else {
            weeks.line("The period's handoffs by the week they were booked in; each rate as it stood at the week's end (Monday 00:00 after it), 7, 14 and 28 days later, and now (\"not yet\": that day is still to come).")
            let header = ["week", "handoffs"] + Cohorts.ages.map { $0 == 0 ? "week end" : "+\($0) d" } + ["now"]
            let metrics: [(String, (CohortSnapshot) -> Ratio)] = [
                ("Show rate: held ÷ meetings with a final outcome logged by then", \.showRate),
                ("Acceptance: accepted ÷ dispositions standing by then", \.acceptance),
                ("SAO rate: accepted by then ÷ the week's handoffs", \.saoRate),
            ]
            for (title, ratio) in metrics {
                weeks.line(title + ":")
                weeks.table(header, numeric: [1], c.weeks.map { week in
                    [weekLabel(week, context)] + ["\(week.handoffs)"]
                        + week.snapshots.map { $0.reached ? cell(ratio($0)) : "not yet" }
                })
            }
            if c.weeks.contains(where: \.partial) {
                weeks.line("(part): the period covers only part of that week; only its handoffs inside the period count.")
            }
        }

        var times = Section(title: "Time distributions (nearest-rank median and p90)")
        times.table(["from → to", "n", "median", "p90", "waiting now"], numeric: [1, 2, 3, 4], [
            row("handoff booked → meeting outcome logged", c.handoffToOutcome, waiting: nil),
            row("held meeting → disposition", c.heldToDisposition, waiting: nil),
            row("meeting time → AE's first outcome or disposition", c.waits.ae, waiting: c.waits.aeWaitingNow),
            row("return → SDR's rework, dispute or archive", c.waits.sdr, waiting: c.waits.sdrWaitingNow),
        ])
        times.line("Spans that ended in the period; hours on the wall clock.")

        var aes = Section(title: "Acceptance and returns by AE")
        aes.table(["AE", "dispositions", "acceptance", "return rate", "peers' acceptance", "vs peers"], numeric: [1],
                  c.byAE.map { row in
                      [SafeText.sanitize(row.name), "\(row.dispositions)", cell(row.acceptance), cell(row.returnRate),
                       cell(row.peersAcceptance), versus(row)]
                  } + [["team", "\(c.teamAcceptance.denominator)", cell(c.teamAcceptance), cell(c.teamReturnRate), "", ""]])
        let flagged = c.byAE.filter(\.belowPeers).map { SafeText.sanitize($0.name) }
        aes.line((flagged.isEmpty ? "No AE accepts far less than their peers" : "Accepts far less than their peers: \(flagged.joined(separator: ", "))")
            + " (rule: \(CohortRules.gapPoints) points or more below the other AEs' acceptance, with \(CohortRules.minimumDispositions) dispositions or more on each side).")
        return [weeks, times, aes]
    }

    /// "2026-W47 (2026-11-16)", "(…, part)" when the period cuts the week.
    private static func weekLabel(_ week: CohortWeek, _ context: ReportSection.Context) -> String {
        "\(week.week) (\(context.day(week.start))\(week.partial ? ", part" : ""))"
    }

    private static func row(_ what: String, _ d: TimeDistribution, waiting: Int?) -> [String] {
        [what, "\(d.count)", TimeDistribution.cell(d.medianHours), TimeDistribution.cell(d.p90Hours), waiting.map { "\($0)" } ?? ""]
    }

    /// "+5 pts", "−25 pts · below peers", or "—" without two rates to compare.
    private static func versus(_ row: AECohortRow) -> String {
        guard let own = row.acceptance.fraction, let peers = row.peersAcceptance.fraction else { return "—" }
        let points = Int(((own - peers) * 100).rounded())
        let text = points > 0 ? "+\(points) pts" : points < 0 ? "−\(-points) pts" : "0 pts"
        return row.belowPeers ? text + " · below peers" : text
    }
}
