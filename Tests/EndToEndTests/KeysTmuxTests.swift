import Foundation
import Testing

/// keys.toml, the palette and settings reload, on the real binary in tmux: the README's
/// Colemak example typed as written, a bad file refused at start, `:` running an action by
/// name, and `kill -HUP` reading config and keys again (a broken file keeps the old ones).
@Suite("keys, palette and reload in tmux", .serialized)
struct KeysTmuxTests {
    /// The toml block between the README's keys-example markers, as a user would copy it.
    static func readmeExample() throws -> String {
        let readme = try String(contentsOf: Binary.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        guard let begin = readme.range(of: "<!-- keys-example:begin"), let end = readme.range(of: "<!-- keys-example:end") else {
            Issue.record("README has no keys-example block")
            return ""
        }
        let block = readme[begin.upperBound..<end.lowerBound]
        guard let open = block.range(of: "```toml\n"), let close = block.range(of: "```", range: open.upperBound..<block.endIndex) else {
            Issue.record("the keys-example block holds no toml")
            return ""
        }
        return String(block[open.upperBound..<close.lowerBound])
    }

    static func settings(_ sandbox: Sandbox) throws -> URL {
        let folder = sandbox.folder.appendingPathComponent("config/handoff")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    static func board(_ sandbox: Sandbox, width: Int = 120) -> Tmux {
        Tmux(width: width, height: 40,
             // NO_COLOR empty: the themes' colours, whatever the test runner's environment says.
             environment: ["HANDOFF_DB": sandbox.store, "HANDOFF_USER": "lee", "TERM": "xterm-256color", "NO_COLOR": "",
                           "XDG_CONFIG_HOME": sandbox.folder.appendingPathComponent("config").path],
             command: [Binary.path])
    }

    static func seeded() -> Sandbox {
        let sandbox = Sandbox()
        let seeded = sandbox.run(["demo", "--seed-only", "--db", sandbox.store], as: "lee")
        #expect(seeded.status == 0, "\(seeded)")
        return sandbox
    }

    /// The company on the second card of a column, read from the board as drawn (each card
    /// is three rows and a gap under the header and its rule).
    static func secondCard(_ screen: String, column title: String) -> String {
        let rows = screen.components(separatedBy: "\n")
        guard rows.count > 7, let header = rows[1].range(of: title) else { return "" }
        let start = rows[1].distance(from: rows[1].startIndex, to: header.lowerBound) - 1
        let row = Array(rows[7])
        guard start >= 0, start + 16 <= row.count else { return "" }
        return String(row[start..<start + 16]).trimmingCharacters(in: CharacterSet(charactersIn: " ▌…"))
    }

    @Test("the README's Colemak keys.toml: n/e/h/i move, E edits, ? shows the keys in effect")
    func readmeColemakExample() throws {
        guard Tmux.require() else { return }
        let sandbox = Self.seeded()
        let example = try Self.readmeExample()
        #expect(example.contains("card-down = [\"down\", \"n\"]"))
        try example.write(to: Self.settings(sandbox).appendingPathComponent("keys.toml"), atomically: true, encoding: .utf8)

        let board = Self.board(sandbox)
        let first = board.wait(for: "SDR queue", "lee · team lead")
        let target = Self.secondCard(first, column: "Handed off")
        #expect(target.count >= 6, "no second card in Handed off:\n\(first)")
        // i: next column; n: next card; Enter opens it.
        board.press("i", "n", "Enter")
        board.wait(for: String(target.prefix(12)), "Timeline")
        board.press("Escape")
        // The help lists the keys in effect, not the defaults.
        board.press("?")
        let help = board.wait(for: "↓ n", "next card", "← h", "previous column")
        #expect(!help.contains("↓ j "), "j is still listed:\n\(help)")
        board.press("Escape")
        // E opens the edit form on the card (e moved up).
        board.press("E")
        board.wait(for: "Edit")
        board.press("Escape")
        board.press("q")
        board.wait(for: "[exited 0]")
    }

    @Test func aClashOrATypoIsRefusedAtStartWithItsLine() throws {
        let sandbox = Self.seeded()
        let file = try Self.settings(sandbox).appendingPathComponent("keys.toml")
        try "# mine\ncard-up = [\"up\", \"e\"]\n".write(to: file, atomically: true, encoding: .utf8)
        let clash = sandbox.run([], as: "lee")
        #expect(clash.status == 2, "\(clash)")
        #expect(clash.stderr.contains("keys.toml:2: e would be both card-up and edit-lead"), "\(clash)")
        try "card-dwon = \"n\"\n".write(to: file, atomically: true, encoding: .utf8)
        let typo = sandbox.run([], as: "lee")
        #expect(typo.status == 2 && typo.stderr.contains("keys.toml:1: unknown action 'card-dwon' (did you mean card-down?)"), "\(typo)")
    }

    @Test(": finds an action by name and runs it; a refused one says why")
    func paletteRunsByName() throws {
        guard Tmux.require() else { return }
        let sandbox = Self.seeded()
        let board = Self.board(sandbox)
        board.wait(for: "SDR queue", "lee · team lead")
        board.press(":")
        board.wait(for: "Palette", "reload settings")
        board.type("srt")
        board.wait(for: "sort this column")
        board.press("Enter")
        board.wait(for: "SDR queue sorted by age")
        board.press(":")
        board.type("jump returned")
        board.press("Enter")
        board.press(":")
        // The rules refuse scoring a returned lead: the palette says why and runs nothing.
        board.type("score")
        let refused = board.wait(for: "not possible on L-")
        #expect(refused.contains("score against the SQL definition"))
        board.press("Escape", "q")
        board.wait(for: "[exited 0]")
    }

    @Test("kill -HUP reads config.toml and keys.toml again; a broken file keeps the old settings")
    func sighupReloads() throws {
        guard Tmux.require() else { return }
        let sandbox = Self.seeded()
        let folder = try Self.settings(sandbox)
        // Wide enough for the whole reason beside the store's path.
        let board = Self.board(sandbox, width: 200)
        board.wait(for: "SDR queue", "lee · team lead")
        let pid = board.boardPID()
        #expect(pid != nil, "no board process under the pane")
        guard let pid else { return }

        // The default theme draws in 256 colours; mono in none.
        #expect(board.colouredScreen().contains("\u{1B}[38;5;"))
        try "theme = \"mono\"\n[views]\nstuck = \"age:>10d\"\n".write(to: folder.appendingPathComponent("config.toml"), atomically: true, encoding: .utf8)
        try "card-down = [\"down\", \"n\"]\n".write(to: folder.appendingPathComponent("keys.toml"), atomically: true, encoding: .utf8)
        kill(pid, SIGHUP)
        board.wait(for: "settings reloaded: config.toml, keys.toml, theme mono")
        #expect(!board.colouredScreen().contains("\u{1B}[38;5;"), "the theme was not switched")
        board.press("1")
        board.wait(for: "view 1 stuck")
        board.press("?")
        board.wait(for: "↓ n", "view stuck: age:>10d")
        board.press("Escape")

        // A typo: nothing changes, and the status line says where.
        try "crad-up = \"e\"\n".write(to: folder.appendingPathComponent("keys.toml"), atomically: true, encoding: .utf8)
        kill(pid, SIGHUP)
        board.wait(for: "not reloaded: keys.toml:1: unknown action 'crad-up' (did you mean card-up?)")
        board.press("?")
        board.wait(for: "↓ n", "view stuck")
        board.press("Escape", "q")
        board.wait(for: "[exited 0]")
    }
}

extension Tmux {
    /// The screen with its colours and attributes, as escape sequences.
    func colouredScreen() -> String { run(["capture-pane", "-p", "-e", "-t", session]) }

    /// The board's process: the child of the pane's shell (`env` execs the binary).
    func boardPID() -> pid_t? {
        let shell = run(["display-message", "-p", "-t", session, "#{pane_pid}"]).trimmingCharacters(in: .whitespacesAndNewlines)
        let children = Sandbox.execute("/usr/bin/pgrep", ["-P", shell], environment: ProcessInfo.processInfo.environment)
        return children.stdout.split(separator: "\n").first.flatMap { pid_t($0.trimmingCharacters(in: .whitespaces)) }
    }
}
