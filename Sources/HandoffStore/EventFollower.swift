import Foundation
import HandoffCore

/// Follows the log like `tail -f`: the events after a sequence number, a page at a time,
/// then a wait for the store's change counter (SQLite's `PRAGMA data_version`, PostgreSQL's
/// LISTEN) to move. `handoff watch` is built on it.
///
/// Nothing is missed or read twice: events are read by `seq > last` in sequence order, and
/// both stores number events in commit order (SQLite's writes are serialised; PostgreSQL
/// numbers them under a lock held to the commit), so no event can appear later below a
/// number already read. The counter is read *before* the events, so a commit that lands
/// between the read and the wait still moves it, and the wait returns at once.
public struct EventFollower {
    public let store: any BoardStore
    /// The newest sequence number handed out (or the starting point).
    public private(set) var last: Int64
    /// Events read per page: a backlog of millions streams in constant memory.
    public let pageSize: Int
    /// Whether the log is followed (the change counter read before each page that follows a
    /// wait) or read once: a reader who cannot open the counter can still read once.
    public let follows: Bool
    private var counter: Int?

    public init(store: any BoardStore, after: Int64, pageSize: Int = 500, follows: Bool = true) {
        self.store = store
        self.last = after
        self.pageSize = max(pageSize, 1)
        self.follows = follows
    }

    /// The next page after `last`, oldest first; empty once caught up. `last` moves to its
    /// newest event only when the caller says it has dealt with them (`advance(to:)`), so
    /// a page that could not be written is read again.
    public mutating func nextPage() throws -> [Event] {
        if follows, counter == nil { counter = try store.changeCounter() }
        return try store.events(after: last, limit: pageSize)
    }

    /// Marks every event up to `seq` as handed out.
    public mutating func advance(to seq: Int64) {
        last = max(last, seq)
    }

    /// Blocks until the store may hold events after `last`: its change counter moved since
    /// the last page was read, or `recheck` passed (a safety net for a notification lost
    /// while a connection was re-established). `tick` runs at every poll and may throw to
    /// stop the wait (the store went away) or return false to end it (a signal).
    public mutating func waitForChange(poll: TimeInterval, recheck: TimeInterval = 2,
                                       tick: () throws -> Bool) throws -> Bool {
        let start = Date()
        let seen = try counter ?? store.changeCounter()
        while true {
            guard try tick() else { return false }
            let now = try store.changeCounter()
            if now != seen || Date().timeIntervalSince(start) >= recheck {
                counter = now
                return true
            }
            Thread.sleep(forTimeInterval: poll)
        }
    }

    /// Forgets the counter: the next page reads it again (after a reconnection).
    public mutating func reset() {
        counter = nil
    }
}
