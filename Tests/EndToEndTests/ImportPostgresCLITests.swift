import Foundation
import PostgresTestSupport
import Testing

/// `handoff import FILE.csv` on PostgreSQL through the built binary: the owner's import goes
/// by COPY, and a user sees what they see on SQLite.
@Suite("command line on PostgreSQL: CSV import", .enabled(if: TestCluster.isWanted))
struct ImportPostgresCLITests {
    /// `rows` Salesforce-style rows for sam; the row on line `bad` (if any) has a status no
    /// map knows.
    static func csv(rows: Int, bad: Int? = nil) -> String {
        var text = "Lead ID,First Name,Last Name,Company / Account,Email,Lead Status,Lead Owner\n"
        for n in 0..<rows {
            let status = n + 2 == bad ? "Recycled" : (n % 10 == 3 ? "Bad Timing" : "Working - Contacted")
            text += "00Q\(n),Pat,Doe \(n),\"Company \(n), Inc.\",lead\(n)@company\(n).test,\(status),sam\n"
        }
        return text
    }

    /// The export's leads and its events after the founding one (which names the OS account
    /// on SQLite and the login on PostgreSQL).
    static func board(_ result: RunResult) throws -> (leads: NSArray, events: NSArray) {
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        let leads = try #require(object?["leads"] as? [Any])
        let events = try #require(object?["events"] as? [Any])
        return (leads as NSArray, Array(events.dropFirst()) as NSArray)
    }

    @Test func aBadRowHalfWayNamesItsLineAndChangesNothingAndTheFileGoesInAsOnSQLite() throws {
        let cluster = try TestCluster.shared()
        let sandbox = Sandbox()
        sandbox.now = "2026-11-23 09:00"
        let (database, _) = try cluster.newDatabase()
        defer { cluster.dropDatabase(database) }
        let url = "postgres://postgres@\(cluster.host):\(cluster.port)/\(database)"
        func server(_ arguments: [String]) -> RunResult {
            sandbox.run(arguments + ["--db", url], as: "lee", environment: ["PGPASSWORD": cluster.superPassword])
        }
        let stores: [([String]) -> RunResult] = [server, { sandbox.run($0, as: "lee") }]
        for run in stores {
            #expect(run(["init", "--lead", "lee", "--personal"]).status == 0)
            #expect(run(["team", "add", "sam", "--role", "sdr"]).status == 0)
        }
        let rows = 3_000
        let good = sandbox.folder.appendingPathComponent("leads.csv").path
        let bad = sandbox.folder.appendingPathComponent("leads-bad.csv").path
        try Self.csv(rows: rows).write(toFile: good, atomically: true, encoding: .utf8)
        try Self.csv(rows: rows, bad: 1_502).write(toFile: bad, atomically: true, encoding: .utf8)

        let refused = server(["import", bad])
        #expect(refused.status == 3, "\(refused)")
        #expect(refused.stderr.contains("line 1502, column 6 (Lead Status): unknown status 'Recycled'"), "\(refused.stderr)")
        #expect(refused.stderr.contains("1 rejected row(s) in \(bad); nothing was changed"), "\(refused.stderr)")
        #expect(server(["lead", "list"]).stdout.isEmpty)

        let imported = server(["import", good])
        #expect(imported.status == 0, "\(imported)")
        #expect(imported.stdout.contains("imported \(rows) leads from leads.csv (L-1…L-\(rows))"), "\(imported)")
        #expect(sandbox.run(["import", good], as: "lee").status == 0)
        let (leads, events) = try Self.board(server(["export", "--format", "json"]))
        let (liteLeads, liteEvents) = try Self.board(sandbox.run(["export", "--format", "json"], as: "lee"))
        #expect(leads.count == rows && events.count > rows)
        #expect(leads == liteLeads)
        #expect(events == liteEvents)
        let doctor = server(["doctor"])
        #expect(doctor.status == 0, "\(doctor)")
    }
}
