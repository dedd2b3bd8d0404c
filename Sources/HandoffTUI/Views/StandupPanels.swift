import Foundation
import HandoffCore

/// The standup's content as panels, in the order a standup reads them.
enum StandupPanels {
    static func make(_ s: Standup, width: Int, glyphs: ChartGlyphs, listLimit: Int,
                     calendar: Calendar = .current) -> [StandupPanel] {
        var panels = [board(s, width, glyphs), period(s, width, glyphs), trend(s, width, glyphs, calendar)]
        if !s.people.isEmpty { panels += [credits(s, width, glyphs), cards(s, width, glyphs)] }
        panels.append(returns(s, width, glyphs))
        panels.append(attention(s, width, listLimit: listLimit, calendar: calendar))
        panels.append(calibration(s, width, glyphs))
        panels.append(definition(s, width, glyphs, calendar))
        panels.append(cohorts(s, width, glyphs))
        return panels
    }

    /// True when nothing countable happened in the period.
    static func isQuiet(_ s: Standup) -> Bool {
        let t = s.team
        return t.handoffs == 0 && t.meetings.showRate.isEmpty && t.meetings.rescheduled == 0
            && t.dispositions.total == 0 && t.disputes.opened == 0 && t.disputes.overturnRate.isEmpty
    }

    static func board(_ s: Standup, _ width: Int, _ glyphs: ChartGlyphs) -> StandupPanel {
        var panel = StandupPanel("Board now: cards per column", width: width)
        panel.bars(s.columns.map { column in
            let note = column.limitDays.map { "\(column.overLimit.countText) over \($0) d" } ?? "no aging limit"
            return BarRow(label: column.column.title, figure: "\(column.cards)", value: Double(column.cards), note: note,
                          noteStyle: Style(column.overLimit.numerator > 0 ? .markerAging : .overlay))
        }, glyphs: glyphs)
        panel.text("\(s.team.cards.total) cards · \(s.team.overAgingLimit) over their column's aging limit")
        return panel
    }

    static func period(_ s: Standup, _ width: Int, _ glyphs: ChartGlyphs) -> StandupPanel {
        let t = s.team
        var panel = StandupPanel("The period: meetings and dispositions", width: width)
        func rate(_ label: String, _ ratio: Ratio) -> BarRow {
            BarRow(label: label, figure: ratio.isEmpty ? "— (0/0)" : ratio.percentText, value: Double(ratio.percent ?? 0))
        }
        panel.bars([
            rate("show rate", t.meetings.showRate),
            rate("accepted (SAO)", t.dispositions.acceptanceRate),
            rate("nurture", t.dispositions.nurtureRate),
            rate("returned", t.dispositions.returnRate),
            rate("within \(s.settings.slaText) SLA", t.sla.withinSLA),
        ], scale: 100, track: true, glyphs: glyphs)
        let m = t.meetings
        panel.text("held \(m.held) · no-show \(m.noShow) · canceled \(m.canceled)"
            + (m.rescheduled > 0 ? " · rescheduled \(m.rescheduled)" : ""))
        var dispositions = "handoffs \(t.handoffs) · dispositions \(t.dispositions.total)"
        if t.dispositions.returnedBeforeMeeting > 0 {
            dispositions += " (\(t.dispositions.returnedBeforeMeeting) before the meeting)"
        }
        panel.text(dispositions)
        if let median = t.sla.medianHours { panel.text("median \(Thresholds.hoursText(median)) h from a held meeting to its disposition") }
        if t.meetings.showRate.isEmpty { panel.text("No meeting due in the period has an outcome logged.", Style(.statusDim)) }
        if t.dispositions.total == 0 { panel.text("No dispositions in the period.", Style(.statusDim)) }
        return panel
    }

