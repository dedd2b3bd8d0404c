import Foundation

/// The stretch of time a report's period figures are taken over: `since` included,
/// `until` excluded, so consecutive periods never count an event twice.
public struct Period: Codable, Sendable, Equatable {
    public var since: Date
    public var until: Date

    public init(since: Date, until: Date) {
        self.since = since
        self.until = until
    }

    /// The standup's default: the seven days up to `now`.
    public static func lastDays(_ days: Int, endingAt now: Date) -> Period {
        Period(since: now.addingTimeInterval(-Double(days) * 86_400), until: now)
    }

    public func contains(_ date: Date) -> Bool { since <= date && date < until }

    public var isEmpty: Bool { until <= since }

    /// Length in days, for headers ("7 days").
    public var days: Double { until.timeIntervalSince(since) / 86_400 }

    /// Why a requested period cannot be reported on, or nil.
    public var problem: String? {
        guard until <= since else { return nil }
        return "the period is empty: --since (\(DateInput.format(since))) must come before --until (\(DateInput.format(until)))"
    }
}

/// Whose figures a report breaks the team's totals down by.
public enum ReportGrouping: String, Codable, Sendable, CaseIterable {
    /// By the owning SDR: their cards, handoffs, returns and credits.
    case sdr
    /// By the meeting's AE: their meetings, dispositions and SLA breaches.
    case ae
    /// Team totals only.
    case team

    public var title: String {
        switch self {
        case .sdr: "SDR"
        case .ae: "AE"
        case .team: "team"
        }
    }
}
