import Foundation
import GRDB
import HandoffCore
import HandoffStore

/// Reading and writing the event log and the projection tables.
enum Rows {
    static func text(_ date: Date) -> String { date.formatted(.iso8601) }

    static func date(_ text: String) -> Date? { try? Date(text, strategy: .iso8601) }

    /// Appends `event`; a new event (`seq` 0) gets the next sequence number, an event from
    /// an exported log keeps its own.
    static func insert(_ event: inout Event, _ db: Database) throws {
        try insert(&event, payload: StreamingJSONEncoder.string(event.payload), db)
    }

    /// Fills the report columns of the events already in the store (migration v6), in
    /// ranges of `seq`: each range's lead events decoded on every core, then written.
    static func fillReportColumns(_ db: Database) throws {
        // The log is append-only; the migration alone may write the new columns.
        try db.execute(sql: "DROP TRIGGER IF EXISTS event_no_update")
        let last = try Int64.fetchOne(db, sql: "SELECT MAX(seq) FROM event") ?? 0
        let range: Int64 = 20_000
        var low: Int64 = 1
        while low <= last {
            let rows = try Row.fetchAll(db, sql: """
                SELECT seq, at, actor, lead, type, to_column, payload FROM event
                WHERE seq BETWEEN ? AND ? AND lead IS NOT NULL ORDER BY seq
                """, arguments: [low, low + range - 1]).map(StoredEvent.init)
            let slots = (0..<rows.count).map { _ in FillSlot() }
            DispatchQueue.concurrentPerform(iterations: rows.count) { index in
                // Each iteration writes only its own slot.
                slots[index].result = Result { ReportColumns(try rows[index].event()) }
            }
            let update = try db.cachedStatement(sql: """
                UPDATE event SET person = ?, company = ?, meeting_at = ?, outcome = ?, revisit = ?, resolution = ?,
                                 undoes = ?, reasons = ?, failed_criteria = ?, before_meeting = ?
                WHERE seq = ?
                """)
            for (row, slot) in zip(rows, slots) {
                guard let result = slot.result else { throw StoreError.damaged("an event was not read") }
                let facts = try result.get()
                guard facts != ReportColumns() else { continue }
                let seq = row.seq
                try update.execute(arguments: [facts.person, facts.company, facts.meetingAt, facts.outcome, facts.revisit,
                                               facts.resolution, facts.undoes, facts.reasons, facts.failedCriteria,
                                               facts.beforeMeeting, seq])
            }
            low += range
        }
        try db.execute(sql: """
            CREATE TRIGGER event_no_update BEFORE UPDATE ON event
            BEGIN SELECT RAISE(ABORT, 'events are append-only: UPDATE is refused'); END;
            """)
    }

    /// The report columns of an event row (`SELECT *`); a value of another type reads as NULL.
    static func reportColumns(_ row: Row) -> ReportColumns {
        func text(_ name: String) -> String? { row[name] as String? }
        let undoes: Int64? = row["undoes"]
        let before: Int64? = row["before_meeting"]
        return ReportColumns(person: text("person"), company: text("company"), meetingAt: text("meeting_at"),
                             outcome: text("outcome"), revisit: text("revisit"), resolution: text("resolution"),
                             undoes: undoes, reasons: text("reasons"), failedCriteria: text("failed_criteria"),
                             beforeMeeting: before.map { $0 != 0 })
    }

    private final class FillSlot: @unchecked Sendable {
        var result: Result<ReportColumns, any Error>?
    }

    /// A lead event's row as text, to decode on another thread.
    private struct StoredEvent: Sendable {
        var seq: Int64
        var at: String
        var actor: String
        var lead: Int
        var type: String
        var to: String?
        var payload: String

        init(_ row: Row) throws {
            seq = try row.decode(forColumn: "seq")
            at = try row.decode(forColumn: "at")
            actor = try row.decode(forColumn: "actor")
            lead = try row.decode(forColumn: "lead")
            type = try row.decode(forColumn: "type")
            to = try row.decode(forColumn: "to_column")
            payload = try row.decode(forColumn: "payload")
        }

        func event() throws -> Event {
            guard let type = EventType(rawValue: type) else { throw StoreError.damaged("event #\(seq) has an unknown type '\(self.type)'") }
            guard let at = ISODate.date(at) else { throw StoreError.damaged("event #\(seq) has a bad time '\(self.at)'") }
            return Event(seq: seq, at: at, actor: actor, lead: LeadID(lead), type: type, from: nil,
                         to: to.flatMap(Column.init(rawValue:)),
                         payload: try StoredRow.payload(seq: seq, type: type.rawValue, json: payload))
        }
    }

