import Foundation
import Testing

/// Issue 13, classes 7 and 8, on the real board in tmux: a store left without a team is
/// founded by the board again, and a damaged card says why instead of "loading…" for ever.
@Suite("board in tmux: damaged and team-less stores", .serialized)
struct DamagedStoreTmuxTests {
    func board(_ sandbox: Sandbox, as user: String) -> Tmux {
        let environment = ["HANDOFF_DB": sandbox.store, "HANDOFF_USER": user, "TERM": "xterm-256color",
                           "XDG_CONFIG_HOME": sandbox.folder.appendingPathComponent("config").path]
        return Tmux(width: 120, height: 40, environment: environment, command: [Binary.path])
    }

    func sqlite(_ sandbox: Sandbox, _ sql: String) {
        let result = Sandbox.execute("/usr/bin/env", ["sqlite3", sandbox.store, sql], environment: ProcessInfo.processInfo.environment)
        #expect(result.status == 0, "\(result)")
    }

    @Test func theBoardFoundsTheTeamOfAStoreWithoutOne() {
        guard Tmux.require() else { return }
        let sandbox = Sandbox()
        #expect(sandbox.run(["init", "--lead", "lee"]).status == 0)
        // What a refused `init` of an older version left: the schema, and no team.
        sqlite(sandbox, "DROP TRIGGER event_no_delete; DELETE FROM event; DELETE FROM member;")
        let tmux = board(sandbox, as: "maya")
        tmux.wait(for: "SDR queue")
        tmux.press("q")
        tmux.wait(for: "[exited 0]")
        let team = sandbox.run(["team", "list"], as: "maya")
        #expect(team.stdout.contains("maya"), "\(team)")
    }

    @Test func theBoardRefusesAnotherProgramsDatabaseUntouched() throws {
        guard Tmux.require() else { return }
        let sandbox = Sandbox()
        sqlite(sandbox, "CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL); INSERT INTO invoices (total) VALUES (12.5);")
        let before = FileManager.default.contents(atPath: sandbox.store)
        let tmux = board(sandbox, as: "lee")
        tmux.wait(for: "is not a Handoff store", "[exited 1]")
        #expect(FileManager.default.contents(atPath: sandbox.store) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: sandbox.folder.path).sorted() == ["board.sqlite"])
    }

    @Test func aDamagedCardSaysWhyAndTheBoardKeepsWorking() {
        guard Tmux.require() else { return }
        let sandbox = Sandbox()
        sandbox.seedTeam()
        sandbox.run(["lead", "add", "--company", "Damaged Co", "--contact", "Pat"], as: "sam")
        sandbox.run(["lead", "add", "--company", "Fine Inc", "--contact", "Pat"], as: "sam")
        sqlite(sandbox, "UPDATE lead SET state = json_set(state, '$.fields.email', 42) WHERE id = 1")
        let tmux = board(sandbox, as: "sam")
        tmux.wait(for: "Damaged Co", "Fine Inc")
        tmux.press("Enter")
        let screen = tmux.wait(for: "L-1 cannot be read", timeout: 5)
        #expect(!screen.contains("loading…"), "\(screen)")
        tmux.press("j", "Enter")
        tmux.wait(for: "Fine Inc", "Owner (SDR)")
        tmux.press("Escape", "q")
        tmux.wait(for: "[exited 0]")
    }
}
