import Foundation
import Testing

/// The SLA ladder on the real board in tmux, with the clock pinned by `$HANDOFF_NOW`: the
/// card counts down to its warning (⏳), a later board shows the warning marker (△), and
/// a board after the breach lists the card on the team lead's attention list (`!`) with
/// who was told and when.
@Suite("the SLA ladder in tmux", .serialized)
struct SLATmuxTests {
    func board(_ sandbox: Sandbox, at now: String) -> Tmux {
        Tmux(width: 140, height: 40,
             environment: ["HANDOFF_DB": sandbox.store, "HANDOFF_USER": "lee", "TERM": "xterm-256color",
                           "HANDOFF_NOW": now, "XDG_CONFIG_HOME": sandbox.folder.appendingPathComponent("config").path],
             command: [Binary.path])
    }

    @Test func countdownThenWarningThenTheLeadsList() throws {
        guard Tmux.require() else { return }
        let sandbox = Sandbox()
        sandbox.seedTeam()
        let id = sandbox.qualifiedLead("Globex")
        let booked = sandbox.run(["book", id, "--ae", "alex", "--at", "2026-12-07 10:00", "--agenda", "Pain"], as: "sam",
                                 environment: ["HANDOFF_NOW": "2026-12-07 09:00"])
        #expect(booked.status == 0, "\(booked)")
        let held = sandbox.run(["outcome", id, "held"], as: "alex", environment: ["HANDOFF_NOW": "2026-12-07 11:00"])
        #expect(held.status == 0, "\(held)")

        // An hour after the meeting: 35 of the 36 hours before the warning are left.
        let early = board(sandbox, at: "2026-12-07 11:00")
        let first = early.wait(for: "SDR queue", "⏳ 35h")
        #expect(!first.contains("△") && !first.contains("▲"), "\(first)")
        early.press("q")
        early.wait(for: "[exited 0]")

        let warned = board(sandbox, at: "2026-12-08 23:00")
        let second = warned.wait(for: "SDR queue", "△")
        #expect(!second.contains("⏳") && !second.contains("▲"), "\(second)")
        warned.press("q")
        warned.wait(for: "[exited 0]")

        let breached = board(sandbox, at: "2026-12-09 13:00")
        breached.wait(for: "SDR queue", "▲")
        breached.press("!")
        let list = breached.wait(for: "1 past the SLA", "told alex and lee")
        #expect(list.contains("\(id)  Globex · disposition · alex · 3h past"), "\(list)")
        #expect(list.contains("warned alex 2026-12-08 22:00 · breached 2026-12-09 10:00"), "\(list)")
        breached.press("Escape")
        breached.press("q")
        breached.wait(for: "[exited 0]")
    }
}