    /// An event row, read with GRDB's throwing accessors: a value of the wrong type in a
    /// column is a damaged row to report, not a trap.
    static func event(_ row: Row) throws -> Event {
        let seq: Int64 = try row.decode(forColumn: "seq")
        do {
            return try event(row, seq: seq)
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError.damaged("event #\(seq) cannot be read: \(error)")
        }
    }

    private static func event(_ row: Row, seq: Int64) throws -> Event {
        let typeName: String = try row.decode(forColumn: "type")
        guard let type = EventType(rawValue: typeName) else {
            throw StoreError.damaged("event #\(seq) has an unknown type '\(typeName)'")
        }
        let atText: String = try row.decode(forColumn: "at")
        guard let at = date(atText) else {
            throw StoreError.damaged("event #\(seq) has a bad time '\(atText)'")
        }
        let lead: Int? = try row.decode(forColumn: "lead")
        let from: String? = try row.decode(forColumn: "from_column")
        let to: String? = try row.decode(forColumn: "to_column")
        let payload: String = try row.decode(forColumn: "payload")
        let actor: String = try row.decode(forColumn: "actor")
        return Event(seq: seq, at: at, actor: actor, lead: lead.map(LeadID.init), type: type,
                     from: from.flatMap(Column.init(rawValue:)), to: to.flatMap(Column.init(rawValue:)),
                     payload: try StoredRow.payload(seq: seq, type: typeName, json: payload))
    }

    static func events(_ db: Database, sql: String, arguments: StatementArguments = []) throws -> [Event] {
        try Row.fetchAll(db, sql: sql, arguments: arguments).map(event)
    }

    static func save(_ lead: Lead, _ db: Database) throws {
        try save(lead, state: StreamingJSONEncoder.string(lead), db)
    }

    /// `save` with the lead's state already encoded. The card columns go in the same
    /// statement: an import saves a hundred thousand leads.
    static func save(_ lead: Lead, state: String, _ db: Database) throws {
        // The column it leaves, for the board's kept counts (BoardHead).
        let before = try String.fetchOne(db.cachedStatement(sql: "SELECT column_slug FROM lead WHERE id = ?"),
                                         arguments: [lead.id.number])
        try db.cachedStatement(sql: leadInsert + """
             ON CONFLICT(id) DO UPDATE SET
                column_slug = excluded.column_slug, owner = excluded.owner, ae = excluded.ae,
                company = excluded.company, contact = excluded.contact, email = excluded.email,
                external_id = excluded.external_id, version = excluded.version,
                updated_at = excluded.updated_at, state = excluded.state,
                column_since = excluded.column_since, rebook = excluded.rebook, dispute_open = excluded.dispute_open,
                revisit = excluded.revisit, meeting_at = excluded.meeting_at, meeting_outcome = excluded.meeting_outcome
            """).execute(arguments: leadArguments(lead, state: state))
        try BoardHead.move(from: before, to: lead.column.rawValue, db)
    }

    static let leadColumns = """
        (id, column_slug, owner, ae, company, contact, email, external_id, version, updated_at, state,
         column_since, rebook, dispute_open, revisit, meeting_at, meeting_outcome)
        VALUES
        """
    static let leadInsert = "INSERT INTO lead " + leadColumns + " (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"

    private static func leadArguments(_ lead: Lead, state: String) -> StatementArguments {
        let card = lead.card
        return [lead.id.number, lead.column.rawValue, lead.owner, lead.ae, lead.company, lead.contact,
                lead.fields.email, lead.fields.externalID, lead.version, text(lead.updatedAt), state,
                card.columnSince.timeIntervalSince1970, card.rebook, card.disputeOpen,
                card.revisit?.timeIntervalSince1970, card.meetingAt?.timeIntervalSince1970,
                card.meetingOutcome?.rawValue]
    }

    /// The card columns of a lead's row (migration v2).
    static func saveCard(_ card: Card, _ db: Database) throws {
        try db.cachedStatement(sql: """
            UPDATE lead SET column_since = ?, rebook = ?, dispute_open = ?, revisit = ?, meeting_at = ?, meeting_outcome = ?
            WHERE id = ?
            """).execute(arguments: [card.columnSince.timeIntervalSince1970, card.rebook, card.disputeOpen,
                                     card.revisit?.timeIntervalSince1970, card.meetingAt?.timeIntervalSince1970,
                                     card.meetingOutcome?.rawValue, card.id.number])
    }

