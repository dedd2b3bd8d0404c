import Foundation
import HandoffCore
import HandoffStore
import PostgresNIO

/// Reading the event log and the projection tables (the SQLite store's `Rows`, in
/// PostgreSQL's dialect). Writes go to the server's functions (`PendingWrites`).
enum PostgresRows {
    static func text(_ date: Date) -> String { date.formatted(.iso8601) }

    static func date(_ text: String) -> Date? { try? Date(text, strategy: .iso8601) }

    static let eventColumns = "seq, at, actor, lead, type, from_column, to_column, payload"

    static func event(_ row: PostgresRow) throws -> Event {
        let (seq, atText, actor, lead, typeName, from, to, payload) =
            try row.decode((Int64, String, String, Int?, String, String?, String?, String).self)
        guard let type = EventType(rawValue: typeName) else {
            throw StoreError.damaged("event #\(seq) has an unknown type '\(typeName)'")
        }
        guard let at = date(atText) else { throw StoreError.damaged("event #\(seq) has a bad time '\(atText)'") }
        return Event(seq: seq, at: at, actor: actor, lead: lead.map(LeadID.init), type: type,
                     from: from.flatMap(Column.init(rawValue:)), to: to.flatMap(Column.init(rawValue:)),
                     payload: try StoredRow.payload(seq: seq, type: typeName, json: payload))
    }

    static func events(_ session: Session, _ query: PostgresQuery) throws -> [Event] {
        try session.query(query).map(event)
    }

    /// The WHERE clause (with its leading space, or empty) for a lead query.
    static func filter(_ query: LeadQuery) -> PostgresQuery {
        var sql = PostgresQuery.StringInterpolation(literalCapacity: 64, interpolationCount: 3)
        var clauses = 0
        func and() { sql.appendLiteral(clauses == 0 ? " WHERE " : " AND "); clauses += 1 }
        if let columns = query.columns {
            and()
            sql.appendLiteral("column_slug = ANY(")
            sql.appendInterpolation(columns.map(\.rawValue))
            sql.appendLiteral(")")
        } else if !query.includeArchived {
            and()
            sql.appendLiteral("column_slug <> 'archived'")
        }
        if let owner = query.owner {
            and()
            sql.appendLiteral("(owner = ")
            sql.appendInterpolation(owner)
            sql.appendLiteral(" OR ae = ")
            sql.appendInterpolation(owner)
            sql.appendLiteral(")")
        }
        return PostgresQuery(stringInterpolation: sql)
    }

    /// `prefix`, the lead query's WHERE clause, then `suffix`, as one query.
    static func leadQuery(_ prefix: String, _ query: LeadQuery, _ suffix: String) -> PostgresQuery {
        let where_ = filter(query)
        return PostgresQuery(unsafeSQL: prefix + where_.sql + suffix, binds: where_.binds)
    }

    static let cardColumns = """
        id, company, contact, owner, ae, column_slug, column_since, version, rebook, dispute_open, revisit, \
        meeting_at, meeting_outcome
        """

    static func card(_ row: PostgresRow) throws -> Card {
        let (id, company, contact, owner, ae, slug, since, version, rebook, dispute, revisit, meetingAt, outcome) =
            try row.decode((Int, String, String, String, String?, String, Double, Int, Bool, Bool, Double?, Double?, String?).self)
        guard let column = Column(rawValue: slug) else {
            throw StoreError.damaged("lead \(id) has an unknown column '\(slug)'")
        }
        return Card(id: LeadID(id), company: company, contact: contact, owner: owner, ae: ae, column: column,
                    columnSince: Date(timeIntervalSince1970: since), version: version, rebook: rebook,
                    disputeOpen: dispute, revisit: revisit.map(Date.init(timeIntervalSince1970:)),
                    meetingAt: meetingAt.map(Date.init(timeIntervalSince1970:)),
                    meetingOutcome: outcome.flatMap(MeetingOutcome.init(rawValue:)))
    }

    static func lead(_ id: LeadID, _ session: Session) throws -> Lead? {
        guard let state = try session.scalar("SELECT state FROM lead WHERE id = \(id.number)", as: String.self) else {
            return nil
        }
        return try StoredRow.lead(id.number, state: state)
    }

    /// The roster, the newest definition and the away periods, in one round trip (every
    /// command reads them). Away periods have no table: they are the team's `away` events.
    static func team(_ session: Session) throws -> Team {
        let rows = try session.query("""
            SELECT position, name, role, login, NULL::text AS body FROM member
            UNION ALL
            SELECT 0, NULL, NULL, NULL, body FROM (SELECT body FROM definition ORDER BY version DESC LIMIT 1) d
            UNION ALL
            SELECT seq, NULL, 'away', NULL, payload FROM event WHERE lead IS NULL AND type = 'away'
            ORDER BY 1
            """)
        var members: [Member] = []
        var definition = Definition.standard
        var away: [Event] = []
        for row in rows {
            let (position, name, role, login, body) = try row.decode((Int64, String?, String?, String?, String?).self)
            if role == "away", let body {
                let payload = try StoredRow.payload(seq: position, type: "away", json: body)
                away.append(Event(seq: position, at: .distantPast, actor: "", lead: nil, type: .away, from: nil, to: nil,
                                  payload: payload))
            } else if let body {
                definition = try StoredRow.definition(body)
            } else if let name, let role = role.flatMap(Role.init(rawValue:)) {
                members.append(Member(name: name, role: role, login: login))
            }
        }
        var team = Team(members: members, definition: definition)
        for event in away { team.apply(event) }
        return team
    }
}
