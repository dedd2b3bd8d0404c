import Foundation
import GRDB
import HandoffCore
import HandoffStore

/// A version of the SQL definition other than the newest: a calibration is scored against
/// the version its lead was handed off under (the `definition` table keeps every version).
extension SQLiteStore {
    public func definition(version: Int) throws -> Definition? {
        try read { db in try SQLiteSession(db: db).definition(version: version) }
    }
}

extension SQLiteSession {
    func definition(version: Int) throws -> Definition? {
        let body = try String.fetchOne(db, sql: "SELECT body FROM definition WHERE version = ?", arguments: [version])
        return try body.map { try StoredRow.definition($0) }
    }
}
