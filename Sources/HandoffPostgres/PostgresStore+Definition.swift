import Foundation
import HandoffCore
import HandoffStore
import PostgresNIO

extension PostgresStore {
    /// The log's `definition` events, oldest first: when each version came into force and
    /// where in the log, which tells every booking's version without reading its payload
    /// (definition health).
    public func definitionHistory() throws -> [DefinitionMark] {
        try read { session in try Self.definitionHistory(session) }
    }

    static func definitionHistory(_ session: Session) throws -> [DefinitionMark] {
        try PostgresRows.events(session, PostgresQuery(unsafeSQL: """
            SELECT \(PostgresRows.eventColumns) FROM event WHERE lead IS NULL AND type = 'definition' ORDER BY seq
            """)).compactMap(DefinitionMark.init)
    }
}
