import Foundation

/// A part of the report that `handoff report --section NAME` prints alone: its name, what
/// it shows, the top-level keys of the report's JSON that hold its figures, and, for a
/// section that is not one of the standup's own (`StandupDocument`), how it is laid out as
/// text and markdown.
///
/// To add a section, give `Standup` a property for its figures and add one line to
/// `ReportSection.added` below:
///
///     ReportSection("cohorts", "show rate, acceptance and SAO rate by booking week", keys: ["cohorts"], StandupDocument.cohorts),
///
/// where `StandupDocument.cohorts(_ standup: Standup, _ context: ReportSection.Context) -> [StandupDocument.Section]`
/// lays the figures out (`Section(title:)`, then `.line` and `.table`, as the other sections do).
public struct ReportSection: Sendable {
    /// What a section's layout may use: the list limit and the calendar dates are written in.
    public struct Context: Sendable {
        /// At most this many rows in a list; nil or 0 for all.
        public var limit: Int?
        public var calendar: Calendar

        public init(limit: Int?, calendar: Calendar) {
            self.limit = limit
            self.calendar = calendar
        }

        func when(_ date: Date) -> String { DateInput.format(date, calendar: calendar) }
        func day(_ date: Date) -> String { DateInput.format(date, calendar: calendar, time: false) }
    }

    typealias Layout = @Sendable (Standup, Context) -> [StandupDocument.Section]

    /// The name `--section` takes.
    public let name: String
    /// One line for `--help`.
    public let summary: String
    /// The top-level keys of the report's JSON that hold the section's figures (the JSON
    /// of `--section` also keeps generatedAt, period, grouping and settings).
    public let keys: [String]
    /// Nil for the standup's own sections, which `StandupDocument` lays out (and names).
    let layout: Layout?

    init(_ name: String, _ summary: String, keys: [String], _ layout: Layout? = nil) {
        self.name = name
        self.summary = summary
        self.keys = keys
        self.layout = layout
    }

    /// The keys every JSON excerpt keeps: when and over what the figures were taken.
    public static let commonKeys = ["generatedAt", "period", "grouping", "settings"]

    /// The standup's own sections, in the order the report prints them.
    static let standup: [ReportSection] = [
        ReportSection("board", "cards per column, aging and the cards over their column's limit", keys: ["columns", "agingCards"]),
        ReportSection("meetings", "meetings due in the period: show rate, and meetings with no outcome logged",
                      keys: ["team", "meetingsWithoutOutcome"]),
        ReportSection("shows", "show rate by SDR and by AE, missed meetings by reason", keys: ["shows"]),
        ReportSection("dispositions", "acceptance, nurture and return rates; returns by reason and failed criterion",
                      keys: ["team"]),
        ReportSection("sla", "the AE SLA: time from a held meeting to its disposition, open breaches",
                      keys: ["team", "slaBreaches"]),
        ReportSection("clocks", "each SLA ladder step's two clocks: the owner's hours and the wait outside them, median and p90",
                      keys: ["clocks"]),
        ReportSection("attention", "cards past their SLA ladder's breach, with who was told and when", keys: ["attention"]),
        ReportSection("credits", "credited SQLs and SAOs, handoffs", keys: ["team"]),
        ReportSection("followups", "nurture leads due for a revisit, returns not yet reworked",
                      keys: ["nurtureDue", "returnsToRework"]),
        ReportSection("disputes", "disputes open, raised, upheld and overturned", keys: ["team", "openDisputes"]),
        ReportSection("people", "the figures per person of --by (cards, the period, returns, follow-ups)", keys: ["people"]),
        ReportSection("trend", "the period day by day (or every few days)", keys: ["trend"]),
    ]

    /// Sections beyond the standup's own, in the order the report prints them after it.
    static let added: [ReportSection] = [
        ReportSection("calibration", "blind calibration: agreement of the participants' scores with the SDR's at handoff per criterion (with kappa) and per SDR and participant, the criteria most disputed with both sides' evidence, the calibrations waiting for a score",
                      keys: ["calibration"], StandupDocument.calibration),
        ReportSection("definition", "definition health: each SQL definition version's handoffs, show rate, acceptance, returns by failed criterion, and the current version against the previous one over equal windows",
                      keys: ["definition"], StandupDocument.definition),
        ReportSection("cohorts", "show rate, acceptance and SAO rate by booking week as it matures; median and p90 of time to outcome and to disposition; acceptance and returns per AE against their peers; time waiting for the owner's first action",
                      keys: ["cohorts"], StandupDocument.cohorts),
    ]

    /// Printed last, by `handoff report` itself (`RoutingOverrides`).
    public static let routing = ReportSection("routing", "bookings made with another AE than the rotation proposed", keys: ["overrides"])

    /// Every section, in the report's order.
    public static var all: [ReportSection] { standup + added + [routing] }

    public static var names: [String] { all.map(\.name) }

    public static func named(_ name: String) -> ReportSection? { all.first { $0.name == name } }
}

extension Set where Element == String {
    /// The JSON keys of the report that `sections` hold, with the common ones.
    public static func reportKeys(of sections: [ReportSection]) -> Set<String> {
        Set(ReportSection.commonKeys + sections.flatMap(\.keys))
    }
}