    /// The WHERE clause (with its leading space, or empty) and arguments for a lead query.
    static func filter(_ query: LeadQuery) -> (String, StatementArguments) {
        var clauses: [String] = []
        var arguments: StatementArguments = []
        if let columns = query.columns {
            clauses.append("column_slug IN (" + columns.map { _ in "?" }.joined(separator: ", ") + ")")
            for column in columns { arguments += [column.rawValue] }
        } else if !query.includeArchived {
            clauses.append("column_slug != 'archived'")
        }
        if let owner = query.owner {
            clauses.append("(owner = ? OR ae = ?)")
            arguments += [owner, owner]
        }
        return (clauses.isEmpty ? "" : " WHERE " + clauses.joined(separator: " AND "), arguments)
    }

    static let cardColumns = """
        id, company, contact, owner, ae, column_slug, column_since, version, rebook, dispute_open, revisit, \
        meeting_at, meeting_outcome
        """

    /// A card from the columns listed in `cardColumns`, by position (no JSON).
    static func card(_ row: Row) throws -> Card {
        let slug: String = row[5]
        guard let column = Column(rawValue: slug) else {
            throw StoreError.damaged("lead \(row[0] as Int) has an unknown column '\(slug)'")
        }
        let revisit: Double? = row[10]
        let meetingAt: Double? = row[11]
        let outcome: String? = row[12]
        return Card(id: LeadID(row[0]), company: row[1], contact: row[2], owner: row[3], ae: row[4], column: column,
                    columnSince: Date(timeIntervalSince1970: row[6]), version: row[7], rebook: row[8],
                    disputeOpen: row[9], revisit: revisit.map(Date.init(timeIntervalSince1970:)),
                    meetingAt: meetingAt.map(Date.init(timeIntervalSince1970:)),
                    meetingOutcome: outcome.flatMap(MeetingOutcome.init(rawValue:)))
    }

    /// The lead of a row holding `id` and `state`; a state that does not decode is
    /// reported with the lead and the field.
    static func lead(_ row: Row) throws -> Lead {
        let id: Int = try row.decode(forColumn: "id")
        let state: String
        do {
            state = try row.decode(forColumn: "state")
        } catch {
            throw StoreError.damaged("lead \(LeadID(id)) cannot be read: its stored state is not text (run `handoff doctor`)")
        }
        return try StoredRow.lead(id, state: state)
    }

    static func lead(_ id: LeadID, _ db: Database) throws -> Lead? {
        try Row.fetchOne(db, sql: "SELECT id, state FROM lead WHERE id = ?", arguments: [id.number]).map(lead)
    }

    /// The leads of `rows` that decode; each one that does not is recorded in `damaged`.
    static func readable(_ rows: [Row], damaged: DamagedLeads) -> [Lead] {
        rows.compactMap { row in
            do {
                return try lead(row)
            } catch let error as StoreError {
                damaged.record(error)
            } catch {
                damaged.record(.damaged("a lead row cannot be read: \(error)"))
            }
            return nil
        }
    }

    static func members(_ db: Database) throws -> [Member] {
        try Row.fetchAll(db, sql: "SELECT name, role, login FROM member ORDER BY rowid").compactMap { row -> Member? in
            let role: String = row["role"]
            return Role(rawValue: role).map { Member(name: row["name"], role: $0, login: row["login"]) }
        }
    }

    static func team(_ db: Database) throws -> Team {
        let members = try members(db)
        let body = try String.fetchOne(db, sql: "SELECT body FROM definition ORDER BY version DESC LIMIT 1")
        let definition = try body.map { try StoredRow.definition($0) } ?? .standard
        var team = Team(members: members, definition: definition)
        // Away periods have no table: they are the team's `away` events, found through
        // event_by_lead (lead IS NULL: team events only).
        for event in try events(db, sql: "SELECT * FROM event WHERE lead IS NULL AND type = 'away' ORDER BY seq") {
            team.apply(event)
        }
        return team
    }

    static func save(member: Member, _ db: Database) throws {
        try db.execute(sql: """
            INSERT INTO member (name, role, login) VALUES (?, ?, ?)
            ON CONFLICT(name) DO UPDATE SET role = excluded.role, login = excluded.login
            """, arguments: [member.name, member.role.rawValue, member.login])
    }

    static func save(definition: Definition, _ db: Database) throws {
        try db.execute(sql: "INSERT INTO definition (version, body) VALUES (?, ?)",
                       arguments: [definition.version, try Codec.string(definition)])
    }
}
