import Foundation

/// A meeting to cover while its AE is away: the lead, its time, and who the rotation
/// proposes instead.
public struct CoverProposal: Sendable, Equatable {
    public var lead: LeadID
    public var at: Date
    public var proposal: RoutingProposal
}

extension Routing {
    /// The meetings still to happen with `away.member` on a day of `away`, oldest first,
    /// each with the rotation's proposal. Each proposal counts as a booking for the ones
    /// after it, so a week of meetings spreads over the team instead of landing on one AE.
    /// `team` already holds the away period (the AE is never proposed for those days).
    public static func cover(_ away: Away, cards: [Card], team: Team, facts: [RoutingFact], now: Date,
                             settings: RoutingSettings, calendar: Calendar) -> [CoverProposal] {
        let meetings = cards.compactMap { card -> (LeadID, Date)? in
            guard card.column == .handedOff, card.ae == away.member, card.meetingOutcome == nil,
                  let at = card.meetingAt, at > now else { return nil }
            let day = ISODay.text(of: at, calendar: calendar)
            return away.from <= day && day <= away.to ? (card.id, at) : nil
        }.sorted { ($0.1, $0.0) < ($1.1, $1.0) }
        var counted = facts
        var next = (facts.map(\.seq).max() ?? 0) + 1
        return meetings.map { lead, at in
            let proposal = propose(team: team, facts: counted, meetingAt: at, now: now, settings: settings, calendar: calendar)
            if let ae = proposal.ae {
                counted.append(RoutingFact(seq: next, at: now, type: .reassigned, ae: ae))
                next += 1
            }
            return CoverProposal(lead: lead, at: at, proposal: proposal)
        }
    }
}
