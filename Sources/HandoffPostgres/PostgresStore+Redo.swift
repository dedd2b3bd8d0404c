import Foundation
import HandoffCore
import HandoffStore
import PostgresNIO

extension PostgresStore {
    public func undoLast(as actor: String) throws -> BulkOutcome {
        let group = UUID().uuidString.lowercased()
        return try write { session in
            try LogWriter.undoLast(as: actor, group: group, now: self.now(), calendar: self.calendar, PostgresSession(session))
        }
    }

    public func redoLast(as actor: String) throws -> BulkOutcome {
        let group = UUID().uuidString.lowercased()
        return try write { session in
            try LogWriter.redoLast(as: actor, group: group, now: self.now(), calendar: self.calendar, policy: self.policy,
                                   PostgresSession(session))
        }
    }
}

/// What undo and redo of whole actions read (`LogWriter+Bulk`), after the transaction's own
/// writes so far.
extension PostgresSession: LogUndoSession {
    func recentUndos(by actor: String, limit: Int) throws -> [Event] {
        try PostgresRows.events(flushedSession(), PostgresQuery(unsafeSQL: """
            SELECT \(PostgresRows.eventColumns) FROM event WHERE actor = $1 AND lead IS NOT NULL AND type = 'undone'
            ORDER BY seq DESC LIMIT $2
            """, binds: binds(actor, limit)))
    }

    func events(from: Int64, through: Int64) throws -> [Event] {
        try PostgresRows.events(flushedSession(), PostgresQuery(unsafeSQL: """
            SELECT \(PostgresRows.eventColumns) FROM event WHERE seq BETWEEN $1 AND $2 ORDER BY seq
            """, binds: binds(from, through)))
    }
}

extension PostgresSession {
    /// As `flushed()`: the transaction's pending appends sent first, so a read sees them.
    fileprivate func flushedSession() throws -> Session {
        if let query = session.pending?.take() { try session.query(query) }
        return session
    }
}
