import Foundation

/// What the rules need to know besides the lead: the team, the current definition, the
/// reason codes, and the time.
public struct RuleContext: Sendable {
    public var definition: Definition
    public var roster: [String: Member]
    public var reasons: [RejectionReason]
    public var now: Date
    public var calendar: Calendar

    public init(definition: Definition, roster: [Member], reasons: [RejectionReason] = RejectionReason.defaults,
                now: Date, calendar: Calendar = .current) {
        self.definition = definition
        self.roster = Dictionary(roster.map { ($0.name, $0) }, uniquingKeysWith: { _, last in last })
        self.reasons = reasons
        self.now = now
        self.calendar = calendar
    }

    public func member(_ name: String) -> Member? { roster[name] }

    public var startOfToday: Date { calendar.startOfDay(for: now) }
}
