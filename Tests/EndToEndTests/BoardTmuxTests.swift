import Foundation
import Testing

/// The real binary in tmux, from the demo store: keys in, screen read back.
@Suite("board in tmux", .serialized)
struct BoardTmuxTests {
    /// A demo store with one extra lead of maya's, known by its company.
    func demo(_ sandbox: Sandbox, lead company: String) -> String {
        let seeded = sandbox.run(["demo", "--seed-only", "--db", sandbox.store], as: "lee")
        #expect(seeded.status == 0, "\(seeded)")
        let id = sandbox.run(["lead", "add", "--company", company, "--contact", "Terry Tester"], as: "maya").stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(id.hasPrefix("L-"))
        return id
    }

    func board(_ sandbox: Sandbox, as user: String, now: String? = nil, width: Int = 120, height: Int = 40) -> Tmux {
        var environment = ["HANDOFF_DB": sandbox.store, "HANDOFF_USER": user, "TERM": "xterm-256color",
                           "XDG_CONFIG_HOME": sandbox.folder.appendingPathComponent("config").path]
        if let now { environment["HANDOFF_NOW"] = now }
        return Tmux(width: width, height: height, environment: environment, command: [Binary.path])
    }

    /// "YYYY-MM-DD HH:MM" `days` from now, for `$HANDOFF_NOW`.
    func later(days: Int) -> String {
        let date = Date().addingTimeInterval(Double(days) * 86_400)
        let c = Calendar.current.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d 12:00", c.year ?? 0, c.month ?? 0, c.day ?? 0)
    }

    @Test func qualifyBookHoldAndAcceptOnScreen() throws {
        guard Tmux.require() else { return }
        let sandbox = Sandbox()
        let id = demo(sandbox, lead: "Tmux Test Co")
        // The book form proposes the AE by rotation: with jordan away today and tomorrow,
        // whatever the demo booked this week, it proposes alex.
        let away = sandbox.run(["team", "away", "jordan", "--from", String(later(days: 0).prefix(10)),
                                "--to", String(later(days: 1).prefix(10))], as: "lee")
        #expect(away.status == 0, "\(away)")

        let sdr = board(sandbox, as: "maya")
        sdr.wait(for: "SDR queue", "maya · SDR")
        sdr.press("/")
        sdr.type("Tmux Test")
        sdr.press("Enter")
        sdr.wait(for: "Tmux Test Co")
        sdr.press("s")
        sdr.wait(for: "Score \(id)")
        for evidence in ["Month-end close takes 9 days", "300 staff, NetSuite", "Audit in Q1", "CFO's delegate"] {
            sdr.press("m", "Tab")
            sdr.type(evidence)
            sdr.press("Tab")
        }
        sdr.press("Enter")
        sdr.wait(for: "scored")
        sdr.press("b")
        sdr.wait(for: "hand off to an AE")
        sdr.press("Tab")
        sdr.type("+1d 10:00")
        sdr.press("Enter")
        sdr.wait(for: "handed off: meeting with alex")
        sdr.press("q")
        sdr.wait(for: "[exited 0]")

        let ae = board(sandbox, as: "alex", now: later(days: 2))
        ae.wait(for: "alex · AE")
        ae.press("l", "/")
        ae.type("Tmux Test")
        ae.press("Enter", "o")
        ae.wait(for: "Meeting outcome")
        ae.press("Enter")
        ae.wait(for: "meeting held")
        ae.press("d")
        ae.wait(for: "Disposition")
        ae.press("Tab")
        ae.type("Demo for the CFO")
        ae.press("Tab")
        ae.type("+5d")
        ae.press("Enter")
        ae.wait(for: "accepted (SAO)")
        ae.press("l")
        let screen = ae.wait(for: "Tmux Test Co")
        // The card sits under the SAO header.
        let lines = screen.components(separatedBy: "\n")
        let header = lines.first { $0.contains("SDR queue") } ?? ""
        let saoColumn = header.range(of: "SAO").map { header.distance(from: header.startIndex, to: $0.lowerBound) } ?? -1
        let cardLine = lines.first { $0.contains("Tmux Test Co") } ?? ""
        let cardColumn = cardLine.range(of: "Tmux Test Co").map { cardLine.distance(from: cardLine.startIndex, to: $0.lowerBound) } ?? -2
        #expect(abs(cardColumn - saoColumn) <= 2, "card at \(cardColumn), SAO header at \(saoColumn):\n\(screen)")
        ae.press("q")
        ae.wait(for: "[exited 0]")
        #expect(sandbox.show(id)?["column"] as? String == "sao")
    }

