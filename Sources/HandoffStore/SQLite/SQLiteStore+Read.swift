import Foundation
import GRDB
import HandoffCore

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

    public func leads(_ query: LeadQuery) throws -> [Lead] {
        try read { db in
            let (filter, arguments) = Rows.filter(query)
            return try Row.fetchAll(db, sql: "SELECT state FROM lead\(filter) ORDER BY id", arguments: arguments).map(Rows.lead)
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
            let events = try Rows.events(db, sql: "SELECT * FROM event ORDER BY seq")
            let rows = try Row.fetchAll(db, sql: "SELECT * FROM lead ORDER BY id").map { row in
                LogCheck.StoredLead(lead: try Rows.lead(row), column: row["column_slug"], version: row["version"], owner: row["owner"])
            }
            let cards = try Row.fetchAll(db, sql: "SELECT \(Rows.cardColumns) FROM lead").map(Rows.card)
            return LogCheck.compare(events: events, stored: rows, cards: cards, team: try Rows.team(db), problems: problems)
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
                let pageSQL = "SELECT id, state FROM lead" + (filter.isEmpty ? " WHERE" : filter + " AND") + " id > ? ORDER BY id LIMIT 2000"
                let pages = ExportPages(
                    leads: { page in
                        var after = Int64.min
                        while true {
                            let rows = try Row.fetchAll(db, sql: pageSQL, arguments: arguments + [after])
                            guard let last = rows.last else { return }
                            try page(try rows.map(Rows.lead))
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
                    })
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
        let seq: Int64 = row[0]
        let at: String = row[1]
        let actor: String = row[2]
        let lead: Int? = row[3]
        let type: String = row[4]
        let from: String? = row[5]
        let to: String? = row[6]
        let payload: String = row[7]
        var json = "{\"seq\":\(seq),\"at\":\(try quoted(at)),\"actor\":\(try quoted(actor))"
        if let lead { json += ",\"lead\":\(try quoted(LeadID(lead).description))" }
        json += ",\"type\":\(try quoted(type))"
        if let from { json += ",\"from\":\(try quoted(from))" }
        if let to { json += ",\"to\":\(try quoted(to))" }
        json += ",\"payload\":" + payload + "}"
        return (lead.map(LeadID.init), Data(json.utf8))
    }
}
