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
                                  calendar: self.calendar, PostgresSession(session))
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
        do {
            return try write { session in
                try LogWriter.batch(items, as: actor, options: options, progress: progress, location: self.location,
                                    now: self.now(), calendar: self.calendar, PostgresSession(session))
            }
        } catch let rollBack as LogWriter.RollBack {
            return rollBack.result
        }
    }

    /// Rebuilds a board from its exported log (`LogWriter.importEvents`): only into an
    /// empty store, keeping the log's sequence numbers.
    @discardableResult
    public func importEvents(_ events: [Event]) throws -> DoctorReport {
        try write { session in try LogWriter.importEvents(events, location: self.location, PostgresSession(session)) }
    }

    static func history(_ id: LeadID, _ session: Session) throws -> [Event] {
        try PostgresRows.events(session, PostgresQuery(unsafeSQL: "SELECT \(PostgresRows.eventColumns) FROM event WHERE lead = $1 ORDER BY seq",
                                                       binds: binds(id.number)))
    }
}

/// The PostgreSQL write transaction, for `LogWriter`.
struct PostgresSession: LogSession {
    let session: Session

    init(_ session: Session) { self.session = session }

    func team() throws -> Team { try PostgresRows.team(session) }
    func lead(_ id: LeadID) throws -> Lead? { try PostgresRows.lead(id, session) }
    func history(of id: LeadID) throws -> [Event] { try PostgresStore.history(id, session) }

    func recentEvents(by actor: String, limit: Int) throws -> [Event] {
        try PostgresRows.events(session, PostgresQuery(unsafeSQL: """
            SELECT \(PostgresRows.eventColumns) FROM event WHERE actor = $1 AND lead IS NOT NULL AND type <> 'undone'
            ORDER BY seq DESC LIMIT $2
            """, binds: binds(actor, limit)))
    }

    func maxLeadID() throws -> Int { try session.scalar("SELECT MAX(id) FROM lead", as: Int.self) ?? 0 }
    func definitionCount() throws -> Int { try session.scalar("SELECT COUNT(*) FROM definition", as: Int.self) ?? 0 }
    func eventCount() throws -> Int { try session.scalar("SELECT COUNT(*) FROM event", as: Int.self) ?? 0 }

    func leads(heldBy name: String) throws -> [Lead] {
        try session.query(PostgresQuery(unsafeSQL: """
            SELECT state FROM lead WHERE column_slug <> 'archived' AND (owner = $1 OR ae = $1) ORDER BY id
            """, binds: binds(name))).map { row in try Codec.decode(Lead.self, from: row.decode(String.self)) }
    }

    func leadKeys() throws -> LeadKeys {
        let rows = try session.query("""
            SELECT id, email, external_id FROM lead WHERE email IS NOT NULL OR external_id IS NOT NULL ORDER BY id
            """).map { row in try row.decode((Int, String?, String?).self) }
        return LeadKeys(rows: rows.map { (id: $0.0, email: $0.1, externalID: $0.2) })
    }

    func insert(_ event: inout Event, payload: String?) throws {
        if let payload { try PostgresRows.insert(&event, payload: payload, session) } else { try PostgresRows.insert(&event, session) }
    }

    func save(_ lead: Lead, state: String?) throws {
        if let state { try PostgresRows.save(lead, state: state, session) } else { try PostgresRows.save(lead, session) }
    }

    func save(member: Member) throws { try PostgresRows.save(member: member, session) }
    func save(definition: Definition) throws { try PostgresRows.save(definition: definition, session) }
}

/// Bindings for a hand-written query.
func binds(_ values: any PostgresDynamicTypeEncodable...) -> PostgresBindings {
    var bindings = PostgresBindings(capacity: values.count)
    for value in values { bindings.append(value) }
    return bindings
}