    static func trend(_ s: Standup, _ width: Int, _ glyphs: ChartGlyphs, _ calendar: Calendar) -> StandupPanel {
        let trend = s.trend
        let unit = trend.bucketDays == 1 ? "day" : "\(trend.bucketDays) days"
        var panel = StandupPanel("Per \(unit), oldest first", width: width)
        let series: [(String, [Int])] = [
            ("handoffs", trend.handoffs), ("held", trend.held), ("no-show/canceled", trend.missed),
            ("accepted", trend.accepted), ("nurture", trend.nurtured), ("returned", trend.returned),
            ("SQLs", trend.sqls), ("SAOs", trend.saos),
        ]
        let labelWidth = series.map { SafeText.width(of: $0.0) }.max() ?? 0
        let totals = series.map { "\($0.1.reduce(0, +))" }
        let totalWidth = totals.map(\.count).max() ?? 1
        let room = width - 1 - labelWidth - 2 - totalWidth - 2 - 10
        let count = max(trend.starts.count, 1)
        let cell = max(1, min(4, room / count))
        // Days wide enough get a gap between them, so each reads as its own day.
        let gap = cell >= 3 ? 1 : 0
        func stretch(_ glyph: Character) -> String {
            String(repeating: glyph, count: cell - gap) + String(repeating: " ", count: gap)
        }
        for (index, (label, values)) in series.enumerated() {
            let spark = Chart.sparkline(values, glyphs: glyphs)
            let stretched = String(spark.flatMap { stretch($0) })
            let peak = values.max() ?? 0
            panel.spans([
                (SafeText.pad(label, toWidth: labelWidth), Style(.overlay)),
                ("  " + String(repeating: " ", count: totalWidth - totals[index].count), Style(.overlay)),
                (totals[index], Style(.overlay, bold: true)),
                ("  ", Style(.overlay)),
                (SafeText.truncate(stretched, toWidth: max(0, room)), Style(.bar)),
                (peak > 0 ? "  max \(peak)" : "  none", Style(.overlay)),
            ])
        }
        let indent = String(repeating: " ", count: labelWidth + totalWidth + 3)
        if trend.bucketDays == 1, cell >= 3 {
            // Weekday initials under the days, then the dates they span.
            let names = trend.starts.map { start -> String in
                let weekday = calendar.component(.weekday, from: start)
                let symbols = calendar.shortWeekdaySymbols
                let name = symbols.indices.contains(weekday - 1) ? symbols[weekday - 1] : "?"
                return SafeText.pad(String(name.prefix(cell - gap)), toWidth: cell)
            }
            panel.text(indent + names.joined(), Style(.overlay))
        }
        if let first = trend.starts.first, let last = trend.starts.last {
            let from = DateInput.format(first, calendar: calendar, time: false)
            let to = DateInput.format(last, calendar: calendar, time: false)
            panel.text(indent + "\(from) → \(to)", Style(.overlay))
        }
        return panel
    }

    static func credits(_ s: Standup, _ width: Int, _ glyphs: ChartGlyphs) -> StandupPanel {
        let who = s.grouping.title
        var panel = StandupPanel("Credited SQLs and SAOs, by \(who)", width: width)
        panel.bars(s.people.map { person in
            let c = person.figures.credits
            return BarRow(label: person.name, figure: "\(c.sqls) SQL\(c.sqls == 1 ? "" : "s")", value: Double(c.sqls),
                          note: "\(c.saos) SAO\(c.saos == 1 ? "" : "s") · \(c.saoRate.isEmpty ? "— (0/0)" : c.saoRate.percentText)")
        }, glyphs: glyphs)
        let c = s.team.credits
        panel.text("team: SQLs \(c.sqls) · SAOs \(c.saos) · SAO rate \(c.saoRate.percentText)")
        return panel
    }

    /// Cards per person and column: a table, with a bar of each person's total.
    static func cards(_ s: Standup, _ width: Int, _ glyphs: ChartGlyphs) -> StandupPanel {
        var panel = StandupPanel("Cards now, by \(s.grouping.title)", width: width)
        let headers = ["queue", "h-off", "SAO", "nurt", "ret", "aging"]
        let nameWidth = min(max(4, s.people.map { SafeText.width(of: SafeText.sanitize($0.name)) }.max() ?? 4), 14)
        let totalWidth = max(5, s.people.map { "\($0.figures.cards.total)".count }.max() ?? 1)
        let cell = 6
        let barWidth = min(StandupPanel.longestBar, width - 1 - nameWidth - 1 - totalWidth - 1 - cell * headers.count - 1)
        let showBar = barWidth >= 4
        let top = Double(max(1, s.people.map(\.figures.cards.total).max() ?? 1))
        func right(_ text: String, _ width: Int) -> String {
            String(repeating: " ", count: max(0, width - SafeText.width(of: text))) + text
        }
        let gap = showBar ? String(repeating: " ", count: barWidth + 1) : ""
        panel.spans([(SafeText.pad("", toWidth: nameWidth) + " " + right("total", totalWidth) + " " + gap
                      + headers.map { right($0, cell) }.joined(), Style(.overlay))])
        for person in s.people {
            let f = person.figures
            let numbers = Column.board.map { right("\(f.cards[$0])", cell) }.joined() + right("\(f.overAgingLimit)", cell)
            var spans: [(String, Style)] = [
                (SafeText.pad(SafeText.sanitize(person.name), toWidth: nameWidth) + " ", Style(.overlay)),
                (right("\(f.cards.total)", totalWidth), Style(.overlay, bold: true)),
                (" ", Style(.overlay)),
            ]
            if showBar {
                let bar = Chart.bar(Double(f.cards.total), of: top, width: barWidth, glyphs: glyphs)
                spans.append((bar, Style(.bar)))
                spans.append((String(repeating: " ", count: barWidth - bar.count + 1), Style(.overlay)))
            }
            spans.append((numbers, Style(.overlay)))
            panel.spans(spans)
        }
        panel.text("h-off handed off · nurt nurture · ret returned", Style(.overlay))
        return panel
    }