    @Test func returnWithTwoReasonsShowsTheAnnotation() throws {
        guard Tmux.require() else { return }
        let sandbox = Sandbox()
        let id = demo(sandbox, lead: "Return Test Co")
        sandbox.run(["score", id, "--met", "need=Says so", "--met", "fit=ICP", "--met", "timeframe=Q1", "--met", "authority=Head"], as: "maya")
        let booked = sandbox.run(["book", id, "--ae", "alex", "--at", "+1d 10:00"], as: "maya")
        #expect(booked.status == 0, "\(booked)")

        let ae = board(sandbox, as: "alex", now: later(days: 2))
        ae.wait(for: "alex · AE")
        ae.press("l", "/")
        ae.type("Return Test")
        ae.press("Enter", "d")
        ae.wait(for: "only a return (triage)")
        ae.press("Tab", "Space", "Right", "Space", "Tab", "Tab")
        ae.type("Twelve people and no budget owner")
        ae.press("Enter")
        ae.wait(for: "returned")
        ae.press("l", "l", "l", "Enter")
        ae.wait(for: "Returned by alex")
        ae.press("NPage")
        ae.wait(for: "No need, Not ICP", "Twelve people and no budget owner")
        ae.press("Escape", "q")
        ae.wait(for: "[exited 0]")
        let disposition = sandbox.show(id)?["disposition"] as? [String: Any]
        #expect(disposition?["note"] as? String == "Twelve people and no budget owner")
    }

    @Test func resizeDownAndBackThenQuitCleanly() throws {
        guard Tmux.require() else { return }
        let sandbox = Sandbox()
        _ = demo(sandbox, lead: "Resize Co")
        let tmux = board(sandbox, as: "lee")
        tmux.wait(for: "SDR queue", "lee · team lead")
        tmux.resize(width: 60, height: 20)
        tmux.wait(for: "at least 80×24", "60×20")
        tmux.resize(width: 120, height: 40)
        tmux.wait(for: "SDR queue", "Handed off", "Returned")
        tmux.press("q")
        // The terminal modes are printed after the exit line: wait for them too.
        let after = tmux.wait(for: "[exited 0]", "echo")
        #expect(after.contains("icanon") && !after.contains("-icanon"), "\(after)")
        #expect(after.contains("echo") && !after.contains("-echo "), "\(after)")
        #expect(!after.contains("SDR queue"), "the board was left on the screen:\n\(after)")
    }

    @Test func aStoreThatDoesNotExistYetStartsEmptyWithTheUserAsLead() throws {
        guard Tmux.require() else { return }
        let sandbox = Sandbox()
        let tmux = board(sandbox, as: "newbie")
        tmux.wait(for: "No leads yet", "handoff demo", "newbie · team lead")
        tmux.press("a")
        tmux.wait(for: "Add a lead")
        tmux.type("First Co")
        tmux.press("Tab")
        tmux.type("Fran First")
        tmux.press("Enter")
        tmux.wait(for: "L-1 added", "First Co")
        tmux.press("C-c")
        tmux.wait(for: "[exited 0]")
    }

    @Test func twoBoardsSeeEachOtherAndExactlyOneOfTwoEditsWins() throws {
        guard Tmux.require() else { return }
        let sandbox = Sandbox()
        let id = demo(sandbox, lead: "Shared Co")
        let maya = board(sandbox, as: "maya")
        let lee = board(sandbox, as: "lee")
        for tmux in [maya, lee] {
            tmux.wait(for: "SDR queue")
            tmux.press("/")
            tmux.type("Shared")
            tmux.press("Enter")
            tmux.wait(for: "Shared Co")
        }
        // A change made on one board shows on the other within a second, with no key pressed.
        maya.press("e")
        maya.wait(for: "Edit \(id)")
        maya.press("End")
        maya.type(" Holdings")
        maya.press("Enter")
        maya.wait(for: "\(id) edited")
        let start = Date()
        lee.wait(for: "Shared Co Holdings", timeout: 1.0)
        print("live: the other board showed the change after \(Int(Date().timeIntervalSince(start) * 1000)) ms")

        // Both open the same card's form from the same version; both submit.
        maya.press("e")
        maya.wait(for: "Edit \(id)")
        lee.press("e")
        lee.wait(for: "Edit \(id)")
        maya.press("Tab")
        maya.press("C-u")
        maya.type("Dana Maya")
        lee.press("Tab")
        lee.press("C-u")
        lee.type("Dana Lee")
        maya.press("Enter")
        maya.wait(for: "\(id) edited")
        lee.press("Enter")
        let refused = lee.wait(for: "was changed by maya")
        #expect(refused.contains("Dana Lee"), "the loser's typing must stay in the form:\n\(refused)")
        for tmux in [maya, lee] {
            tmux.press("Escape", "q")
            tmux.wait(for: "[exited 0]")
        }
        let contact = sandbox.show(id)?["contact"] as? String
        #expect(contact == "Dana Maya")
        #expect(sandbox.run(["doctor"]).status == 0)
    }
}
