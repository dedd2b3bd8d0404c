import Foundation
import PostgresTestSupport
import Testing

/// Two people on one store, the real binary: alex's board is open; maya books a meeting with
/// alex from her command line; alex's status line says so without a key press, `n` lists it,
/// and looking again (or on the next board) shows nothing new.
@Suite("what lands for me, in tmux", .serialized)
struct NotifyTmuxTests {
    /// maya's commands that add, score and book a lead with alex; returns its id.
    static func bookWithAlex(_ company: String, run: ([String]) -> RunResult) -> String {
        let added = run(["lead", "add", "--company", company, "--contact", "Nora Tify"])
        #expect(added.status == 0, "\(added)")
        let id = added.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let scored = run(["score", id, "--met", "need=Month-end close takes 9 days", "--met", "fit=300 staff",
                          "--met", "timeframe=Before the audit", "--met", "authority=Runs finance ops"])
        #expect(scored.status == 0, "\(scored)")
        let booked = run(["book", id, "--ae", "alex", "--at", "+1d 10:00", "--agenda", "Close pain"])
        #expect(booked.status == 0, "\(booked)")
        return id
    }

    /// What alex sees, from the booking on: the status line, the list, nothing new after.
    static func expectTheNoticeLands(_ board: () throws -> Tmux, company: String, book: () -> String) rethrows {
        var ae = try board()
        ae.wait(for: "alex · AE")
        #expect(!ae.screen.contains("new for you"))
        let id = book()
        #expect(id.hasPrefix("L-"))
        // No key is pressed: the board's refresh brings it.
        ae.wait(for: "1 new for you: \(id) \(company) handed to you by maya", "· 1 new (n)")
        ae.press("n")
        ae.wait(for: "New for you", "1 new for you", "\(id) \(company) handed to you by maya")
        ae.press("Escape")
        ae.press("n")
        ae.wait(for: "Nothing new for you since you last looked", "Seen earlier on this board")
        ae.press("Enter")
        ae.press("q")
        ae.wait(for: "[exited 0]")
        // The next board remembers what was seen.
        ae = try board()
        ae.wait(for: "alex · AE")
        Thread.sleep(forTimeInterval: 0.5)
        #expect(!ae.screen.contains("new for you"), "\(ae.screen)")
        ae.press("n")
        ae.wait(for: "Nothing new for you since you last looked")
        ae.press("Escape", "q")
        ae.wait(for: "[exited 0]")
    }

    @Test func onSQLite() throws {
        guard Tmux.require() else { return }
        let sandbox = Sandbox()
        let seeded = sandbox.run(["demo", "--seed-only", "--db", sandbox.store], as: "lee")
        #expect(seeded.status == 0, "\(seeded)")
        let state = sandbox.folder.appendingPathComponent("state")
        let board = {
            Tmux(width: 140, height: 40, environment: [
                "HANDOFF_DB": sandbox.store, "HANDOFF_USER": "alex", "TERM": "xterm-256color",
                "XDG_CONFIG_HOME": sandbox.folder.appendingPathComponent("config").path, "XDG_STATE_HOME": state.path,
            ], command: [Binary.path])
        }
        Self.expectTheNoticeLands(board, company: "Notify Tmux Co") {
            Self.bookWithAlex("Notify Tmux Co") { sandbox.run($0, as: "maya") }
        }
        let cursor = try String(contentsOf: state.appendingPathComponent("handoff/seen.tsv"), encoding: .utf8)
        #expect(cursor.hasPrefix("# handoff: what each member has seen"))
        #expect(cursor.contains("\(sandbox.store)\talex\t"))
    }

    @Test(.enabled(if: TestCluster.isWanted))
    func onPostgreSQL() throws {
        guard Tmux.require() else { return }
        let team = try BoardPostgresTests.Team()
        defer { team.remove() }
        try Self.expectTheNoticeLands({ try team.board(as: "alex") }, company: "Notify Postgres Co") {
            Self.bookWithAlex("Notify Postgres Co") { arguments in
                team.sandbox.run(arguments, as: "maya", environment: ["HANDOFF_DB": team.url(for: "maya"), "PGPASSWORD": "pw-maya"])
            }
        }
    }
}
