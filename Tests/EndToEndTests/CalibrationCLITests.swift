import Foundation
import PostgresTestSupport
import Testing

/// Blind calibration end to end (issue 17 item 1): the real binary runs a calibration of
/// five handoffs with two AEs (`calibrate start`, `calibrate score`, an undone score scored
/// again), and `report` shows the agreement the README defines, counted by hand below, on
/// SQLite and on PostgreSQL.
struct CalibrationScenario {
    /// Runs `handoff ARGS` as a member on the store under test.
    let run: ([String], String) -> RunResult

    func must(_ arguments: [String], as user: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let result = run(arguments, user)
        #expect(result.status == 0, "\(arguments): \(result)", sourceLocation: sourceLocation)
    }

    /// Each handoff's SDR, AE and the SDR's budget answer (the four required criteria are
    /// met: the SDR could not book otherwise).
    static let handoffs: [(sdr: String, ae: String, budget: String?)] = [
        ("sam", "alex", "met"), ("sam", "theo", "not-met"), ("ana", "alex", "met"), ("ana", "theo", "not-met"),
        ("sam", "alex", nil), ("ana", "theo", "met"),
    ]

    /// The participants' scores: lead number → (criterion → answer), "met" with evidence.
    static let alex: [Int: [String: String]] = [
        1: ["need": "met", "fit": "met", "timeframe": "met", "authority": "met", "budget": "met"],
        2: ["need": "met", "fit": "not-met", "timeframe": "met", "authority": "met", "budget": "not-met"],
        3: ["need": "met", "fit": "met", "timeframe": "not-met", "authority": "met", "budget": "not-met"],
        4: ["need": "met", "fit": "met", "timeframe": "met", "authority": "met", "budget": "met"],
        5: ["need": "met", "fit": "met", "timeframe": "met", "authority": "unknown", "budget": "met"],
    ]
    static let theo: [Int: [String: String]] = [
        1: ["need": "not-met", "fit": "met", "timeframe": "met", "authority": "met", "budget": "met"],
        2: ["need": "met", "fit": "not-met", "timeframe": "met", "authority": "met", "budget": "not-met"],
        3: ["need": "met", "fit": "met", "timeframe": "met", "authority": "met", "budget": "met"],
        4: ["need": "met", "fit": "met", "timeframe": "met", "authority": "not-met", "budget": "not-met"],
        5: ["need": "met", "fit": "met", "timeframe": "met", "authority": "met", "budget": "unknown"],
    ]

    static func options(_ scores: [String: String], by name: String) -> [String] {
        scores.keys.sorted().flatMap { key -> [String] in
            switch scores[key] {
            case "met": ["--met", "\(key)=\(name) heard it: \(key)"]
            case "not-met": ["--not-met", key]
            default: ["--unknown", key]
            }
        }
    }

    /// The team, six handoffs on Monday 16 November, calibration of L-1…L-5 with alex and
    /// theo and of L-6 with alex; the scores on Tuesday 17th (theo's first score of L-5,
    /// all not met, undone and scored again). Returns with the clock on Tuesday.
    func play(setClock: (String) -> Void) {
        setClock("2026-11-16 09:00")
        for (name, role) in [("sam", "sdr"), ("ana", "sdr"), ("alex", "ae"), ("theo", "ae")] {
            must(["team", "add", name, "--role", role], as: "lena")
        }
        for (index, handoff) in Self.handoffs.enumerated() {
            must(["lead", "add", "--company", "Company \(index + 1)", "--contact", "Contact \(index + 1)"], as: handoff.sdr)
            let lead = "L-\(index + 1)"
            var score = ["score", lead]
            for key in ["need", "fit", "timeframe", "authority"] { score += ["--met", "\(key)=\(handoff.sdr) wrote \(key)"] }
            switch handoff.budget {
            case "met": score += ["--met", "budget=\(handoff.sdr) wrote budget"]
            case "not-met": score += ["--not-met", "budget"]
            default: score += ["--unknown", "budget"]
            }
            must(score, as: handoff.sdr)
            must(["book", lead, "--ae", handoff.ae, "--at", "2026-11-16 15:00", "--agenda", "Discovery"], as: handoff.sdr)
        }
        setClock("2026-11-16 16:00")
        must(["calibrate", "start", "L-1", "L-2", "L-3", "L-4", "L-5", "--with", "alex,theo"], as: "lena")
        must(["calibrate", "start", "L-6", "--with", "alex"], as: "lena")
        setClock("2026-11-17 10:00")
        for lead in 1...5 {
            must(["calibrate", "score", "L-\(lead)"] + Self.options(Self.alex[lead] ?? [:], by: "alex"), as: "alex")
            if lead == 5 {
                let wrong = ["need": "not-met", "fit": "not-met", "timeframe": "not-met", "authority": "not-met", "budget": "not-met"]
                must(["calibrate", "score", "L-5"] + Self.options(wrong, by: "theo"), as: "theo")
                must(["undo", "L-5"], as: "theo")
            }
            must(["calibrate", "score", "L-\(lead)"] + Self.options(Self.theo[lead] ?? [:], by: "theo"), as: "theo")
        }
    }

