import Foundation

/// The standup laid out as sections of lines and tables, so that the text and the
/// markdown renderings say the same things in the same order. Store text (names,
/// companies, codes) is sanitised here, once.
struct StandupDocument {
    struct Table {
        var header: [String]
        /// Right-aligned columns (numbers).
        var numeric: Set<Int>
        var rows: [[String]]
    }

    enum Block {
        case line(String)
        case table(Table)
    }

    struct Section {
        var title: String
        var blocks: [Block] = []
        /// The `report --section` name it belongs to (`ReportSection`).
        var name = ""

        mutating func line(_ text: String) { blocks.append(.line(text)) }

        mutating func table(_ header: [String], numeric: Set<Int> = [], _ rows: [[String]]) {
            blocks.append(.table(Table(header: header, numeric: numeric, rows: rows)))
        }
    }

    var title: String
    var sections: [Section] = []

    init(_ standup: Standup, limit: Int?, calendar: Calendar) {
        let s = standup
        func when(_ date: Date) -> String { DateInput.format(date, calendar: calendar) }
        func day(_ date: Date) -> String { DateInput.format(date, calendar: calendar, time: false) }
        func clean(_ text: String?) -> String { SafeText.sanitize(text ?? "") }
        func capped<T>(_ items: [T]) -> (shown: ArraySlice<T>, more: Int) {
            guard let limit, limit > 0, items.count > limit else { return (items[...], 0) }
            return (items.prefix(limit), items.count - limit)
        }
        func moreLine(_ more: Int, _ section: inout Section) {
            if more > 0 { section.line("… and \(more) more (--limit 0 lists them all)") }
        }
        let days = Thresholds.hoursText(s.period.days)
        title = "Standup · \(when(s.period.since)) → \(when(s.period.until)) (\(days) day\(days == "1" ? "" : "s")) · cards as of \(when(s.generatedAt))"
        let team = s.team

        var board = Section(title: "Board now")
        board.table(["column", "cards", "avg days", "oldest", "over the aging limit"], numeric: [1, 2, 3],
                    s.columns.map { column in
                        let over = column.limitDays.map { "\(Self.cell(column.overLimit)) over \($0) d" } ?? "no limit"
                        return [column.column.title, "\(column.cards)",
                                column.averageDays.map { Thresholds.hoursText($0) } ?? "—",
                                "\(column.oldestDays)", over]
                    } + [["total", "\(team.cards.total)", "", "", "\(team.overAgingLimit) over"]])
        let aging = capped(s.agingCards)
        if aging.shown.isEmpty {
            board.line("No card is over its column's aging limit.")
        } else {
            board.line("Over the aging limit (\(s.agingCards.count)):")
            board.table(["lead", "company", "column", "owner", "days", "limit", "over"], numeric: [4, 5, 6],
                        aging.shown.map { [$0.lead.description, clean($0.company), $0.column.title, clean($0.person),
                                           "\($0.days)", "\($0.limitDays)", "+\($0.daysOver)"] })
            moreLine(aging.more, &board)
        }

        var meetings = Section(title: "Meetings due in the period")
        let tally = team.meetings
        if tally.showRate.isEmpty {
            meetings.line("Show rate: — no meeting due in the period has an outcome logged (0/0).")
        } else {
            meetings.line("Show rate: \(tally.showRate.percentText) — held \(tally.held), no-show \(tally.noShow), canceled \(tally.canceled)")
        }
        if tally.rescheduled > 0 { meetings.line("Rescheduled in the period: \(tally.rescheduled)") }
        let overdue = capped(s.meetingsWithoutOutcome)
        if overdue.shown.isEmpty {
            meetings.line("Every meeting whose time has passed has an outcome logged.")
        } else {
            meetings.line("Past their time with no outcome logged (\(s.meetingsWithoutOutcome.count)):")
            meetings.table(["lead", "company", "SDR", "AE", "meeting", "hours past"], numeric: [5],
                           overdue.shown.map { [$0.lead.description, clean($0.company), clean($0.sdr), clean($0.ae),
                                                when($0.meetingAt), "\($0.hoursPast)"] })
            moreLine(overdue.more, &meetings)
        }

        var dispositions = Section(title: "Dispositions in the period")
        let d = team.dispositions
        if d.total == 0 {
            dispositions.line("No dispositions in the period (0 accepted, 0 nurture, 0 returned).")
        } else {
            dispositions.table(["disposition", "count", "rate"], numeric: [1], [
                ["accepted (SAO)", "\(d.accepted)", d.acceptanceRate.percentText],
                ["nurture", "\(d.nurture)", d.nurtureRate.percentText],
                ["returned", "\(d.returned)", d.returnRate.percentText
                    + (d.returnedBeforeMeeting > 0 ? " · \(d.returnedBeforeMeeting) before the meeting" : "")],
            ])
        }
        if d.returned > 0 {
            dispositions.line("Returns by reason (a return may give several):")
            dispositions.table(["reason", "returns", "share"], numeric: [1],
                               d.returnsByReason.map { [clean($0.code), "\($0.count)", $0.share.percentText] })
            if !d.returnsByCriterion.isEmpty {
                dispositions.line("Returns by failed criterion:")
                dispositions.table(["criterion", "returns", "share"], numeric: [1],
                                   d.returnsByCriterion.map { [clean($0.code), "\($0.count)", $0.share.percentText] })
            }
        }

        var sla = Section(title: "AE SLA: \(s.settings.slaText) from a held meeting to its disposition")
        if team.sla.withinSLA.isEmpty {
            sla.line("Within SLA: — no disposition after a held meeting in the period (0/0).")
        } else {
            sla.line("Within SLA: \(team.sla.withinSLA.percentText) of dispositions after a held meeting · median \(team.sla.medianHours.map { Thresholds.hoursText($0) } ?? "—") h")
            // The two clocks, once a business calendar tells them apart: the AE's hours, and
            // the card's wait outside them.
            if let owner = team.sla.ownerMedianHours, let outside = team.sla.outsideMedianHours,
               s.settings.sla.businessHours != nil || outside > 0 {
                sla.line("Of that, median \(Thresholds.hoursText(owner)) h in the AE's hours (the AE's clock: business hours, less away days) and \(Thresholds.hoursText(outside)) h outside them (waiting for the AE's hours).")
            }
        }
        sla.line("Waiting for a disposition now: \(team.sla.awaiting) held within the SLA, \(team.sla.openBreaches) past it (open breaches).")
        let breaches = capped(s.slaBreaches)
        if !breaches.shown.isEmpty {
            sla.table(["lead", "company", "AE", "SDR", "meeting", "outcome", "waiting h", "over h"], numeric: [6, 7],
                      breaches.shown.map { [$0.lead.description, clean($0.company), clean($0.ae), clean($0.sdr),
                                            when($0.meetingAt),
                                            ($0.held ? "held" : "not logged") + ($0.clockFromRuling ? ", clock from the ruling \(when($0.since))" : ""),
                                            "\($0.hoursWaiting)", "+\($0.hoursOver)"] })
            moreLine(breaches.more, &sla)
        }

        var credits = Section(title: "Credits in the period")
        credits.line("Credited SQLs \(team.credits.sqls) · SAOs \(team.credits.saos) (SAO rate \(team.credits.saoRate.percentText)) · handoffs \(team.handoffs)")

        var followUps = Section(title: "Follow-ups now")
        let due = capped(s.nurtureDue)
        followUps.line(due.shown.isEmpty ? "No nurture lead is due for a revisit." : "Nurture due for a revisit (\(s.nurtureDue.count)):")
        if !due.shown.isEmpty {
            followUps.table(["lead", "company", "SDR", "revisit", "days overdue"], numeric: [4],
                            due.shown.map { [$0.lead.description, clean($0.company), clean($0.sdr), day($0.revisit), "\($0.daysOverdue)"] })
            moreLine(due.more, &followUps)
        }
        let rework = capped(s.returnsToRework)
        followUps.line(rework.shown.isEmpty ? "No return is waiting to be reworked." : "Returns not yet reworked (\(s.returnsToRework.count)):")
        if !rework.shown.isEmpty {
            followUps.table(["lead", "company", "SDR", "AE", "reasons", "days", "dispute"], numeric: [5],
                            rework.shown.map { [$0.lead.description, clean($0.company), clean($0.sdr), clean($0.ae),
                                                clean($0.reasons.joined(separator: ", ")), "\($0.days)", $0.dispute?.rawValue ?? ""] })
            moreLine(rework.more, &followUps)
        }

        var disputes = Section(title: "Disputes")
        let t = team.disputes
        disputes.line("Open now \(t.open) · raised in the period \(t.opened) · upheld \(t.upheld) · overturned \(t.overturned) (overturn rate \(t.overturnRate.percentText))")
        let open = capped(s.openDisputes)
        if !open.shown.isEmpty {
            disputes.table(["lead", "company", "SDR", "AE", "opened", "days"], numeric: [5],
                           open.shown.map { [$0.lead.description, clean($0.company), clean($0.sdr), clean($0.ae),
                                             when($0.openedAt), "\($0.days)"] })
            moreLine(open.more, &disputes)
        }

        func named(_ name: String, _ section: Section) -> Section {
            var section = section
            section.name = name
            return section
        }
        sections = [named("board", board), named("meetings", meetings), named("shows", Self.shows(s.shows, clean: clean)),
                    named("dispositions", dispositions), named("sla", sla), named("clocks", Self.clocks(s)),
                    named("attention", Self.attention(s, limit: limit, when: when)), named("credits", credits),
                    named("followups", followUps), named("disputes", disputes)]
        if !s.people.isEmpty { sections += Self.people(s, clean: clean).map { named("people", $0) } }
    }

