import Foundation

/// Everything the standup shows, as plain values: `handoff report` prints it and the
/// board's `S` view draws it. Current-state figures (cards, aging, open breaches, follow-ups,
/// open disputes) are as of `generatedAt`; period figures (meetings, dispositions, credits,
/// rulings, trend) are over `period`. Every rate is a `Ratio`, so it carries its denominator.
public struct Standup: Codable, Sendable, Equatable {
    public var generatedAt: Date
    public var period: Period
    public var grouping: ReportGrouping
    public var settings: Thresholds
    /// The whole team.
    public var team: Figures
    /// One row per person of the grouping (empty for `team`), by name; the roster's SDRs
    /// (or AEs) appear even when they have nothing.
    public var people: [PersonFigures]
    /// The five board columns, in board order.
    public var columns: [ColumnAging]
    /// Cards over their column's aging limit, the most overdue first.
    public var agingCards: [AgingCard]
    /// Meetings with no disposition past the SLA (held, or outcome never logged), the
    /// longest waiting first.
    public var slaBreaches: [SLABreach]
    /// Meetings whose time has passed with no outcome logged, the oldest first.
    public var meetingsWithoutOutcome: [OverdueMeeting]
    /// Nurture leads whose revisit date has come, the earliest first.
    public var nurtureDue: [NurtureDue]
    /// Returned leads the SDR has not reworked or archived yet, the oldest first.
    public var returnsToRework: [ReturnToRework]
    public var openDisputes: [OpenDispute]
    public var trend: Trend
    /// Show rates by SDR and by AE, and missed meetings by reason (ShowRates.swift).
    public var shows = ShowRates()
    /// Bookings made with another AE than the rotation proposed (RoutingOverrides.swift).
    public var overrides = RoutingOverrides()
    /// Cards past their SLA ladder's breach, with who was told and when (SLAAttention).
    public var attention: [SLAAttention] = []
    /// Each SQL definition version's handoffs and how they fared (DefinitionHealth.swift).
    public var definition = DefinitionHealth()
    /// Cohorts by booking week and time distributions (Cohorts.swift).
    public var cohorts = Cohorts()
    /// Blind calibration: agreement with the SDR's scorecard at handoff (CalibrationResults.swift).
    public var calibration = CalibrationResults()
    /// Period: each ladder step's two clocks, the owner's hours and the wait outside them (StepClocks).
    public var clocks: [StepClocks] = []
}

/// The figures of the team or of one person.
public struct Figures: Codable, Sendable, Equatable {
    /// Now: cards per column (for an AE, the cards in Handed off and SAO with them).
    public var cards = ColumnCounts()
    /// Now: cards over their column's aging limit.
    public var overAgingLimit = 0
    /// Period: leads handed off (meetings booked).
    public var handoffs = 0
    /// Period: outcomes of the meetings due in the period.
    public var meetings = MeetingTally()
    /// Period: dispositions made in the period.
    public var dispositions = DispositionTally()
    public var sla = SLATally()
    /// Period: credit earned by dispositions in the period.
    public var credits = CreditTally()
    /// Now: nurture leads due for a revisit, returns not yet reworked.
    public var nurtureDue = 0
    public var returnsToRework = 0
    public var disputes = DisputeTally()

    public init() {}
}

public struct PersonFigures: Codable, Sendable, Equatable {
    public var name: String
    /// Their role on the roster; nil for a name no longer on it.
    public var role: Role?
    public var figures: Figures
}

/// A count per board column.
public struct ColumnCounts: Codable, Sendable, Equatable {
    public var queue = 0
    public var handedOff = 0
    public var sao = 0
    public var nurture = 0
    public var returned = 0

    public init() {}

