import Foundation
import Testing

/// A team lead opens the standup view with one key: the real binary in tmux, on the demo
/// store, with a view in config.toml.
@Suite("views in tmux", .serialized)
struct ViewTmuxTests {
    /// The leads `lead list` prints: id, column and company.
    func leads(_ sandbox: Sandbox, where query: String? = nil) -> [(id: String, column: String, company: String)] {
        let result = sandbox.run(["lead", "list"] + (query.map { ["--where", $0] } ?? []))
        #expect(result.status == 0, "\(result)")
        return result.stdout.split(separator: "\n").compactMap { line in
            let cells = line.split(separator: "\t").map(String.init)
            return cells.count >= 3 ? (cells[0], cells[1], cells[2]) : nil
        }
    }

    @Test func oneKeyOpensTheStandupView() throws {
        guard Tmux.require() else { return }
        let sandbox = Sandbox()
        let seeded = sandbox.run(["demo", "--seed-only", "--db", sandbox.store], as: "lee")
        #expect(seeded.status == 0, "\(seeded)")
        let folder = sandbox.folder.appendingPathComponent("config/handoff")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try """
            [views]
            standup = "is:breach or is:aging"
            """.write(to: folder.appendingPathComponent("config.toml"), atomically: true, encoding: .utf8)

        let inView = leads(sandbox, where: "is:breach or is:aging")
        let outside = leads(sandbox).filter { lead in !inView.contains { $0.id == lead.id } }
        #expect(!inView.isEmpty && !outside.isEmpty)

        let board = Tmux(width: 120, height: 40,
                         environment: ["HANDOFF_DB": sandbox.store, "HANDOFF_USER": "lee", "TERM": "xterm-256color",
                                       "XDG_CONFIG_HOME": sandbox.folder.appendingPathComponent("config").path],
                         command: [Binary.path])
        let before = board.wait(for: "SDR queue", "lee · team lead")
        // Cards drawn now that the view must hide, and cards it must keep.
        let hidden = outside.map { String($0.company.prefix(14)) }.filter(before.contains)
        #expect(!hidden.isEmpty, "no card outside the view is on screen:\n\(before)")
        board.press("1")
        let after = board.wait(for: "view 1 standup")
        for company in hidden {
            #expect(!after.contains(company), "\(company) is not a breach or aging, yet shown:\n\(after)")
        }
        let kept = inView.map { String($0.company.prefix(14)) }.filter(after.contains)
        #expect(!kept.isEmpty, "no breach or aging card on screen:\n\(after)")
        // The same key again shows every card.
        board.press("1")
        let all = board.wait(for: hidden.first ?? "SDR queue")
        #expect(!all.contains("view 1 standup"))
        board.press("q")
        board.wait(for: "[exited 0]")
    }

    @Test("t sorts a column, the header says so, and the next board remembers it")
    func sortIsRemembered() throws {
        guard Tmux.require() else { return }
        let sandbox = Sandbox()
        let seeded = sandbox.run(["demo", "--seed-only", "--db", sandbox.store], as: "lee")
        #expect(seeded.status == 0, "\(seeded)")
        let environment = ["HANDOFF_DB": sandbox.store, "HANDOFF_USER": "lee", "TERM": "xterm-256color",
                           "XDG_CONFIG_HOME": sandbox.folder.appendingPathComponent("config").path]
        let first = Tmux(width: 120, height: 40, environment: environment, command: [Binary.path])
        first.wait(for: "SDR queue", "lee · team lead")
        first.press("g", "2", "t", "t")
        first.wait(for: "↕SLA ", "Handed off sorted by SLA left")
        first.press("q")
        first.wait(for: "[exited 0]")
        let saved = try String(contentsOf: sandbox.folder.appendingPathComponent("config/handoff/sorts.tsv"), encoding: .utf8)
        #expect(saved == "lee\thanded-off\tsla\n")

        let second = Tmux(width: 120, height: 40, environment: environment, command: [Binary.path])
        second.wait(for: "SDR queue", "↕SLA ")
        second.press("q")
        second.wait(for: "[exited 0]")
    }

    @Test(.timeLimit(.minutes(2)))
    func anUnreadableSortFileOpensTheBoardInBoardOrder() throws {
        guard Tmux.require() else { return }
        let sandbox = Sandbox()
        let seeded = sandbox.run(["demo", "--seed-only", "--db", sandbox.store], as: "lee")
        #expect(seeded.status == 0, "\(seeded)")
        // sorts.tsv is a folder: not a file the board may read or replace.
        let sortPath = sandbox.folder.appendingPathComponent("config/handoff/sorts.tsv")
        try FileManager.default.createDirectory(at: sortPath, withIntermediateDirectories: true)
        let environment = ["HANDOFF_DB": sandbox.store, "HANDOFF_USER": "lee", "TERM": "xterm-256color",
                           "XDG_CONFIG_HOME": sandbox.folder.appendingPathComponent("config").path]
        let board = Tmux(width: 200, height: 40, environment: environment, command: [Binary.path])
        board.wait(for: "SDR queue", "sorts not remembered: ", "not a regular file")
        board.press("g", "2", "t")
        board.wait(for: "↕")
        board.press("q")
        board.wait(for: "[exited 0]")
        var isFolder: ObjCBool = false
        #expect(FileManager.default.fileExists(atPath: sortPath.path, isDirectory: &isFolder) && isFolder.boolValue)
    }
}