    /// The report's `calibration`, checked against the counts worked out by hand:
    /// need 9/10 (theo said not met on L-1), fit 8/10 (both said not met on L-2), timeframe
    /// 9/10, authority 8/9 (alex's unknown on L-5 left out), budget 6/8 (L-5's SDR said
    /// unknown: both its pairs left out) with kappa (.75 − .5)/(1 − .5) = 0.50; overall
    /// 40/47, kappa 0.39 (pₒ = 40/47, pₑ = (43·38 + 4·9)/47²).
    func check(reportJSON text: String) throws {
        let json = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let calibration = try #require(json["calibration"] as? [String: Any])
        func ratio(_ value: Any?) -> String {
            let r = value as? [String: Any] ?? [:]
            return "\(r["numerator"] as? Int ?? -1)/\(r["denominator"] as? Int ?? -1)"
        }
        #expect(calibration["scores"] as? Int == 10)
        #expect(calibration["leads"] as? Int == 5)
        let overall = try #require(calibration["overall"] as? [String: Any])
        #expect(ratio(overall["agreement"]) == "40/47")
        #expect(overall["kappa"] as? Double == 0.39)
        #expect(overall["unknown"] as? Int == 3)
        let criteria = try #require(calibration["criteria"] as? [[String: Any]])
        let byKey = Dictionary(criteria.map { ($0["key"] as? String ?? "?", $0["figures"] as? [String: Any] ?? [:]) },
                               uniquingKeysWith: { first, _ in first })
        #expect(criteria.map { $0["key"] as? String ?? "?" } == ["need", "fit", "timeframe", "authority", "budget"])
        #expect(["need", "fit", "timeframe", "authority", "budget"].map { ratio(byKey[$0]?["agreement"]) }
                == ["9/10", "8/10", "9/10", "8/9", "6/8"])
        #expect(byKey["budget"]?["kappa"] as? Double == 0.5)
        #expect(byKey["need"]?["kappa"] == nil || byKey["need"]?["kappa"] is NSNull)
        #expect(byKey["need"]?["kappaNote"] as? String == "the SDR side said met in every pair")
        let disputed = try #require(calibration["disputed"] as? [[String: Any]])
        // budget and fit both have 2 disagreements; budget's are 2 of 8 pairs, fit's 2 of 10;
        // then authority 1 of 9, need and timeframe 1 of 10 (in the definition's order).
        #expect(disputed.map { $0["key"] as? String ?? "?" } == ["budget", "fit", "authority", "need", "timeframe"])
        let cases = try #require(disputed.first?["cases"] as? [[String: Any]])
        #expect(cases.map { "\($0["lead"] ?? "?") \($0["sdr"] ?? "?")/\($0["participant"] ?? "?")" } == ["L-3 ana/alex", "L-4 ana/alex"])
        let first = cases.first ?? [:]
        #expect((first["sdrScore"] as? [String: Any])?["evidence"] as? String == "ana wrote budget")
        #expect((first["participantScore"] as? [String: Any])?["status"] as? String == "not-met")
        let pairs = try #require(calibration["pairs"] as? [[String: Any]])
        #expect(pairs.map { "\($0["sdr"] ?? "?")/\($0["participant"] ?? "?") \(ratio(($0["figures"] as? [String: Any])?["agreement"]))" }
                == ["ana/alex 7/10", "ana/theo 9/10", "sam/alex 12/13", "sam/theo 12/14"])
        let open = try #require(calibration["open"] as? [[String: Any]])
        #expect(open.map { $0["lead"] as? String ?? "?" } == ["L-6"])
        #expect(open.first?["pending"] as? [String] == ["alex"])
        // Definition health carries the agreement of v1's calibrations.
        let versions = (json["definition"] as? [String: Any])?["versions"] as? [[String: Any]]
        #expect(versions.map { $0.map { ratio($0["calibration"]) } } == ["40/47"])
    }
}

