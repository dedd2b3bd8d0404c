import Foundation
import GRDB
import HandoffCore
import HandoffStore

extension SQLiteStore {
    /// The log's `definition` events, oldest first: when each version came into force and
    /// where in the log, which tells every booking's version without reading its payload
    /// (definition health). A handful of team events, found through `event_by_lead`.
    public func definitionHistory() throws -> [DefinitionMark] {
        try read { db in
            try Rows.events(db, sql: "SELECT * FROM event WHERE lead IS NULL AND type = 'definition' ORDER BY seq")
                .compactMap(DefinitionMark.init)
        }
    }
}
