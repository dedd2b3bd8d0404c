import Foundation
import HandoffCore
import HandoffStore

/// The standup the board's `S` shows: the last seven days, the same engine as `handoff report`.
enum StandupScreen {
    @Sendable
    static func lines(store: any BoardStore, now: Date) throws -> [String] {
        let events = try store.events(after: 0, limit: nil)
        let leads = try store.leads(LeadQuery(includeArchived: true))
        let standup = StandupBuilder.build(events: events, leads: leads, team: try store.team(),
                                           period: .lastDays(7, endingAt: now), now: now)
        return StandupText.text(standup).components(separatedBy: "\n")
    }
}