@Suite("calibration on the command line: SQLite and PostgreSQL")
struct CalibrationCLITests {
    static let period = ["--since", "2026-11-17", "--until", "2026-11-17"]

    @Test("SQLite: calibrate start and score, an undone score, then report in json, text and markdown")
    func sqlite() throws {
        let sandbox = Sandbox()
        let utc = ["TZ": "UTC"]
        sandbox.now = "2026-11-16 09:00"
        let founded = sandbox.run(["init", "--lead", "lena", "--personal"], as: "lena", environment: utc)
        #expect(founded.status == 0, "\(founded)")
        let scenario = CalibrationScenario { arguments, user in sandbox.run(arguments + ["--as", user], as: user, environment: utc) }
        scenario.play { sandbox.now = $0 }
        let report = sandbox.run(["report", "--format", "json"] + Self.period, environment: utc)
        #expect(report.status == 0, "\(report)")
        try scenario.check(reportJSON: report.stdout)

        let section = sandbox.run(["report", "--section", "calibration"] + Self.period, environment: utc)
        #expect(section.status == 0, "\(section)")
        let text = section.stdout
        #expect(text.contains("Agreement: 85 % (40/47) of met/not-met pairs · kappa 0.39 · 3 left out for an unknown on a side."), "\(text)")
        #expect(text.contains("budget (Budget): 2 of 8 pairs disagree (25 %)"), "\(text)")
        #expect(text.contains("met: “ana wrote budget”") && text.contains("not-met (no evidence)"), "\(text)")
        #expect(text.contains("— (the SDR side said met in every pair)"), "\(text)")
        #expect(!text.contains("Board now"), "only the section: \(text)")
        let markdown = sandbox.run(["report", "--format", "markdown", "--section", "calibration"] + Self.period, environment: utc)
        #expect(markdown.stdout.contains("## Calibration by SDR and participant"), "\(markdown)")
        #expect(markdown.stdout.contains("| sam | alex | 3 | 92 % (12/13) |"), "\(markdown)")
        let json = sandbox.run(["report", "--format", "json", "--section", "calibration"] + Self.period, environment: utc)
        let keys = (try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])?.keys.sorted()
        #expect(keys?.contains("calibration") == true && keys?.contains("team") == false, "\(json)")

        // A period before the scores: none counted, and L-6 still waits for alex.
        let before = sandbox.run(["report", "--section", "calibration", "--since", "2026-11-10", "--until", "2026-11-16"], environment: utc)
        #expect(before.stdout.contains("No calibration score was submitted in the period."), "\(before)")
        #expect(before.stdout.contains("Waiting for a score now (1):"), "\(before)")
    }

    @Test("PostgreSQL: the same calibration reads the same figures", .enabled(if: TestCluster.isWanted))
    func postgres() throws {
        let cluster = try TestCluster.shared()
        let sandbox = Sandbox()
        let (database, _) = try cluster.newDatabase()
        defer { cluster.dropDatabase(database) }
        let url = "postgres://postgres@\(cluster.host):\(cluster.port)/\(database)"
        let environment = ["PGPASSWORD": cluster.superPassword, "TZ": "UTC"]
        sandbox.now = "2026-11-16 09:00"
        let founded = sandbox.run(["init", "--lead", "lena", "--personal", "--db", url], as: "lena", environment: environment)
        #expect(founded.status == 0, "\(founded)")
        let scenario = CalibrationScenario { arguments, user in
            sandbox.run(arguments + ["--as", user, "--db", url], as: user, environment: environment)
        }
        scenario.play { sandbox.now = $0 }
        let report = sandbox.run(["report", "--format", "json", "--db", url] + Self.period, environment: environment)
        #expect(report.status == 0, "\(report)")
        try scenario.check(reportJSON: report.stdout)
    }
}
