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

    /// Appends the next events of a log replayed elsewhere, and the leads as they stand
    /// after them, in one transaction and without the rules: the benchmark's generated
    /// stores (ten million events, written in pieces `bulkLoad` could not hold at once).
    /// The events must continue the log's numbering; `doctor` checks the whole against
    /// the log. The payloads are encoded on every core.
    public func bulkAppend(_ events: [Event], leads: [Lead]) throws {
        let documents = try EncodedEvent.encode(events.map { ($0, nil) })
        try write { db in
            var next = (try Int64.fetchOne(db, sql: "SELECT MAX(seq) FROM event") ?? 0) + 1
            for (original, document) in zip(events, documents) {
                guard original.seq == next else {
                    throw RuleError.invalid("event #\(original.seq) does not continue the log at #\(next)")
                }
                var event = original
                try Rows.insert(&event, payload: document.payload, db)
                if event.lead == nil { _ = try self.project(event, lead: nil, db) }
                next += 1
            }
            for lead in leads { try Rows.save(lead, db) }
        }
    }

    /// Rebuilds a board from its exported log (`LogWriter.importEvents`).
    @discardableResult
    public func importEvents(from source: EventSource) throws -> DoctorReport {
        try write { db in try LogWriter.importEvents(source, location: self.location, SQLiteSession(db: db)) }
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
