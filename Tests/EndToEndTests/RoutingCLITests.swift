import Foundation
import Testing

/// The rotation and away periods through the built binary (issue 16 items 1 and 2's cover).
@Suite("command line: routing at booking, away periods")
struct RoutingCLITests {
    func writeConfig(_ sandbox: Sandbox, _ text: String) throws {
        let folder = sandbox.folder.appendingPathComponent("config/handoff")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try text.write(to: folder.appendingPathComponent("config.toml"), atomically: true, encoding: .utf8)
    }

    /// A team on Monday 23 November 2026, 09:00.
    func team() -> Sandbox {
        let sandbox = Sandbox()
        sandbox.now = "2026-11-23 09:00"
        sandbox.seedTeam()
        return sandbox
    }

    @Test("book without --ae takes the rotation's proposal and says why")
    func bookWithoutAE() {
        let sandbox = team()
        var aes: [String] = []
        for (index, company) in ["Acme", "Globex", "Initech"].enumerated() {
            let id = sandbox.qualifiedLead(company)
            let booked = sandbox.run(["book", id, "--at", "2026-11-24 1\(index):00"], as: "sam")
            #expect(booked.status == 0, "\(booked)")
            if index == 0 { #expect(booked.stdout.contains("routing: alex — 0 this week, next in rotation"), "\(booked)") }
            aes.append(sandbox.show(id)?["ae"] as? String ?? "?")
        }
        #expect(aes == ["alex", "ava", "alex"])
        #expect(sandbox.run(["doctor"]).status == 0)
    }

    @Test("strict routing refuses another AE, naming the proposal; flexible books it as an override")
    func strictAndFlexible() throws {
        let sandbox = team()
        try writeConfig(sandbox, "[routing]\nmode = \"strict\"\n")
        let id = sandbox.qualifiedLead("Acme")
        let refused = sandbox.run(["book", id, "--ae", "ava", "--at", "2026-11-24 10:00"], as: "sam")
        #expect(refused.status == 3)
        #expect(refused.stderr.contains("cannot book \(id) with ava: routing is strict and the rotation proposes alex"), "\(refused)")
        #expect(sandbox.show(id)?["column"] as? String == "queue", "nothing changed")
        try writeConfig(sandbox, "[routing]\nmode = \"flexible\"\n")
        let override = sandbox.run(["book", id, "--ae", "ava", "--at", "2026-11-24 10:00"], as: "sam")
        #expect(override.status == 0, "\(override)")
        #expect(override.stdout.contains("booked with ava instead of the proposal"), "\(override)")
        // The report counts it, in every format.
        sandbox.now = "2026-11-23 12:00"
        let text = sandbox.run(["report"])
        #expect(text.stdout.contains("Routing: overrides 100 % (1/1) of the bookings the rotation proposed · by SDR: sam 1/1"), "\(text)")
        #expect(sandbox.run(["report", "--format", "markdown"]).stdout.contains("| sam | 100 % (1/1) |"))
        let json = sandbox.run(["report", "--format", "json"])
        let document = (try? JSONSerialization.jsonObject(with: Data(json.stdout.utf8))) as? [String: Any]
        let overrides = document?["overrides"] as? [String: Any]
        #expect((overrides?["overrides"] as? [String: Any])?["numerator"] as? Int == 1, "\(json.stdout.prefix(300))")
    }

    @Test("nobody available is refused with who is at cap (exit 3)")
    func nobodyAvailable() throws {
        let sandbox = team()
        try writeConfig(sandbox, "[routing]\nweekly_cap = 1\n")
        for company in ["Acme", "Globex"] {
            #expect(sandbox.run(["book", sandbox.qualifiedLead(company), "--at", "2026-11-24 10:00"], as: "sam").status == 0)
        }
        let id = sandbox.qualifiedLead("Initech")
        let refused = sandbox.run(["book", id, "--at", "2026-11-24 11:00"], as: "sam")
        #expect(refused.status == 3)
        #expect(refused.stderr.contains("nobody available: alex at cap (1 of 1); ava at cap (1 of 1)"), "\(refused)")
        #expect(sandbox.run(["book", id, "--ae", "ava", "--at", "2026-11-24 11:00"], as: "sam").status == 0,
                "flexible: an AE named with --ae is booked anyway")
    }

