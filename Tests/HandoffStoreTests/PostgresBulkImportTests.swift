import Foundation
@testable import HandoffCore
@testable import HandoffPostgres
@testable import HandoffStore
import PostgresNIO
import PostgresTestSupport
import Testing

/// `import --events` on PostgreSQL goes by `COPY` in one transaction: all of the log or
/// nothing, the projection (leads, roster, definition) right afterwards.
@Suite("PostgreSQL: import --events by COPY", .serialized, .enabled(if: TestCluster.isWanted))
struct PostgresBulkImportTests {
    static func emptyAfterFailure(_ database: StoreUnderTest) throws {
        let store = try PostgresStore(database.target, now: .fixed(ReportColumnsTests.end), calendar: storeCalendar)
        #expect(try store.lastSequence() == 0)
        #expect(try store.team().members.isEmpty)
        #expect(try store.leads(LeadQuery(includeArchived: true), damaged: nil).isEmpty)
        #expect(try database.raw("DO $$ BEGIN IF EXISTS (SELECT 1 FROM handoff_setting) THEN RAISE EXCEPTION 'a setting'; END IF; END $$") == nil)
    }

    @Test func aRowTheServerRefusesHalfWayLeavesTheStoreAsItWas() throws {
        let log = try ReportColumnsTests.log(leads: 200)
        let database = try StoreUnderTest(.postgres)
        defer { database.remove() }
        let store = try PostgresStore(database.target, now: .fixed(ReportColumnsTests.end), calendar: storeCalendar)
        // The server refuses the 150th lead, after every event is in.
        for statement in [
            "CREATE FUNCTION refuse_one() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'no lead 150 today'; END $$",
            "CREATE TRIGGER refuse_one BEFORE INSERT ON lead FOR EACH ROW WHEN (NEW.id = 150) EXECUTE FUNCTION refuse_one()",
        ] {
            let failure = try database.raw(statement)
            try #require(failure == nil, "\(failure ?? "")")
        }
        let error = #expect(throws: (any Error).self) { try store.importEvents(log) }
        #expect("\(String(describing: error))".contains("no lead 150 today"), "\(String(describing: error))")
        try Self.emptyAfterFailure(database)

        // Without the trap the same log goes in whole, and doctor finds exactly the log.
        #expect(try database.raw("DROP TRIGGER refuse_one ON lead") == nil)
        let report = try store.importEvents(log)
        #expect(report.events == log.count)
        #expect(try store.lastSequence() == log.last?.seq)
        let doctor = try store.doctor()
        #expect(doctor.problems.isEmpty, "\(doctor.problems.prefix(3))")
        #expect(Set(try store.team().members.map(\.name)) == Set(Projection.replay(log).team.members.map(\.name)))
        #expect(try store.leads(LeadQuery(includeArchived: true), damaged: nil).count == report.leads)
    }

    /// The log in batches of 40 events, so that `COPY`s are queued behind one another
    /// (`CopyPipeline`): the server's refusal of an early one is the error, what was queued
    /// behind it changes nothing, and without the trap every batch goes in.
    @Test(.timeLimit(.minutes(1)))
    func aRefusalWithCopiesQueuedBehindItIsTheErrorAndWritesNothing() throws {
        let log = try ReportColumnsTests.log(leads: 200)
        func batches() -> EventSource {
            var rest = log[...]
            return EventSource {
                guard !rest.isEmpty else { return nil }
                defer { rest = rest.dropFirst(40) }
                return EventLogReader.Batch(events: Array(rest.prefix(40)), lines: [])
            }
        }
        let database = try StoreUnderTest(.postgres)
        defer { database.remove() }
        let store = try PostgresStore(database.target, now: .fixed(ReportColumnsTests.end), calendar: storeCalendar)
        try #require(log.count > 400, "\(log.count) events: too few batches to queue")
        for statement in [
            "CREATE FUNCTION refuse_one() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'no event 100 today'; END $$",
            "CREATE TRIGGER refuse_one BEFORE INSERT ON event FOR EACH ROW WHEN (NEW.seq = 100) EXECUTE FUNCTION refuse_one()",
        ] {
            let failure = try database.raw(statement)
            try #require(failure == nil, "\(failure ?? "")")
        }
        let error = #expect(throws: (any Error).self) { try store.importEvents(from: batches()) }
        // The refusal itself, not what the aborted transaction said to the COPYs behind it.
        #expect("\(String(describing: error))".contains("no event 100 today"), "\(String(describing: error))")
        try Self.emptyAfterFailure(database)

        #expect(try database.raw("DROP TRIGGER refuse_one ON event") == nil)
        let report = try store.importEvents(from: batches())
        #expect(report.events == log.count)
        #expect(try store.events(after: 0, limit: nil).map(\.seq) == log.map(\.seq))
        let doctor = try store.doctor()
        #expect(doctor.problems.isEmpty, "\(doctor.problems.prefix(3))")
        #expect(try store.leads(LeadQuery(includeArchived: true), damaged: nil).count == report.leads)
    }

