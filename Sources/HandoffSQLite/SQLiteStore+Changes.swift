import Foundation
import GRDB

extension SQLiteStore {
    /// `PRAGMA data_version` on one dedicated connection: it changes when any other
    /// connection, in any process, commits. GRDB's observation sees only this process's
    /// writes, so the live board asks this (about 10 µs) instead.
    public func changeCounter() throws -> Int {
        try guarded {
            try watcher.read { db in try Int.fetchOne(db, sql: "PRAGMA data_version") ?? 0 }
        }
    }
}

/// The connection that watches for commits. Opened on first use; one per store.
final class ChangeWatcher: Sendable {
    private let queue: DatabaseQueue

    init(path: String, configuration: Configuration) throws {
        var readOnly = configuration
        readOnly.readonly = true
        readOnly.label = "handoff.watcher"
        queue = try DatabaseQueue(path: path, configuration: readOnly)
    }

    func read<T>(_ body: (Database) throws -> T) throws -> T {
        // Outside a transaction: data_version reflects commits made up to this moment.
        try queue.inDatabase(body)
    }
}
