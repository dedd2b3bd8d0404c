import Foundation

/// A member out of the office for a stretch of whole days: the rotation proposes no meetings
/// to them then. Carried by an `away` team event (`EventPayload.away`); the days are ISO
/// calendar days ("2026-12-22"), both inclusive, in the team's calendar.
public struct Away: Codable, Sendable, Equatable {
    public var member: String
    public var from: String
    public var to: String
    /// True on an event that clears the member's periods overlapping `from`…`to`
    /// (`handoff team away NAME --clear`); absent on one that records a period.
    public var cleared: Bool?

    public init(member: String, from: String, to: String, cleared: Bool? = nil) {
        self.member = member
        self.from = from
        self.to = to
        self.cleared = cleared
    }
}
