import Foundation
import Testing

/// `handoff reassign`: a booked meeting to another AE through the built binary, one lead or
/// several as one bulk action, with the rules' refusals and exit codes.
@Suite("command line: reassign a meeting (cover)")
struct ReassignCLITests {
    /// A lead sam booked with alex for tomorrow 10:00.
    func booked(_ sandbox: Sandbox, _ company: String) -> String {
        sandbox.now = "2026-11-23 09:00"
        let id = sandbox.qualifiedLead(company)
        let booked = sandbox.run(["book", id, "--ae", "alex", "--at", "2026-11-24 10:00", "--agenda", "Close pain"], as: "sam")
        #expect(booked.status == 0, "\(booked)")
        return id
    }

    @Test func theMeetingsAEHandsItOnAndTheNewAEClosesTheLoop() {
        let sandbox = Sandbox()
        sandbox.seedTeam()
        let id = booked(sandbox, "Acme Corp")
        let moved = sandbox.run(["reassign", id, "--ae", "ava", "--note", "alex is out on Tuesday"], as: "alex")
        #expect(moved.status == 0, "\(moved)")
        #expect(moved.stdout == "\(id) meeting reassigned to ava (from alex) · now in Handed off (v4) · by alex\n", "\(moved)")
        var lead = sandbox.show(id)
        #expect(lead?["ae"] as? String == "ava")
        let meeting = lead?["meeting"] as? [String: Any]
        #expect(meeting?["bookedBy"] as? String == "sam" && meeting?["agenda"] as? String == "Close pain")
        let events = lead?["events"] as? [[String: Any]] ?? []
        #expect(events.map { $0["type"] as? String } == ["created", "scored", "booked", "reassigned"])

        // alex no longer holds it; the SDR never did; the target must be another AE.
        let refusals: [([String], String?, Int32, String)] = [
            (["reassign", id, "--ae", "alex"], "alex", 5, "cannot reassign the meeting of \(id): only the meeting's AE (ava) or a team lead may"),
            (["reassign", id, "--ae", "alex"], "sam", 5, "cannot reassign the meeting of \(id): only the meeting's AE (ava) or a team lead may"),
            (["reassign", id, "--ae", "zed"], "lee", 3, "cannot reassign the meeting of \(id): zed is not on the team"),
            (["reassign", id, "--ae", "sue"], "lee", 3, "cannot reassign the meeting of \(id): sue is an SDR, not an AE"),
            (["reassign", id, "--ae", "ava"], "lee", 3, "cannot reassign the meeting of \(id): it is already with ava"),
        ]
        for (arguments, user, status, message) in refusals {
            let result = sandbox.run(arguments, as: user)
            #expect(result.status == status, "\(arguments): \(result)")
            #expect(result.stderr == "handoff: \(message)\n", "\(arguments): \(result)")
            #expect(result.stdout.isEmpty)
        }
        #expect(sandbox.run(["reassign", id], as: "lee").status == 2)
        #expect(sandbox.run(["reassign", "--ae", "ava"], as: "lee").status == 2)

        sandbox.now = "2026-11-24 11:00"
        #expect(sandbox.run(["outcome", id, "held"], as: "ava").status == 0)
        #expect(sandbox.run(["accept", id, "--next-step", "Demo", "--next-date", "2026-11-30"], as: "alex").status == 5)
        #expect(sandbox.run(["accept", id, "--next-step", "Demo", "--next-date", "2026-11-30"], as: "ava").status == 0)
        lead = sandbox.show(id)
        let credit = lead?["credit"] as? [String: Any]
        #expect(credit?["sqls"] as? Int == 1 && credit?["saos"] as? Int == 1)
        #expect(sandbox.run(["doctor"]).status == 0)
    }

    @Test func severalLeadsAreOneBulkActionThatUndoTakesBackWhole() {
        let sandbox = Sandbox()
        sandbox.seedTeam()
        let first = booked(sandbox, "Acme Corp")
        let second = booked(sandbox, "Globex")
        let queued = sandbox.qualifiedLead("Initech")
        let result = sandbox.run(["reassign", first, second, queued, "--ae", "ava"], as: "lee")
        #expect(result.status == 3, "\(result)")
        #expect(result.stdout == """
            2 reassigned to AE ava: \(first), \(second)
            1 refused:
              \(queued): cannot reassign the meeting of \(queued): it is in SDR queue; only leads in Handed off can be reassigned to another AE
            · by lee

            """, "\(result)")
        #expect(result.stderr == "handoff: 1 of 3 not reassigned (\(queued)); the others were, as one action (`handoff undo` takes them back)\n")
        #expect(sandbox.show(first)?["ae"] as? String == "ava" && sandbox.show(second)?["ae"] as? String == "ava")

        let undone = sandbox.run(["undo"], as: "lee")
        #expect(undone.status == 0, "\(undone)")
        #expect(undone.stdout == "2 undone · by lee\n", "\(undone)")
        #expect(sandbox.show(first)?["ae"] as? String == "alex" && sandbox.show(second)?["ae"] as? String == "alex")
        let all = sandbox.run(["reassign", first, second, "--ae", "ava"], as: "lee")
        #expect(all.status == 0 && all.stdout == "2 reassigned to AE ava · by lee\n", "\(all)")
        #expect(sandbox.run(["doctor"]).status == 0)
    }

    @Test func theHelpTellsTheTwoReassignsApart() {
        let sandbox = Sandbox()
        // The help is wrapped to the terminal: compare it as words.
        func words(_ text: String) -> String { text.split(whereSeparator: \.isWhitespace).joined(separator: " ") }
        let meeting = sandbox.run(["reassign", "--help"])
        #expect(meeting.status == 0)
        #expect(words(meeting.stdout).contains("Move booked meetings to another AE (cover); the SDR keeps the credit."))
        #expect(words(meeting.stdout).contains("To move an SDR's leads to another SDR, use `handoff team reassign NAME --to SDR`"))
        let owner = sandbox.run(["team", "reassign", "--help"])
        #expect(words(owner.stdout).contains("to move a booked meeting to another AE, use `handoff reassign L-7 --ae AE`"), "\(owner)")
    }
}
