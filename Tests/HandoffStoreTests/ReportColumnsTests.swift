import BenchSupport
import Foundation
import GRDB
@testable import HandoffCore
@testable import HandoffPostgres
@testable import HandoffSQLite
@testable import HandoffStore
import PostgresNIO
import PostgresTestSupport
import Testing

/// The report's facts as plain columns (SQLite v6, PostgreSQL v4): what the server derives
/// equals `ReportColumns`, the migrations fill older logs, and both engines print the
/// same report, byte for byte, for the same log.
@Suite("Report columns on both engines", .serialized)
struct ReportColumnsTests {
    /// The generated log ends here; every report is made as of this moment.
    static let end = Date(timeIntervalSince1970: 1_773_046_800) // 2026-03-09 09:00 UTC

    /// A team's log decided by the real rules: returns, disputes and overturns, no-shows
    /// and reschedules, nurtures, undos (BenchSupport's generator).
    static func log(leads: Int = 320) throws -> [Event] {
        var generator = LogGenerator(end: end, days: 60, seed: 14)
        // As an export holds it: times to the second.
        return try Codec.decode([Event].self, from: Codec.string(try generator.log(leads: leads)))
    }

    static func sqlite(_ folder: TempFolder) throws -> SQLiteStore {
        try SQLiteStore(path: folder.store, now: .fixed(end), calendar: storeCalendar)
    }

    /// Each event's report columns, as the store keeps them.
    static func storedColumns(_ store: any BoardStore) throws -> [Int64: ReportColumns] {
        let sql = "SELECT seq, \(ReportColumns.names.joined(separator: ", ")) FROM event ORDER BY seq"
        var columns: [Int64: ReportColumns] = [:]
        if let store = store as? SQLiteStore {
            try store.read { db in
                for row in try Row.fetchAll(db, sql: sql) {
                    let before: Int64? = row[10]
                    columns[row[0]] = ReportColumns(person: row[1], company: row[2], meetingAt: row[3], outcome: row[4],
                                                    revisit: row[5], resolution: row[6], undoes: row[7], reasons: row[8],
                                                    failedCriteria: row[9], beforeMeeting: before.map { $0 != 0 })
                }
            }
        } else if let store = store as? PostgresStore {
            try store.read { session in
                for row in try session.query(PostgresQuery(unsafeSQL: sql)) {
                    let (seq, person, company, meetingAt, outcome, revisit, resolution, undoes, reasons, failed, before) =
                        try row.decode((Int64, String?, String?, String?, String?, String?, String?, Int64?, String?, String?, Bool?).self)
                    columns[seq] = ReportColumns(person: person, company: company, meetingAt: meetingAt, outcome: outcome,
                                                 revisit: revisit, resolution: resolution, undoes: undoes, reasons: reasons,
                                                 failedCriteria: failed, beforeMeeting: before)
                }
            }
        }
        return columns
    }

    /// Every stored event's columns equal what `ReportColumns` computes from the event.
    static func expectColumnsMatch(_ store: any BoardStore, _ label: String) throws {
        let events = try store.events(after: 0, limit: nil)
        let stored = try storedColumns(store)
        #expect(stored.count == events.count, "\(label)")
        var mismatches: [String] = []
        for event in events where stored[event.seq] != ReportColumns(event) {
            mismatches.append("#\(event.seq) \(event.type.rawValue): stored \(stored[event.seq].map(\.description) ?? "none"), computed \(ReportColumns(event))")
        }
        #expect(mismatches.isEmpty, "\(label): \(mismatches.count) events differ, e.g. \(mismatches.prefix(3))")
        // Not vacuous: the log has every kind of fact.
        #expect(stored.values.contains { $0.reasons != nil && $0.failedCriteria != nil }, "\(label)")
        #expect(stored.values.contains { $0.undoes != nil } && stored.values.contains { $0.resolution != nil }, "\(label)")
        #expect(stored.values.contains { $0.revisit != nil } && stored.values.contains { $0.meetingAt != nil }, "\(label)")
    }

