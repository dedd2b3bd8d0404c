import Foundation

// The lists a standup reads out, one row per card, and the trend its sparklines draw.

public struct AgingCard: Codable, Sendable, Equatable {
    public var lead: LeadID
    public var company: String
    public var column: Column
    /// The card's owner as the board shows it: the AE in Handed off and SAO, else the SDR.
    public var person: String
    public var days: Int
    public var limitDays: Int
    public var daysOver: Int
}

public struct SLABreach: Codable, Sendable, Equatable {
    public var lead: LeadID
    public var company: String
    public var ae: String
    public var sdr: String
    /// When the clock started: the meeting's time, or the ruling that overturned a return.
    public var since: Date
    /// The meeting's own time, whatever restarted the clock.
    public var meetingAt: Date
    /// True when the clock runs from a ruling that sent an overturned return back to the AE.
    public var clockFromRuling: Bool
    /// False when the meeting's outcome was never logged.
    public var held: Bool
    public var hoursWaiting: Int
    public var hoursOver: Int
}

public struct OverdueMeeting: Codable, Sendable, Equatable {
    public var lead: LeadID
    public var company: String
    public var sdr: String
    public var ae: String
    public var meetingAt: Date
    public var hoursPast: Int
}

public struct NurtureDue: Codable, Sendable, Equatable {
    public var lead: LeadID
    public var company: String
    public var sdr: String
    public var revisit: Date
    public var daysOverdue: Int
}

public struct ReturnToRework: Codable, Sendable, Equatable {
    public var lead: LeadID
    public var company: String
    public var sdr: String
    public var ae: String?
    public var reasons: [String]
    public var days: Int
    /// "open" or "upheld" when the return was disputed.
    public var dispute: DisputeState?
}

public enum DisputeState: String, Codable, Sendable {
    case open
    case upheld
    case overturned
}

public struct OpenDispute: Codable, Sendable, Equatable {
    public var lead: LeadID
    public var company: String
    public var sdr: String
    public var ae: String?
    public var openedAt: Date
    public var days: Int
}

/// Period figures in equal buckets (a day, a week or 30 days, depending on the period's
/// length), oldest first: what the standup view draws as sparklines.
public struct Trend: Codable, Sendable, Equatable {
    public var bucketDays: Int
    public var starts: [Date]
    public var handoffs: [Int]
    public var held: [Int]
    /// No-shows and cancellations.
    public var missed: [Int]
    public var accepted: [Int]
    public var nurtured: [Int]
    public var returned: [Int]
    public var sqls: [Int]
    public var saos: [Int]

    init(period: Period) {
        let days = max(period.days, 0)
        bucketDays = days <= 62 ? 1 : days <= 7 * 62 ? 7 : 30
        let width = Double(bucketDays) * 86_400
        let count = max(1, Int((period.until.timeIntervalSince(period.since) / width).rounded(.up)))
        starts = (0..<count).map { period.since.addingTimeInterval(Double($0) * width) }
        handoffs = Array(repeating: 0, count: count)
        held = handoffs
        missed = handoffs
        accepted = handoffs
        nurtured = handoffs
        returned = handoffs
        sqls = handoffs
        saos = handoffs
    }

    /// The bucket `date` falls in; nil outside the period.
    func bucket(_ date: Date) -> Int? {
        guard let first = starts.first, date >= first else { return nil }
        let index = Int(date.timeIntervalSince(first) / (Double(bucketDays) * 86_400))
        return index < starts.count ? index : nil
    }
}
