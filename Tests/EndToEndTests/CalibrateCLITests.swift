import Foundation
import PostgresTestSupport
import Testing

/// `handoff calibrate start|score|list` through the built binary on SQLite and PostgreSQL
/// (issue 17 item 1): who may start and score, the refusals and their exit codes, the
/// blind `lead show` and `lead brief`, undo, and hostile evidence.
@Suite("command line: blind calibration on both stores")
struct CalibrateCLITests {
    /// Runs `handoff ARGS` as a member on the store under test.
    typealias Run = (_ arguments: [String], _ user: String?) -> RunResult

    static let hidden = "hidden until you submit your calibration score"
    static let sdrEvidence = "Pain in the prospect's words"

    static func json(_ result: RunResult) -> Any? {
        try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
    }

    static func scenario(_ run: Run) throws {
        func ok(_ arguments: [String], _ user: String?) -> RunResult {
            let result = run(arguments, user)
            #expect(result.status == 0, "\(arguments): \(result)")
            return result
        }
        func refused(_ arguments: [String], _ user: String?, _ status: Int32, _ message: String) {
            let result = run(arguments, user)
            #expect(result.status == status, "\(arguments): \(result)")
            #expect(result.stderr == "handoff: \(message)\n", "\(arguments): \(result)")
        }
        func show(_ id: String, as user: String) -> [String: Any] {
            (json(run(["lead", "show", id, "--format", "json"], user)) as? [String: Any]) ?? [:]
        }
        _ = ok(["init", "--lead", "lee", "--personal"], nil)
        for (name, role) in [("sam", "sdr"), ("alex", "ae"), ("ava", "ae"), ("theo", "ae")] {
            _ = ok(["team", "add", name, "--role", role], "lee")
        }
        var ids: [String] = []
        for company in ["Acme Corp", "Globex", "Initech"] {
            let id = ok(["lead", "add", "--company", company, "--contact", "Pat Doe"], "sam").stdout
                .trimmingCharacters(in: .whitespacesAndNewlines)
            ids.append(id)
            _ = ok(["score", id, "--met", "need=\(sdrEvidence)", "--met", "fit=ICP: 300 staff",
                    "--met", "timeframe=Before the Q1 audit", "--met", "authority=Runs the team"], "sam")
        }
        let (first, second, third) = (ids[0], ids[1], ids[2])
        _ = ok(["book", first, "--ae", "alex", "--at", "2026-11-24 10:00"], "sam")
        _ = ok(["book", second, "--ae", "alex", "--at", "2026-11-24 11:00"], "sam")

        // Starting: a team lead only, on handoffs, naming teammates other than the SDR.
        refused(["calibrate", "start", first, "--with", "ava,theo"], "alex", 5,
                "cannot calibrate \(first): alex is an AE, and only a team lead starts a calibration")
        refused(["calibrate", "start", first, "--with", "zed"], "lee", 3, "cannot calibrate \(first): zed is not on the team")
        refused(["calibrate", "start", first, "--with", "sam"], "lee", 3,
                "cannot calibrate \(first): sam is its SDR, whose scorecard the others are compared with; name someone else")
        refused(["calibrate", "start", first, "--with", "ava,ava"], "lee", 3, "cannot calibrate \(first): ava is named twice")
        refused(["calibrate", "start", first, "--with", "a,b,c,d,e,f,g,h,i"], "lee", 3,
                "cannot calibrate \(first): 9 names; a calibration takes at most 8")
        #expect(run(["calibrate", "start", first], "lee").status == 2)
        let started = ok(["calibrate", "start", first, "--with", "theo, ava"], "lee")
        #expect(started.stdout == "\(first) calibration started: ava, theo score it blind under definition v1 · now in Handed off (v4) · by lee\n",
                "\(started)")
        refused(["calibrate", "start", first, "--with", "alex"], "lee", 3,
                "cannot calibrate \(first): its calibration with ava, theo is still open (ava …, theo …); wait for their scores, or undo it")

