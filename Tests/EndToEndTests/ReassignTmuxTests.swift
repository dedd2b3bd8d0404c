import Foundation
import Testing

/// A team lead marks two handed-off cards in the real board, presses `R`, picks an AE, reads
/// the board and the log, then `u` takes both back as one action.
@Suite("reassigning meetings in tmux", .serialized)
struct ReassignTmuxTests {
    /// Each lead's meeting AE, as `lead show` gives it.
    func aes(_ sandbox: Sandbox, _ ids: [String]) -> [String] {
        ids.map { sandbox.show($0)?["ae"] as? String ?? "?" }
    }

    func drawn(_ screen: String, _ name: String) -> Int {
        screen.components(separatedBy: "\(name) · 0d").count - 1
    }

    @Test(.timeLimit(.minutes(2)))
    func markTwoPressRPickAnAEThenUndoBoth() throws {
        guard Tmux.require() else { return }
        let sandbox = Sandbox()
        sandbox.now = "2026-11-23 09:00"
        #expect(sandbox.run(["init", "--lead", "lee", "--personal"], as: "lee").status == 0)
        for (name, role) in [("sam", "sdr"), ("alex", "ae"), ("ava", "ae"), ("jordan", "ae")] {
            #expect(sandbox.run(["team", "add", name, "--role", role], as: "lee").status == 0)
        }
        var ids: [String] = []
        for company in ["Acme Corp", "Globex"] {
            let id = sandbox.qualifiedLead(company)
            let booked = sandbox.run(["book", id, "--ae", "alex", "--at", "2026-11-24 10:00", "--agenda", "Pain"], as: "sam")
            #expect(booked.status == 0, "\(booked)")
            ids.append(id)
        }
        #expect(aes(sandbox, ids) == ["alex", "alex"])

        let board = Tmux(width: 160, height: 40,
                         environment: ["HANDOFF_DB": sandbox.store, "HANDOFF_USER": "lee", "TERM": "xterm-256color",
                                       "HANDOFF_NOW": "2026-11-23 09:00",
                                       "XDG_CONFIG_HOME": sandbox.folder.appendingPathComponent("config").path],
                         command: [Binary.path])
        let start = board.wait(for: "Handed off", "Globex")
        #expect(drawn(start, "alex") == 2, "\(start)")
        // To Handed off, mark both cards, R: the form offers the AEs but alex, whose they are.
        board.press("l", "Space", "j", "Space")
        board.wait(for: "· 2 marked")
        board.press("R")
        let form = board.wait(for: "Reassign the meetings of 2 marked cards to another AE", "Now with alex.")
        #expect(form.contains("ava"), "\(form)")
        // ava is first; → picks jordan; Enter reassigns both as one action.
        board.press("Right", "Enter")
        let done = board.wait(for: "2 reassigned to AE jordan")
        #expect(drawn(done, "jordan") == 2 && drawn(done, "alex") == 0, "\(done)")
        #expect(aes(sandbox, ids) == ["jordan", "jordan"])

        board.press("u")
        let undone = board.wait(for: "2 undone")
        #expect(drawn(undone, "alex") == 2 && drawn(undone, "jordan") == 0, "\(undone)")
        #expect(aes(sandbox, ids) == ["alex", "alex"])
        board.press("q")
        board.wait(for: "[exited 0]")
        #expect(sandbox.run(["doctor"], as: "lee").status == 0)
    }
}
