import Foundation
import HandoffCore
import HandoffPostgres
import HandoffStore
import PostgresTestSupport
import Testing

/// Sixteen separate client processes (`handoff-load`, one worker each: LoadAndCrashTests
/// describes the worker and its ack file) × 200 random valid commands against one
/// PostgreSQL server: every acknowledged command is in the log once, as acknowledged, the
/// board agrees with the log, and `doctor` is clean. Throughput and latency are printed;
/// the benchmark figures are BENCHMARKS.md's, not this test's.
@Suite("PostgreSQL: sixteen client processes", .serialized, .enabled(if: TestCluster.isWanted))
struct PostgresLoadTests {
    @Test func sixteenProcessesLoseNothingAndDoubleNothing() throws {
        try #require(FileManager.default.isExecutableFile(atPath: LoadAndCrashTests.loadBinary), "no handoff-load: build all products")
        let cluster = try TestCluster.shared()
        let (database, _) = try cluster.newDatabase()
        defer { cluster.dropDatabase(database) }
        let sandbox = Sandbox()
        let url = "postgres://postgres@\(cluster.host):\(cluster.port)/\(database)"
        var environment = LoadAndCrashTests.environment(sandbox)
        environment["PGPASSWORD"] = cluster.superPassword
        environment["HANDOFF_DB"] = url
        environment["HANDOFF_USER"] = ""
        // A personal store of the superuser's: its login may act as every member, as the
        // SQLite load test's one account does.
        let created = Sandbox.execute(Binary.path, ["init", "--lead", "lee", "--personal"], environment: environment)
        try #require(created.status == 0, "\(created)")
        for (name, role) in (0..<8).map({ ("sdr\($0)", "sdr") }) + (0..<4).map({ ("ae\($0)", "ae") }) {
            let added = Sandbox.execute(Binary.path, ["team", "add", name, "--role", role, "--as", "lee"], environment: environment)
            try #require(added.status == 0, "\(added)")
        }
        let people = (0..<8).map { "sdr\($0)" } + (0..<4).map { "ae\($0)" } + ["lee"]
        let users = (0..<16).map { people[$0 % people.count] }
        let started = ContinuousClock.now
        var workers: [Spawned] = []
        defer { workers.forEach { $0.kill() } }
        for (index, user) in users.enumerated() {
            let ack = sandbox.folder.appendingPathComponent("ack-\(index)").path
            let worker = Spawned.start(LoadAndCrashTests.loadBinary, [
                "--db", url, "--as", user, "--seed", "\(index + 1)", "--count", "200",
                "--ack", ack, "--start", "\(LoadAndCrashTests.clockStart)",
            ], environment: environment, folder: sandbox.folder, name: "worker-\(index)")
            workers.append(try #require(worker, "cannot start handoff-load"))
        }
        let deadline = started + .seconds(600)
        while !workers.allSatisfy({ $0.poll() }) {
            try #require(ContinuousClock.now < deadline, "the load did not finish within 10 minutes")
            Thread.sleep(forTimeInterval: 0.02)
        }
        let wall = LoadAndCrashTests.seconds(ContinuousClock.now - started)

        var acks: [LoadAndCrashTests.Ack] = []
        for (index, worker) in workers.enumerated() {
            let summary = LoadAndCrashTests.summary(worker.stdout)
            #expect(worker.status == 0, "worker \(index) (\(users[index])): exit \(worker.status ?? -1)\n\(worker.stdout)\(worker.stderr)")
            #expect(summary["busy"] == "0" && summary["store-failures"] == "0" && summary["unexpected"] == "0",
                    "worker \(index) (\(users[index])): \(worker.stdout)\(worker.stderr)")
            let read = LoadAndCrashTests.acks(at: sandbox.folder.appendingPathComponent("ack-\(index)").path, user: users[index])
            #expect(read.malformed.isEmpty, "worker \(index): \(read.malformed)")
            #expect(summary["acked"] == "\(read.acks.count)", "worker \(index): \(worker.stdout)")
            acks += read.acks
        }
        #expect(acks.count > 16 * 200 / 2, "only \(acks.count) commands acknowledged")

        let store = try PostgresStore(url, environment: ["PGPASSWORD": cluster.superPassword], create: false)
        let log = try store.events(after: 0, limit: nil)
        let bySeq = Dictionary(log.map { ($0.seq, $0) }, uniquingKeysWith: { first, _ in first })
        let missing = LoadAndCrashTests.missing(acks, from: bySeq)
        #expect(missing.isEmpty, "\(missing.count) acked commands are not in the log as acked: \(missing.prefix(10))")
        #expect(Set(acks.map(\.seq)).count == acks.count, "two acks name the same event")
        #expect(log.filter { $0.lead != nil }.count == acks.count, "every lead event was acknowledged to someone, once")
        let counts = Dictionary(grouping: log.compactMap(\.lead), by: { $0 }).mapValues(\.count)
        let leads = try store.leads(LeadQuery(includeArchived: true))
        #expect(leads.count == counts.count)
        for lead in leads {
            #expect(lead.version == counts[lead.id], "\(lead.id): version \(lead.version), \(counts[lead.id] ?? 0) events")
        }
        let doctor = Sandbox.execute(Binary.path, ["doctor"], environment: environment)
        #expect(doctor.status == 0, "\(doctor)")

        let latencies = acks.map(\.micros).sorted()
        print("pg load: 16 processes × 200 commands in \(String(format: "%.1f", wall)) s: \(acks.count) acknowledged, \(String(format: "%.0f", Double(acks.count) / wall)) acked commands/s; latency p50 \(LoadAndCrashTests.milliseconds(LoadAndCrashTests.percentile(latencies, 0.50))), p99 \(LoadAndCrashTests.milliseconds(LoadAndCrashTests.percentile(latencies, 0.99))); \(log.count) events, doctor clean")
    }
}
