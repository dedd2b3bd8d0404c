import Foundation
import Testing

/// The no-show policy on the real board in tmux (issue 16 item 4): the outcome form's
/// reason picker and its warning, then the card's detail at the limit with `b` refused.
@Suite("board in tmux: no-show reason and limit", .serialized)
struct NoShowTmuxTests {
    @Test func theOutcomeFormTakesAReasonAndTheLimitRefusesBooking() throws {
        guard Tmux.require() else { return }
        let sandbox = Sandbox()
        sandbox.now = "2026-11-23 09:00"
        sandbox.seedTeam()
        let id = sandbox.qualifiedLead("Twice Missed Co")
        sandbox.run(["book", id, "--ae", "alex", "--at", "2026-11-23 10:00"], as: "sam")
        sandbox.now = "2026-11-23 11:00"
        #expect(sandbox.run(["outcome", id, "no-show", "--reason", "conflict"], as: "sam").status == 0)
        sandbox.run(["book", id, "--ae", "alex", "--at", "2026-11-24 10:00"], as: "sam")
        sandbox.now = "2026-11-24 11:00"

        var environment = ["HANDOFF_DB": sandbox.store, "HANDOFF_USER": "sam", "TERM": "xterm-256color",
                           "XDG_CONFIG_HOME": sandbox.folder.appendingPathComponent("config").path]
        environment["HANDOFF_NOW"] = sandbox.now
        let sdr = Tmux(width: 120, height: 40, environment: environment, command: [Binary.path])
        sdr.wait(for: "SDR queue", "sam · SDR")
        sdr.press("g", "2")
        sdr.wait(for: "Twice Missed")
        sdr.press("o")
        // One no-show already: the form warns that this one reaches the limit.
        sdr.wait(for: "Meeting outcome", "has 1 no-show already: a no-show now reaches the team's limit of 2")
        sdr.press("Right")
        sdr.press("Tab")
        let picker = sdr.wait(for: "Reason", "choose a reason")
        #expect(!picker.contains("New time"), "the reason is for a no-show; the new time for a reschedule:\n\(picker)")
        sdr.press("Right")
        sdr.wait(for: "no_response")
        sdr.press("Enter")
        sdr.wait(for: "flagged to rebook")
        // In the queue now: its detail says it is at the limit, and b gives the rules' sentence.
        sdr.press("g", "1")
        sdr.press("Enter")
        sdr.wait(for: "No-shows", "the team's limit of 2: it cannot be booked again")
        sdr.press("b")
        sdr.wait(for: "cannot book \(id) again")
        sdr.press("Escape", "q")
        sdr.wait(for: "[exited 0]")
        let timeline = sandbox.run(["lead", "show", id])
        #expect(timeline.stdout.contains("logged the meeting no-show (no_response)"), "\(timeline)")
    }
}
