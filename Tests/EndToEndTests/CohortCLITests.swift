import Foundation
import PostgresTestSupport
import Testing

/// The report's `cohorts` section through the built binary (issue 17 item 3): the loop run
/// with real commands on SQLite and on PostgreSQL gives the same, hand-computed cohorts.
@Suite("command line: cohorts and time distributions on both stores")
struct CohortCLITests {
    /// Runs `handoff ARGS` as a member on the store under test, with the clock at `now`.
    typealias Run = (_ arguments: [String], _ user: String?, _ now: String) -> RunResult

    /// One ISO week (2026-W47, from Monday 16 November) of the loop: L-1 held and accepted,
    /// L-2 a no-show, L-3 returned before its meeting and reworked, L-4's booking undone.
    /// Returns the report's JSON `cohorts`.
    static func loop(_ run: Run) throws -> [String: Any] {
        func ok(_ arguments: [String], _ user: String?, _ now: String) {
            let result = run(arguments, user, now)
            #expect(result.status == 0, "\(arguments): \(result)")
        }
        let monday = "2026-11-16 09:00"
        ok(["init", "--lead", "lee", "--personal"], nil, monday)
        for (name, role) in [("sam", "sdr"), ("alex", "ae"), ("ava", "ae")] {
            ok(["team", "add", name, "--role", role], "lee", monday)
        }
        var ids: [String] = []
        for company in ["Acme", "Bravo", "Cobalt", "Delta"] {
            let added = run(["lead", "add", "--company", company, "--contact", "Pat Doe"], "sam", monday)
            let id = added.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            ids.append(id)
            ok(["score", id, "--met", "need=Pain", "--met", "fit=ICP", "--met", "timeframe=Q1", "--met", "authority=Owner"], "sam", monday)
        }
        ok(["book", ids[0], "--ae", "alex", "--at", "2026-11-17 10:00"], "sam", monday)
        ok(["book", ids[1], "--ae", "ava", "--at", "2026-11-17 14:00"], "sam", monday)
        ok(["book", ids[2], "--ae", "alex", "--at", "2026-11-18 10:00"], "sam", monday)
        ok(["book", ids[3], "--ae", "ava", "--at", "2026-11-19 10:00"], "sam", monday)
        ok(["undo", ids[3]], "sam", "2026-11-16 09:30")
        ok(["outcome", ids[0], "held"], "alex", "2026-11-17 11:00")
        ok(["outcome", ids[1], "no-show", "--reason", "no_response"], "sam", "2026-11-17 15:00")
        ok(["return", ids[2], "--reason", "no_need", "--note", "No pain today"], "alex", "2026-11-18 09:00")
        ok(["accept", ids[0], "--next-step", "Demo", "--next-date", "2026-11-25"], "alex", "2026-11-18 12:00")
        ok(["rework", ids[2]], "sam", "2026-11-19 12:00")
        let report = run(["report", "--format", "json", "--since", "2026-11-16", "--until", "2026-11-22"], nil, "2026-11-25 12:00")
        #expect(report.status == 0, "\(report)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(report.stdout.utf8)) as? [String: Any])
        return try #require(json["cohorts"] as? [String: Any])
    }

    static func ratio(_ value: Any?) -> [Int] {
        guard let ratio = value as? [String: Any] else { return [] }
        return [ratio["numerator"] as? Int ?? -1, ratio["denominator"] as? Int ?? -1]
    }

    static func distribution(_ value: Any?) -> [Double] {
        guard let d = value as? [String: Any] else { return [] }
        return [Double(d["count"] as? Int ?? -1), d["medianHours"] as? Double ?? -1, d["p90Hours"] as? Double ?? -1]
    }

    /// What the loop must give, computed by hand.
    static func check(_ cohorts: [String: Any]) throws {
        let weeks = try #require(cohorts["weeks"] as? [[String: Any]])
        #expect(weeks.count == 1)
        let week = try #require(weeks.first)
        #expect(week["week"] as? String == "2026-W47" && week["handoffs"] as? Int == 3 && week["partial"] as? Bool == false)
        let snapshots = try #require(week["snapshots"] as? [[String: Any]])
        #expect(snapshots.map { $0["reached"] as? Bool } == [true, false, false, false, true])
        let now = try #require(snapshots.last)
        #expect(ratio(now["showRate"]) == [1, 2] && ratio(now["acceptance"]) == [1, 2] && ratio(now["saoRate"]) == [1, 3])
        #expect(ratio(snapshots[0]["acceptance"]) == [1, 2])
        // Booked 16 Nov 09:00 → held 17 Nov 11:00 (26 h), → no-show 17 Nov 15:00 (30 h).
        #expect(distribution(cohorts["handoffToOutcome"]) == [2, 26, 30])
        #expect(distribution(cohorts["heldToDisposition"]) == [1, 26, 26])
        let waits = try #require(cohorts["waits"] as? [String: Any])
        #expect(distribution(waits["ae"]) == [2, 1, 1] && distribution(waits["sdr"]) == [1, 27, 27])
        let byAE = try #require(cohorts["byAE"] as? [[String: Any]])
        #expect(byAE.map { $0["name"] as? String } == ["alex", "ava"])
        #expect(ratio(byAE[0]["acceptance"]) == [1, 2] && ratio(byAE[0]["returnRate"]) == [1, 2])
        #expect(ratio(byAE[1]["acceptance"]) == [0, 0] && ratio(cohorts["teamAcceptance"]) == [1, 2])
    }

    @Test("SQLite: the loop's cohorts, hand-computed; text and markdown show them with their counts")
    func sqlite() throws {
        let sandbox = Sandbox()
        let cohorts = try Self.loop { arguments, user, now in
            sandbox.now = now
            return sandbox.run(arguments, as: user, environment: ["TZ": "UTC"])
        }
        try Self.check(cohorts)
        sandbox.now = "2026-11-25 12:00"
        for format in ["text", "markdown"] {
            let text = sandbox.run(["report", "--format", format, "--since", "2026-11-16", "--until", "2026-11-22"],
                                   environment: ["TZ": "UTC"]).stdout
            for expected in ["2026-W47 (2026-11-16)", "33 % (1/3)", "not yet", "median", "alex"] {
                #expect(text.contains(expected), "\(format): \(expected) in \(text)")
            }
        }
    }

    @Test("PostgreSQL: the same loop gives the same cohorts as SQLite", .enabled(if: TestCluster.isWanted))
    func postgres() throws {
        let cluster = try TestCluster.shared()
        let (database, _) = try cluster.newDatabase()
        defer { cluster.dropDatabase(database) }
        let url = "postgres://postgres@\(cluster.host):\(cluster.port)/\(database)"
        let sandbox = Sandbox()
        let server = try Self.loop { arguments, user, now in
            sandbox.now = now
            return sandbox.run(arguments + ["--db", url], as: user,
                               environment: ["TZ": "UTC", "PGPASSWORD": cluster.superPassword])
        }
        try Self.check(server)
        let local = Sandbox()
        let file = try Self.loop { arguments, user, now in
            local.now = now
            return local.run(arguments, as: user, environment: ["TZ": "UTC"])
        }
        #expect(NSDictionary(dictionary: server).isEqual(to: file), "PostgreSQL \(server) vs SQLite \(file)")
    }
}
