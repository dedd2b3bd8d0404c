import Foundation
@testable import HandoffCore
@testable import HandoffPostgres
@testable import HandoffStore
import PostgresTestSupport
import Testing

/// `import` (CSV) on PostgreSQL by the store's owner goes by `COPY` in one transaction: every
/// row decided by the same rules as on SQLite, all of it or none, and the same board.
@Suite("PostgreSQL: CSV import by COPY", .serialized, .enabled(if: TestCluster.isWanted))
struct PostgresLeadImportTests {
    /// A Salesforce-style export: sam's and sue's leads, a tenth to Nurture, and one row
    /// again (the planner leaves it out).
    static func csv(rows: Int) -> [UInt8] {
        var text = "Lead ID,First Name,Last Name,Company / Account,Email,Lead Status,Lead Owner,City\r\n"
        for n in 0..<rows {
            let status = n % 10 == 3 ? "Bad Timing" : "Open - Not Contacted"
            let owner = n % 2 == 0 ? "sam" : "Sue"
            text += "00Q\(n),Pat,\"O'Brien \(n)\",\"Company \(n), Inc.\",lead\(n)@company\(n).test,\(status),\(owner),Zürich\r\n"
        }
        // Row 7 again, under another id: the same email, so not imported twice.
        text += "00Qx,Pat,O'Brien,\"Company 7, Inc.\",LEAD7@company7.test,Open - Not Contacted,sam,Bern\r\n"
        return Array(text.utf8)
    }

    static func items(_ bytes: [UInt8], roster: [Member]) throws -> [BatchItem] {
        let plan = try LeadImport.plan(csv: bytes, settings: ImportSettings(roster: roster))
        #expect(plan.rejections.isEmpty, "\(plan.rejections.prefix(3))")
        return plan.leads.map { BatchItem($0.command) }
    }

    /// The whole log and every lead, as `export` reads them.
    static func board(_ store: any BoardStore) throws -> (events: [Event], leads: [Lead]) {
        (try store.events(after: 0, limit: nil), try store.leads(LeadQuery(includeArchived: true), damaged: nil))
    }

