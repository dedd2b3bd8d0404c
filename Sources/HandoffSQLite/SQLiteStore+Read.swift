import Foundation
import GRDB
import HandoffCore
import HandoffStore

extension SQLiteStore {
    func read<T>(_ body: @escaping (Database) throws -> T) throws -> T {
        try guarded { try pool.read(body) }
    }

    public func team() throws -> Team {
        try read(Rows.team)
    }

    public func lead(_ id: LeadID) throws -> Lead? {
        try read { db in try Rows.lead(id, db) }
    }

    public func leads(_ query: LeadQuery, damaged: DamagedLeads?) throws -> [Lead] {
        try read { db in
            let (filter, arguments) = Rows.filter(query)
            let rows = try Row.fetchAll(db, sql: "SELECT id, state FROM lead\(filter) ORDER BY id", arguments: arguments)
            guard let damaged else { return try rows.map(Rows.lead) }
            return Rows.readable(rows, damaged: damaged)
        }
    }

    public func history(of lead: LeadID) throws -> [Event] {
        try read { db in
            try Rows.events(db, sql: "SELECT * FROM event WHERE lead = ? ORDER BY seq", arguments: [lead.number])
        }
    }

    public func events(after seq: Int64, limit: Int?) throws -> [Event] {
        try read { db in
            try Rows.events(db, sql: "SELECT * FROM event WHERE seq > ? ORDER BY seq LIMIT ?",
                            arguments: [seq, limit ?? -1])
        }
    }

    public func lastSequence() throws -> Int64 {
        try read { db in try Int64.fetchOne(db, sql: "SELECT MAX(seq) FROM event") ?? 0 }
    }

    /// Runs SQLite's integrity check, then replays the whole log and compares it with the
    /// stored projection, lead by lead.
    public func doctor() throws -> DoctorReport {
        try read { db in
            var problems: [String] = []
            let integrity = try String.fetchAll(db, sql: "PRAGMA integrity_check")
            if integrity != ["ok"] { problems += integrity.map { "integrity: \($0)" } }
            problems += try BoardHead.check(db)
            // Row by row: a row that cannot be read is a problem to list, not the end of the check.
            var events: [Event] = []
            var facts: [Int64: ReportColumns] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT * FROM event ORDER BY seq") {
                do {
                    let event = try Rows.event(row)
                    events.append(event)
                    facts[event.seq] = Rows.reportColumns(row)
                } catch {
                    problems.append(String(describing: error))
                }
            }
            problems += LogCheck.reportColumnProblems(events: events, stored: facts)
            let rows = try Row.fetchAll(db, sql: "SELECT * FROM lead ORDER BY id").map(Rows.storedLead)
            var cards: [Card] = []
            do {
                cards = try Rows.cards(db, sql: "SELECT \(Rows.cardColumns) FROM lead", arguments: [])
            } catch {
                problems.append(String(describing: error))
            }
            let team: Team
            do { team = try Rows.team(db) } catch {
                problems.append(String(describing: error))
                team = Team(members: try Rows.members(db), definition: .standard)
            }
            return LogCheck.compare(events: events, stored: rows, cards: cards, team: team, problems: problems)
        }
    }
}

extension SQLiteStore {
    /// Pages through the leads (by id) and the log (by sequence) inside one read
    /// transaction: a consistent export in bounded memory, whoever writes meanwhile.
    public func withExportPages<T>(_ query: LeadQuery, _ body: (ExportPages) throws -> T) throws -> T {
        try withoutActuallyEscaping(body) { body in
            try read { db in
                let (filter, arguments) = Rows.filter(query)
                let damaged = DamagedLeads()
                let pageSQL = "SELECT id, state FROM lead" + (filter.isEmpty ? " WHERE" : filter + " AND") + " id > ? ORDER BY id LIMIT 2000"
                let pages = ExportPages(
                    leads: { page in
                        var after = Int64.min
                        while true {
                            let rows = try Row.fetchAll(db, sql: pageSQL, arguments: arguments + [after])
                            guard let last = rows.last else { return }
                            try page(Rows.readable(rows, damaged: damaged))
                            after = last["id"]
                        }
                    },
                    events: { page in
                        var after: Int64 = 0
                        while true {
                            let events = try Rows.events(db, sql: "SELECT * FROM event WHERE seq > ? ORDER BY seq LIMIT 5000", arguments: [after])
                            guard let last = events.last else { return }
                            try page(events)
                            after = last.seq
                        }
                    },
                    encodedEvents: { page in
                        var after: Int64 = 0
                        while true {
                            let rows = try Row.fetchAll(db, sql: """
                                SELECT seq, at, actor, lead, type, from_column, to_column, payload FROM event
                                WHERE seq > ? ORDER BY seq LIMIT 5000
                                """, arguments: [after])
                            guard let last = rows.last else { return }
                            try page(try rows.map(Rows.exportedEvent))
                            after = last[0]
                        }
                    },
                    damaged: damaged)
                return try body(pages)
            }
        }
    }
}

extension Rows {
    /// An event row as the export writes it: the JSON `Event` encodes to (its fields in
    /// declaration order, absent ones left out), with the stored payload spliced in as it
    /// is: the payload column holds exactly that JSON.
    static func exportedEvent(_ row: Row) throws -> (lead: LeadID?, json: Data) {
        func quoted(_ text: String) throws -> String { try StreamingJSONEncoder.string(text) }
        let seq: Int64 = try row.decode(atIndex: 0)
        let at: String, actor: String, type: String, payload: String
        let lead: Int?, from: String?, to: String?
        do {
            (at, actor, lead, type) = (try row.decode(atIndex: 1), try row.decode(atIndex: 2), try row.decode(atIndex: 3), try row.decode(atIndex: 4))
            (from, to, payload) = (try row.decode(atIndex: 5), try row.decode(atIndex: 6), try row.decode(atIndex: 7))
        } catch {
            throw StoreError.damaged("event #\(seq) cannot be read: a column holds a value of the wrong type (\(error))")
        }
        var json = "{\"seq\":\(seq),\"at\":\(try quoted(at)),\"actor\":\(try quoted(actor))"
        if let lead { json += ",\"lead\":\(try quoted(LeadID(lead).description))" }
        json += ",\"type\":\(try quoted(type))"
        if let from { json += ",\"from\":\(try quoted(from))" }
        if let to { json += ",\"to\":\(try quoted(to))" }
        json += ",\"payload\":" + payload + "}"
        return (lead.map(LeadID.init), Data(json.utf8))
    }

    /// A lead row as doctor compares it: every projected column beside the state, each
    /// read so that a value of the wrong type is a problem named, not a trap.
    static func storedLead(_ row: Row) -> LogCheck.StoredLead {
        let id = LeadID((try? row.decode(Int.self, forColumn: "id")) ?? 0)
        var stored = LogCheck.StoredLead(id: id)
        do {
            stored.column = try row.decode(forColumn: "column_slug")
            stored.version = try row.decode(forColumn: "version")
            stored.owner = try row.decode(forColumn: "owner")
            stored.email = try row.decode(forColumn: "email")
            stored.externalID = try row.decode(forColumn: "external_id")
            stored.updatedAt = try row.decode(String.self, forColumn: "updated_at")
        } catch {
            stored.damage = "\(id) cannot be read: a column of its row holds a value of the wrong type (\(error))"
            return stored
        }
        do {
            stored.lead = try Rows.lead(row)
        } catch {
            stored.damage = String(describing: error)
        }
        return stored
    }
}
