import Foundation
import HandoffCore
import HandoffStore

/// The standup the board's `S` shows: the last seven days, the same engine as `handoff report`.
enum StandupScreen {
    @Sendable
    static func lines(store: any BoardStore, now: Date) throws -> [String] {
        let period = Period.lastDays(7, endingAt: now)
        if let sqlite = store as? SQLiteStore {
            // The fast path: no full decode of the log or the leads.
            return StandupText.text(try sqlite.standup(period: period, settings: .standard, grouping: .sdr, now: now))
                .components(separatedBy: "\n")
        }
        let events = try store.events(after: 0, limit: nil)
        let leads = try store.leads(LeadQuery(includeArchived: true))
        let standup = StandupBuilder.build(events: events, leads: leads, team: try store.team(),
                                           period: .lastDays(7, endingAt: now), now: now)
        return StandupText.text(standup).components(separatedBy: "\n")
    }
}
