import Foundation
import GRDB
@testable import HandoffCore
@testable import HandoffPostgres
@testable import HandoffSQLite
@testable import HandoffStore
import PostgresTestSupport
import Testing

/// Issue 14: the lead table's `email` and `external_id` indexes answered no query (duplicates
/// are found on folded keys, read in one scan) and cost every written lead two B-tree
/// inserts. SQLite v8 and PostgreSQL v9 drop them from older stores; new stores never have
/// them; duplicates are still found by both keys.
@Suite("The unused key indexes", .serialized)
struct UnusedKeyIndexesTests {
    static let dropped: Set<String> = ["lead_by_email", "lead_by_external_id"]

    /// Two leads, then a batch that brings one back by its email in other case and one by
    /// its external id: both are skipped as duplicates, the new one is added.
    static func expectDuplicatesFound(_ store: any BoardStore) throws {
        let first = [
            BatchItem(.importLead(LeadFields(company: "Acme", contact: "Ann", email: "ann@acme.test"), owner: "sam", column: .queue)),
            BatchItem(.importLead(LeadFields(company: "Brill", contact: "Bo", externalID: "00Q1"), owner: "sam", column: .queue)),
        ]
        #expect(try store.execute(batch: first, as: "lee", options: BatchOptions(mode: .allOrNothing)).committed)
        let again = [
            BatchItem(.importLead(LeadFields(company: "Acme", contact: "Ann", email: "ANN@Acme.test"), owner: "sam", column: .queue)),
            BatchItem(.importLead(LeadFields(company: "Brill", contact: "Bo", externalID: "00Q1"), owner: "sam", column: .queue)),
            BatchItem(.importLead(LeadFields(company: "Cove", contact: "Cy", email: "cy@cove.test"), owner: "sam", column: .queue)),
        ]
        let result = try store.execute(batch: again, as: "lee", options: BatchOptions(mode: .skipRefused, skipDuplicates: true))
        #expect(result.committed)
        #expect(result.applied.count == 1 && result.duplicateCount == 2, "\(result.outcomes)")
        #expect(try store.leads(LeadQuery()).map(\.company).sorted() == ["Acme", "Brill", "Cove"])
    }

    static func sqliteIndexes(_ path: String) throws -> Set<String> {
        let queue = try DatabaseQueue(path: path)
        defer { try? queue.close() }
        return Set(try queue.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'lead'")
        })
    }

    @Test func sqliteDropsThemFromAnOlderStoreAndANewOneNeverHasThem() throws {
        let folder = try TempFolder()
        defer { folder.remove() }
        do {
            let store = try SQLiteStore(path: folder.store)
            try store.initialize(lead: "lee")
            try store.execute(.addMember(Member(name: "sam", role: .sdr)), as: "lee")
        }
        var indexes = try Self.sqliteIndexes(folder.store)
        #expect(indexes.isDisjoint(with: Self.dropped), "\(indexes)")
        #expect(indexes.isSuperset(of: ["lead_by_column", "lead_by_owner"]), "\(indexes)")

        // A store as v7 left it: the indexes, and no record of v8.
        let queue = try DatabaseQueue(path: folder.store)
        try queue.write { db in
            try db.execute(sql: "CREATE INDEX lead_by_email ON lead(email); CREATE INDEX lead_by_external_id ON lead(external_id)")
            try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier = ?", arguments: [Schema.unusedKeyIndexesMigration])
        }
        try queue.close()
        #expect(try Self.sqliteIndexes(folder.store).isSuperset(of: Self.dropped))

        let store = try SQLiteStore(path: folder.store)
        indexes = try Self.sqliteIndexes(folder.store)
        #expect(indexes.isDisjoint(with: Self.dropped), "\(indexes)")
        try Self.expectDuplicatesFound(store)
        #expect(try store.doctor().isClean)
    }

    @Test(.enabled(if: StoreKind.all.contains(.postgres)))
    func postgresDropsThemFromAnOlderStoreAndANewOneNeverHasThem() throws {
        let cluster = try TestCluster.shared()
        let (database, url) = try cluster.newDatabase()
        defer { cluster.dropDatabase(database) }
        let indexes = "SELECT string_agg(indexname, ',' ORDER BY indexname) FROM pg_indexes WHERE tablename = 'lead' AND indexname IN ('lead_by_email', 'lead_by_external_id', 'lead_by_owner')"
        do {
            let store = try PostgresStore(url)
            try store.initialize(lead: "lee", founding: Founding(account: try store.account(), personal: false))
            try store.execute(.addMember(Member(name: "sam", role: .sdr)), as: "lee")
        }
        #expect(try cluster.sql(indexes, database: database) == "lead_by_owner")

        // A store as v8 left it: the indexes, and no record of v9.
        _ = try cluster.script("""
            CREATE INDEX lead_by_email ON lead(email);
            CREATE INDEX lead_by_external_id ON lead(external_id);
            DELETE FROM handoff_migration WHERE name = 'v9: no unused key indexes';
            """, database: database)
        #expect(try cluster.sql(indexes, database: database) == "lead_by_email,lead_by_external_id,lead_by_owner")

        let store = try PostgresStore(url)
        #expect(try cluster.sql(indexes, database: database) == "lead_by_owner")
        #expect(try cluster.sql("SELECT count(*) FROM handoff_migration WHERE name = 'v9: no unused key indexes'", database: database) == "1")
        try Self.expectDuplicatesFound(store)
        #expect(try store.doctor().isClean)
    }
}