    /// The reports two stores print (text, markdown and JSON, several periods and groupings).
    static func reports(_ store: any BoardStore) throws -> [String] {
        var texts: [String] = []
        let periods = [Period.lastDays(7, endingAt: end), .lastDays(30, endingAt: end),
                       Period(since: end.addingTimeInterval(-400 * 86_400), until: end)]
        for period in periods {
            for grouping in ReportGrouping.allCases {
                let standup = try store.standup(period: period, settings: .standard, grouping: grouping, now: end)
                texts.append(StandupText.text(standup, limit: 20))
                texts.append(StandupText.markdown(standup, limit: 0))
                texts.append(try Codec.string(standup, pretty: true))
            }
        }
        return texts
    }

    /// What the report must say: the standup from whole events, decoded in full, and the projection.
    static func expectedReports(_ store: any BoardStore) throws -> [String] {
        let events = try store.events(after: 0, limit: nil)
        let leads = try store.leads(LeadQuery(includeArchived: true), damaged: nil)
        let team = try store.team()
        var texts: [String] = []
        let periods = [Period.lastDays(7, endingAt: end), .lastDays(30, endingAt: end),
                       Period(since: end.addingTimeInterval(-400 * 86_400), until: end)]
        for period in periods {
            for grouping in ReportGrouping.allCases {
                let standup = StandupBuilder.build(events: events, leads: leads, team: team, period: period,
                                                   grouping: grouping, now: end)
                texts.append(StandupText.text(standup, limit: 20))
                texts.append(StandupText.markdown(standup, limit: 0))
                texts.append(try Codec.string(standup, pretty: true))
            }
        }
        return texts
    }

    static func expectSameReports(_ a: [String], _ b: [String], _ label: String) {
        #expect(a.count == b.count, "\(label)")
        for (index, (left, right)) in zip(a, b).enumerated() where left != right {
            let line = zip(left.split(separator: "\n"), right.split(separator: "\n")).first { $0 != $1 }
            Issue.record("\(label): report \(index) differs; first differing line: \(String(describing: line))")
            return
        }
    }

    // MARK: - Tests

    @Test func sqliteWritesTheColumnsAtAppend() throws {
        let folder = try TempFolder()
        defer { folder.remove() }
        let store = try Self.sqlite(folder)
        try store.importEvents(try Self.log())
        try Self.expectColumnsMatch(store, "sqlite import")
        Self.expectSameReports(try Self.reports(store), try Self.expectedReports(store), "sqlite")
    }

    @Test(.enabled(if: TestCluster.isWanted)) func theServerDerivesTheColumnsReportColumnsComputes() throws {
        let folder = try StoreUnderTest(.postgres)
        defer { folder.remove() }
        let store = try PostgresStore(folder.target, now: .fixed(Self.end), calendar: storeCalendar)
        var log = try Self.log(leads: 200)
        // Founded by this login, personal: the login may act as every member through handoff_append.
        log[0].payload.founding = Founding(account: try store.account(), personal: true)
        // The founding first, on its own (a store becomes personal when its founding commits).
        let founding = log.prefix { $0.lead == nil }
        try store.write { session in
            for original in founding {
                var event = original
                try PostgresSession(session).insert(&event, payload: nil)
            }
        }
        try store.write { session in
            let writer = PostgresSession(session)
            var leads: [LeadID: Lead] = [:]
            for original in log.dropFirst(founding.count) {
                var event = original
                try writer.insert(&event, payload: nil)
                guard let id = event.lead else { continue }
                let next = try #require(Projection.apply(event, to: leads[id]))
                leads[id] = next
                try writer.save(next, state: nil)
            }
        }
        #expect(try store.lastSequence() == Int64(log.count))
        try Self.expectColumnsMatch(store, "handoff_append")
        // Values the client sends beside the payload are not what the server keeps.
        let seq = try store.lastSequence() + 1
        let forged = #"[{"event":{"seq":\#(seq),"at":"2026-03-09T09:00:00Z","actor":"lena","lead":null,"type":"member","from_column":null,"to_column":null,"payload":"{\"member\":{\"login\":\"zed\",\"name\":\"zed\",\"role\":\"sdr\"}}","person":"mallory","company":"Forged Ltd","undoes":1},"lead":null}]"#
        _ = try store.write { session in
            try session.query(PostgresQuery(unsafeSQL: "SELECT handoff_append($1::json)", binds: binds(forged)))
        }
        let kept = try Self.storedColumns(store)[seq]
        #expect(kept == ReportColumns(), "the server kept \(String(describing: kept))")
        #expect(try store.doctor().problems.isEmpty)
    }

