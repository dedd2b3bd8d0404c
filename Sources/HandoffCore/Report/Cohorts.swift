import Foundation

/// The report's `cohorts` section (issue 17 item 3): the period's handoffs grouped by the
/// ISO week they were booked in, and how each week's show rate, acceptance and SAO rate
/// grew as it matured; how long the loop's steps took (median and p90); acceptance and
/// returns per AE against their peers; and how long a card waited for its owner's first
/// action. Computed from the report's events alone (`CohortBuilder`); undone events never
/// count, and a return overturned on dispute is no disposition. Definitions: README,
/// "Cohorts and time distributions".
public struct Cohorts: Codable, Sendable, Equatable {
    /// Days after a week's end (Monday 00:00 of the next week) at which its figures are
    /// taken, besides now.
    public static let ages = [0, 7, 14, 28]

    /// The zone the weeks are cut in (the report's: `TZ`).
    public var timeZone = "UTC"
    /// The weeks the period's bookings fall in, oldest first.
    public var weeks: [CohortWeek] = []
    /// From the booking to the event that logged the meeting's final outcome (held,
    /// no-show or canceled), for outcomes logged in the period.
    public var handoffToOutcome = TimeDistribution()
    /// From the held meeting (after an overturned return: the ruling) to the disposition
    /// that stands, for dispositions made in the period.
    public var heldToDisposition = TimeDistribution()
    /// Dispositions made in the period, by the meeting's AE, and the team's.
    public var byAE: [AECohortRow] = []
    public var teamAcceptance = Ratio.empty
    public var teamReturnRate = Ratio.empty
    /// How long cards waited for their owner's first action (`OwnerWaits`).
    public var waits = OwnerWaits()

    public init() {}
}

/// The handoffs booked in one ISO week (Monday to Sunday).
public struct CohortWeek: Codable, Sendable, Equatable {
    /// "2026-W47".
    public var week: String
    /// Monday 00:00 of the week, and Monday 00:00 of the next.
    public var start: Date
    public var end: Date
    /// The period covers only part of the week: only the bookings inside the period count.
    public var partial: Bool
    /// Handoffs (meetings booked) in the week and the period.
    public var handoffs: Int
    /// The week's figures at each of `Cohorts.ages` after its end (`asOf` = end + age),
    /// then as of now (`ageDays` nil). An age not reached yet has `reached` false and
    /// empty ratios.
    public var snapshots: [CohortSnapshot]
}

/// A week's handoffs as they stood at one moment.
public struct CohortSnapshot: Codable, Sendable, Equatable {
    /// Days after the week's end; nil for now.
    public var ageDays: Int?
    public var asOf: Date
    public var reached: Bool
    /// held ÷ (held + no-show + canceled) over the week's handoffs whose meeting had its
    /// final outcome logged by then.
    public var showRate: Ratio
    /// accepted ÷ dispositions standing by then (accepted, nurture, returned).
    public var acceptance: Ratio
    /// accepted by then ÷ the week's handoffs: how many of them became an SAO.
    public var saoRate: Ratio
}

/// One AE's dispositions in the period, against the other AEs'.
public struct AECohortRow: Codable, Sendable, Equatable {
    public var name: String
    public var dispositions: Int
    /// accepted ÷ their dispositions.
    public var acceptance: Ratio
    /// returned ÷ their dispositions.
    public var returnRate: Ratio
    /// accepted ÷ dispositions of every other AE together (their peers).
    public var peersAcceptance: Ratio
    /// `CohortRules.belowPeers`: at least `minimumDispositions` each, and an acceptance
    /// `gapPoints` or more percentage points under the peers'.
    public var belowPeers: Bool
}

/// Time a card waited before its owner first acted, for actions taken in the period.
public struct OwnerWaits: Codable, Sendable, Equatable {
    /// From the meeting's time to the first outcome or disposition logged on it, for
    /// meetings whose time had come before anything was logged.
    public var ae = TimeDistribution()
    /// Now: meetings past their time with nothing logged, still waiting.
    public var aeWaitingNow = 0
    /// From a return to the SDR's first action on it: rework, dispute or archive.
    public var sdr = TimeDistribution()
    /// Now: returns with no action yet.
    public var sdrWaitingNow = 0

    public init() {}
}

/// The rule that marks an AE who accepts far less than their peers.
public enum CohortRules {
    public static let minimumDispositions = 5
    public static let gapPoints = 20

    /// True when both the AE and their peers have at least `minimumDispositions`
    /// dispositions and the AE's acceptance is `gapPoints` or more percentage points
    /// below the peers'.
    public static func belowPeers(_ own: Ratio, peers: Ratio) -> Bool {
        guard own.denominator >= minimumDispositions, peers.denominator >= minimumDispositions,
              let mine = own.fraction, let theirs = peers.fraction else { return false }
        // Whole counts compared without rounding: 100 × (theirs − mine) ≥ gap.
        return (theirs - mine) * 100 >= Double(gapPoints) - 1e-9
    }

    /// The ISO-8601 week calendar (weeks start on Monday; week 1 holds the year's first
    /// Thursday) in `zone`.
    public static func isoCalendar(_ zone: TimeZone) -> Calendar {
        var calendar = Calendar(identifier: .iso8601)
        calendar.timeZone = zone
        calendar.firstWeekday = 2
        calendar.minimumDaysInFirstWeek = 4
        return calendar
    }
}
