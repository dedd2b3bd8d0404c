import Foundation

/// What the rules need to know besides the lead: the team, the current definition, the
/// reason codes, and the time.
public struct RuleContext: Sendable {
    public var definition: Definition
    public var roster: [String: Member]
    public var reasons: [RejectionReason]
    public var now: Date
    public var calendar: Calendar
    /// For a change of role (`team edit NAME --role`): the leads that member owns or holds a
    /// meeting on and that are still in play. The store fills it in for that command only.
    public var memberLeads: [Lead] = []
    /// The no-show policy new commands are held to; a replayed log is held to `.replay`.
    public var policy: RulePolicy = .replay
    /// Who is away which days (the team's `away` events): a meeting is not booked with an
    /// AE on a day they are away. The store fills it in from `Team.away`.
    public var away: [Away] = []
    /// Earlier versions of the SQL definition, by version, that a command is judged against:
    /// a calibration score uses the version its lead was handed off under. The store fills
    /// in the one a command needs (`definition(version:)` falls back to the current one).
    public var definitions: [Int: Definition] = [:]

    public init(definition: Definition, roster: [Member], reasons: [RejectionReason] = RejectionReason.defaults,
                now: Date, calendar: Calendar = .current) {
        self.definition = definition
        self.roster = Dictionary(roster.map { ($0.name, $0) }, uniquingKeysWith: { _, last in last })
        self.reasons = reasons
        self.now = now
        self.calendar = calendar
    }

    /// The member called `name`, as typed: an exact match, else the name normalised
    /// (NFC, trimmed of every kind of whitespace) as it was when the member was added.
    public func member(_ name: String) -> Member? {
        if let member = roster[name] { return member }
        let normalized = MemberName.normalized(name)
        return normalized == name ? nil : roster[normalized]
    }

    /// The SQL definition of `version`: the current one, or an earlier one the store gave.
    public func definition(version: Int) -> Definition? {
        version == definition.version ? definition : definitions[version]
    }

    public var startOfToday: Date { calendar.startOfDay(for: now) }
}
