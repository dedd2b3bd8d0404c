import Foundation
import Testing

/// The AE brief from the command line and from `y` on the real board in tmux, plain mode on
/// `TERM=dumb`, and the polish of the status line, forms and the demo's team lead.
@Suite("brief, plain mode and polish, end to end", .serialized)
struct BriefAndPlainTmuxTests {
    /// A team with one qualified lead booked with alex for tomorrow; returns its id.
    static func bookedLead(_ sandbox: Sandbox, company: String = "Globex") -> String {
        sandbox.seedTeam()
        let id = sandbox.qualifiedLead(company)
        let booked = sandbox.run(["book", id, "--ae", "alex", "--at", "tomorrow 10:00", "--agenda", "Walk the close"], as: "sam")
        #expect(booked.status == 0, "\(booked)")
        return id
    }

    @Test func leadBriefPrintsTheBriefWithHostileTextNeutralised() {
        let sandbox = Sandbox()
        sandbox.seedTeam()
        let hostile = "Evil\u{1B}]52;c;ZXZpbA==\u{07}\u{1B}[2J\u{202E}Corp"
        let id = sandbox.run(["lead", "add", "--company", hostile, "--contact", "Mal\u{1B}]0;owned\u{07}lory"], as: "sam")
            .stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        sandbox.run(["score", id, "--met", "need=They said: \u{1B}[31mwe bleed cash\u{1B}[0m", "--met", "fit=300 staff",
                     "--met", "timeframe=Q3", "--met", "authority=CFO"], as: "sam")
        let brief = sandbox.run(["lead", "brief", id])
        #expect(brief.status == 0, "\(brief)")
        #expect(brief.stdout.hasPrefix("# EvilCorp — \(id)\n"), "\(brief.stdout)")
        #expect(brief.stdout.contains("  > They said: we bleed cash\n"))
        #expect(brief.stdout.contains("- **Contact:** Mallory\n"))
        for scalar in brief.stdout.unicodeScalars where scalar != "\n" {
            #expect(scalar.value >= 0x20 && !(0x7F...0x9F).contains(scalar.value) && !(0x202A...0x202E).contains(scalar.value),
                    "U+\(String(scalar.value, radix: 16)) reached the terminal")
        }
        let missing = sandbox.run(["lead", "brief", "L-999"])
        #expect(missing.status == 3 && missing.stderr.contains("no lead L-999"), "\(missing)")
        let help = sandbox.run(["lead", "brief", "--help"])
        #expect(help.stdout.contains("what the board's y copies"))
    }

    @Test func yPutsTheBriefInTmuxsBuffer() throws {
        guard Tmux.require() else { return }
        let sandbox = Sandbox()
        let id = Self.bookedLead(sandbox)
        let board = Tmux(width: 120, height: 40,
                         environment: ["HANDOFF_DB": sandbox.store, "HANDOFF_USER": "alex", "TERM": "xterm-256color",
                                       "XDG_CONFIG_HOME": sandbox.folder.appendingPathComponent("config").path],
                         command: [Binary.path])
        board.run(["set-option", "-g", "set-clipboard", "on"])
        board.wait(for: "Handed off", "alex · AE")
        board.press("g", "2", "y")
        board.wait(for: "copied the brief of \(id)")
        let buffer = board.run(["show-buffer"])
        let printed = sandbox.run(["lead", "brief", id], as: "alex")
        #expect(printed.status == 0)
        #expect(buffer == printed.stdout, "tmux buffer:\n\(buffer)\nlead brief:\n\(printed.stdout)")
        #expect(buffer.contains("- **Agenda:** Walk the close"))
        board.press("q")
        board.wait(for: "[exited 0]")
    }

    @Test func withTmuxDroppingOSC52TheStatusSaysHowToPrintItAt80Columns() throws {
        guard Tmux.require() else { return }
        let sandbox = Sandbox()
        let id = Self.bookedLead(sandbox)
        let board = Tmux(width: 80, height: 24,
                         environment: ["HANDOFF_DB": sandbox.store, "HANDOFF_USER": "alex", "TERM": "xterm-256color",
                                       "XDG_CONFIG_HOME": sandbox.folder.appendingPathComponent("config").path],
                         command: [Binary.path])
        board.run(["set-option", "-g", "set-clipboard", "off"])
        let first = board.wait(for: "alex · AE")
        // The store's path, shortened from the left: the file's name is whole.
        #expect(first.contains("…/board.sqlite"), "\(first)")
        board.press("g", "2", "y")
        let screen = board.wait(for: "brief of \(id) not copied; handoff lead brief \(id) prints it")
        #expect(!board.run(["show-buffer"]).contains("# Globex"))
        #expect(screen.split(separator: "\n").allSatisfy { $0.count <= 80 })
        board.press("q")
        board.wait(for: "[exited 0]")
    }

    @Test func aRefusalInAFormIsShownInFullBesideItsField() throws {
        guard Tmux.require() else { return }
        let sandbox = Sandbox()
        let id = Self.bookedLead(sandbox, company: "Futura")
        let board = Tmux(width: 120, height: 40,
                         environment: ["HANDOFF_DB": sandbox.store, "HANDOFF_USER": "alex", "TERM": "xterm-256color",
                                       "XDG_CONFIG_HOME": sandbox.folder.appendingPathComponent("config").path],
                         command: [Binary.path])
        board.wait(for: "alex · AE")
        board.press("g", "2", "o")
        board.wait(for: "Outcome")
        board.press("Enter")
        let screen = board.wait(for: "✗ cannot log \(id)")
        let rows = screen.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let field = try #require(rows.firstIndex { $0.contains("Outcome") })
        let refusal = try #require(rows.firstIndex { $0.contains("✗ cannot log") })
        #expect(refusal > field && refusal <= field + 3)
        // The whole sentence, up to its end, inside the form.
        let text = rows[refusal...].prefix(4).map { $0.replacingOccurrences(of: "│", with: " ") }.joined(separator: " ")
            .split(separator: " ").joined(separator: " ")
        #expect(text.contains("the meeting is at"), "\(screen)")
        // Sized to its content: the frame closes well above the footer.
        let bottom = try #require(rows.lastIndex { $0.contains("╰") })
        #expect(bottom < 20, "\(screen)")
        board.press("Escape", "q")
        board.wait(for: "[exited 0]")
    }

    @Test func plainModeOnADumbTerminalAnnouncesEveryChange() throws {
        guard Tmux.require() else { return }
        let sandbox = Sandbox()
        let id = Self.bookedLead(sandbox)
        let board = Tmux(width: 80, height: 24,
                         environment: ["HANDOFF_DB": sandbox.store, "HANDOFF_USER": "sam", "TERM": "dumb",
                                       "XDG_CONFIG_HOME": sandbox.folder.appendingPathComponent("config").path],
                         command: [Binary.path])
        board.wait(for: "Handoff, plain mode: acting as sam, SDR", "Column 1 of 5: SDR queue, 0 cards.")
        board.press("Right")
        board.wait(for: "Column 2 of 5: Handed off, 1 card.", "Card 1 of 1: \(id) · Globex · Pat Doe · AE alex")
        // An action through a form: add a lead; the change is announced as a line.
        board.press("a")
        board.wait(for: "Form: ", "Field 1 of ")
        board.type("Initech")
        board.press("Tab")
        board.type("Bill")
        board.press("Enter")
        let added = board.wait(for: "Done: ", "Initech")
        #expect(added.contains("Column 1 of 5: SDR queue, 1 card."))
        // A refusal is a line too: sam may not disposition.
        board.press("Right", "d")
        board.wait(for: "Refused or failed: cannot")
        let screen = board.screen
        for glyph in ["│", "─", "╭", "╰", "▌", "█", "●", "▲", "⚑", "↻", "◆"] {
            #expect(!screen.contains(glyph), "plain mode drew \(glyph):\n\(screen)")
        }
        board.press("q")
        board.wait(for: "[exited 0]")
    }

    @Test func theDemoWithoutUSERNamesItsLeadAfterTheAccount() throws {
        let sandbox = Sandbox()
        var environment = ProcessInfo.processInfo.environment
        for key in ["USER", "LOGNAME", "HANDOFF_USER", "HANDOFF_DB"] { environment.removeValue(forKey: key) }
        environment["XDG_CONFIG_HOME"] = sandbox.folder.appendingPathComponent("config").path
        let seeded = Sandbox.execute(Binary.path, ["demo", "--seed-only", "--db", sandbox.store], environment: environment)
        #expect(seeded.status == 0, "\(seeded)")
        let account = Sandbox.execute("/usr/bin/id", ["-un"], environment: environment).stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(!account.isEmpty)
        let team = Sandbox.execute(Binary.path, ["team", "list", "--db", sandbox.store], environment: environment)
        let lead = team.stdout.split(separator: "\n").first { $0.contains(" lead ") }
        #expect(lead?.hasPrefix(account + " ") == true, "\(team)")
        #expect(!team.stdout.contains("unknown"))
    }
}
