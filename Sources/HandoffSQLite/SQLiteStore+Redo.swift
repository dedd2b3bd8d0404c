import Foundation
import GRDB
import HandoffCore
import HandoffStore

extension SQLiteStore {
    public func undoLast(as actor: String) throws -> BulkOutcome {
        let group = UUID().uuidString.lowercased()
        return try write { db in
            try LogWriter.undoLast(as: actor, group: group, now: self.now(), calendar: self.calendar, SQLiteSession(db: db))
        }
    }

    public func redoLast(as actor: String) throws -> BulkOutcome {
        let group = UUID().uuidString.lowercased()
        return try write { db in
            try LogWriter.redoLast(as: actor, group: group, now: self.now(), calendar: self.calendar, policy: self.policy,
                                   SQLiteSession(db: db))
        }
    }
}

/// What undo and redo of whole actions read (`LogWriter+Bulk`).
extension SQLiteSession: LogUndoSession {
    func recentUndos(by actor: String, limit: Int) throws -> [Event] {
        try Rows.events(db, sql: """
            SELECT * FROM event WHERE actor = ? AND lead IS NOT NULL AND type = 'undone'
            ORDER BY seq DESC LIMIT ?
            """, arguments: [actor, limit])
    }

    func events(from: Int64, through: Int64) throws -> [Event] {
        try Rows.events(db, sql: "SELECT * FROM event WHERE seq BETWEEN ? AND ? ORDER BY seq", arguments: [from, through])
    }
}
