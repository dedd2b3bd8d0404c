import Foundation

/// Where a step's clock stands: inside its time, past the warning, or past the breach.
public enum SLAState: String, Sendable, Codable, Comparable, CaseIterable {
    case ok
    case warning
    case breach

    private var rank: Int {
        switch self {
        case .ok: 0
        case .warning: 1
        case .breach: 2
        }
    }

    public static func < (a: SLAState, b: SLAState) -> Bool { a.rank < b.rank }
}

/// Who a clock tells, and when: the step's owner at the warning; the owner and the team
/// leads at the breach. Derived from the clock, never logged.
public struct SLANotice: Sendable, Equatable, Codable {
    /// `.warning` or `.breach`.
    public var state: SLAState
    /// When it falls due; nil when it lies beyond the calendar's reach.
    public var at: Date?
    public var people: [String]
    /// True when `at` is not after the clock's `now`.
    public var happened: Bool

    public init(state: SLAState, at: Date?, people: [String], happened: Bool) {
        self.state = state
        self.at = at
        self.people = people
        self.happened = happened
    }
}

/// One card's running clock at a moment: the step, its start, the hours counted so far
/// (business hours when the calendar is set), and what that means.
public struct SLAClock: Sendable, Equatable {
    public var lead: LeadID
    public var step: SLAStep
    /// The person who owes the step: the AE (outcome, disposition) or the SDR (rework, revisit).
    public var owner: String
    public var start: Date
    public var now: Date
    public var limit: SLALimit
    /// Hours counted from `start` to `now`.
    public var elapsedHours: Double
    public var warningAt: Date?
    public var breachAt: Date?
    /// Who is told at the warning and at the breach.
    public var notices: [SLANotice]

    public init(lead: LeadID, step: SLAStep, owner: String, start: Date, now: Date, limit: SLALimit,
                elapsedHours: Double, warningAt: Date?, breachAt: Date?, notices: [SLANotice]) {
        self.lead = lead
        self.step = step
        self.owner = owner
        self.start = start
        self.now = now
        self.limit = limit
        self.elapsedHours = elapsedHours
        self.warningAt = warningAt
        self.breachAt = breachAt
        self.notices = notices
    }

    public var state: SLAState { SLAClock.state(elapsed: elapsedHours, limit: limit) }

    /// Hours left before the warning (0 once it is past).
    public var hoursToWarning: Double { max(0, limit.warning - elapsedHours) }
    /// Hours left before the breach (0 once it is past).
    public var hoursToBreach: Double { max(0, limit.breach - elapsedHours) }
    /// Hours past the breach (0 before it).
    public var hoursPastBreach: Double { max(0, elapsedHours - limit.breach) }

    /// The notices that have gone out by `now`.
    public var told: [SLANotice] { notices.filter(\.happened) }

    static func state(elapsed: Double, limit: SLALimit) -> SLAState {
        elapsed > limit.breach ? .breach : elapsed >= limit.warning ? .warning : .ok
    }
}

/// What the board needs of a clock for one frame: the step, the state and the hours left.
/// No dates, so a hundred thousand of them cost a binary search each at most.
public struct SLAGlance: Sendable, Equatable {
    public var step: SLAStep
    public var state: SLAState
    public var hoursToWarning: Double
    public var hoursToBreach: Double

    public init(step: SLAStep, state: SLAState, hoursToWarning: Double, hoursToBreach: Double) {
        self.step = step
        self.state = state
        self.hoursToWarning = hoursToWarning
        self.hoursToBreach = hoursToBreach
    }
}
