import Foundation
import GRDB
import HandoffCore
import HandoffStore

extension SQLiteStore {
    /// Many commands in one IMMEDIATE transaction, each decided by the rules against the
    /// store as the commands before it left it. An import of 100,000 leads is one
    /// transaction, not 100,000.
    public func execute(batch items: [BatchItem], as actor: String, options: BatchOptions,
                        progress: ((Int) -> Void)?) throws -> BatchResult {
        do {
            return try write { db in
                try LogWriter.batch(items, as: actor, options: options, progress: progress, location: self.location,
                                    now: self.now(), calendar: self.calendar, SQLiteSession(db: db))
            }
        } catch let rollBack as LogWriter.RollBack {
            return rollBack.result
        }
    }

    /// Rebuilds a board from its exported log (`LogWriter.importEvents`).
    @discardableResult
    public func importEvents(_ events: [Event]) throws -> DoctorReport {
        try write { db in try LogWriter.importEvents(events, location: self.location, SQLiteSession(db: db)) }
    }
}

/// The keys an import's duplicate check starts from, read from the `lead` table.
extension LeadKeys {
    init(_ db: Database) throws {
        self.init(rows: [])
        let rows = try Row.fetchCursor(db, sql: "SELECT id, email, external_id FROM lead WHERE email IS NOT NULL OR external_id IS NOT NULL ORDER BY id")
        while let row = try rows.next() {
            let number: Int = try row.decode(forColumn: "id")
            let id = LeadID(number)
            // Throwing reads: a value that is not text (a blob written by hand) is a damaged
            // row named for `doctor`, not a trap in the middle of an import.
            let externalID: String?
            let email: String?
            do {
                externalID = try row.decode(forColumn: "external_id")
                email = try row.decode(forColumn: "email")
            } catch {
                throw StoreError.damaged("lead \(id) cannot be read: its email or external id is not text (run `handoff doctor`)")
            }
            add(id, email: email, externalID: externalID)
        }
    }
}
