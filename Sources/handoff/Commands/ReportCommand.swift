import ArgumentParser
import Foundation
import HandoffCore
import HandoffStore
import HandoffConfig

/// `handoff report`: the standup summary, as text, markdown or JSON.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "The standup summary: the board now, and how the loop went over a period.",
        discussion: """
            Two kinds of figures, side by side:

            Now (as of this moment): cards per column and per person; how long cards have \
            sat in their column and which are over the aging limit; open SLA breaches \
            (meetings with no disposition more than the SLA after their time); meetings \
            past their time with no outcome logged; nurture leads due for a revisit; \
            returns not yet reworked; open disputes; and the team lead's attention list: \
            every card past its SLA ladder's breach (outcome overdue, disposition, rework \
            or dispute, nurture revisit), how long past, and who was warned and told when \
            (the step's owner at the warning, the owner and the team leads at the breach; \
            JSON: "attention"). The ladder counts business hours when config.toml's [sla] \
            sets hours, days, timezone and holidays.

            Over the period (--since to --until, by default the last 7 days): show rate = \
            held ÷ (held + no-show + canceled) over the meetings due in the period; \
            acceptance, nurture and return rates over the dispositions made in it; returns \
            by reason code and by failed criterion; time from a held meeting to its \
            disposition; credited SQLs and SAOs (an SQL for each handoff whose meeting was \
            held and which ended accepted or nurture, an SAO when accepted); disputes \
            raised, upheld and overturned. A return overturned on dispute does not count \
            against the SDR. Undone changes do not count.

            Every rate shows what it was taken of, e.g. "62 % (18/29)"; a rate with \
            nothing to count says so: "— (0/0: none in period)".

            Limits come from the [report] table of $XDG_CONFIG_HOME/handoff/config.toml \
            (~/.config/handoff/config.toml):

              [report]
              sla_hours = 48            # hours an AE has from the meeting to a disposition
              aging_days.queue = 5      # days a card may sit in a column; 0 = no limit
              aging_days.handed_off = 3
              aging_days.returned = 2   # also sao and nurture (no limit by default)

            Examples:
              handoff report
              handoff report --since 2026-03-01 --until 2026-03-31 --by ae
              handoff report --format markdown > standup.md
              handoff report --format json | jq '.team.meetings.showRate'
              handoff report --section definition,dispositions

            --section NAME prints one section only (repeat it, or give a comma list, for \
            several), in every format; the JSON keeps the report's keys that hold the \
            section, with generatedAt, period, grouping and settings. The sections: \
            \(ReportSection.all.map { "\($0.name) (\($0.summary))" }.joined(separator: "; ")).

            Definition health (--section definition, JSON "definition"): for each SQL \
            definition version, when it was in force, the handoffs booked under it (a \
            booking is under the version in force when it was made, the one its scorecard \
            was checked against), their show rate, acceptance and return rate, returns by \
            failed criterion and, with calibrations, the agreement; then the current \
            version against the previous one over equal windows: the handoffs booked in \
            the first N days of each, N the shorter of the two lives. It covers each \
            version's whole life, not only the period.

            Calibration (--section calibration, JSON "calibration"): the blind scores \
            submitted in the period (`handoff calibrate`) beside the SDR's scorecard at the \
            handoff (the last score before the booking). A pair is one criterion both \
            sides scored met or not met (unknown makes none, and is counted apart); \
            agreement = matching pairs ÷ pairs, per criterion, per SDR and participant, \
            and overall, with Cohen's kappa = (po − pe) ÷ (1 − pe) from 5 pairs on when \
            each side gave both answers ("—" and the reason otherwise); then the \
            criteria with most disagreement, both sides' status and evidence side by \
            side, and the calibrations still waiting for a score.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, markdown, json
    }

    enum By: String, ExpressibleByArgument, CaseIterable {
        case sdr, ae, team

        var grouping: ReportGrouping {
            switch self {
            case .sdr: .sdr
            case .ae: .ae
            case .team: .team
            }
        }
    }

    @OptionGroup var options: StoreOptions

    @Option(help: "text (aligned, for a terminal), markdown (tables, for a wiki or chat) or json (every figure, with numerator and denominator).")
    var format: Format = .text

    @Option(help: ArgumentHelp("Start of the period, included: YYYY-MM-DD, YYYY-MM-DD HH:MM, today. Default: 7 days before --until.", valueName: "DATE"))
    var since: String?

    @Option(help: ArgumentHelp("End of the period, excluded; a bare day counts in full (--until 2026-03-31 takes in the 31st). Default: now.", valueName: "DATE"))
    var until: String?

    @Option(help: "Break the figures down per sdr (their cards, handoffs, returns and credit), per ae (their meetings, dispositions and SLA), or team (totals only).")
    var by: By = .sdr

    @Option(help: ArgumentHelp("List at most N cards in each list of the text and markdown reports; 0 lists all. JSON always lists all.", valueName: "N"))
    var limit: Int = 20

    @Option(name: .customLong("sla-hours"),
            help: ArgumentHelp("The AE SLA in hours for this report, over config.toml's [report] sla_hours (default 48).", valueName: "HOURS"))
    var slaHours: Double?

    @Option(name: .customLong("section"),
            help: ArgumentHelp("Print only this section (repeat it, or a comma list, for several): \(ReportSection.names.joined(separator: ", ")).", valueName: "NAME"))
    var sections: [String] = []

    func validate() throws {
        guard limit >= 0 else { throw ValidationError("--limit must be 0 (all) or more") }
        if let slaHours, !(slaHours > 0 && slaHours <= 24 * 366) {
            throw ValidationError("--sla-hours must be a number of hours above 0 and at most a year")
        }
    }

    func run() throws {
        let chosen = try ReportSectionChoice.parse(sections)
        let names = chosen.map { Set($0.map(\.name)) }
        let clock = try options.clock()
        let now = clock()
        let end = try until.map { try Self.untilDate($0, clock: clock) } ?? now
        let start = try since.map { try parseDate($0, clock: clock, option: "--since") }
            ?? end.addingTimeInterval(-7 * 86_400)
        let period = Period(since: start, until: end)
        if let problem = period.problem { throw CLIFailure(code: 3, message: problem) }
        var settings = try Settings.config(environment: options.environment).thresholds
        if let slaHours { settings.slaHours = slaHours }

        let store = try options.open()
        var standup = try store.standup(period: period, settings: settings, grouping: by.grouping, now: now)
        standup.overrides = try store.routingOverrides(in: period)
        let routing = names?.contains(ReportSection.routing.name) ?? true
        switch format {
        case .text:
            print(StandupText.text(standup, limit: limit, sections: names))
            if routing {
                if let overrides = standup.overrides.text {
                    print(overrides)
                } else if names != nil {
                    print("Routing: no booking in the period carried the rotation's proposal with another AE.")
                }
            }
        case .markdown:
            print(StandupText.markdown(standup, limit: limit, sections: names), terminator: "")
            if routing {
                if !standup.overrides.markdown.isEmpty {
                    print("\n" + standup.overrides.markdown, terminator: "")
                } else if names != nil {
                    print("\nRouting: no booking in the period carried the rotation's proposal with another AE.")
                }
            }
        case .json:
            if let chosen {
                print(try ReportSectionChoice.json(standup, sections: chosen))
            } else {
                try printJSON(standup)
            }
        }
    }

    /// `--until`: a bare day means the end of that day.
    static func untilDate(_ text: String, clock: Now) throws -> Date {
        let parsed: DateInput.Parsed
        do {
            parsed = try DateInput.parse(text, now: clock(), calendar: .current)
        } catch {
            throw CLIFailure(code: 3, message: "--until: \(error.description)")
        }
        guard !parsed.hasTime else { return parsed.date }
        return Calendar.current.date(byAdding: .day, value: 1, to: parsed.date) ?? parsed.date.addingTimeInterval(86_400)
    }
}
