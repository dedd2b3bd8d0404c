import Foundation
import Testing

/// The no-show policy through the built binary (issue 16 item 4): `outcome --reason`, the
/// limit from config.toml's `[no_show]`, the offer, and the report's show rates.
@Suite("command line: no-show reasons, the limit, show rates")
struct NoShowCLITests {
    func writeConfig(_ sandbox: Sandbox, _ text: String) throws {
        let folder = sandbox.folder.appendingPathComponent("config/handoff")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try text.write(to: folder.appendingPathComponent("config.toml"), atomically: true, encoding: .utf8)
    }

    /// A qualified lead booked on Monday 23 November 2026 at 10:00, now 11:00.
    func bookedAndDue() -> (Sandbox, String) {
        let sandbox = Sandbox()
        sandbox.now = "2026-11-23 09:00"
        sandbox.seedTeam()
        let id = sandbox.qualifiedLead("Acme")
        sandbox.run(["book", id, "--ae", "alex", "--at", "2026-11-23 10:00"], as: "sam")
        sandbox.now = "2026-11-23 11:00"
        return (sandbox, id)
    }

    @Test("a no-show needs --reason; the second one reaches the limit, says so, and booking is refused")
    func theLimit() throws {
        let (sandbox, id) = bookedAndDue()
        let missing = sandbox.run(["outcome", id, "no-show"], as: "sam")
        #expect(missing.status == 3, "\(missing)")
        #expect(missing.stderr.contains("a reason code is required (--reason no_response|conflict|wrong_person|not_interested|technical|other)"), "\(missing)")
        let bad = sandbox.run(["outcome", id, "no-show", "--reason", "bored"], as: "sam")
        #expect(bad.status == 2, "\(bad)")
        let first = sandbox.run(["outcome", id, "no-show", "--reason", "no-response"], as: "sam")
        #expect(first.status == 0 && !first.stdout.contains("cannot be booked again"), "\(first)")
        #expect(sandbox.run(["book", id, "--ae", "alex", "--at", "2026-11-24 10:00"], as: "sam").status == 0)
        sandbox.now = "2026-11-24 11:00"
        let second = sandbox.run(["outcome", id, "no-show", "--reason", "wrong_person"], as: "sam")
        #expect(second.status == 0, "\(second)")
        #expect(second.stdout.contains("\(id) has missed its meeting 2 times, the team's limit ([no_show] limit = 2): it cannot be booked again; archive it (`handoff archive \(id)`, key A), or ask a team lead"), "\(second)")
        let again = sandbox.run(["book", id, "--ae", "alex", "--at", "2026-11-25 10:00"], as: "sam")
        #expect(again.status == 3, "\(again)")
        #expect(again.stderr.contains("cannot book \(id) again: its meeting was a no-show 2 times"), "\(again)")
        let nurture = sandbox.run(["nurture", id, "--reason", "quiet", "--revisit", "2027-01-04"], as: "sam")
        #expect(nurture.status == 5 && nurture.stderr.contains("only a team lead recycles"), "\(nurture)")

        // The report: show rates by SDR and AE with their counts, and the reasons.
        let report = sandbox.run(["report", "--format", "json", "--since", "2026-11-20"])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(report.stdout.utf8)) as? [String: Any])
        let shows = try #require(json["shows"] as? [String: Any])
        let sam = try #require((shows["bySDR"] as? [[String: Any]])?.first { $0["name"] as? String == "sam" })
        #expect(sam["noShow"] as? Int == 2 && sam["held"] as? Int == 0)
        let reasons = (shows["missedByReason"] as? [[String: Any]])?.compactMap { $0["code"] as? String }
        #expect(reasons == ["no_response", "wrong_person"])
        for format in ["text", "markdown"] {
            let text = sandbox.run(["report", "--format", format, "--since", "2026-11-20"]).stdout
            #expect(text.contains("Show rate by SDR and AE") && text.contains("wrong_person") || text.contains("wrong\\_person"), "\(text)")
        }
        let archived = sandbox.run(["archive", id], as: "sam")
        #expect(archived.status == 0, "\(archived)")
        #expect(sandbox.run(["doctor"]).status == 0)
    }

    @Test("[no_show] limit = 0 lifts the limit; a typo or a bad number stops the command (exit 2)")
    func config() throws {
        let (sandbox, id) = bookedAndDue()
        try writeConfig(sandbox, "[no_show]\nlimt = 3\n")
        let typo = sandbox.run(["outcome", id, "no-show", "--reason", "other"], as: "sam")
        #expect(typo.status == 2 && typo.stderr.contains("unknown key 'limt' in [no_show] (did you mean limit?)"), "\(typo)")
        try writeConfig(sandbox, "[no_show]\nlimit = -1\n")
        let negative = sandbox.run(["outcome", id, "no-show", "--reason", "other"], as: "sam")
        #expect(negative.status == 2 && negative.stderr.contains("[no_show] limit must be a whole number of no-shows from 0 (no limit) to 100, not -1"), "\(negative)")
        try writeConfig(sandbox, "[no_show]\nlimit = 1\n")
        let one = sandbox.run(["outcome", id, "no-show", "--reason", "other"], as: "sam")
        #expect(one.stdout.contains("[no_show] limit = 1"), "\(one)")
        try writeConfig(sandbox, "[no_show]\nlimit = 0\n")
        #expect(sandbox.run(["book", id, "--ae", "alex", "--at", "2026-11-24 10:00"], as: "sam").status == 0)
    }

    @Test("outcome --help lists the reason codes and the limit")
    func help() {
        let help = Sandbox().run(["outcome", "--help"])
        for code in ["no_response", "conflict", "wrong_person", "not_interested", "technical", "other", "[no_show] limit"] {
            #expect(help.stdout.contains(code), "\(code)")
        }
    }
}
