import Foundation
import PostgresTestSupport
import Testing

/// `handoff-bench watch` at a tiny size, so that the latency benchmark of `handoff watch`
/// never rots: it starts the real binary, commits, and reports every event's delivery.
@Suite("benchmark suite, watch smoke run")
struct WatchBenchSmokeTests {
    @Test func tenEventsAreEachTimedFromCommitToLine() throws {
        var arguments = ["watch", "--events", "10"]
        var environment = ProcessInfo.processInfo.environment
        var database: (name: String, cluster: TestCluster)?
        if TestCluster.isWanted {
            let cluster = try TestCluster.shared()
            let (name, url) = try cluster.newDatabase()
            database = (name, cluster)
            arguments += ["--url", url]
            environment["PGPASSWORD"] = cluster.superPassword
        }
        defer { if let database { database.cluster.dropDatabase(database.name) } }
        let result = Sandbox.execute(BenchmarkSuiteTests.path, arguments, environment: environment)
        try #require(result.status == 0, "\(result)")
        #expect(result.stdout.contains("| store | events | commit → line p50 | p95 | max |"), "\(result.stdout)")
        #expect(result.stdout.contains("| SQLite | 10 | "), "\(result.stdout)")
        if database != nil { #expect(result.stdout.contains("| PostgreSQL | 10 | "), "\(result.stdout)") }
    }
}
