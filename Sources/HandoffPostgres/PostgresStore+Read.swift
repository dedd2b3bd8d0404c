import Foundation
import HandoffCore
import HandoffStore
import PostgresNIO

extension PostgresStore {
    /// A read that is one statement: its own snapshot, so no transaction around it, and
    /// one round trip instead of three (BEGIN, the statement, COMMIT). What the board reads
    /// before its first frame, a card's detail (the lead, then its timeline) and the
    /// change feed's events are read this way. Retried once on a new connection if the
    /// connection was lost.
    func statement<T>(_ body: (Session) throws -> T) throws -> T {
        var attempt = 0
        while true {
            attempt += 1
            do {
                return try connections.with(body)
            } catch {
                if attempt == 1, PostgresFailure.isConnectionLoss(error) { continue }
                throw PostgresFailure.translate(error, url: url)
            }
        }
    }

    public func team() throws -> Team {
        try statement(PostgresRows.team)
    }

    /// Each column's count and its first `limit` cards in board order, in one statement
    /// (`PostgresBoardHead`): what the first frame shows, not every card.
    public func boardPage(limit: Int, now: Date) throws -> BoardPage {
        try statement { session in
            try PostgresBoardHead.page(try session.query(PostgresBoardHead.query(limit: limit, now: now)))
        }
    }

    public func lead(_ id: LeadID) throws -> Lead? {
        try statement { session in try PostgresRows.lead(id, session) }
    }

    public func leads(_ query: LeadQuery, damaged: DamagedLeads?) throws -> [Lead] {
        try statement { session in
            try session.query(PostgresRows.leadQuery("SELECT id, state FROM lead", query, " ORDER BY id")).compactMap { row in
                let (id, state) = try row.decode((Int, String).self)
                do throws(StoreError) {
                    return try StoredRow.lead(id, state: state)
                } catch {
                    guard let damaged else { throw error }
                    damaged.record(error)
                    return nil
                }
            }
        }
    }

    public func cards(_ query: LeadQuery) throws -> [Card] {
        try statement { session in
            try session.query(PostgresRows.leadQuery("SELECT \(PostgresRows.cardColumns) FROM lead", query, " ORDER BY id"))
                .map(PostgresRows.card)
        }
    }

    public func cards(ids: [LeadID]) throws -> [Card] {
        guard !ids.isEmpty else { return [] }
        return try statement { session in
            try session.query("""
                SELECT \(unescaped: PostgresRows.cardColumns) FROM lead WHERE id = ANY(\(ids.map(\.number)))
                """).map(PostgresRows.card)
        }
    }

    public func history(of lead: LeadID) throws -> [Event] {
        try statement { session in try Self.history(lead, session) }
    }

    public func events(after seq: Int64, limit: Int?) throws -> [Event] {
        try statement { session in
            try PostgresRows.events(session, """
                SELECT \(unescaped: PostgresRows.eventColumns) FROM event WHERE seq > \(seq) ORDER BY seq LIMIT \(limit)
                """)
        }
    }

    /// The database user this connection is authenticated as: what the server takes the
    /// actor from, so the client maps the same name through the roster's logins.
    public func account() throws -> String {
        try statement { session in try session.scalar("SELECT session_user::text", as: String.self) } ?? ""
    }

    /// How the store was founded, as the server keeps it: personal only if the server
    /// recorded it so (`handoff_setting`), for the login that founded or imported it; the
    /// first event's claim alone does not make a store personal.
    public func founding() throws -> Founding? {
        // One statement: the setting if there is one, else the first event (its claim).
        try statement { session in
            let rows = try session.query("""
                SELECT \(unescaped: PostgresRows.eventColumns) FROM (
                    SELECT 0 AS rank, 0::bigint AS seq, '' AS at, value AS actor, NULL::bigint AS lead, '' AS type,
                           NULL AS from_column, NULL AS to_column, '' AS payload
                    FROM handoff_setting WHERE key = 'personal'
                    UNION ALL
                    (SELECT 1, \(unescaped: PostgresRows.eventColumns) FROM event ORDER BY seq LIMIT 1)
                ) candidates ORDER BY rank LIMIT 1
                """)
            guard let row = rows.first else { return nil }
            let cells = row.makeRandomAccess()
            if try cells[0].decode(Int64.self) == 0 {
                return Founding(account: try cells[2].decode(String.self), personal: true)
            }
            return try PostgresRows.event(row).payload.founding.map { Founding(account: $0.account, personal: false) }
        }
    }

