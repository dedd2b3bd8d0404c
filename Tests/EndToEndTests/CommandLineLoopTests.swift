import Foundation
import Testing

/// The closed loop, run through the built binary on a temp store, as a script would.
@Suite("command line: the closed loop")
struct CommandLineLoopTests {
    /// Books for tomorrow 10:00 with the clock pinned, then moves the clock past the meeting.
    func handOff(_ sandbox: Sandbox, _ company: String, ae: String = "alex") -> String {
        sandbox.now = "2026-11-23 09:00"
        let id = sandbox.qualifiedLead(company)
        let booked = sandbox.run(["book", id, "--ae", ae, "--at", "2026-11-24 10:00", "--agenda", "Reconciliation pain"], as: "sam")
        #expect(booked.status == 0, "\(booked)")
        sandbox.now = "2026-11-24 11:00"
        return id
    }

    func credit(_ lead: [String: Any]?) -> (Int, Int) {
        let credit = lead?["credit"] as? [String: Any]
        return (credit?["sqls"] as? Int ?? -1, credit?["saos"] as? Int ?? -1)
    }

    @Test func acceptedLeadEndsInSAOWithCredit() {
        let sandbox = Sandbox()
        sandbox.seedTeam()
        let id = handOff(sandbox, "Acme Corp")
        #expect(sandbox.show(id)?["column"] as? String == "handed-off")
        let held = sandbox.run(["outcome", id, "held", "--note", "Great call"], as: "alex")
        #expect(held.status == 0, "\(held)")
        let accepted = sandbox.run(["accept", id, "--next-step", "Demo for the CFO", "--next-date", "2026-11-30",
                                    "--opportunity", "OPP-991", "--risks", "Procurement in January"], as: "alex")
        #expect(accepted.status == 0, "\(accepted)")
        let lead = sandbox.show(id)
        #expect(lead?["column"] as? String == "sao")
        #expect(lead?["ae"] as? String == "alex")
        #expect(credit(lead) == (1, 1))
        let events = lead?["events"] as? [[String: Any]] ?? []
        #expect(events.map { $0["type"] as? String } == ["created", "scored", "booked", "outcome", "accepted"])
        #expect(events.allSatisfy { $0["seq"] != nil && $0["at"] != nil && $0["actor"] != nil })
        #expect(sandbox.run(["doctor"]).status == 0)
    }

    @Test func nurtureCreditsAnSQLButNoSAO() {
        let sandbox = Sandbox()
        sandbox.seedTeam()
        let id = handOff(sandbox, "Globex")
        sandbox.run(["outcome", id, "held"], as: "alex")
        let nurtured = sandbox.run(["nurture", id, "--reason", "Budget frozen until Q3", "--revisit", "2027-03-01"], as: "alex")
        #expect(nurtured.status == 0, "\(nurtured)")
        let lead = sandbox.show(id)
        #expect(lead?["column"] as? String == "nurture")
        #expect(credit(lead) == (1, 0))
    }

    @Test func returnedDisputedAndOverturnedRestoresTheLoop() {
        let sandbox = Sandbox()
        sandbox.seedTeam()
        let id = handOff(sandbox, "Initech")
        sandbox.run(["outcome", id, "held"], as: "alex")
        let returned = sandbox.run(["return", id, "--reason", "no_authority,not_icp", "--note", "Intern, 12-person shop"], as: "alex")
        #expect(returned.status == 0, "\(returned)")
        var lead = sandbox.show(id)
        #expect(lead?["column"] as? String == "returned")
        let disposition = lead?["disposition"] as? [String: Any]
        #expect(disposition?["reasons"] as? [String] == ["no_authority", "not_icp"])
        #expect(disposition?["failedCriteria"] as? [String] == ["authority", "fit"])
        #expect(disposition?["note"] as? String == "Intern, 12-person shop")
        #expect(credit(lead) == (0, 0))

        #expect(sandbox.run(["dispute", id, "--note", "She signs off on tools"], as: "sue").status == 5)
        #expect(sandbox.run(["dispute", id, "--note", "She signs off on tools"], as: "sam").status == 0)
        #expect(sandbox.run(["resolve", id, "overturn"], as: "sam").status == 5)
        let overturned = sandbox.run(["resolve", id, "overturn", "--note", "Confirmed budget owner"], as: "lee")
        #expect(overturned.status == 0, "\(overturned)")
        lead = sandbox.show(id)
        #expect(lead?["column"] as? String == "handed-off")
        #expect((lead?["dispute"] as? [String: Any])?["resolution"] as? String == "overturned")
        #expect(sandbox.run(["accept", id, "--next-step", "Pilot scoping", "--next-date", "+3d"], as: "alex").status == 0)
        #expect(credit(sandbox.show(id)) == (1, 1))
        #expect(sandbox.run(["doctor"]).status == 0)
    }

