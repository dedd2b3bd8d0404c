import Foundation
import HandoffCore
import HandoffStore

/// The standup the board's `S` shows: the last seven days, the same engine as `handoff report`.
enum StandupScreen {
    @Sendable
    static func standup(store: any BoardStore, now: Date, thresholds: Thresholds) throws -> Standup {
        let period = Period.lastDays(7, endingAt: now)
        // SQLite reads the log on its fast path; PostgreSQL replays it.
        return try store.standup(period: period, settings: thresholds, grouping: .sdr, now: now)
    }
}
