import Foundation
import HandoffCore
@testable import HandoffPostgres
import HandoffStore
import PostgresTestSupport
import Testing

/// Issue 13, class 2, on the server store: a database that already holds another
/// program's tables is refused by every opening, and nothing is added to it.
@Suite("PostgreSQL store: someone else's database", .enabled(if: TestCluster.isWanted))
struct PostgresForeignTests {
    @Test func anotherProgramsDatabaseIsRefusedUntouched() throws {
        let cluster = try TestCluster.shared()
        let (name, url) = try cluster.newDatabase()
        try cluster.sql("CREATE TABLE invoices (id serial PRIMARY KEY, total numeric); INSERT INTO invoices (total) VALUES (12.5)",
                        database: name)
        let tables = "SELECT string_agg(table_name, ',' ORDER BY table_name) FROM information_schema.tables WHERE table_schema = 'public'"
        for create in [true, false] {
            let error = #expect(throws: StoreError.self) { try PostgresStore(url, create: create) }
            guard case .notAStore(let message) = error else {
                Issue.record("expected notAStore, got \(String(describing: error))")
                continue
            }
            #expect(message.contains("holds tables of its own (invoices)"), "\(message)")
        }
        #expect(try cluster.sql(tables, database: name) == "invoices")

        // An empty database becomes a store, as before.
        let (_, empty) = try cluster.newDatabase()
        let store = try PostgresStore(empty)
        try store.initialize(lead: "lee")
        #expect(try store.team().members.map(\.name) == ["lee"])
    }
}
