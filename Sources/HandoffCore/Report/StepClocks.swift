import Foundation

/// The two clocks of one step of the SLA ladder over the period (issue 16: "time the card
/// waited in the system before its owner could see it vs time its owner took"). A step
/// counts when it ended in the period after its clock had started: an outcome logged
/// after the meeting's time, a disposition after the held meeting, a return reworked,
/// disputed or archived, a nurture lead taken up after its revisit date.
public struct StepClocks: Codable, Sendable, Equatable {
    public var step: SLAStep
    /// Steps that ended in the period.
    public var count: Int
    /// From the clock's start to the step's end, every hour.
    public var wall: HoursSpread
    /// The hours its owner could act in: business hours (every hour without `[sla] hours`)
    /// less the days the owner was away (`handoff team away`).
    public var owner: HoursSpread
    /// The rest: nights, weekends, holidays and the owner's away days, which the card
    /// spent waiting in the system before its owner could see it.
    public var outside: HoursSpread

    public init(step: SLAStep, count: Int, wall: HoursSpread, owner: HoursSpread, outside: HoursSpread) {
        self.step = step
        self.count = count
        self.wall = wall
        self.owner = owner
        self.outside = outside
    }
}

/// A median and a 90th percentile (nearest rank) of hours, to the tenth; nil when nothing counted.
public struct HoursSpread: Codable, Sendable, Equatable {
    public var medianHours: Double?
    public var p90Hours: Double?

    public init(medianHours: Double?, p90Hours: Double?) {
        self.medianHours = medianHours
        self.p90Hours = p90Hours
    }

    init(_ values: [Double]) {
        medianHours = StandupTally.median(values)
        p90Hours = Self.percentile(90, values)
    }

    /// The nearest-rank percentile: the smallest value at or above `p` % of them.
    static func percentile(_ p: Int, _ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let rank = max(1, (p * sorted.count + 99) / 100)
        return (sorted[min(sorted.count, rank) - 1] * 10).rounded() / 10
    }
}

/// The spans of each ladder step in the period, and the owners' away days to take out
/// of their hours.
struct StepClockTally {
    private var spans: [[SLASpan]] = Array(repeating: [], count: SLAStep.allCases.count)
    /// Each member's away periods as instants, merged and in order. An away day runs from
    /// 00:00 to 24:00 in the `[sla] timezone` (UTC without one).
    private let away: [String: [DateInterval]]

    init(team: Team, settings: Thresholds) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = settings.sla.businessHours?.timeZone ?? TimeZone(identifier: "UTC") ?? calendar.timeZone
        var periods: [String: [DateInterval]] = [:]
        for period in team.away {
            guard let start = ISODay.start(of: period.from, calendar: calendar),
                  let last = ISODay.start(of: period.to, calendar: calendar),
                  let end = calendar.date(byAdding: .day, value: 1, to: last), start < end else { continue }
            periods[period.member, default: []].append(DateInterval(start: start, end: end))
        }
        away = periods.mapValues(Self.merged)
    }

    private static func merged(_ intervals: [DateInterval]) -> [DateInterval] {
        var merged: [DateInterval] = []
        for interval in intervals.sorted(by: { $0.start < $1.start }) {
            if let last = merged.last, interval.start <= last.end {
                merged[merged.count - 1] = DateInterval(start: last.start, end: max(last.end, interval.end))
            } else {
                merged.append(interval)
            }
        }
        return merged
    }

    mutating func record(_ step: SLAStep, _ span: SLASpan) {
        if let index = SLAStep.allCases.firstIndex(of: step) { spans[index].append(span) }
    }

    /// The hours `owner` could act in between two instants: the ladder's hours less
    /// those that fall on the owner's away days.
    func ownerHours(_ ladder: SLALadder, from start: Date, to end: Date, owner: String) -> Double {
        guard end > start else { return 0 }
        var hours = ladder.hours(from: start, to: end)
        for period in away[owner] ?? [] where period.start < end && period.end > start {
            hours -= ladder.hours(from: max(start, period.start), to: min(end, period.end))
        }
        return max(0, hours)
    }

    /// Every step in ladder order, with its count (0 when none ended).
    func result() -> [StepClocks] {
        zip(SLAStep.allCases, spans).map { step, spans in
            StepClocks(step: step, count: spans.count, wall: HoursSpread(spans.map(\.wall)),
                       owner: HoursSpread(spans.map(\.owner)),
                       outside: HoursSpread(spans.map { max(0, $0.wall - $0.owner) }))
        }
    }
}

extension StandupTally {
    /// Applies one event to its card and, when it ends the ladder step the card was on
    /// (after its clock started, in the period), times that step on both clocks. The
    /// disposition step is timed where the report counts dispositions (a return waits for
    /// its rulings), so it is left to `recordSLA`.
    mutating func applyTimed(_ fact: borrowing ReportEvent, to track: inout Track) {
        let at = fact.at
        guard period.contains(at), let before = Self.ladderStep(track.card), before.step != .disposition,
              before.start < at else {
            apply(fact, to: &track)
            return
        }
        let owner = before.step.ownerRole == .ae ? track.card.ae ?? track.card.owner : track.card.owner
        apply(fact, to: &track)
        let after = Self.ladderStep(track.card)
        guard after?.step != before.step || after?.start != before.start else { return }
        clocks.record(before.step, span(from: before.start, to: at, owner: owner))
    }

    /// The step a card is on and when its clock starts: `SLALadder`'s rule, on a report's card.
    static func ladderStep(_ card: ReportLead) -> (step: SLAStep, start: Date)? {
        switch card.column {
        case .handedOff:
            guard card.meetingAt != nil else { return nil }
            switch card.outcome {
            case nil: return card.meetingAt.map { (.outcome, $0) }
            case .held?: return card.slaClockStart.map { (.disposition, $0) }
            default: return nil
            }
        case .returned:
            return card.disputeOpen ? nil : (.rework, card.columnSince)
        case .nurture:
            return card.revisit.map { (.revisit, $0) }
        default:
            return nil
        }
    }

    /// From `start` to `end`: every hour, and those `owner` could act in.
    func span(from start: Date, to end: Date, owner: String) -> SLASpan {
        SLASpan(wall: max(0, end.timeIntervalSince(start)) / 3600,
                owner: clocks.ownerHours(ladder, from: start, to: end, owner: owner))
    }
}
