import Foundation
import Testing

/// A team lead marks three cards in the real board, reassigns them at once, undoes the whole
/// bulk action with `u`, and redoes it with Ctrl-R: the status line, the board and the log
/// (read back with `lead list`) agree at each step.
@Suite("bulk actions in tmux", .serialized)
struct BulkTmuxTests {
    /// Each lead's owner, as `lead list` prints it.
    func owners(_ sandbox: Sandbox) -> [String: String] {
        let result = sandbox.run(["lead", "list"], as: "lee")
        #expect(result.status == 0, "\(result)")
        var owners: [String: String] = [:]
        for line in result.stdout.split(separator: "\n") {
            let cells = line.split(separator: "\t").map(String.init)
            if cells.count >= 5 { owners[cells[0]] = cells[4] }
        }
        return owners
    }

    /// The owners drawn on the board's cards ("sue · 0d").
    func drawn(_ screen: String, _ name: String) -> Int {
        screen.components(separatedBy: "\(name) · 0d").count - 1
    }

    @Test(.timeLimit(.minutes(2)))
    func markThreeReassignUndoRedo() throws {
        guard Tmux.require() else { return }
        let sandbox = Sandbox()
        #expect(sandbox.run(["init", "--lead", "lee", "--personal"], as: "lee").status == 0)
        for name in ["sam", "sue"] {
            #expect(sandbox.run(["team", "add", name, "--role", "sdr"], as: "lee").status == 0)
        }
        for (company, owner) in [("Acme Corp", "sam"), ("Globex", "sam"), ("Initech", "sue"), ("Hooli", "sam")] {
            let added = sandbox.run(["lead", "add", "--company", company, "--contact", "Pat Doe"], as: owner)
            #expect(added.status == 0, "\(added)")
        }
        #expect(owners(sandbox) == ["L-1": "sam", "L-2": "sam", "L-3": "sue", "L-4": "sam"])

        let board = Tmux(width: 200, height: 40,
                         environment: ["HANDOFF_DB": sandbox.store, "HANDOFF_USER": "lee", "TERM": "xterm-256color",
                                       "XDG_CONFIG_HOME": sandbox.folder.appendingPathComponent("config").path],
                         command: [Binary.path])
        let start = board.wait(for: "SDR queue", "Hooli")
        #expect(drawn(start, "sam") == 3 && drawn(start, "sue") == 1, "\(start)")
        // Mark the first three cards of the queue: a tick on each, the count in the status line.
        board.press("Space", "j", "Space", "j", "Space")
        let marked = board.wait(for: "· 3 marked")
        #expect(marked.components(separatedBy: "✓ ").count - 1 == 3, "\(marked)")
        // r: the reassign form; → picks sue (after sam), Enter reassigns every marked card.
        board.press("r")
        board.wait(for: "Reassign 3 marked cards to another SDR")
        board.press("Right", "Enter")
        let done = board.wait(for: "2 reassigned to sue, 1 refused: L-3: nothing to change on L-3")
        #expect(drawn(done, "sue") == 3 && drawn(done, "sam") == 1, "\(done)")
        // The refused card stays marked.
        #expect(done.contains("· 1 marked"), "\(done)")
        #expect(owners(sandbox) == ["L-1": "sue", "L-2": "sue", "L-3": "sue", "L-4": "sam"])

        board.press("Escape", "u")
        let undone = board.wait(for: "2 undone")
        #expect(drawn(undone, "sam") == 3 && drawn(undone, "sue") == 1, "\(undone)")
        #expect(owners(sandbox) == ["L-1": "sam", "L-2": "sam", "L-3": "sue", "L-4": "sam"])

        board.press("C-r")
        let redone = board.wait(for: "2 redone")
        #expect(drawn(redone, "sue") == 3 && drawn(redone, "sam") == 1, "\(redone)")
        #expect(owners(sandbox) == ["L-1": "sue", "L-2": "sue", "L-3": "sue", "L-4": "sam"])

        // Redo again: nothing left, and the board says why.
        board.press("C-r")
        board.wait(for: "nothing to redo: lee has undone nothing that is not redone already")
        board.press("q")
        board.wait(for: "[exited 0]")

        // The command line's undo takes the redo back as a whole too; doctor replays it all.
        let cliUndo = sandbox.run(["undo"], as: "lee")
        #expect(cliUndo.status == 0 && cliUndo.stdout.contains("2 undone"), "\(cliUndo)")
        let cliRedo = sandbox.run(["redo"], as: "lee")
        #expect(cliRedo.status == 0 && cliRedo.stdout.contains("2 redone"), "\(cliRedo)")
        #expect(owners(sandbox)["L-1"] == "sue")
        // Nothing left to redo: one line on stderr, exit 3, nothing changed.
        let again = sandbox.run(["redo"], as: "lee")
        #expect(again.status == 3, "\(again)")
        #expect(again.stderr.contains("nothing to redo: lee has undone nothing that is not redone already"), "\(again)")
        #expect(owners(sandbox)["L-1"] == "sue")
        let doctor = sandbox.run(["doctor"], as: "lee")
        #expect(doctor.status == 0, "\(doctor)")
    }
}