    public subscript(column: Column) -> Int {
        get {
            switch column {
            case .queue: queue
            case .handedOff: handedOff
            case .sao: sao
            case .nurture: nurture
            case .returned: returned
            case .archived: 0
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

    public var total: Int { queue + handedOff + sao + nurture + returned }
}

/// Meetings due in the period, by outcome. A rescheduled meeting counts where its final
/// time falls, once, with the outcome it finally got.
public struct MeetingTally: Codable, Sendable, Equatable {
    public var held = 0
    public var noShow = 0
    public var canceled = 0
    /// Reschedules logged in the period (not outcomes: the meeting moved).
    public var rescheduled = 0
    /// held ÷ (held + no-show + canceled).
    public var showRate = Ratio.empty

    public init() {}

    mutating func record(_ outcome: MeetingOutcome) {
        switch outcome {
        case .held: held += 1
        case .noShow: noShow += 1
        case .canceled: canceled += 1
        case .rescheduled: rescheduled += 1; return
        }
        showRate.count(outcome == .held)
    }
}

/// How often a reason code or failed criterion was given, of all returns.
public struct CodeCount: Codable, Sendable, Equatable {
    public var code: String
    public var label: String
    public var count: Int
    /// count ÷ returns (a return can give several codes).
    public var share: Ratio
}

/// Dispositions made in the period. A return later overturned on dispute does not count:
/// it no longer stands against the SDR.
public struct DispositionTally: Codable, Sendable, Equatable {
    public var total = 0
    public var accepted = 0
    public var nurture = 0
    public var returned = 0
    /// Returns made before the meeting (AE triage).
    public var returnedBeforeMeeting = 0
    public var acceptanceRate = Ratio.empty
    public var nurtureRate = Ratio.empty
    public var returnRate = Ratio.empty
    /// Most frequent first.
    public var returnsByReason: [CodeCount] = []
    public var returnsByCriterion: [CodeCount] = []

    public init() {}

    mutating func record(_ kind: DispositionKind) {
        total += 1
        switch kind {
        case .accepted: accepted += 1
        case .nurture: nurture += 1
        case .returned: returned += 1
        }
        acceptanceRate = Ratio(accepted, of: total)
        nurtureRate = Ratio(nurture, of: total)
        returnRate = Ratio(returned, of: total)
    }
}

/// The AE SLA: time from a held meeting to its disposition.
public struct SLATally: Codable, Sendable, Equatable {
    /// Period: dispositions after a held meeting made within the SLA, of all of them.
    public var withinSLA = Ratio.empty
    /// Period: median hours from the held meeting to its disposition; nil when none.
    public var medianHours: Double?
    /// Period: the two clocks inside those hours. `ownerMedianHours`: the hours the AE
    /// could act in (business hours under `[sla] hours`); `outsideMedianHours`: the hours
    /// the card waited outside them (nights, weekends, holidays), which no AE can shorten.
    /// Without a business calendar every hour is the AE's, and the outside is 0.
    public var ownerMedianHours: Double?
    public var outsideMedianHours: Double?
    /// Now: meetings past the SLA with no disposition (held, or never logged).
    public var openBreaches = 0
    /// Now: held meetings still within the SLA.
    public var awaiting = 0

    public init() {}
}

/// SDR credit (SPEC §1): an SQL for each handoff whose meeting was held and which ended
/// accepted or nurture; an SAO as well when accepted.
public struct CreditTally: Codable, Sendable, Equatable {
    public var sqls = 0
    public var saos = 0
    /// SAOs ÷ SQLs.
    public var saoRate = Ratio.empty

    public init() {}

    mutating func record(sao: Bool) {
        sqls += 1
        if sao { saos += 1 }
        saoRate = Ratio(saos, of: sqls)
    }
}

public struct DisputeTally: Codable, Sendable, Equatable {
    /// Now: disputes waiting for a ruling.
    public var open = 0
    /// Period: disputes raised, and rulings made.
    public var opened = 0
    public var upheld = 0
    public var overturned = 0
    /// overturned ÷ rulings.
    public var overturnRate = Ratio.empty

    public init() {}

    mutating func record(_ resolution: DisputeResolution) {
        if resolution == .upheld { upheld += 1 } else { overturned += 1 }
        overturnRate.count(resolution == .overturned)
    }
}

/// A board column's age profile.
public struct ColumnAging: Codable, Sendable, Equatable {
    public var column: Column
    public var cards: Int
    /// Days allowed; nil for no limit.
    public var limitDays: Int?
    /// Cards over the limit, of the cards in the column.
    public var overLimit: Ratio
    /// Mean whole days in the column; nil for an empty column.
    public var averageDays: Double?
    public var oldestDays: Int
}
