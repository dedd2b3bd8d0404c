import Foundation
import HandoffCore

extension BoardStore {
    public func routingFacts(since start: Date) throws -> [RoutingFact] {
        try routingFacts(since: start, proposals: false)
    }

    /// The bookings of `period` that carried the rotation's proposal, and the overrides.
    public func routingOverrides(in period: Period) throws -> RoutingOverrides {
        RoutingOverrides(try routingFacts(since: period.since, proposals: true), in: period)
    }

    /// The rotation's proposal for a booking at `meetingAt` (nil: not known yet, judged on
    /// `now`'s day), from this week's bookings and the team's away periods.
    public func routingProposal(team: Team, meetingAt: Date?, now: Date, settings: RoutingSettings,
                                calendar: Calendar = .current) throws -> RoutingProposal {
        let week = Routing.week(containing: now, calendar: calendar)
        return Routing.propose(team: team, facts: try routingFacts(since: week.start), meetingAt: meetingAt, now: now,
                               settings: settings, calendar: calendar)
    }
}
