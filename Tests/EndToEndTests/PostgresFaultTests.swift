import Foundation
import PostgresTestSupport
import Testing

/// Faults as a real team meets them on PostgreSQL: a teammate whose login may only read,
/// and the server restarted under boards and writers.
@Suite("PostgreSQL: read-only logins and a restarted server", .serialized, .enabled(if: TestCluster.isWanted))
struct PostgresFaultTests {
    @Test func aLoginWithSelectOnlyOpensTheBoardReadOnlyAndIsRefusedOnEveryChange() throws {
        let cluster = try TestCluster.shared()
        let sandbox = Sandbox()
        let (database, _) = try cluster.newDatabase()
        let login = "ro_\(database.suffix(8))"
        defer {
            cluster.dropRole(login, database: database)
            cluster.dropDatabase(database)
        }
        let owner = "postgres://postgres@\(cluster.host):\(cluster.port)/\(database)"
        let ownerEnvironment = ["HANDOFF_DB": owner, "PGPASSWORD": cluster.superPassword, "HANDOFF_USER": "", "HANDOFF_NOW": ""]
        for arguments in [["init", "--lead", "lee"], ["team", "add", "maya", "--role", "sdr", "--login", login],
                          ["lead", "add", "--company", "Seen Co", "--contact", "Sue Seen", "--owner", "maya"]] {
            let result = sandbox.run(arguments, environment: ownerEnvironment)
            try #require(result.status == 0, "\(arguments): \(result)")
        }
        // What `handoff admin grants` prints, less EXECUTE on handoff_append: SELECT only.
        try cluster.role(login, password: "pw-\(login)")
        let grants = sandbox.run(["admin", "grants", "--login", login], environment: ownerEnvironment)
        try #require(grants.status == 0, "\(grants)")
        try cluster.script(grants.stdout, database: database)
        try cluster.sql("REVOKE EXECUTE ON FUNCTION handoff_append(json) FROM \(login)", database: database)
        let events = try cluster.sql("SELECT count(*) FROM event", database: database)

        let url = "postgres://\(login)@\(cluster.host):\(cluster.port)/\(database)"
        let environment = ["HANDOFF_DB": url, "PGPASSWORD": "pw-\(login)", "HANDOFF_USER": "", "HANDOFF_NOW": ""]
        let refusal = "your login \(login) may read this store but not change it: it lacks EXECUTE on handoff_append (the store's owner grants it with `handoff admin grants --login \(login)`)"
        // Reading works.
        let list = sandbox.run(["lead", "list"], environment: environment)
        #expect(list.status == 0 && list.stdout.contains("Seen Co"), "\(list)")
        // Every change is refused before it is tried, naming the grant, exit 5.
        for arguments in [["lead", "add", "--company", "New Co", "--contact", "Ned New"],
                          ["lead", "edit", "L-1", "--company", "Renamed"],
                          ["score", "L-1", "--met", "need=Pain"],
                          ["undo", "L-1"]] {
            let result = sandbox.run(arguments, environment: environment)
            #expect(result.status == 5, "\(arguments): \(result)")
            #expect(result.stderr.contains(refusal), "\(arguments): \(result.stderr)")
            #expect(result.stderr.trimmingCharacters(in: .newlines).split(separator: "\n").count == 1, "one line: \(result.stderr)")
        }
        #expect(try cluster.sql("SELECT count(*) FROM event", database: database) == events, "nothing was appended")

        // The board opens read-only, says why, and refuses a key that would change anything.
        guard Tmux.require() else { return }
        let home = sandbox.folder.appendingPathComponent("home").path
        let board = Tmux(width: 250, height: 40, environment: environment.merging(["TERM": "xterm-256color", "HOME": home,
                                                                                   "XDG_CONFIG_HOME": home + "/config"]) { $1 },
                         command: [Binary.path])
        board.wait(for: "Seen Co", "maya · read-only", "lacks EXECUTE on handoff_append")
        board.press("a")
        Thread.sleep(forTimeInterval: 0.3)
        let screen = board.wait(for: "lacks EXECUTE on handoff_append")
        #expect(!screen.contains("Company"), "a form opened:\n\(screen)")
        board.press("q")
        board.wait(for: "[exited 0]")
        #expect(try cluster.sql("SELECT count(*) FROM event", database: database) == events, "nothing was appended")
    }
}
