import Foundation
import HandoffCore
import HandoffStore
import PostgresNIO

/// The write path: the same decisions as the SQLite store (`LogWriter`), in one
/// transaction under the write lock.
extension PostgresStore {
    @discardableResult
    public func initialize(lead name: String, founding: Founding?) throws -> Applied {
        try write { session in
            try LogWriter.initialize(lead: name, founding: founding, location: self.location, now: self.now(), PostgresSession(session))
        }
    }

    @discardableResult
    public func execute(_ command: Command, on id: LeadID?, as actor: String, expecting version: Int?) throws -> Applied {
        try write { session in
            try LogWriter.execute(command, on: id, as: actor, expecting: version, location: self.location, now: self.now(),
                                  calendar: self.calendar, policy: self.policy, PostgresSession(session))
        }
    }

    @discardableResult
    public func undo(_ id: LeadID?, as actor: String, expecting version: Int?) throws -> Applied {
        try write { session in
            try LogWriter.undo(id, as: actor, expecting: version, now: self.now(), calendar: self.calendar, PostgresSession(session))
        }
    }

    public func execute(batch items: [BatchItem], as actor: String, options: BatchOptions,
                        progress: ((Int) -> Void)?) throws -> BatchResult {
        try execute(feed: BatchFeed(items), as: actor, options: options, progress: progress)
    }

    /// The batch as its items arrive, each window decided and written (by `COPY`, for the
    /// store's owner importing leads) while the feed's producer readies the next.
    public func execute(feed: BatchFeed, as actor: String, options: BatchOptions,
                        progress: ((Int) -> Void)?) throws -> BatchResult {
        defer { feed.cancel() }
        do {
            return try write { session in
                // `write` tries once more after a connection lost before COMMIT: the items
                // must start over, or the batch must not be tried again (a file's rows
                // already taken from its planner are gone).
                guard feed.startOver() else { throw Self.importCutOff }
                // An import by the store's owner goes by COPY (PostgresLeadImport).
                if let imported = try PostgresLeadImport.run(feed, as: actor, options: options, progress: progress,
                                                             location: self.location, now: self.now(),
                                                             calendar: self.calendar, session) {
                    return imported
                }
                return try LogWriter.batch(feed, as: actor, options: options, progress: progress, location: self.location,
                                           now: self.now(), calendar: self.calendar, policy: self.policy,
                                           PostgresSession(session))
            }
        } catch let rollBack as LogWriter.RollBack {
            return rollBack.result
        }
    }

    /// Rebuilds a board from its exported log: only into an empty store, keeping the log's
    /// sequence numbers and actors. Each batch is checked by the client as it streams in
    /// (`LogImport`: the rules replay), then sent by `COPY` by the store's owner alone
    /// (`PostgresBulkImport`), all in this one transaction.
    @discardableResult
    public func importEvents(from source: EventSource) throws -> DoctorReport {
        var tried = false
        return try write { session in
            // `write` tries once more after a connection lost before COMMIT, but the log's
            // batches read so far are gone: the rest alone is no whole log.
            guard !tried else { throw Self.importCutOff }
            tried = true
            try LogWriter.requireEmpty(self.location, PostgresSession(session))
            return try PostgresBulkImport.run(source, session)
        }
    }

    /// An import whose connection was lost before it committed: it is not tried again.
    static let importCutOff = StoreError.unavailable(
        "the connection to the server was lost during the import: nothing was imported; run the import again")

    static func history(_ id: LeadID, _ session: Session) throws -> [Event] {
        try PostgresRows.events(session, PostgresQuery(unsafeSQL: "SELECT \(PostgresRows.eventColumns) FROM event WHERE lead = $1 ORDER BY seq",
                                                       binds: binds(id.number)))
    }
}

/// The PostgreSQL write transaction, for `LogWriter`: reads go to the server, after
/// whatever the transaction has decided so far; appends wait in `PendingWrites` and go
/// to the server's functions in one call (before COMMIT, in the same round trip).
struct PostgresSession: LogSession {
    let session: Session

    init(_ session: Session) { self.session = session }

    /// The transaction's own writes, sent so that a read sees them.
    private func flushed() throws -> Session {
        if let query = session.pending?.take() { try session.query(query) }
        return session
    }

    private var pending: PendingWrites {
        get throws {
            guard let pending = session.pending else { throw StoreError.damaged("a write outside a write transaction") }
            return pending
        }
    }

    func team() throws -> Team { try PostgresRows.team(flushed()) }
    func lead(_ id: LeadID) throws -> Lead? { try PostgresRows.lead(id, flushed()) }
    func history(of id: LeadID) throws -> [Event] { try PostgresStore.history(id, flushed()) }

    func recentEvents(by actor: String, limit: Int) throws -> [Event] {
        try PostgresRows.events(flushed(), PostgresQuery(unsafeSQL: """
            SELECT \(PostgresRows.eventColumns) FROM event WHERE actor = $1 AND lead IS NOT NULL AND type <> 'undone'
            ORDER BY seq DESC LIMIT $2
            """, binds: binds(actor, limit)))
    }

    func maxLeadID() throws -> Int { try pending.maxLeadID }
    func definitionCount() throws -> Int { try flushed().scalar("SELECT COUNT(*) FROM definition", as: Int.self) ?? 0 }
    func definition(version: Int) throws -> Definition? { try PostgresRows.definition(version: version, flushed()) }
    func eventCount() throws -> Int { try flushed().scalar("SELECT COUNT(*) FROM event", as: Int.self) ?? 0 }

    func leads(heldBy name: String) throws -> [Lead] {
        try flushed().query(PostgresQuery(unsafeSQL: """
            SELECT id, state FROM lead WHERE column_slug <> 'archived' AND (owner = $1 OR ae = $1) ORDER BY id
            """, binds: binds(name))).map { row in
                let (id, state) = try row.decode((Int, String).self)
                return try StoredRow.lead(id, state: state)
            }
    }

    func leadKeys() throws -> LeadKeys {
        let rows = try flushed().query("""
            SELECT id, email, external_id FROM lead WHERE email IS NOT NULL OR external_id IS NOT NULL ORDER BY id
            """).map { row in try row.decode((Int, String?, String?).self) }
        return LeadKeys(rows: rows.map { (id: $0.0, email: $0.1, externalID: $0.2) })
    }

    func insert(_ event: inout Event, payload: String?) throws {
        try self.pending.append(&event, payload: try payload ?? StreamingJSONEncoder.string(event.payload))
    }

    func save(_ lead: Lead, state: String?) throws {
        let pending = try self.pending
        try pending.save(lead, state: try state ?? StreamingJSONEncoder.string(lead))
        if pending.isFull { _ = try flushed() }
    }

    /// The server projects the roster and the definition from the team events themselves.
    func save(member: Member) throws {}
    func save(definition: Definition) throws {}
}

/// Bindings for a hand-written query.
func binds(_ values: any PostgresDynamicTypeEncodable...) -> PostgresBindings {
    var bindings = PostgresBindings(capacity: values.count)
    for value in values { bindings.append(value) }
    return bindings
}
