import Foundation
import GRDB
import HandoffCore
import HandoffStore

extension SQLiteStore {
    @discardableResult
    public func initialize(lead name: String, founding: Founding?) throws -> Applied {
        try write { db in
            try LogWriter.initialize(lead: name, founding: founding, location: self.location, now: self.now(), SQLiteSession(db: db))
        }
    }

    @discardableResult
    public func execute(_ command: Command, on id: LeadID?, as actor: String, expecting version: Int?) throws -> Applied {
        try write { db in
            try LogWriter.execute(command, on: id, as: actor, expecting: version, location: self.location, now: self.now(),
                                  calendar: self.calendar, policy: self.policy, SQLiteSession(db: db))
        }
    }

    @discardableResult
    public func undo(_ id: LeadID?, as actor: String, expecting version: Int?) throws -> Applied {
        try write { db in
            try LogWriter.undo(id, as: actor, expecting: version, now: self.now(), calendar: self.calendar, SQLiteSession(db: db))
        }
    }

    /// Applies `event` to the projection tables, in the caller's transaction.
    @discardableResult
    func project(_ event: Event, lead: Lead?, _ db: Database) throws -> Lead? {
        try LogWriter.project(event, lead: lead, SQLiteSession(db: db))
    }

    /// One IMMEDIATE transaction: the write lock is taken up front, so a busy store waits
    /// (up to the busy timeout) instead of failing mid-way with a stale snapshot.
    func write<T>(_ body: @escaping (Database) throws -> T) throws -> T {
        if isReadOnly {
            throw StoreError.readOnly("the store \(location) is read-only for you: nothing was changed (check the file's and folder's permissions)")
        }
        return try guarded {
            try pool.writeWithoutTransaction { db in
                var result: T?
                try db.inTransaction(.immediate) {
                    result = try body(db)
                    return .commit
                }
                guard let result else { throw StoreError.damaged("the transaction returned nothing") }
                return result
            }
        }
    }
}

/// The SQLite write transaction, for `LogWriter`.
struct SQLiteSession: LogSession {
    let db: Database

    func team() throws -> Team { try Rows.team(db) }
    func lead(_ id: LeadID) throws -> Lead? { try Rows.lead(id, db) }

    func history(of id: LeadID) throws -> [Event] {
        try Rows.events(db, sql: "SELECT * FROM event WHERE lead = ? ORDER BY seq", arguments: [id.number])
    }

    func recentEvents(by actor: String, limit: Int) throws -> [Event] {
        try Rows.events(db, sql: """
            SELECT * FROM event WHERE actor = ? AND lead IS NOT NULL AND type != 'undone'
            ORDER BY seq DESC LIMIT ?
            """, arguments: [actor, limit])
    }

    func maxLeadID() throws -> Int { try Int.fetchOne(db, sql: "SELECT MAX(id) FROM lead") ?? 0 }
    func definitionCount() throws -> Int { try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM definition") ?? 0 }
    func eventCount() throws -> Int { try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM event") ?? 0 }
    func leadKeys() throws -> LeadKeys { try LeadKeys(db) }

    func leads(heldBy name: String) throws -> [Lead] {
        try Row.fetchAll(db, sql: "SELECT id, state FROM lead WHERE column_slug != 'archived' AND (owner = ? OR ae = ?) ORDER BY id",
                         arguments: [name, name]).map(Rows.lead)
    }

    func insert(_ event: inout Event, payload: String?) throws {
        if let payload { try Rows.insert(&event, payload: payload, db) } else { try Rows.insert(&event, db) }
    }

    func save(_ lead: Lead, state: String?) throws {
        if let state { try Rows.save(lead, state: state, db) } else { try Rows.save(lead, db) }
    }

    func save(member: Member) throws { try Rows.save(member: member, db) }
    func save(definition: Definition) throws { try Rows.save(definition: definition, db) }
}