    @Test(.enabled(if: TestCluster.isWanted)) func bothEnginesPrintTheSameReport() throws {
        let stores = try BothStores(try Self.log())
        defer { stores.remove() }
        let (sqlite, postgres) = (stores.sqlite, stores.postgres)
        try Self.expectColumnsMatch(postgres, "postgres import")
        #expect(try sqlite.reportEvents() == postgres.reportEvents())
        let expected = try Self.expectedReports(sqlite)
        Self.expectSameReports(try Self.reports(sqlite), expected, "sqlite")
        Self.expectSameReports(try Self.reports(postgres), expected, "postgres")
        // The team lead's attention list (the SLA ladder's breaches, who was told and when) is
        // among what both print, and not vacuously: the log leaves cards past their SLA.
        let period = Period.lastDays(30, endingAt: Self.end)
        let fromSQLite = try sqlite.standup(period: period, settings: .standard, grouping: .sdr, now: Self.end).attention
        let fromPostgres = try postgres.standup(period: period, settings: .standard, grouping: .sdr, now: Self.end).attention
        #expect(!fromSQLite.isEmpty && fromSQLite == fromPostgres)
    }

    @Test func theSQLiteMigrationFillsAnOlderLog() throws {
        let folder = try TempFolder()
        defer { folder.remove() }
        let log = try Self.log(leads: 200)
        try Self.olderSQLiteStore(folder.store, log: log)
        let store = try Self.sqlite(folder)
        try Self.expectColumnsMatch(store, "sqlite v6 migration")
        Self.expectSameReports(try Self.reports(store), try Self.expectedReports(store), "migrated sqlite")
        let problems = try store.doctor().problems
        #expect(problems.isEmpty, "\(problems.prefix(5))")
    }

    @Test(.enabled(if: TestCluster.isWanted)) func thePostgresMigrationFillsAnOlderLog() throws {
        let log = try Self.log(leads: 200)
        let database = try StoreUnderTest(.postgres)
        defer { database.remove() }
        do {
            let store = try PostgresStore(database.target, now: .fixed(Self.end), calendar: storeCalendar)
            try store.importEvents(log)
        }
        // Back to v3: no columns, the v3 functions, the migration not applied.
        let schema = "\"public\""
        for statement in [
            PostgresFunctions.append(insert: PostgresFunctions.insertEvent, create: "CREATE OR REPLACE"),
            PostgresFunctions.importLog(insert: PostgresFunctions.insertEvent, create: "CREATE OR REPLACE"),
            "DROP FUNCTION @schema.handoff_facts(text, text, bigint, jsonb)",
            // v8's packed text is made of the columns: it goes first, and comes back after v4.
            "ALTER TABLE @schema.event DROP COLUMN report_pack",
            "DELETE FROM @schema.handoff_migration WHERE name = '\(PostgresReportPack.migrationName)'",
            "ALTER TABLE @schema.event " + ReportColumns.names.map { "DROP COLUMN \($0)" }.joined(separator: ", "),
            "DELETE FROM @schema.handoff_migration WHERE name = 'v4: report columns'",
        ] {
            let failure = try database.raw(statement.replacingOccurrences(of: "@schema", with: schema))
            try #require(failure == nil, "\(failure ?? "")")
        }
        #expect(try database.raw("SELECT person FROM event LIMIT 1") != nil, "the columns are gone before the upgrade")
        let store = try PostgresStore(database.target, now: .fixed(Self.end), calendar: storeCalendar)
        try Self.expectColumnsMatch(store, "postgres v4 migration")
        let problems = try store.doctor().problems
        #expect(problems.isEmpty, "\(problems.prefix(5))")
        // The same log on SQLite, migrated from v5 as well: the same report.
        let folder = try TempFolder()
        defer { folder.remove() }
        try Self.olderSQLiteStore(folder.store, log: log)
        let sqlite = try Self.sqlite(folder)
        Self.expectSameReports(try Self.reports(store), try Self.reports(sqlite), "migrated postgres against migrated sqlite")
        // New appends after the upgrade go through the new handoff_append.
        _ = try store.execute(.addLead(LeadFields(company: "After Upgrade", contact: "Ann"), owner: "sdr1"), on: nil, as: "sdr1",
                              expecting: nil)
        try Self.expectColumnsMatch(store, "append after the upgrade")
    }