    public func lastSequence() throws -> Int64 {
        try statement { session in try session.scalar("SELECT MAX(seq) FROM event", as: Int64.self) ?? 0 }
    }

    /// Replays the whole log and compares it with the stored projection, lead by lead (the
    /// SQLite store's doctor, less SQLite's own integrity check; PostgreSQL checks its pages).
    public func doctor() throws -> DoctorReport {
        try read { session in
            let events = try PostgresRows.events(session, "SELECT \(unescaped: PostgresRows.eventColumns) FROM event ORDER BY seq")
            let rows = try session.query("SELECT id, state, column_slug, version, owner, email, external_id FROM lead ORDER BY id").map { row in
                let (id, state, column, version, owner, email, externalID) = try row.decode((Int, String, String, Int, String, String?, String?).self)
                do throws(StoreError) {
                    return LogCheck.StoredLead(lead: try StoredRow.lead(id, state: state), column: column, version: version,
                                               owner: owner, email: email, externalID: externalID)
                } catch {
                    var stored = LogCheck.StoredLead(id: LeadID(id))
                    stored.damage = error.description
                    return stored
                }
            }
            let cards = try session.query("SELECT \(unescaped: PostgresRows.cardColumns) FROM lead ORDER BY id").map(PostgresRows.card)
            var facts: [Int64: ReportColumns] = [:]
            for row in try session.query("SELECT seq, \(unescaped: PostgresReportColumns.columns) FROM event ORDER BY seq") {
                let (seq, person, company, meetingAt, outcome, revisit, resolution, undoes, reasons, failed, before) =
                    try row.decode((Int64, String?, String?, String?, String?, String?, String?, Int64?, String?, String?, Bool?).self)
                facts[seq] = ReportColumns(person: person, company: company, meetingAt: meetingAt, outcome: outcome,
                                           revisit: revisit, resolution: resolution, undoes: undoes, reasons: reasons,
                                           failedCriteria: failed, beforeMeeting: before)
            }
            var report = LogCheck.compare(events: events, stored: rows, cards: cards, team: try PostgresRows.team(session),
                                          problems: LogCheck.reportColumnProblems(events: events, stored: facts))
            report.problems = try PostgresBoardHead.check(session) + report.problems
            return report
        }
    }

    /// The standup by replaying the lead log through the report engine, as the SQLite
    /// store does: one snapshot of the lead events, each reduced to its report columns
    /// (`ReportColumns`, migration v4; no JSON is read), the cards from the replay. The
    /// server keeps each event's columns packed in one text (`report_pack`, migration v8)
    /// and joins them by ranges (`PostgresReportRead`).
    public func standup(period: Period, settings: Thresholds, grouping: ReportGrouping, now: Date?) throws -> Standup {
        let at = now ?? self.now()
        let (facts, team, history, calibrations) = try read { session in
            let facts = try PostgresReportRead.events(session)
            return (facts, try PostgresRows.team(session), try Self.definitionHistory(session),
                    try PostgresCalibrationRead.events(session, facts: facts))
        }
        var standup = StandupBuilder.build(facts: facts, team: team, period: period, settings: settings, grouping: grouping, now: at)
        standup.definition = DefinitionHealthBuilder.build(facts: facts, history: history, now: at)
        if let calibrations { standup.attachCalibration(CalibrationTally(events: calibrations, definition: team.definition)) }
        return standup
    }

    /// The lead events the report reads, as the store's columns give them (tests compare
    /// them with the SQLite store's and with the full decode).
    public func reportEvents() throws -> [ReportEvent] {
        try read { session in try PostgresReportRead.events(session) }
    }
}