    @Test func theSameFileMakesTheSameBoardAsOnSQLiteWithoutTheAppendFunction() throws {
        let clock = ManualClock(storeStart)
        let lite = try StoreUnderTest(.sqlite)
        let server = try StoreUnderTest(.postgres)
        defer { lite.remove(); server.remove() }
        let sqlite = try lite.teamStore(clock: clock)
        let postgres = try server.teamStore(clock: clock)
        // What a login other than the owner writes through: gone, so an import that used
        // it would fail. The owner's import goes by COPY.
        #expect(try server.raw("ALTER FUNCTION handoff_append(json) RENAME TO handoff_append_away") == nil)
        let items = try Self.items(Self.csv(rows: 700), roster: try postgres.team().members)
        clock.advance(by: 3_600)

        var steps: [Int] = []
        let expected = try sqlite.execute(batch: items, as: "lee", options: BatchOptions(mode: .allOrNothing), progress: nil)
        let result = try postgres.execute(batch: items, as: "lee", options: BatchOptions(mode: .allOrNothing)) { steps.append($0) }
        #expect(result == expected)
        #expect(result.committed && result.applied.count == 700)

        let (liteEvents, liteLeads) = try Self.board(sqlite)
        let (events, leads) = try Self.board(postgres)
        #expect(events.count == liteEvents.count && leads.count == 700)
        // The founding names the OS account on SQLite and the login on PostgreSQL; the rest is the same.
        for (event, twin) in zip(events, liteEvents) where event.seq > 1 && !LogCheck.sameAsStored(event, twin) {
            Issue.record("event #\(event.seq) differs: \(event) / \(twin)")
            break
        }
        #expect(leads == liteLeads)
        #expect(try postgres.boardPage(limit: 5, now: clock.date).counts == sqlite.boardPage(limit: 5, now: clock.date).counts)
        // The report's columns, as the server would have derived them.
        #expect(try server.raw("""
            DO $$ BEGIN IF EXISTS (SELECT 1 FROM event e, handoff_facts(e.type, e.actor, e.lead, e.payload::jsonb) f
                                   WHERE e.lead IS NOT NULL AND (e.person, e.company) IS DISTINCT FROM (f.person, f.company))
            THEN RAISE EXCEPTION 'facts differ'; END IF; END $$
            """) == nil)
        #expect(try server.raw("ALTER FUNCTION handoff_append_away(json) RENAME TO handoff_append") == nil)
        let doctor = try postgres.doctor()
        #expect(doctor.problems.isEmpty, "\(doctor.problems.prefix(3))")
        #expect(steps == [0, items.count], "\(steps)")
    }

    /// Past the first window (`PostgresLeadImport.window`): the first is in the tables when
    /// the server refuses a row of the second, and the third's `COPY`s may be queued behind
    /// it (`CopyPipeline`): the refusal is the error, and nothing stays.
    @Test func aRowTheServerRefusesHalfWayLeavesTheStoreAsItWas() throws {
        let clock = ManualClock(storeStart)
        let server = try StoreUnderTest(.postgres)
        defer { server.remove() }
        let postgres = try server.teamStore(clock: clock)
        let rows = 3 * PostgresLeadImport.window + 500
        let items = try Self.items(Self.csv(rows: rows), roster: try postgres.team().members)
        let before = try postgres.lastSequence()
        let refused = PostgresLeadImport.window + 1_000
        for statement in [
            "CREATE FUNCTION refuse_one() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'no lead \(refused) today'; END $$",
            "CREATE TRIGGER refuse_one BEFORE INSERT ON lead FOR EACH ROW WHEN (NEW.id = \(refused)) EXECUTE FUNCTION refuse_one()",
        ] {
            let failure = try server.raw(statement)
            try #require(failure == nil, "\(failure ?? "")")
        }
        let error = #expect(throws: (any Error).self) {
            try postgres.execute(batch: items, as: "lee", options: BatchOptions(mode: .allOrNothing), progress: nil)
        }
        #expect("\(String(describing: error))".contains("no lead \(refused) today"), "\(String(describing: error))")
        #expect(try postgres.lastSequence() == before)
        #expect(try postgres.leads(LeadQuery(includeArchived: true), damaged: nil).isEmpty)
        #expect(try postgres.boardPage(limit: 5, now: clock.date).counts.values.allSatisfy { $0 == 0 })

        #expect(try server.raw("DROP TRIGGER refuse_one ON lead") == nil)
        // The bar moves window by window, in order, to the whole.
        var steps: [Int] = []
        let result = try postgres.execute(batch: items, as: "lee", options: BatchOptions(mode: .allOrNothing)) { steps.append($0) }
        #expect(result.committed && result.applied.count == rows)
        #expect(steps == [0] + Array(stride(from: PostgresLeadImport.window, to: rows, by: PostgresLeadImport.window)) + [rows],
                "\(steps)")
        #expect(try postgres.boardPage(limit: 5, now: clock.date).counts.values.reduce(0, +) == rows)
        #expect(try postgres.doctor().problems.isEmpty)
    }

    @Test func aRowTheRulesRefuseAnywhereWritesNothing() throws {
        let clock = ManualClock(storeStart)
        let server = try StoreUnderTest(.postgres)
        defer { server.remove() }
        let postgres = try server.teamStore(clock: clock)
        var items = try Self.items(Self.csv(rows: 300), roster: try postgres.team().members)
        // An AE cannot own a queue: the rules refuse row 200 alone.
        items[200] = BatchItem(.importLead(LeadFields(company: "Ava's pick", contact: "Pat"), owner: "ava", column: .queue))
        let before = try postgres.lastSequence()
        let result = try postgres.execute(batch: items, as: "lee", options: BatchOptions(mode: .allOrNothing), progress: nil)
        #expect(!result.committed)
        #expect(result.refusals.map(\.index) == [200])
        #expect(try postgres.lastSequence() == before)
        #expect(try postgres.leads(LeadQuery(includeArchived: true), damaged: nil).isEmpty)

        // --skip-invalid: the rest goes in, by COPY, and doctor agrees.
        let skipped = try postgres.execute(batch: items, as: "lee", options: BatchOptions(mode: .skipRefused), progress: nil)
        #expect(skipped.committed && skipped.applied.count == 299)
        #expect(try postgres.doctor().problems.isEmpty)
    }
}