    /// The per-person tables: cards now, the period, and returns by reason.
    private static func people(_ s: Standup, clean: (String?) -> String) -> [Section] {
        let who = s.grouping.title
        var cards = Section(title: "Cards now, by \(who)")
        cards.table([who] + Column.board.map(\.title) + ["total", "over limit"], numeric: Set(1...7),
                    s.people.map { person in
                        [clean(person.name)] + Column.board.map { "\(person.figures.cards[$0])" }
                            + ["\(person.figures.cards.total)", "\(person.figures.overAgingLimit)"]
                    })
        var period = Section(title: "The period, by \(who)")
        period.table([who, "handoffs", "show rate", "acceptance", "return rate", "SQLs", "SAOs", "within SLA", "breaches now"],
                     numeric: [1, 5, 6, 8],
                     s.people.map { person in
                         let f = person.figures
                         return [clean(person.name), "\(f.handoffs)", cell(f.meetings.showRate),
                                 cell(f.dispositions.acceptanceRate), cell(f.dispositions.returnRate),
                                 "\(f.credits.sqls)", "\(f.credits.saos)", cell(f.sla.withinSLA), "\(f.sla.openBreaches)"]
                     })
        var returns = Section(title: "Returns by reason and failed criterion, by \(who)")
        let returned = s.people.filter { $0.figures.dispositions.returned > 0 }
        if returned.isEmpty {
            returns.line("No returns in the period.")
        } else {
            returns.table([who, "returns", "by reason", "by failed criterion"], numeric: [1], returned.map { person in
                let d = person.figures.dispositions
                func list(_ codes: [CodeCount]) -> String {
                    codes.isEmpty ? "—" : codes.map { "\(clean($0.code)) \($0.count)/\(d.returned)" }.joined(separator: ", ")
                }
                return [clean(person.name), "\(d.returned)", list(d.returnsByReason), list(d.returnsByCriterion)]
            })
        }
        var follow = Section(title: "Follow-ups and disputes now, by \(who)")
        follow.table([who, "nurture due", "to rework", "disputes open"], numeric: [1, 2, 3], s.people.map { person in
            let f = person.figures
            return [clean(person.name), "\(f.nurtureDue)", "\(f.returnsToRework)", "\(f.disputes.open)"]
        })
        return [cards, period, returns, follow]
    }

    /// A rate in a table cell: "62 % (18/29)", or "— (0/0)" for none.
    static func cell(_ ratio: Ratio) -> String {
        ratio.isEmpty ? "— (0/0)" : ratio.percentText
    }
}