        // Several leads: one bulk action; the one never handed off is named.
        let bulk = run(["calibrate", "start", second, third, "--with", "ava", "--with", "theo"], "lee")
        #expect(bulk.status == 3, "\(bulk)")
        #expect(bulk.stdout.contains("\(third): cannot calibrate \(third): it was never handed off"), "\(bulk)")
        #expect(bulk.stderr == "handoff: 1 of 2 not put under calibration (\(third)); the others were, as one action (`handoff undo` takes them back)\n")
        #expect(show(second, as: "lee")["calibration"] != nil)
        _ = ok(["undo"], "lee")
        #expect(show(second, as: "lee")["calibration"] == nil)

        // Blind: ava and theo do not see the SDR's scorecard; the SDR, the lead and alex do.
        for user in ["ava", "theo"] {
            let lead = show(first, as: user)
            #expect(lead["scorecard"] == nil && lead["scorecardHidden"] as? String == hidden, "\(user): \(lead)")
            let text = run(["lead", "show", first], user).stdout
            #expect(text.contains("scorecard  \(hidden)") && !text.contains(sdrEvidence), "\(user): \(text)")
            #expect(text.contains("calibrating ava …, theo … (definition v1, started by lee)"), "\(text)")
            let brief = run(["lead", "brief", first], user).stdout
            #expect(brief.contains(hidden) && !brief.contains(sdrEvidence), "\(user): \(brief)")
        }
        for user in ["sam", "lee", "alex"] {
            let lead = show(first, as: user)
            #expect(lead["scorecard"] != nil && lead["scorecardHidden"] == nil, "\(user)")
            #expect(run(["lead", "brief", first], user).stdout.contains(sdrEvidence))
        }

        // Scoring: only those named, once, against the definition, evidence within the limits.
        refused(["calibrate", "score", first, "--not-met", "fit"], "alex", 5,
                "cannot score the calibration of \(first): alex is not named in it (ava, theo)")
        refused(["calibrate", "score", first, "--met", "champion=yes"], "theo", 3,
                "cannot score the calibration of \(first): 'champion' is not a criterion of the SQL definition v1 (need, fit, timeframe, authority, budget)")
        refused(["calibrate", "score", first, "--met", "need"], "theo", 3,
                "cannot score the calibration of \(first): 'need' is marked met but has no evidence; say what the prospect said or did")
        refused(["calibrate", "score", first, "--met", "need=" + String(repeating: "x", count: 4_001)], "theo", 3,
                "cannot score the calibration of \(first): the evidence for need is longer than 4000 characters (it has 4001)")
        #expect(run(["calibrate", "score", first], "theo").status == 2)
        refused(["calibrate", "score", second, "--not-met", "fit"], "theo", 3,
                "cannot score the calibration of \(second): it is not being calibrated (a team lead starts one: `handoff calibrate start \(second) --with NAMES`)")
        let hostile = "They said \u{1B}[2J\u{1B}]0;pwned\u{07}three days"
        let scored = ok(["calibrate", "score", first, "--met", "need=\(hostile)", "--not-met", "fit", "--unknown", "budget"], "theo")
        #expect(!scored.stdout.contains("\u{1B}") && !scored.stderr.contains("\u{1B}"))
        #expect(scored.stdout.hasPrefix("\(first) calibration score by theo recorded · now in Handed off (v5) · by theo\n"), "\(scored)")
        #expect(scored.stdout.contains("still to score \(first): ava;"), "\(scored)")
        refused(["calibrate", "score", first, "--not-met", "need"], "theo", 3,
                "cannot score the calibration of \(first): theo has already scored it, and a second score is refused (undo yours first: `handoff undo \(first)`)")
        // theo has submitted: the SDR's scorecard shows to him; ava is still blind.
        #expect(show(first, as: "theo")["scorecard"] != nil)
        #expect(show(first, as: "ava")["scorecard"] == nil)
        let shown = run(["lead", "show", first], "theo").stdout
        #expect(shown.contains(sdrEvidence) && !shown.contains("\u{1B}"), "\(shown)")

