import Foundation
import PostgresTestSupport
import Testing

/// Bad input for a PostgreSQL store on the command line: a clear one-line error, exit 1
/// (3 for the demo, which only seeds files), the password never printed, nothing changed.
@Suite("command line on PostgreSQL: bad input", .enabled(if: TestCluster.isWanted))
struct CommandLinePostgresTests {
    static let secret = "Very-s3cret"

    @Test func badURLRefusedServerWrongPasswordAndTheDemo() throws {
        let cluster = try TestCluster.shared()
        let sandbox = Sandbox()
        let (database, _) = try cluster.newDatabase()
        defer { cluster.dropDatabase(database) }
        let good = "postgres://postgres@\(cluster.host):\(cluster.port)/\(database)"
        let initialized = sandbox.run(["init", "--lead", "lee", "--personal", "--db", good], as: "lee",
                                      environment: ["PGPASSWORD": cluster.superPassword])
        #expect(initialized.status == 0, "\(initialized)")
        #expect(initialized.stdout.hasPrefix("created \(good) with lee as team lead: a personal store"), "\(initialized)")
        let port = try TestCluster.freePort()
        let cases: [(url: String, message: String, code: Int32)] = [
            ("postgres://lee:\(Self.secret)@\(cluster.host)", "names no database", 1),
            ("postgres://postgres:\(Self.secret)@\(cluster.host):\(port)/\(database)",
             "cannot reach the PostgreSQL server at \(cluster.host):\(port) for postgres://postgres@\(cluster.host):\(port)/\(database): connection refused", 1),
            ("postgres://postgres:\(Self.secret)@\(cluster.host):\(cluster.port)/\(database)",
             "refused postgres: password authentication failed for user \"postgres\"", 1),
        ]
        for (url, message, code) in cases {
            for arguments in [["lead", "add", "--company", "Nope Co", "--contact", "N"], ["demo", "--seed-only"]] {
                let result = sandbox.run(arguments + ["--db", url], as: "lee")
                let expectedCode: Int32 = arguments[0] == "demo" ? 3 : code
                #expect(result.status == expectedCode, "\(arguments) \(url): \(result)")
                if arguments[0] != "demo" { #expect(result.stderr.contains(message), "\(result.stderr)") }
                #expect(!result.stderr.contains(Self.secret) && !result.stdout.contains(Self.secret), "\(result)")
                #expect(result.stderr.split(separator: "\n").count == 1, "one line: \(result.stderr)")
            }
        }
        let listed = sandbox.run(["lead", "list", "--db", good], as: "lee", environment: ["PGPASSWORD": cluster.superPassword])
        #expect(listed.status == 0 && listed.stdout.isEmpty, "nothing was added: \(listed)")
        #expect(!FileManager.default.fileExists(atPath: "postgres:"), "no file named after the URL")
    }
}