    @Test func noShowGoesBackToTheQueueFlaggedForRebooking() {
        let sandbox = Sandbox()
        sandbox.seedTeam()
        let id = handOff(sandbox, "Umbrella")
        let noShow = sandbox.run(["outcome", id, "no-show", "--reason", "no_response"], as: "sam")
        #expect(noShow.status == 0, "\(noShow)")
        #expect(noShow.stdout.contains("rebook"))
        let lead = sandbox.show(id)
        #expect(lead?["column"] as? String == "queue")
        #expect(lead?["rebook"] as? Bool == true)
        #expect(credit(lead) == (0, 0))
        // Still qualified: the SDR rebooks without rescoring.
        let rebooked = sandbox.run(["book", id, "--ae", "ava", "--at", "2026-11-26 15:00"], as: "sam")
        #expect(rebooked.status == 0, "\(rebooked)")
        #expect(sandbox.show(id)?["rebook"] as? Bool == false)
    }

    @Test func undoReversesTheLastStepAndWalksBack() {
        let sandbox = Sandbox()
        sandbox.seedTeam()
        let id = handOff(sandbox, "Hooli")
        sandbox.run(["outcome", id, "held"], as: "alex")
        sandbox.run(["accept", id, "--next-step", "Demo", "--next-date", "+2d"], as: "alex")
        #expect(credit(sandbox.show(id)) == (1, 1))
        let undo = sandbox.run(["undo"], as: "alex")
        #expect(undo.status == 0, "\(undo)")
        var lead = sandbox.show(id)
        #expect(lead?["column"] as? String == "handed-off")
        #expect(credit(lead) == (0, 0))
        #expect(sandbox.run(["undo"], as: "alex").status == 0)
        lead = sandbox.show(id)
        #expect((lead?["meeting"] as? [String: Any])?["outcome"] == nil)
        // Sam's booking is next on this lead, and it is not alex's to undo.
        let refused = sandbox.run(["undo", id], as: "alex")
        #expect(refused.status == 5, "\(refused)")
        // Nothing is deleted: every step and every undo is in the log.
        let events = lead?["events"] as? [[String: Any]] ?? []
        #expect(events.count == 7)
        #expect(lead?["version"] as? Int == 7)
        #expect(sandbox.run(["doctor"]).status == 0)
    }

    @Test func rescheduleMovesTheMeetingAndReworkNeedsANewScorecard() {
        let sandbox = Sandbox()
        sandbox.seedTeam()
        let id = handOff(sandbox, "Vandelay")
        #expect(sandbox.run(["outcome", id, "rescheduled"], as: "alex").status == 3)
        #expect(sandbox.run(["outcome", id, "rescheduled", "--at", "2026-11-27 09:30"], as: "alex").status == 0)
        #expect((sandbox.show(id)?["meeting"] as? [String: Any])?["reschedules"] as? Int == 1)
        sandbox.now = "2026-11-27 10:00"
        sandbox.run(["return", id, "--reason", "no_need", "--note", "Happy with spreadsheets"], as: "alex")
        #expect(sandbox.run(["rework", id], as: "sam").status == 0)
        let lead = sandbox.show(id)
        #expect(lead?["column"] as? String == "queue")
        #expect(lead?["scorecard"] == nil)
        let rebook = sandbox.run(["book", id, "--ae", "alex", "--at", "2026-11-30 10:00"], as: "sam")
        #expect(rebook.status == 3)
        #expect(rebook.stderr.contains("not qualified"))
    }
}