        // Who still owes a score.
        let list = ok(["calibrate", "list", "--format", "json"], "ava")
        let entries = try #require(json(list) as? [[String: Any]])
        #expect(entries.count == 1 && entries.first?["lead"] as? String == first, "\(list)")
        #expect(entries.first?["pending"] as? [String] == ["ava"] && entries.first?["scored"] as? [String] == ["theo"])
        #expect(entries.first?["definitionVersion"] as? Int == 1)
        let text = ok(["calibrate", "list"], "lee").stdout
        #expect(text.hasPrefix("\(first)\tAcme Corp\thanded-off\tdefinition v1\tstarted by lee ") && text.contains("ava …, theo ✓\towes: ava"), "\(text)")

        // Undo takes theo's score back: blind again. Nothing moved, nobody's credit changed.
        _ = ok(["undo", first], "theo")
        #expect(show(first, as: "theo")["scorecard"] == nil)
        _ = ok(["calibrate", "score", first, "--not-met", "need"], "ava")
        _ = ok(["calibrate", "score", first, "--met", "need=Three days"], "theo")
        #expect(ok(["calibrate", "list"], "lee").stdout == "no open calibrations\n")
        let finished = json(ok(["calibrate", "list", "--all", "--format", "json"], "lee")) as? [[String: Any]]
        #expect(finished?.count == 1 && finished?.first?["pending"] as? [String] == [] && finished?.first?["scored"] as? [String] == ["ava", "theo"])
        let lead = show(first, as: "ava")
        #expect(lead["column"] as? String == "handed-off" && lead["scorecard"] != nil)
        let events = (lead["events"] as? [[String: Any]] ?? []).compactMap { $0["type"] as? String }
        #expect(events == ["created", "scored", "booked", "calibrating", "calibrated", "undone", "calibrated", "calibrated"], "\(events)")
        let doctor = run(["doctor"], nil)
        #expect(doctor.status == 0, "\(doctor)")
    }

    @Test("SQLite: start, blind show, score, list, undo")
    func sqlite() throws {
        let sandbox = Sandbox()
        sandbox.now = "2026-11-23 09:00"
        try Self.scenario { arguments, user in sandbox.run(arguments, as: user, environment: ["TZ": "UTC"]) }
    }

    @Test("PostgreSQL: the same, through the server's check of v7", .enabled(if: TestCluster.isWanted))
    func postgres() throws {
        let cluster = try TestCluster.shared()
        let (database, _) = try cluster.newDatabase()
        defer { cluster.dropDatabase(database) }
        let url = "postgres://postgres@\(cluster.host):\(cluster.port)/\(database)"
        let sandbox = Sandbox()
        sandbox.now = "2026-11-23 09:00"
        try Self.scenario { arguments, user in
            sandbox.run(arguments + ["--db", url], as: user, environment: ["TZ": "UTC", "PGPASSWORD": cluster.superPassword])
        }
    }

    @Test func eachVerbsHelpHasAnExample() {
        let sandbox = Sandbox()
        func words(_ text: String) -> String { text.split(whereSeparator: \.isWhitespace).joined(separator: " ") }
        let cases: [([String], String)] = [
            (["calibrate", "--help"], "without seeing the SDR's scorecard"),
            (["calibrate", "start", "--help"], "handoff calibrate start L-7 --with alex,theo"),
            (["calibrate", "score", "--help"], "handoff calibrate score L-7 --met need="),
            (["calibrate", "list", "--help"], "handoff calibrate list --format json"),
        ]
        for (arguments, expected) in cases {
            let result = sandbox.run(arguments)
            #expect(result.status == 0, "\(arguments): \(result)")
            #expect(words(result.stdout).contains(expected), "\(arguments): \(result.stdout)")
        }
    }
}
