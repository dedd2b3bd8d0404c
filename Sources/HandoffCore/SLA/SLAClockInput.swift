import Foundation

/// What a card's clock needs of the card, read once when the card is loaded: the step it
/// is on and when that step's clock starts, as plain numbers. Which step runs depends on
/// the card alone; the ladder's limits and calendar only say how long it may run. A board
/// keeps one per card, so the clocks of every card at a moment are a pass over small
/// values (`SLALadder.states`), with no card, string or date copied.
public struct SLAClockInput: Sendable, Equatable {
    /// The step; nil when no clock runs on the card as it stands.
    public let step: SLAStep?
    /// The start as the business calendar counts it (seconds since 1970)…
    let start1970: Double
    /// …and as a `Date` subtracts it (seconds since the reference date).
    let startReference: Double

    public init(_ card: Card) {
        if let (step, start) = SLALadder.clockStart(card) {
            self.step = step
            start1970 = start.timeIntervalSince1970
            startReference = start.timeIntervalSinceReferenceDate
        } else {
            step = nil
            start1970 = 0
            startReference = 0
        }
    }

    /// No step: the input of a card with no clock.
    public static let none = SLAClockInput()

    private init() {
        step = nil
        start1970 = 0
        startReference = 0
    }
}

extension SLAStep {
    /// Its place in `allCases`.
    var order: Int {
        switch self {
        case .outcome: 0
        case .disposition: 1
        case .rework: 2
        case .revisit: 3
        }
    }
}

extension SLALadder {
    /// One moment, laid out once for a pass over many clocks: `now` in both counts and its
    /// place in the calendar's index.
    struct Moment {
        let now: Date
        let now1970: Double
        let nowReference: Double
        /// The ladder's own index, and `now`'s offset in it (nil: outside it).
        let primary: BusinessHoursIndex?
        let primaryNow: Double?

        init(_ ladder: SLALadder, now: Date) {
            self.now = now
            now1970 = now.timeIntervalSince1970
            nowReference = now.timeIntervalSinceReferenceDate
            primary = ladder.business ? ladder.index : nil
            primaryNow = primary?.offset(now1970)
        }
    }

    /// The state of each input's clock at `now`, in order: exactly what `glance(card,
    /// now:)?.state` says of each card, for every card in one pass (nil: no clock runs).
    /// This is what `is:breach`, `is:warning` and the SLA sort ask of a 100,000-card board.
    /// An array, not any sequence: a generic sequence from another module is walked through
    /// its witnesses, element by element, at several times the cost of the work.
    public func states(_ inputs: [SLAClockInput], now: Date) -> [SLAState?] {
        let moment = Moment(self, now: now)
        let limits = SLAStep.allCases.map { limit($0) }
        return [SLAState?](unsafeUninitializedCapacity: inputs.count) { states, count in
            inputs.withUnsafeBufferPointer { inputs in
                for (at, input) in inputs.enumerated() {
                    if let step = input.step, input.startReference <= moment.nowReference {
                        let limit = limits[step.order]
                        states.initializeElement(at: at, to: SLAClock.state(elapsed: elapsed(input, moment), limit: limit))
                    } else {
                        states.initializeElement(at: at, to: nil)
                    }
                }
            }
            count = inputs.count
        }
    }

    /// The glance of one input: equal to `glance(card, now:)` of the card it was read from.
    public func glance(_ input: SLAClockInput, now: Date) -> SLAGlance? {
        let moment = Moment(self, now: now)
        guard let step = input.step, input.startReference <= moment.nowReference else { return nil }
        let limit = limit(step)
        let elapsed = elapsed(input, moment)
        return SLAGlance(step: step, state: SLAClock.state(elapsed: elapsed, limit: limit),
                         hoursToWarning: max(0, limit.warning - elapsed), hoursToBreach: limit.breach - elapsed)
    }

    /// `hours(from: start, to: now)` with `now`'s side worked out once: the same
    /// arithmetic on the same numbers, so the same answer to the last bit.
    @inline(__always)
    func elapsed(_ input: SLAClockInput, _ moment: Moment) -> Double {
        guard business else { return max(0, moment.nowReference - input.startReference) / 3600 }
        guard input.start1970 < moment.now1970 else { return 0 }
        if let primary = moment.primary, let y = moment.primaryNow, let x = primary.offset(input.start1970) {
            return (y - x) / 3600
        }
        return hours(from: Date(timeIntervalSinceReferenceDate: input.startReference), to: moment.now)
    }
}
