import HandoffCore

/// Every setting in `config.toml`, read once per command: the theme, the team's limits
/// (`[report]`) and its CRM statuses (`[import.status]`). It knows every table and key and
/// refuses the rest with the file, the line and the nearest known name, so a typo never
/// silently leaves a default in force.
///
///     theme = "light"
///
///     [report]
///     sla_hours = 48
///     aging_days.queue = 5
///
///     [import.status]
///     "in progress" = "queue"
///
///     [views]
///     standup = "is:breach or is:aging"
public struct Config: Sendable, Equatable {
    /// A CRM status mapped by the team, in file order.
    public struct ImportStatus: Sendable, Equatable {
        public var status: String
        public var action: CRMStatusAction

        public init(status: String, action: CRMStatusAction) {
            self.status = status
            self.action = action
        }
    }

    /// The board's theme when `--theme` is not given.
    public var theme: String?
    public var thresholds: Thresholds
    public var importStatuses: [ImportStatus]
    /// Named filters, in file order: the board's keys 1 to 9.
    public var views: [SavedView]
    /// `[routing]`: how bookings propose an AE (Config+Routing.swift).
    public var routing = RoutingSettings()
    /// `[no_show]`: the no-show limit (Config+NoShow.swift).
    public var noShow = RulePolicy.standard
    /// `[notify]`: the bell and desktop notices (Config+Notify).
    public var notify: NotifySettings = .off
    /// `[sla]`: the business calendar and the ladder's limits (Config+SLA).
    public var sla: SLASettings = .standard
    /// `[export.salesforce.status]`, `[export.hubspot.status]`: the CRM status each column
    /// writes back (Config+Export).
    public var crmStatuses: [CRMSystem: [Column: String]] = [:]

    public init(theme: String? = nil, thresholds: Thresholds = .standard, importStatuses: [ImportStatus] = [],
                views: [SavedView] = []) {
        self.theme = theme
        self.thresholds = thresholds
        self.importStatuses = importStatuses
        self.views = views
    }

    /// No file: every default.
    public static let standard = Config()

    /// The settings in `text`; anything the file leaves out keeps its default.
    public static func parse(_ text: String, file: String = "config.toml") throws(ConfigError) -> Config {
        try parse(utf8: Array(text.utf8), file: file)
    }

    /// The same, from the file's bytes (over 1 MiB or not UTF-8 is refused).
    public static func parse(utf8 bytes: some Collection<UInt8>, file: String = "config.toml") throws(ConfigError) -> Config {
        try read(SettingsFile.document(utf8: bytes, file: file), file: file)
    }

    // MARK: - Tables and keys

    /// Top-level keys and tables, for messages and suggestions.
    public static let topLevelKeys = ["theme", "report", "import", "views", "routing", "no_show", "notify", "sla", "export"]
    public static let reportKeys = ["sla_hours", "aging_days"]
    public static let importKeys = ["status"]
    /// `aging_days.queue` …: the board's columns as keys.
    public static var agingKeys: [String] {
        Column.board.map { $0.rawValue.replacingOccurrences(of: "-", with: "_") }
    }

    /// The documented ranges.
    public static let slaHoursRange: ClosedRange<Double> = 0...(24 * 366)
    public static let agingDaysRange: ClosedRange<Int> = 0...3650

    private static func read(_ document: TOMLTable, file: String) throws(ConfigError) -> Config {
        let root = SettingsTable(document, name: nil, file: file, line: 1)
        try root.refuseUnknownKeys(topLevelKeys, what: "config.toml holds theme, [report], [import.status], [views], [routing], [no_show], [notify], [sla] and [export.salesforce.status] / [export.hubspot.status]")
        var config = Config.standard
        if let value = document["theme"] {
            guard let name = value.stringValue, !name.isEmpty else {
                throw root.fail("theme", "'theme' must be a theme name in quotes, not \(value.kindDescription)")
            }
            config.theme = name
        }
        if let report = try root.table("report", example: "[report]") {
            config.thresholds = try readReport(report)
        }
        if let importTable = try root.table("import", example: "[import.status]") {
            try importTable.refuseUnknownKeys(importKeys, what: "expected [import.status]")
            if let statuses = try importTable.table("status", example: "[import.status]") {
                config.importStatuses = try readStatuses(statuses)
            }
        }
        if let views = try root.table("views", example: "[views]") {
            config.views = try readViews(views)
        }
        if let routing = try root.table("routing", example: "[routing]") { config.routing = try readRouting(routing) }
        if let noShow = try root.table("no_show", example: "[no_show]") { config.noShow = try readNoShow(noShow) }
        if let notify = try root.table("notify", example: "[notify]") { config.notify = try readNotify(notify) }
        if let export = try root.table("export", example: "[export.salesforce.status]") { config.crmStatuses = try readExport(export) }
        if let sla = try root.table("sla", example: "[sla]") { config.sla = try readSLA(sla, slaHours: config.thresholds.slaHours) }
        config.thresholds.sla = config.sla
        return config
    }