    static func short(_ column: Column) -> String {
        switch column {
        case .queue: "queue"
        case .handedOff: "handed off"
        case .sao: "SAO"
        case .nurture: "nurture"
        case .returned: "returned"
        case .archived: "archived"
        }
    }

    static func returns(_ s: Standup, _ width: Int, _ glyphs: ChartGlyphs) -> StandupPanel {
        let d = s.team.dispositions
        var panel = StandupPanel("Returns in the period by reason (of \(d.returned))", width: width)
        guard d.returned > 0 else {
            panel.text("No returns in the period (0 of \(d.total) dispositions).")
            return panel
        }
        let scale = Double(max(1, d.returnsByReason.map(\.count).max() ?? 1, d.returnsByCriterion.map(\.count).max() ?? 1))
        panel.bars(d.returnsByReason.map { BarRow(label: $0.code, figure: $0.share.countText, value: Double($0.count),
                                                 note: $0.share.shortText) }, scale: scale, glyphs: glyphs)
        if !d.returnsByCriterion.isEmpty {
            panel.text("by failed criterion", Style(.overlayTitle))
            panel.bars(d.returnsByCriterion.map { BarRow(label: $0.code, figure: $0.share.countText, value: Double($0.count),
                                                        note: $0.share.shortText) }, scale: scale, glyphs: glyphs)
        }
        return panel
    }

    static func attention(_ s: Standup, _ width: Int, listLimit: Int, calendar: Calendar) -> StandupPanel {
        let t = s.team
        var panel = StandupPanel("Needs attention now", width: width)
        func headline(_ marker: Marker?, _ text: String, count: Int) {
            panel.spans([(marker.map { $0.glyph + " " } ?? "  ", Style(marker?.role ?? .overlay, bold: true)),
                         (text, Style(.overlay, bold: count > 0))])
        }
        headline(.slaBreach, "SLA breaches: \(t.sla.openBreaches) open past \(s.settings.slaText) · \(t.sla.awaiting) held, within it",
                 count: t.sla.openBreaches)
        // The ladder's list (!): these meetings and every other step past its time, with who was told.
        for item in s.attention.prefix(min(listLimit, 3)) {
            panel.text("  \(item.lead)  \(SafeText.sanitize(item.company)) · \(item.step.title) · \(SafeText.sanitize(item.owner))"
                + " · +\(Int(item.hoursPast)) h · told " + SLAAttention.names(item.told))
        }
        if s.attention.count > min(listLimit, 3) {
            panel.text("  … \(s.attention.count) past the SLA on any step: ! lists them with who was told when", Style(.overlay))
        }
        headline(nil, "Meetings past their time, no outcome logged: \(s.meetingsWithoutOutcome.count)",
                 count: s.meetingsWithoutOutcome.count)
        panel.list(s.meetingsWithoutOutcome, limit: listLimit) { "\($0.lead)  \($0.company) · \($0.ae) · \($0.hoursPast) h ago" }
        headline(.aging, "Over the aging limit: \(s.agingCards.count)", count: s.agingCards.count)
        panel.list(s.agingCards, limit: listLimit) {
            "\($0.lead)  \($0.company) · \(Self.short($0.column)) · \($0.person) · \($0.days) d (+\($0.daysOver))"
        }
        headline(.revisitDue, "Nurture due for a revisit: \(s.nurtureDue.count)", count: s.nurtureDue.count)
        panel.list(s.nurtureDue, limit: listLimit) {
            "\($0.lead)  \($0.company) · \($0.sdr) · due \(DateInput.format($0.revisit, calendar: calendar, time: false))"
        }
        headline(nil, "Returns not yet reworked: \(s.returnsToRework.count)", count: s.returnsToRework.count)
        let d = t.disputes
        headline(.dispute, "Disputes: \(d.open) open · raised \(d.opened) · upheld \(d.upheld) · overturned \(d.overturned)",
                 count: d.open)
        if !d.overturnRate.isEmpty { panel.text("  overturned \(d.overturnRate.percentText) of rulings in the period") }
        panel.list(s.openDisputes, limit: listLimit) { "\($0.lead)  \($0.company) · \($0.sdr) vs \($0.ae ?? "?") · \($0.days) d" }
        return panel
    }
}
