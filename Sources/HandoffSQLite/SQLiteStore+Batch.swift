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
        try execute(feed: BatchFeed(items), as: actor, options: options, progress: progress)
    }

    /// The batch as its items arrive: each chunk is decided and written in this one
    /// transaction while the feed's producer readies the next.
    public func execute(feed: BatchFeed, as actor: String, options: BatchOptions,
                        progress: ((Int) -> Void)?) throws -> BatchResult {
        defer { feed.cancel() }
        do {
            return try write { db in
                let session = SQLiteBatchSession(db: db)
                let result = try LogWriter.batch(feed, as: actor, options: options, progress: progress,
                                                 location: self.location, now: self.now(), calendar: self.calendar,
                                                 policy: self.policy, session)
                try session.finish()
                return result
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

/// The write transaction of a batch: as `SQLiteSession`, but the leads its `created`
/// events make are written many to a statement, events and lead rows alike (no look for a
/// column a new lead leaves), and counted into their columns once, at the end, not a
/// statement per lead: an import adds a hundred thousand. Every other write, and every
/// read, first writes what is held, so the store is never read behind it.
final class SQLiteBatchSession: LogSession {
    /// Rows a statement inserts at most: 32 × 18 parameters stays far under SQLite's
    /// oldest limit (999), and a statement's own cost is spread thin already.
    static let rowsPerStatement = 32

    private let base: SQLiteSession
    private var db: Database { base.db }
    /// The lead the last appended event created, until its row is written.
    private var created: LeadID?
    /// New leads per column, not yet in `lead_count`.
    private var added: [String: Int] = [:]
    /// `created` events numbered here and lead rows, not yet inserted.
    private var events: [EventRow] = []
    private var leads: [LeadRow] = []
    /// The last date written as text, and its text: a batch's events and leads all carry
    /// the moment it was given.
    private var dateText: (date: Date, text: String)?
    /// The number the next held event takes; read from the store when nil.
    private var nextSequence: Int64?
    private let arena = TextArena()

    init(db: Database) {
        base = SQLiteSession(db: db)
        events.reserveCapacity(Self.rowsPerStatement)
        leads.reserveCapacity(Self.rowsPerStatement)
    }

    func team() throws -> Team { try flushed().team() }
    func lead(_ id: LeadID) throws -> Lead? { try flushed().lead(id) }
    func history(of id: LeadID) throws -> [Event] { try flushed().history(of: id) }
    func recentEvents(by actor: String, limit: Int) throws -> [Event] { try flushed().recentEvents(by: actor, limit: limit) }
    func maxLeadID() throws -> Int { try flushed().maxLeadID() }
    func definitionCount() throws -> Int { try flushed().definitionCount() }
    func definition(version: Int) throws -> Definition? { try flushed().definition(version: version) }
    func eventCount() throws -> Int { try flushed().eventCount() }
    func leadKeys() throws -> LeadKeys { try flushed().leadKeys() }
    func leads(heldBy name: String) throws -> [Lead] { try flushed().leads(heldBy: name) }
    func save(member: Member) throws { try flushed().save(member: member) }
    func save(definition: Definition) throws { try flushed().save(definition: definition) }

    func insert(_ event: inout Event, payload: String?) throws {
        guard let payload, event.type == .created, event.seq == 0 else {
            try flushed().insert(&event, payload: payload)
            // SQLite numbered that one: the next is read again.
            nextSequence = nil
            created = event.type == .created ? event.lead : nil
            return
        }
        // As AUTOINCREMENT would number it: one past the highest number ever used.
        let seq = try nextSequence ?? Int64.fetchOne(db, sql: """
            SELECT MAX(n) FROM (SELECT MAX(seq) AS n FROM event UNION ALL SELECT seq FROM sqlite_sequence WHERE name = 'event')
            """).map { $0 + 1 } ?? 1
        event.seq = seq
        nextSequence = seq + 1
        events.append(EventRow(event, payload: payload, at: text(event.at)))
        if events.count == Self.rowsPerStatement { try flushEvents() }
        created = event.lead
    }

    func save(_ lead: Lead, state: String?) throws {
        defer { created = nil }
        guard let state, lead.id == created, lead.version == 1 else { return try flushed().save(lead, state: state) }
        leads.append(LeadRow(lead, state: state, updatedAt: text(lead.updatedAt)))
        if leads.count == Self.rowsPerStatement { try flushLeads() }
        added[lead.column.rawValue, default: 0] += 1
    }

    /// The held rows written, and the new leads counted into the kept column counts, in
    /// the batch's transaction.
    func finish() throws {
        try flush()
        for (column, count) in added.sorted(by: { $0.key < $1.key }) {
            try db.cachedStatement(sql: """
                INSERT INTO lead_count (column_slug, n) VALUES (?, ?) ON CONFLICT (column_slug) DO UPDATE SET n = n + excluded.n
                """).execute(arguments: [column, count])
        }
        added.removeAll()
    }

    private func text(_ date: Date) -> String {
        if let dateText, dateText.date == date { return dateText.text }
        let text = ISODate.text(date)
        dateText = (date, text)
        return text
    }

    /// The session underneath, once everything held is in the store.
    private func flushed() throws -> SQLiteSession {
        try flush()
        return base
    }

    private func flush() throws {
        try flushEvents()
        try flushLeads()
    }

    private func flushEvents() throws {
        guard !events.isEmpty else { return }
        try Rows.insert(numbered: events, arena: arena, db)
        events.removeAll(keepingCapacity: true)
    }

    private func flushLeads() throws {
        guard !leads.isEmpty else { return }
        try Rows.insertNew(leads, arena: arena, db)
        leads.removeAll(keepingCapacity: true)
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