    @Test("team away records a period, lists it, steers the rotation and proposes cover for booked meetings")
    func teamAway() {
        let sandbox = team()
        let booked = sandbox.qualifiedLead("Acme")
        #expect(sandbox.run(["book", booked, "--ae", "alex", "--at", "2026-11-26 10:00"], as: "sam").status == 0)
        let away = sandbox.run(["team", "away", "alex", "--from", "2026-11-25", "--to", "2026-11-27"], as: "alex")
        #expect(away.status == 0, "\(away)")
        #expect(away.stdout.contains("1 meeting booked with alex from 2026-11-25 to 2026-11-27, to cover:"), "\(away)")
        #expect(away.stdout.contains("handoff reassign \(booked) --ae ava"), "\(away)")
        #expect(sandbox.run(["team", "list"]).stdout.contains("away 2026-11-25 to 2026-11-27"))
        let id = sandbox.qualifiedLead("Globex")
        #expect(sandbox.run(["book", id, "--at", "2026-11-26 11:00"], as: "sam").status == 0)
        #expect(sandbox.show(id)?["ae"] as? String == "ava", "alex is away that day")
        let refused = sandbox.run(["book", sandbox.qualifiedLead("Initech"), "--ae", "alex", "--at", "2026-11-26 12:00"], as: "sam")
        #expect(refused.status == 3 && refused.stderr.contains("alex is away 2026-11-25 to 2026-11-27"), "\(refused)")
        let cleared = sandbox.run(["team", "away", "alex", "--clear"], as: "lee")
        #expect(cleared.status == 0, "\(cleared)")
        #expect(!sandbox.run(["team", "list"]).stdout.contains("away 2026"))
        #expect(sandbox.run(["doctor"]).status == 0)
    }

    @Test("--reassign moves the meetings to cover as one action")
    func awayWithReassign() {
        let sandbox = team()
        let booked = sandbox.qualifiedLead("Acme")
        #expect(sandbox.run(["book", booked, "--ae", "alex", "--at", "2026-11-26 10:00"], as: "sam").status == 0)
        let away = sandbox.run(["team", "away", "alex", "--from", "2026-11-25", "--to", "2026-11-27", "--reassign"], as: "lee")
        #expect(away.status == 0, "\(away)")
        #expect(away.stdout.contains("reassigned 1 of 1 as one action"), "\(away)")
        #expect(sandbox.show(booked)?["ae"] as? String == "ava")
    }

    @Test("bad away periods: one clear line, nothing changed")
    func badAway() {
        let sandbox = team()
        let cases: [([String], String, Int32, String)] = [
            (["alex", "--from", "2026-11-27", "--to", "2026-11-25"], "lee", 3, "the away period ends (2026-11-25) before it starts (2026-11-27)"),
            (["alex", "--from", "2026-11-31", "--to", "2026-12-02"], "lee", 3, "'2026-11-31' is not a day"),
            (["alex", "--from", "2026-11-25", "--to", "2026-11-27"], "ava", 5, "only a team lead or alex themself"),
            (["zed", "--from", "2026-11-25", "--to", "2026-11-27"], "lee", 3, "zed is not on the team"),
            (["sam", "--from", "2026-11-25", "--to", "2026-11-27"], "lee", 3, "sam is an SDR"),
            (["alex", "--from", "2026-11-25"], "lee", 2, "give the first and last day away"),
        ]
        for (arguments, user, status, message) in cases {
            let result = sandbox.run(["team", "away"] + arguments, as: user)
            #expect(result.status == status, "\(arguments): \(result)")
            #expect(result.stderr.contains(message), "\(arguments): \(result)")
        }
        #expect(!sandbox.run(["team", "list"]).stdout.contains("away"), "nothing recorded")
    }
}
