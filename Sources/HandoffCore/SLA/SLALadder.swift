import Foundation

/// The SLA ladder: for a card at a moment, which step's clock runs, how long is left
/// before its warning and its breach, and who is told at each. Pure: the caller passes the
/// time, the settings and the team leads. One ladder serves a whole board refresh; built
/// `around` a time, it lays out the business calendar once (`BusinessHoursIndex`).
public struct SLALadder: Sendable {
    public let settings: SLASettings
    public let slaHours: Double
    /// The team leads, told of every breach.
    public let leads: [String]
    private let outcome: SLALimit, disposition: SLALimit, rework: SLALimit, revisit: SLALimit
    let index: BusinessHoursIndex?
    let business: Bool

    public init(settings: SLASettings = .standard, slaHours: Double = Thresholds.standard.slaHours,
                leads: [String] = [], around: Date? = nil) {
        self.settings = settings
        self.slaHours = slaHours
        self.leads = leads
        outcome = settings.limit(.outcome, slaHours: slaHours)
        disposition = settings.limit(.disposition, slaHours: slaHours)
        rework = settings.limit(.rework, slaHours: slaHours)
        revisit = settings.limit(.revisit, slaHours: slaHours)
        index = around.flatMap { settings.index(around: $0) }
        business = settings.businessHours != nil
    }

    /// The ladder of the team's limits (`Thresholds.sla` and `[report] sla_hours`).
    public init(thresholds: Thresholds, leads: [String] = [], around: Date? = nil) {
        self.init(settings: thresholds.sla, slaHours: thresholds.slaHours, leads: leads, around: around)
    }

    /// The ladder for a team: its leads are the members whose role is lead.
    public init(settings: SLASettings, thresholds: Thresholds, team: Team, around: Date? = nil) {
        self.init(settings: settings, slaHours: thresholds.slaHours, leads: Self.leads(of: team), around: around)
    }

    public static func leads(of team: Team) -> [String] {
        team.members.filter { $0.role == .lead }.map(\.name)
    }

    public func limit(_ step: SLAStep) -> SLALimit {
        switch step {
        case .outcome: outcome
        case .disposition: disposition
        case .rework: rework
        case .revisit: revisit
        }
    }

    // MARK: - Which step runs

    /// The step whose clock runs on a card, its start and its owner; nil when none runs
    /// (SDR queue, SAO, a meeting still to come, an open dispute, a revisit not yet due).
    public func running(_ card: Card, now: Date) -> (step: SLAStep, start: Date, owner: String)? {
        guard let step = step(of: card), step.start <= now else { return nil }
        return step
    }

    /// The step a card is on, even when its clock starts later (a meeting still to come,
    /// a revisit date ahead): what the "SLA left" sort orders by.
    public func step(of card: Card) -> (step: SLAStep, start: Date, owner: String)? {
        guard let (step, start) = clockStart(card) else { return nil }
        return (step, start, step.ownerRole == .ae ? card.ae ?? card.owner : card.owner)
    }

    /// The step and when its clock starts, without its owner (no string to copy: the whole
    /// board asks this of every card).
    @inline(__always)
    func clockStart(_ card: Card) -> (step: SLAStep, start: Date)? { Self.clockStart(card) }

    /// The step and its start of any ladder: which step runs depends on the card alone
    /// (the limits and the calendar only say how long it may run). `SLAClockInput` keeps it.
    @inline(__always)
    static func clockStart(_ card: Card) -> (step: SLAStep, start: Date)? {
        switch card.column {
        case .handedOff:
            guard let meetingAt = card.meetingAt else { return nil }
            switch card.meetingOutcome {
            case nil: return (.outcome, meetingAt)
            // An overturned return comes back to Handed off: the clock restarts at the ruling.
            case .held?: return (.disposition, max(meetingAt, card.columnSince))
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

    /// When the card's current step breaches (started or not); nil when it has no step,
    /// or the breach lies beyond the calendar's reach.
    public func breachDate(_ card: Card) -> Date? {
        guard let (step, start, _) = step(of: card) else { return nil }
        return adding(limit(step).breach, to: start)
    }

    // MARK: - Clocks

    /// The clock of a lead at `now`; nil when no step's clock runs.
    public func clock(for lead: Lead, now: Date) -> SLAClock? {
        clock(for: lead.card, now: now)
    }

    public func clock(for card: Card, now: Date) -> SLAClock? {
        guard let (step, start, owner) = running(card, now: now) else { return nil }
        let limit = limit(step)
        let elapsed = hours(from: start, to: now)
        let warningAt = adding(limit.warning, to: start)
        let breachAt = adding(limit.breach, to: start)
        let state = SLAClock.state(elapsed: elapsed, limit: limit)
        let notices = [
            SLANotice(state: .warning, at: warningAt, people: [owner], happened: state >= .warning),
            SLANotice(state: .breach, at: breachAt, people: [owner] + leads.filter { $0 != owner },
                      happened: state == .breach),
        ]
        return SLAClock(lead: card.id, step: step, owner: owner, start: start, now: now, limit: limit,
                        elapsedHours: elapsed, warningAt: warningAt, breachAt: breachAt, notices: notices)
    }

    /// The state and hours left of a card's clock, without its dates: what a frame needs.
    public func glance(_ card: Card, now: Date) -> SLAGlance? {
        guard let (step, start) = clockStart(card), start <= now else { return nil }
        let limit = limit(step)
        let elapsed = hours(from: start, to: now)
        return SLAGlance(step: step, state: SLAClock.state(elapsed: elapsed, limit: limit),
                         hoursToWarning: max(0, limit.warning - elapsed), hoursToBreach: limit.breach - elapsed)
    }

    public func state(of card: Card, now: Date) -> SLAState? { glance(card, now: now)?.state }

    // MARK: - Time

    /// Hours from `a` to `b` on the ladder's clock: business hours when the calendar is
    /// set, wall-clock hours otherwise. (Optional chaining, not `if let`: no copy of the
    /// calendar or its index, so nothing to retain, per card.)
    public func hours(from a: Date, to b: Date) -> Double {
        guard business else { return max(0, b.timeIntervalSince(a)) / 3600 }
        if let hours = index?.hours(from: a.timeIntervalSince1970, to: b.timeIntervalSince1970) { return hours }
        if let hours = settings.index(around: b)?.hours(from: a.timeIntervalSince1970, to: b.timeIntervalSince1970) {
            return hours
        }
        return settings.businessHours?.hours(from: a, to: b) ?? 0
    }

    /// `time` plus `hours` on the ladder's clock; nil beyond the calendar's reach.
    public func adding(_ hours: Double, to time: Date) -> Date? {
        guard business else { return time.addingTimeInterval(hours * 3600) }
        if let answer = index?.adding(hours: hours, to: time.timeIntervalSince1970)
            ?? settings.index(around: time)?.adding(hours: hours, to: time.timeIntervalSince1970) {
            return Date(timeIntervalSince1970: answer)
        }
        return settings.businessHours?.adding(hours: hours, to: time)
    }
}
