/// How long a card may sit in a column before the standup calls it out. `nil` for a
/// column means no limit (SAO and Nurture have none by default).
public struct AgingThresholds: Codable, Sendable, Equatable {
    public var queue: Int?
    public var handedOff: Int?
    public var sao: Int?
    public var nurture: Int?
    public var returned: Int?

    public init(queue: Int? = 5, handedOff: Int? = 3, sao: Int? = nil, nurture: Int? = nil, returned: Int? = 2) {
        self.queue = queue
        self.handedOff = handedOff
        self.sao = sao
        self.nurture = nurture
        self.returned = returned
    }

    /// Days allowed in `column`; nil when the column has no limit.
    public subscript(column: Column) -> Int? {
        get {
            switch column {
            case .queue: queue
            case .handedOff: handedOff
            case .sao: sao
            case .nurture: nurture
            case .returned: returned
            case .archived: nil
            }
        }
        set {
            switch column {
            case .queue: queue = newValue
            case .handedOff: handedOff = newValue
            case .sao: sao = newValue
            case .nurture: nurture = newValue
            case .returned: returned = newValue
            case .archived: break
            }
        }
    }
}

/// The team's limits: the AE SLA and the aging thresholds. One value drives both the
/// board's markers (`Card.markers`) and the standup report, so the two never disagree.
/// Read from the `[report]` table of config.toml:
///
///     [report]
///     sla_hours = 48
///     aging_days.queue = 5
///     aging_days.handed_off = 3
///     aging_days.returned = 2
public struct Thresholds: Codable, Sendable, Equatable {
    /// Hours an AE has, from a held meeting, to disposition it.
    public var slaHours: Double
    public var agingDays: AgingThresholds

    public init(slaHours: Double = 48, agingDays: AgingThresholds = AgingThresholds()) {
        self.slaHours = slaHours
        self.agingDays = agingDays
    }

    public static let standard = Thresholds()

    public var slaSeconds: Double { slaHours * 3600 }

    /// "48 h", "36.5 h".
    public var slaText: String { Self.hoursText(slaHours) + " h" }

    public static func hoursText(_ hours: Double) -> String {
        hours == hours.rounded() && abs(hours) < 1e9 ? String(Int(hours)) : String((hours * 10).rounded() / 10)
    }

    static let keys = ["sla_hours", "aging_days"]

    /// The settings in a config file's text; anything the file leaves out keeps its
    /// default, and every other section of the file is someone else's. Every mistake in
    /// `[report]` names the file and line.
    public static func parse(toml text: String, file: String = "config.toml") throws(RuleError) -> Thresholds {
        let document: TOMLTable
        do {
            document = try TOML.parse(text)
        } catch {
            throw .invalid("\(file):\(error.line): \(error.message)")
        }
        var settings = Thresholds.standard
        guard let value = document["report"] else { return settings }
        guard let report = value.tableValue else {
            throw .invalid("\(file):\(document.line(of: "report") ?? 1): 'report' must be a table ([report]), not \(value.kindDescription)")
        }
        func line(_ table: TOMLTable, _ key: String) -> Int { table.line(of: key) ?? document.line(of: "report") ?? 1 }
        for key in report.keys where !keys.contains(key) {
            throw .invalid("\(file):\(line(report, key)): unknown key '\(key)' in [report] (expected \(keys.joined(separator: ", ")))")
        }
        if let sla = report["sla_hours"] {
            guard let hours = sla.doubleValue, hours.isFinite, hours > 0, hours <= 24 * 366 else {
                let found = sla.doubleValue.map { "\(Thresholds.hoursText($0))" } ?? sla.kindDescription
                throw .invalid("\(file):\(line(report, "sla_hours")): [report] sla_hours must be a number of hours above 0 and at most a year, not \(found)")
            }
            settings.slaHours = hours
        }
        if let aging = report["aging_days"] {
            guard let table = aging.tableValue else {
                throw .invalid("\(file):\(line(report, "aging_days")): [report] aging_days must be a table of days per column (aging_days.queue = 5), not \(aging.kindDescription)")
            }
            let names = Column.board.map { $0.rawValue.replacingOccurrences(of: "-", with: "_") }.joined(separator: ", ")
            for (key, days) in table {
                guard let column = Column(slug: key), column != .archived else {
                    throw .invalid("\(file):\(line(table, key)): [report] aging_days.\(key): '\(key)' is not a column (\(names))")
                }
                guard let count = days.intValue, count >= 0, count <= 3650 else {
                    let found = days.intValue.map(String.init) ?? days.kindDescription
                    throw .invalid("\(file):\(line(table, key)): [report] aging_days.\(key) must be a whole number of days from 0 (no limit) to 3650, not \(found)")
                }
                settings.agingDays[column] = count == 0 ? nil : count
            }
        }
        return settings
    }
}
