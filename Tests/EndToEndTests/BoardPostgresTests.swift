import Foundation
import PostgresTestSupport
import Testing

/// The board on a PostgreSQL store, in tmux: two people on two "hosts" (two processes, two
/// database users, two home folders, both over TCP on loopback) see each other's changes
/// within a second; a connection the server kills is reported, retried, and caught up.
///
/// The team is moved from SQLite the way the README says: `handoff export` from a demo
/// file, `handoff import --events` into the database.
@Suite("board on PostgreSQL in tmux", .serialized, .enabled(if: TestCluster.isWanted))
struct BoardPostgresTests {
    /// A database holding the demo team, and login roles for maya (SDR) and alex (AE).
    struct Team {
        let cluster: TestCluster
        let database: String
        let sandbox: Sandbox

        init() throws {
            cluster = try TestCluster.shared()
            sandbox = Sandbox()
            database = try cluster.newDatabase().name
            let seeded = sandbox.run(["demo", "--seed-only", "--db", sandbox.store], as: "lee")
            #expect(seeded.status == 0, "\(seeded)")
            let export = sandbox.folder.appendingPathComponent("team.json").path
            let exported = sandbox.run(["export", "--format", "json", "--out", export], as: "lee")
            #expect(exported.status == 0, "\(exported)")
            let imported = sandbox.run(["import", "--events", export, "--db", url(for: "postgres")], as: "lee",
                                       environment: ["PGPASSWORD": cluster.superPassword])
            #expect(imported.status == 0, "\(imported)")
            // Each teammate's login gets what `handoff admin grants` prints, run by the owner.
            for user in ["maya", "alex"] {
                try cluster.role(user, password: "pw-\(user)")
                let grants = sandbox.run(["admin", "grants", "--login", user, "--db", url(for: "postgres")])
                #expect(grants.status == 0, "\(grants)")
                try cluster.script(grants.stdout, database: database)
            }
        }

        /// The store's URL for `user`, without a password.
        func url(for user: String) -> String {
            "postgres://\(user)@\(cluster.host):\(cluster.port)/\(database)"
        }

        /// Runs `handoff ARGS` on the database as the team lead (the superuser's connection).
        @discardableResult
        func run(_ arguments: [String], as user: String) -> RunResult {
            let result = sandbox.run(arguments, as: user, environment: ["HANDOFF_DB": url(for: "postgres"),
                                                                        "PGPASSWORD": cluster.superPassword])
            #expect(result.status == 0, "\(arguments): \(result)")
            return result
        }

        /// A board for `user` on a "host" of their own: their own HOME, their password from
        /// `$PGPASSWORD` (maya) or `~/.pgpass` (alex).
        func board(as user: String) throws -> Tmux {
            let home = sandbox.folder.appendingPathComponent("home-\(user)")
            try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
            var environment = ["HANDOFF_DB": url(for: user), "HANDOFF_USER": user, "TERM": "xterm-256color",
                               "HOME": home.path, "XDG_CONFIG_HOME": home.appendingPathComponent("config").path]
            if user == "maya" {
                environment["PGPASSWORD"] = "pw-\(user)"
            } else {
                let pgpass = home.appendingPathComponent(".pgpass").path
                try Data("\(cluster.host):\(cluster.port):\(database):\(user):pw-\(user)\n".utf8)
                    .write(to: URL(fileURLWithPath: pgpass))
                chmod(pgpass, 0o600)
            }
            return Tmux(width: 140, height: 40, environment: environment, command: [Binary.path])
        }

        func remove() { cluster.dropDatabase(database) }
    }

    @Test func twoBoardsOnTwoHostsSeeEachOthersChangesWithinASecond() throws {
        guard Tmux.require() else { return }
        let team = try Team()
        defer { team.remove() }
        let sdr = try team.board(as: "maya")
        let ae = try team.board(as: "alex")
        sdr.wait(for: "SDR queue", "maya · SDR", "postgres://maya@")
        ae.wait(for: "SDR queue", "alex · AE", "postgres://alex@")
        for board in [sdr, ae] {
            board.press("/")
            board.type("Realtime")
            board.press("Enter")
        }
        // maya adds a lead from her command line: both boards show it within a second.
        let id = team.sandbox.run(["lead", "add", "--company", "Realtime Co", "--contact", "Ria Time"], as: "maya",
                                  environment: ["HANDOFF_DB": team.url(for: "maya"), "PGPASSWORD": "pw-maya"])
        #expect(id.status == 0, "\(id)")
        ae.wait(for: "Realtime Co", timeout: 1)
        sdr.wait(for: "Realtime Co", timeout: 1)
        // maya undoes it on her board: alex's board loses the card within a second.
        sdr.press("u")
        let deadline = Date().addingTimeInterval(1)
        var gone = false
        while Date() < deadline, !gone {
            gone = !ae.screen.contains("Realtime Co")
            if !gone { Thread.sleep(forTimeInterval: 0.05) }
        }
        #expect(gone, "alex's board still shows the withdrawn lead:\n\(ae.screen)")
        sdr.press("q")
        ae.press("q")
        sdr.wait(for: "[exited 0]")
        ae.wait(for: "[exited 0]")
    }

    @Test func aConnectionKilledByTheServerIsReportedRetriedAndCaughtUp() throws {
        guard Tmux.require() else { return }
        let team = try Team()
        defer { team.remove() }
        let sdr = try team.board(as: "maya")
        sdr.wait(for: "SDR queue", "maya · SDR")
        sdr.press("/")
        sdr.type("Meanwhile")
        sdr.press("Enter")
        // The server drops every connection of maya's and, for a moment, will not let her back.
        try team.cluster.sql("ALTER ROLE maya NOLOGIN")
        let killed = try team.cluster.sql("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE usename = 'maya'")
        #expect(Int(killed) ?? 0 >= 1, "maya's board had no connection to kill")
        sdr.wait(for: "lost the connection to postgres://maya@")
        // Meanwhile the team lead adds a lead.
        team.run(["lead", "add", "--company", "Meanwhile Inc", "--contact", "Mia While", "--owner", "maya"], as: "lee")
        try team.cluster.sql("ALTER ROLE maya LOGIN")
        let screen = sdr.wait(for: "reconnected to postgres://maya@", "Meanwhile Inc", timeout: 10)
        #expect(!screen.contains("pw-maya"), "the password never shows")
        sdr.press("q")
        sdr.wait(for: "[exited 0]")
    }
}
