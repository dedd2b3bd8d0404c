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
/// Read from the `[report]` table of config.toml (HandoffConfig):
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
    /// `[sla]`: the business calendar and the ladder's steps (SLALadder). Not in the
    /// report's JSON, which states the SLA it used in `slaHours`.
    public var sla: SLASettings = .standard

    public init(slaHours: Double = 48, agingDays: AgingThresholds = AgingThresholds(), sla: SLASettings = .standard) {
        self.slaHours = slaHours
        self.agingDays = agingDays
        self.sla = sla
    }

    enum CodingKeys: String, CodingKey {
        case slaHours, agingDays
    }

    public static let standard = Thresholds()

    public var slaSeconds: Double { slaHours * 3600 }

    /// "48 h", "36.5 h".
    public var slaText: String { Self.hoursText(slaHours) + " h" }

    public static func hoursText(_ hours: Double) -> String {
        hours == hours.rounded() && abs(hours) < 1e9 ? String(Int(hours)) : String((hours * 10).rounded() / 10)
    }
}