    @Test(arguments: StoreKind.all) func doctorListsAReportColumnWrittenBehindTheStoresBack(_ kind: StoreKind) throws {
        let folder = try StoreUnderTest(kind)
        defer { folder.remove() }
        let store = try folder.open(now: .fixed(Self.end))
        let log = try Self.log(leads: 30)
        try store.importEvents(log)
        #expect(try store.doctor().problems.isEmpty)
        let booked = try #require(log.first { $0.type == .booked })
        let forge = switch kind {
        case .sqlite: "DROP TRIGGER event_no_update; UPDATE event SET person = 'mallory' WHERE seq = \(booked.seq)"
        case .postgres: "ALTER TABLE event DISABLE TRIGGER event_no_update_or_delete; UPDATE event SET person = 'mallory' WHERE seq = \(booked.seq); ALTER TABLE event ENABLE TRIGGER event_no_update_or_delete"
        }
        let failure = try folder.raw(forge)
        try #require(failure == nil, "\(failure ?? "")")
        let problems = try store.doctor().problems
        #expect(problems.count == 1 && problems.first?.hasPrefix("event #\(booked.seq) (booked): its report columns disagree with its payload") == true,
                "\(problems)")
    }

    /// A schema-v5 SQLite store holding `log`, written as the build before v6 wrote it.
    static func olderSQLiteStore(_ path: String, log: [Event]) throws {
        let queue = try DatabaseQueue(path: path)
        defer { try? queue.close() }
        try Schema.migrator.migrate(queue, upTo: Schema.applicationIDMigration)
        try queue.write { db in
            for event in log {
                try db.execute(sql: """
                    INSERT INTO event (seq, at, actor, lead, type, from_column, to_column, payload) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [event.seq, Rows.text(event.at), event.actor, event.lead?.number, event.type.rawValue,
                                     event.from?.rawValue, event.to?.rawValue, try StreamingJSONEncoder.string(event.payload)])
                if let member = event.payload.member { try Rows.save(member: member, db) }
                if let definition = event.payload.definition { try Rows.save(definition: definition, db) }
            }
            for lead in Projection.replay(log).leads.values {
                let card = lead.card
                try db.execute(sql: """
                    INSERT INTO lead (id, column_slug, owner, ae, company, contact, email, external_id, version, updated_at, state,
                                      column_since, rebook, dispute_open, revisit, meeting_at, meeting_outcome)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [lead.id.number, lead.column.rawValue, lead.owner, lead.ae, lead.company, lead.contact,
                                     lead.fields.email, lead.fields.externalID, lead.version, Rows.text(lead.updatedAt),
                                     try StreamingJSONEncoder.string(lead), card.columnSince.timeIntervalSince1970, card.rebook,
                                     card.disputeOpen, card.revisit?.timeIntervalSince1970, card.meetingAt?.timeIntervalSince1970,
                                     card.meetingOutcome?.rawValue])
            }
        }
    }
}

/// One log imported into a new SQLite store and a new PostgreSQL database, both at the
/// report tests' clock; `remove()` deletes both.
struct BothStores {
    let folder: TempFolder
    let database: StoreUnderTest
    let sqlite: SQLiteStore
    let postgres: PostgresStore

    init(_ log: [Event]) throws {
        folder = try TempFolder()
        do {
            sqlite = try ReportColumnsTests.sqlite(folder)
            try sqlite.importEvents(log)
            database = try StoreUnderTest(.postgres)
        } catch {
            folder.remove()
            throw error
        }
        do {
            postgres = try PostgresStore(database.target, now: .fixed(ReportColumnsTests.end), calendar: storeCalendar)
            try postgres.importEvents(log)
        } catch {
            folder.remove()
            database.remove()
            throw error
        }
    }

    func remove() {
        folder.remove()
        database.remove()
    }
}