    private static func readReport(_ report: SettingsTable) throws(ConfigError) -> Thresholds {
        try report.refuseUnknownKeys(reportKeys, what: "expected sla_hours and aging_days")
        var thresholds = Thresholds.standard
        if let sla = report.table["sla_hours"] {
            guard let hours = sla.doubleValue, hours > slaHoursRange.lowerBound, hours <= slaHoursRange.upperBound else {
                let found = sla.doubleValue.map(Thresholds.hoursText) ?? sla.kindDescription
                throw report.fail(
                    "sla_hours",
                    "[report] sla_hours must be a number of hours above 0 and at most 8784 (a year), not \(found)")
            }
            thresholds.slaHours = hours
        }
        if let aging = try report.table("aging_days", example: "aging_days.queue = 5") {
            let keys = agingKeys
            for (key, days) in aging.table {
                guard let column = Column(slug: key), column != .archived else {
                    throw aging.fail(
                        key,
                        "[report] aging_days.\(Shown.text(key)): not a column\(Suggestion.hint(for: key, in: keys)); "
                            + "the columns are \(keys.joined(separator: ", "))")
                }
                guard let count = days.intValue, agingDaysRange.contains(count) else {
                    let found = days.intValue.map(String.init) ?? days.kindDescription
                    throw aging.fail(
                        key,
                        "[report] aging_days.\(Shown.text(key)) must be a whole number of days from 0 (no limit) to 3650, not \(found)")
                }
                thresholds.agingDays[column] = count == 0 ? nil : count
            }
        }
        return thresholds
    }

    private static func readStatuses(_ statuses: SettingsTable) throws(ConfigError) -> [ImportStatus] {
        var result: [ImportStatus] = []
        let choices = CRMStatusAction.allCases.map(\.rawValue)
        for (status, value) in statuses.table {
            let shown = Shown.text(status)
            guard let word = value.stringValue else {
                throw statuses.fail(
                    status,
                    "[import.status] \"\(shown)\" must be a string (\"queue\", \"nurture\" or \"skip\"), not \(value.kindDescription)")
            }
            guard let action = CRMStatusAction(rawValue: word.lowercased()) else {
                throw statuses.fail(
                    status,
                    "[import.status] \"\(shown)\" = \"\(Shown.text(word))\"\(Suggestion.hint(for: word.lowercased(), in: choices)): "
                        + "the choices are \"queue\", \"nurture\" and \"skip\"")
            }
            guard status.contains(where: { $0.isLetter || $0.isNumber }) else {
                throw statuses.fail(status, "[import.status] has an empty status name")
            }
            result.append(ImportStatus(status: status, action: action))
        }
        return result
    }
}

/// A table of a settings file with what messages about it need: its name and lines.
struct SettingsTable {
    let table: TOMLTable
    /// `report`, `import.status`; nil for the top level.
    let name: String?
    let file: String
    /// Where the table itself was written, for keys set in code.
    let line: Int

    init(_ table: TOMLTable, name: String?, file: String, line: Int) {
        self.table = table
        self.name = name
        self.file = file
        self.line = line
    }

    func line(of key: String) -> Int {
        table.line(of: key).flatMap { $0 > 0 ? $0 : nil } ?? line
    }

    func fail(_ key: String, _ message: String) -> ConfigError {
        ConfigError(file: file, line: line(of: key), message: message)
    }

    /// The first key nobody reads, with the nearest known one.
    func refuseUnknownKeys(_ known: [String], what: String) throws(ConfigError) {
        for key in table.keys where !known.contains(key) {
            let place = name.map { " in [\($0)]" } ?? ""
            throw fail(key, "unknown key '\(Shown.text(key))'\(place)\(Suggestion.hint(for: key, in: known)); \(what)")
        }
    }

    /// The sub-table under `key`; nil when absent, refused when it is not a table.
    func table(_ key: String, example: String) throws(ConfigError) -> SettingsTable? {
        guard let value = table[key] else { return nil }
        let path = name.map { "\($0).\(key)" } ?? key
        guard let child = value.tableValue else {
            throw fail(key, "'\(path)' must be a table (\(example)), not \(value.kindDescription)")
        }
        return SettingsTable(child, name: path, file: file, line: line(of: key))
    }
}
