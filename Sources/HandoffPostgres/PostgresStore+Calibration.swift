import Foundation
import HandoffCore
import HandoffStore

/// A version of the SQL definition other than the newest: a calibration is scored against
/// the version its lead was handed off under (the `definition` table keeps every version).
extension PostgresStore {
    public func definition(version: Int) throws -> Definition? {
        try statement { session in try PostgresRows.definition(version: version, session) }
    }
}

extension PostgresRows {
    static func definition(version: Int, _ session: Session) throws -> Definition? {
        let body = try session.scalar("SELECT body FROM definition WHERE version = \(version)", as: String.self)
        return try body.map { try StoredRow.definition($0) }
    }
}
