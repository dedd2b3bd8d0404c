import Foundation
import Testing

/// The book form's proposal on the real board in tmux (issue 16 item 1).
@Suite("board in tmux: routing on the book form", .serialized)
struct RoutingTmuxTests {
    func board(_ sandbox: Sandbox, as user: String) -> Tmux {
        var environment = ["HANDOFF_DB": sandbox.store, "HANDOFF_USER": user, "TERM": "xterm-256color",
                           "XDG_CONFIG_HOME": sandbox.folder.appendingPathComponent("config").path]
        if let now = sandbox.now { environment["HANDOFF_NOW"] = now }
        return Tmux(width: 120, height: 40, environment: environment, command: [Binary.path])
    }

    /// sam's board with the book form open on the card of `company`.
    func bookForm(_ sandbox: Sandbox, _ company: String) -> Tmux {
        let sdr = board(sandbox, as: "sam")
        sdr.wait(for: "SDR queue", "sam · SDR")
        sdr.press("/")
        sdr.type(company.components(separatedBy: " ")[0])
        sdr.press("Enter")
        sdr.wait(for: company)
        sdr.press("b")
        return sdr
    }

    /// Types the meeting's time into the open book form and presses Enter.
    func submit(_ sdr: Tmux, at time: String) {
        sdr.press("Tab")
        sdr.type(time)
        sdr.press("Enter")
    }

    /// Quits the board.
    func quit(_ sdr: Tmux) {
        sdr.press("q")
        sdr.wait(for: "[exited 0]")
    }

    @Test func theBookFormProposesTheAEAndSaysWhy() throws {
        guard Tmux.require() else { return }
        let sandbox = Sandbox()
        sandbox.now = "2026-11-23 09:00"
        sandbox.seedTeam()
        // alex has one booking this week: ava is next.
        #expect(sandbox.run(["book", sandbox.qualifiedLead("First Co"), "--ae", "alex", "--at", "2026-11-24 09:00"], as: "sam").status == 0)
        let id = sandbox.qualifiedLead("Routed Co")

        let sdr = bookForm(sandbox, "Routed Co")
        let form = sdr.wait(for: "hand off to an AE", "Rotation: ava — 0 this week, next in rotation")
        #expect(form.contains("proposed by the rotation"), "\(form)")
        submit(sdr, at: "2026-11-24 10:00")
        sdr.wait(for: "meeting with ava")
        quit(sdr)
        #expect(sandbox.show(id)?["ae"] as? String == "ava")
    }

    @Test func aMeetingOnADayTheProposedAEIsAwayIsProposedAgainForThatDay() throws {
        guard Tmux.require() else { return }
        let sandbox = Sandbox()
        sandbox.now = "2026-11-23 09:00"
        sandbox.seedTeam()
        // Monday: alex is next in rotation, but away on Wednesday, the day the SDR books for.
        #expect(sandbox.run(["team", "away", "alex", "--from", "2026-11-25", "--to", "2026-11-25"], as: "lee").status == 0)
        let id = sandbox.qualifiedLead("Midweek Co")

        let sdr = bookForm(sandbox, "Midweek Co")
        sdr.wait(for: "hand off to an AE", "Rotation: alex — 0 this week, next in rotation")
        submit(sdr, at: "2026-11-25 10:00")
        let replanned = sdr.wait(for: "On 2026-11-25 the rotation proposes ava", "Enter books")
        #expect(replanned.contains("Rotation: ava — 0 this week, next in rotation (alex away 2026-11-25 to 2026-11-25)"), "\(replanned)")
        let before = try #require(sandbox.show(id))
        #expect(before["ae"] == nil, "nothing is booked before the SDR has seen the new proposal")
        sdr.press("Enter")
        sdr.wait(for: "meeting with ava")
        quit(sdr)
        #expect(sandbox.show(id)?["ae"] as? String == "ava")
    }

    @Test func nobodyAvailableIsSaidOnTheForm() throws {
        guard Tmux.require() else { return }
        let sandbox = Sandbox()
        sandbox.now = "2026-11-23 09:00"
        sandbox.seedTeam()
        #expect(sandbox.run(["team", "away", "alex", "--from", "2026-11-23", "--to", "2026-11-29"], as: "lee").status == 0)
        #expect(sandbox.run(["team", "away", "ava", "--from", "2026-11-23", "--to", "2026-11-29"], as: "lee").status == 0)
        sandbox.qualifiedLead("Lonely Co")
        let sdr = bookForm(sandbox, "Lonely Co")
        sdr.wait(for: "Rotation: nobody available: alex away 2026-11-23 to 2026-11-29;")
        sdr.press("Escape")
        quit(sdr)
    }
}