    @Test(.timeLimit(.minutes(1)))
    func aConnectionKilledHalfWayLeavesTheStoreAsItWas() throws {
        let log = try ReportColumnsTests.log(leads: 200)
        let database = try StoreUnderTest(.postgres)
        defer { database.remove() }
        let store = try PostgresStore(database.target, now: .fixed(ReportColumnsTests.end), calendar: storeCalendar)
        // The server drops the importing connection in the middle of the events' COPY.
        let middle = log.count / 2
        for statement in [
            "CREATE FUNCTION kill_me() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_terminate_backend(pg_backend_pid()); RETURN NEW; END $$",
            "CREATE TRIGGER kill_me BEFORE INSERT ON event FOR EACH ROW WHEN (NEW.seq = \(middle)) EXECUTE FUNCTION kill_me()",
        ] {
            let failure = try database.raw(statement)
            try #require(failure == nil, "\(failure ?? "")")
        }
        // Not tried again on a new connection: the batches already read are gone, and the
        // rest of the log alone would be refused for what it lacks, a misleading message.
        let error = #expect(throws: (any Error).self) { try store.importEvents(log) }
        #expect("\(String(describing: error))".contains("connection to the server was lost during the import: nothing was imported"),
                "\(String(describing: error))")
        try Self.emptyAfterFailure(database)
    }

    /// `COPY`s chained on one connection (`CopyPipeline`): each starts once the one before
    /// it has ended; one behind a failed `COPY` is never sent, so it ends with that failure
    /// (not with the aborted transaction's refusal, and never left queued in postgres-nio,
    /// which does not end a queued `COPY` whose connection closes).
    @Test(.timeLimit(.minutes(1)))
    func aCopyBehindAFailedOneIsNeverSent() throws {
        let database = try StoreUnderTest(.postgres)
        defer { database.remove() }
        let store = try PostgresStore(database.target, now: .fixed(ReportColumnsTests.end), calendar: storeCalendar)
        struct RollBack: Error {}
        var copied: Int?
        var failure: (any Error)?, refusal: (any Error)?
        // Rolled back at the end: the outcome is what the body saw.
        _ = try? store.write { session in
            try session.execute("CREATE TEMP TABLE copied (n bigint, word text)")
            var copies = CopyPipeline(session, depth: 3)
            for part in 0..<6 {
                let rows = (0..<500).map { "\(part * 500 + $0)\tw\($0)\n" }.joined()
                try copies.send(table: "copied", columns: ["n", "word"], [Array(rows.utf8)])
            }
            try copies.finish()
            copied = try session.scalar("SELECT count(DISTINCT n) FROM copied", as: Int.self)

            let failing = session.startCopy(table: "copied", columns: ["nope"], [Array("1\n".utf8)])
            let behind = session.startCopy(table: "copied", columns: ["n"], [Array("2\n".utf8)], after: failing)
            do { try failing.wait() } catch { failure = error }
            do { try behind.wait() } catch { refusal = error }
            throw RollBack()
        }
        #expect(copied == 3_000)
        #expect((failure as? PSQLError)?.serverInfo?[.sqlState] == "42703", "\(String(reflecting: failure))") // undefined_column
        #expect((refusal as? PSQLError)?.serverInfo?[.sqlState] == "42703", "sent anyway: \(String(reflecting: refusal))")
    }

    @Test func aNonOwnerLoginMayNotImport() throws {
        let log = try ReportColumnsTests.log(leads: 20)
        let database = try StoreUnderTest(.postgres)
        defer { database.remove() }
        _ = try PostgresStore(database.target, now: .fixed(ReportColumnsTests.end), calendar: storeCalendar)
        let cluster = try TestCluster.shared()
        let login = "imp_\(UUID().uuidString.prefix(8).lowercased())"
        let url = try #require(URLComponents(string: database.target))
        let dbName = url.path.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        try cluster.role(login, password: "pw-\(login)")
        defer { cluster.dropRole(login, database: dbName) }
        #expect(try database.raw("GRANT CONNECT ON DATABASE \(dbName) TO \(login); GRANT USAGE ON SCHEMA public TO \(login); GRANT SELECT ON ALL TABLES IN SCHEMA public TO \(login)") == nil)
        let loginURL = "postgres://\(login):pw-\(login)@\(cluster.host):\(cluster.port)/\(dbName)"
        let other = try PostgresStore(loginURL, now: .fixed(ReportColumnsTests.end), calendar: storeCalendar)
        let error = #expect(throws: (any Error).self) { try other.importEvents(log) }
        #expect("\(String(describing: error))".contains("only the store's owner"), "\(String(describing: error))")
        try Self.emptyAfterFailure(database)
    }
}
