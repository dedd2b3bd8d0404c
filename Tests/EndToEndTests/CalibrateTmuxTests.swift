import Foundation
import Testing

/// The board's `c` in tmux: a team lead asks two AEs to score a handoff blind; one of them
/// opens the card, sees the SDR's scorecard hidden, presses `c`, scores it, and then sees it.
@Suite("calibrating on the board in tmux", .serialized)
struct CalibrateTmuxTests {
    func board(_ sandbox: Sandbox, as user: String) -> Tmux {
        Tmux(width: 160, height: 45,
             environment: ["HANDOFF_DB": sandbox.store, "HANDOFF_USER": user, "TERM": "xterm-256color",
                           "HANDOFF_NOW": "2026-11-23 09:00",
                           "XDG_CONFIG_HOME": sandbox.folder.appendingPathComponent("config").path],
             command: [Binary.path])
    }

    @Test(.timeLimit(.minutes(2)))
    func aLeadStartsItAndAParticipantScoresItBlind() throws {
        guard Tmux.require() else { return }
        let sandbox = Sandbox()
        sandbox.now = "2026-11-23 09:00"
        #expect(sandbox.run(["init", "--lead", "lee", "--personal"], as: "lee").status == 0)
        for (name, role) in [("sam", "sdr"), ("alex", "ae"), ("ava", "ae")] {
            #expect(sandbox.run(["team", "add", name, "--role", role], as: "lee").status == 0)
        }
        let id = sandbox.qualifiedLead("Acme Corp")
        #expect(sandbox.run(["book", id, "--ae", "alex", "--at", "2026-11-24 10:00"], as: "sam").status == 0)

        // lee: to Handed off, c: who scores it blind (everyone but its SDR sam).
        let lead = board(sandbox, as: "lee")
        lead.wait(for: "Handed off", "Acme Corp")
        lead.press("l", "c")
        let form = lead.wait(for: "Calibrate \(id): who scores it blind", "Scored by")
        #expect(!form.contains("sam"), "\(form)")
        // alex is highlighted first: → to ava, Space ticks her; Enter starts it.
        lead.press("Right", "Space", "Enter")
        lead.wait(for: "calibration started: ava score")
        lead.press("q")
        lead.wait(for: "[exited 0]")
        #expect((sandbox.show(id)?["calibration"] as? [String: Any])?["with"] as? [String] == ["ava"])

        // ava: the card's detail hides the SDR's scorecard; c opens her blind score form.
        let ava = board(sandbox, as: "ava")
        ava.wait(for: "Handed off", "Acme Corp")
        ava.press("l", "Enter")
        let detail = ava.wait(for: "Calibrating", "ava …", "hidden until you submit your calibration score")
        #expect(!detail.contains("Pain in the prospect"), "\(detail)")
        ava.press("c")
        let scoring = ava.wait(for: "your blind score", "The SDR's scorecard is hidden until you submit your calibration score")
        #expect(!scoring.contains("Pain in the prospect"), "\(scoring)")
        // need: unknown → met, with evidence; Enter submits.
        ava.press("Right", "Tab")
        ava.type("Closes the books by hand")
        ava.press("Enter")
        ava.wait(for: "calibration score by ava recorded")
        ava.press("Enter")
        let after = ava.wait(for: "ava ✓", "Pain in the prospect")
        #expect(!after.contains("hidden until you submit"), "\(after)")
        ava.press("q", "q")
        ava.wait(for: "[exited 0]")
        let shown = sandbox.run(["lead", "show", id, "--format", "json"], as: "lee").stdout
        #expect(shown.contains("Closes the books by hand") == false, "the participant's score is an event, not the lead's scorecard")
        let log = sandbox.run(["export", "--format", "json"], as: "lee").stdout
        #expect(log.contains("Closes the books by hand") && log.contains("\"calibrated\""), "\(log)")
        #expect(sandbox.run(["doctor"], as: "lee").status == 0)
    }
}
