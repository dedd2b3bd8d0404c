import Foundation
import PostgresTestSupport
import Testing

/// A writer killed mid-transaction, on both stores: `handoff import` of thousands of leads
/// (one transaction) is SIGKILLed at a few moments while it writes. Each time the store
/// holds either the whole import or none of it, and `doctor` replays a clean log.
@Suite("store: a killed writer, SQLite and PostgreSQL", .serialized)
struct StoreCrashTests {
    enum Kind: String, CaseIterable, Sendable { case sqlite, postgres }

    static let kinds: [Kind] = TestCluster.isWanted ? [.sqlite, .postgres] : [.sqlite]

    @Test(.timeLimit(.minutes(5)), arguments: kinds)
    func aKilledImportLeavesAllOrNothing(_ kind: Kind) throws {
        let sandbox = Sandbox()
        var environment: [String: String] = [:]
        var database: String?
        if kind == .postgres {
            let cluster = try TestCluster.shared()
            let (name, _) = try cluster.newDatabase()
            database = name
            environment = ["HANDOFF_DB": "postgres://postgres@\(cluster.host):\(cluster.port)/\(name)",
                           "PGPASSWORD": cluster.superPassword]
        }
        defer { if let database, let cluster = try? TestCluster.shared() { cluster.dropDatabase(database) } }
        func run(_ arguments: [String], as user: String = "lee") -> RunResult {
            sandbox.run(arguments, as: user, environment: environment)
        }
        #expect(run(["init", "--lead", "lee", "--personal"]).status == 0)
        #expect(run(["team", "add", "maya", "--role", "sdr"]).status == 0)
        // On PostgreSQL the owner's import goes by COPY, and 5,000 rows could be written and
        // committed between two of the polls below: 20,000 keep it writing for about a second.
        let rows = kind == .postgres ? 20_000 : 5_000
        var csv = "Company,First Name,Last Name,Email\n"
        for n in 0..<rows { csv += "Crash Co \(n),Pat,Doe \(n),pat\(n)@crash.example\n" }
        let file = sandbox.folder.appendingPathComponent("leads.csv").path
        try Data(csv.utf8).write(to: URL(fileURLWithPath: file))

        var base = ProcessInfo.processInfo.environment
        base["HANDOFF_DB"] = sandbox.store
        base["HANDOFF_USER"] = "lee"
        base.removeValue(forKey: "HANDOFF_NOW")
        for (key, value) in environment { base[key] = value }
        var outcomes: [Int] = []
        for (attempt, delay) in [0.3, 0.8, 1.5].enumerated() {
            guard let child = Spawned.start(Binary.path, ["import", file, "--owner", "maya"], environment: base,
                                            folder: sandbox.folder, name: "import-\(attempt)") else {
                Issue.record("cannot start handoff import")
                return
            }
            if let database, let cluster = try? TestCluster.shared() {
                // Killed only once its transaction has written (it has a transaction id).
                let writing = "SELECT count(*) FROM pg_stat_activity WHERE datname = '\(database)' AND application_name = 'handoff' AND backend_xid IS NOT NULL"
                let deadline = Date().addingTimeInterval(30)
                while Date() < deadline, (try? cluster.sql(writing)) != "1", !child.poll() {
                    Thread.sleep(forTimeInterval: 0.02)
                }
                #expect(!child.poll(), "the import ended before it could be killed mid-write")
                Thread.sleep(forTimeInterval: delay / 3)
            } else {
                Thread.sleep(forTimeInterval: delay)
            }
            child.kill()
            let listed = run(["lead", "list", "--format", "json"])
            #expect(listed.status == 0, "\(listed)")
            let count = listed.stdout.components(separatedBy: "\"Crash Co ").count - 1
            outcomes.append(count)
            let doctor = run(["doctor"])
            #expect(doctor.status == 0, "after a kill at \(delay) s: \(doctor)")
        }
        // Each kill left the whole import (a later import then adds no duplicates) or none.
        for count in outcomes { #expect(count == 0 || count == rows, "\(kind): \(outcomes)") }
        print("crash[\(kind.rawValue)]: leads after each kill: \(outcomes)")
    }
}
