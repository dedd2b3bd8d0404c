import Foundation
import PostgresTestSupport
import Testing

/// Definition health through the built binary on both stores (issue 17 item 2): the team
/// lead edits the definition with `handoff definition set`, and `report --section definition
/// --format json` gives each version's figures; they are checked by hand and against an
/// independent recomputation from `handoff export --format json` (plain JSONSerialization
/// and arithmetic, none of the app's types, each booking's version read from its own
/// payload rather than from the log's order). Plus `--section`'s bad input.
@Suite("command line: definition health and report --section")
struct DefinitionHealthCLITests {
    typealias Run = (_ arguments: [String], _ user: String, _ now: String) -> RunResult

    /// The story of DefinitionHealthTests, through the command line. v1 from Mon 2 Nov 09:00,
    /// v2 from Thu 5 Nov 09:00; the report is taken on Sat 7 Nov 09:00.
    static func story(_ sandbox: Sandbox, _ run: Run) throws {
        func ok(_ arguments: [String], _ user: String, _ now: String) {
            let result = run(arguments, user, now)
            #expect(result.status == 0, "\(arguments): \(result)")
        }
        func lead(_ company: String, _ now: String) -> String {
            let id = run(["lead", "add", "--company", company, "--contact", "Pat Doe"], "sam", now).stdout
                .trimmingCharacters(in: .whitespacesAndNewlines)
            ok(["score", id, "--met", "need=Pain in their words", "--met", "fit=ICP: 300 staff",
                "--met", "timeframe=Before the audit", "--met", "authority=Runs the team"], "sam", now)
            return id
        }
        ok(["init", "--lead", "lee", "--personal"], "lee", "2026-11-02 09:00")
        for (name, role) in [("sam", "sdr"), ("alex", "ae"), ("ava", "ae")] {
            ok(["team", "add", name, "--role", role], "lee", "2026-11-02 09:00")
        }
        // Under v1.
        let acme = lead("Acme", "2026-11-02 10:00")
        ok(["book", acme, "--ae", "alex", "--at", "2026-11-02 11:00"], "sam", "2026-11-02 10:00")
        let globex = lead("Globex", "2026-11-02 10:00")
        ok(["book", globex, "--ae", "alex", "--at", "2026-11-02 11:30"], "sam", "2026-11-02 10:00")
        let hooli = lead("Hooli", "2026-11-02 10:00")
        ok(["book", hooli, "--ae", "alex", "--at", "2026-11-03 10:00"], "sam", "2026-11-02 10:00")
        ok(["undo", hooli], "sam", "2026-11-02 10:05")
        ok(["outcome", acme, "held"], "alex", "2026-11-02 12:00")
        ok(["accept", acme, "--next-step", "Demo", "--next-date", "2026-11-10"], "alex", "2026-11-02 12:00")
        ok(["outcome", globex, "held"], "alex", "2026-11-02 12:00")
        ok(["return", globex, "--reason", "no_need", "--failed", "need,fit", "--note", "No pain today"], "alex", "2026-11-02 12:00")
        let initech = lead("Initech", "2026-11-04 09:30")
        ok(["book", initech, "--ae", "alex", "--at", "2026-11-04 10:00"], "sam", "2026-11-04 09:30")
        ok(["outcome", initech, "no-show", "--reason", "no_response"], "sam", "2026-11-04 11:00")
        // The team lead edits the definition: v2.
        let toml = run(["definition", "show", "--format", "toml"], "lee", "2026-11-05 09:00").stdout
        #expect(toml.contains("optional for an SQL"), "\(toml)")
        let file = sandbox.folder.appendingPathComponent("definition.toml")
        try toml.replacingOccurrences(of: "optional for an SQL", with: "ask for it anyway")
            .write(to: file, atomically: true, encoding: .utf8)
        ok(["definition", "set", file.path], "lee", "2026-11-05 09:00")
        // Under v2.
        let umbrella = lead("Umbrella", "2026-11-05 10:00")
        ok(["book", umbrella, "--ae", "alex", "--at", "2026-11-05 11:00"], "sam", "2026-11-05 10:00")
        ok(["outcome", umbrella, "held"], "alex", "2026-11-05 12:00")
        ok(["return", umbrella, "--reason", "not_icp", "--failed", "fit", "--note", "Too small"], "alex", "2026-11-05 12:00")
        ok(["dispute", umbrella, "--note", "300 staff is our ICP"], "sam", "2026-11-05 12:10")
        ok(["resolve", umbrella, "overturn", "--note", "In the ICP"], "lee", "2026-11-05 12:20")
        ok(["accept", umbrella, "--next-step", "Demo", "--next-date", "2026-11-12"], "alex", "2026-11-05 12:30")
        let stark = lead("Stark", "2026-11-05 13:00")
        ok(["book", stark, "--ae", "alex", "--at", "2026-11-05 14:00"], "sam", "2026-11-05 13:00")
        ok(["outcome", stark, "held"], "alex", "2026-11-05 15:00")
        ok(["accept", stark, "--next-step", "Demo", "--next-date", "2026-11-12"], "alex", "2026-11-05 15:00")
        ok(["undo", stark], "alex", "2026-11-05 15:05")
        let wayne = lead("Wayne", "2026-11-06 12:00")
        ok(["book", wayne, "--ae", "ava", "--at", "2026-11-08 10:00"], "sam", "2026-11-06 12:00")
        ok(["outcome", wayne, "canceled", "--reason", "conflict"], "sam", "2026-11-06 13:00")
    }

    static func object(_ result: RunResult) throws -> [String: Any] {
        #expect(result.status == 0, "\(result)")
        return try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(result)")
    }

    static func pair(_ ratio: Any?) -> [Int] {
        let ratio = ratio as? [String: Any]
        return [ratio?["numerator"] as? Int ?? -1, ratio?["denominator"] as? Int ?? -1]
    }

    /// The figures the tests compare, from the report's JSON: per version and per window,
    /// handoffs, and show rate, acceptance and return rate as [numerator, denominator].
    static func reported(_ definition: [String: Any]) -> [String: [Int]] {
        var figures: [String: [Int]] = [:]
        func add(_ prefix: String, _ f: [String: Any]?) {
            figures[prefix + ".handoffs"] = [f?["handoffs"] as? Int ?? -1]
            figures[prefix + ".show"] = pair(f?["showRate"])
            figures[prefix + ".accept"] = pair(f?["acceptanceRate"])
            figures[prefix + ".return"] = pair(f?["returnRate"])
            for code in (f?["returnsByCriterion"] as? [[String: Any]]) ?? [] {
                figures[prefix + ".failed." + (code["code"] as? String ?? "?")] = pair(code["share"])
            }
        }
        for version in (definition["versions"] as? [[String: Any]]) ?? [] {
            add("v\(version["version"] as? Int ?? -1)", version["figures"] as? [String: Any])
        }
        let comparison = definition["comparison"] as? [String: Any]
        for side in ["previous", "current"] {
            let window = comparison?[side] as? [String: Any]
            add("window.v\(window?["version"] as? Int ?? -1)", window?["figures"] as? [String: Any])
        }
        return figures
    }

    /// The same figures from the exported log, by the README's definitions.
    static func recomputed(_ events: [[String: Any]], now: Double) -> [String: [Int]] {
        func seconds(_ value: Any?) -> Double {
            guard let text = value as? String, let date = ISO8601DateFormatter().date(from: text) else { return -1 }
            return date.timeIntervalSince1970
        }
        func payload(_ event: [String: Any]) -> [String: Any] { event["payload"] as? [String: Any] ?? [:] }
        // Undone events never count; an undo undone gives its target back (newest undo first).
        var undone = Set<Int>()
        let undos = events.filter { $0["type"] as? String == "undone" }.sorted { ($0["seq"] as? Int ?? 0) > ($1["seq"] as? Int ?? 0) }
        for event in undos {
            guard let seq = event["seq"] as? Int, !undone.contains(seq), let target = payload(event)["undoes"] as? Int else { continue }
            undone.insert(target)
        }
        // The versions: when each definition event put one in force.
        var starts: [(version: Int, at: Double)] = []
        struct Handoff { var version: Int; var at: Double; var outcome = ""; var disposition = ""; var failed: [String] = [] }
        var handoffs: [Handoff] = []
        var current: [String: Int] = [:]
        for event in events.sorted(by: { ($0["seq"] as? Int ?? 0) < ($1["seq"] as? Int ?? 0) }) {
            let type = event["type"] as? String ?? ""
            guard let seq = event["seq"] as? Int, !undone.contains(seq), type != "undone" else { continue }
            let p = payload(event)
            if type == "definition" {
                starts.append(((p["definition"] as? [String: Any])?["version"] as? Int ?? -1, seconds(event["at"])))
                continue
            }
            guard let lead = event["lead"] as? String else { continue }
            switch type {
            case "booked":
                current[lead] = handoffs.count
                handoffs.append(Handoff(version: p["definitionVersion"] as? Int ?? -1, at: seconds(event["at"])))
            case "outcome":
                if let index = current[lead], let outcome = p["outcome"] as? String, outcome != "rescheduled" {
                    handoffs[index].outcome = outcome
                }
            case "accepted", "nurtured", "returned":
                if let index = current[lead] {
                    handoffs[index].disposition = type
                    handoffs[index].failed = type == "returned" ? ((p["disposition"] as? [String: Any])?["failedCriteria"] as? [String] ?? []) : []
                }
            case "resolved":
                if let index = current[lead], p["resolution"] as? String == "overturned", handoffs[index].disposition == "returned" {
                    handoffs[index].disposition = ""
                    handoffs[index].failed = []
                }
            case "created", "reworked", "reactivated", "restored":
                current[lead] = nil
            default:
                break
            }
        }
        var figures: [String: [Int]] = [:]
        func add(_ prefix: String, _ list: [Handoff]) {
            let met = list.filter { ["held", "no-show", "canceled"].contains($0.outcome) }
            let disposed = list.filter { !$0.disposition.isEmpty }
            let returned = disposed.filter { $0.disposition == "returned" }
            figures[prefix + ".handoffs"] = [list.count]
            figures[prefix + ".show"] = [met.filter { $0.outcome == "held" }.count, met.count]
            figures[prefix + ".accept"] = [disposed.filter { $0.disposition == "accepted" }.count, disposed.count]
            figures[prefix + ".return"] = [returned.count, disposed.count]
            for key in Set(returned.flatMap(\.failed)) {
                figures[prefix + ".failed." + key] = [returned.filter { $0.failed.contains(key) }.count, returned.count]
            }
        }
        for start in starts { add("v\(start.version)", handoffs.filter { $0.version == start.version }) }
        if starts.count >= 2 {
            let previous = starts[starts.count - 2], current = starts[starts.count - 1]
            let days = min(current.at - previous.at, now - current.at)
            for side in [previous, current] {
                add("window.v\(side.version)", handoffs.filter { $0.version == side.version && $0.at >= side.at && $0.at < side.at + days })
            }
        }
        return figures
    }

    static func check(_ sandbox: Sandbox, _ run: Run) throws {
        try story(sandbox, run)
        let now = "2026-11-07 09:00"
        let json = try object(run(["report", "--section", "definition", "--format", "json"], "lee", now))
        #expect(Set(json.keys) == ["generatedAt", "period", "grouping", "settings", "definition"], "\(json.keys)")
        let definition = try #require(json["definition"] as? [String: Any])
        let figures = reported(definition)
        // By hand (see DefinitionHealthTests for the story).
        #expect(figures["v1.handoffs"] == [3] && figures["v2.handoffs"] == [3], "\(figures)")
        #expect(figures["v1.show"] == [2, 3] && figures["v1.accept"] == [1, 2] && figures["v1.return"] == [1, 2], "\(figures)")
        #expect(figures["v1.failed.need"] == [1, 1] && figures["v1.failed.fit"] == [1, 1], "\(figures)")
        #expect(figures["v2.show"] == [2, 3] && figures["v2.accept"] == [1, 1] && figures["v2.return"] == [0, 1], "\(figures)")
        #expect(figures["window.v1.handoffs"] == [2] && figures["window.v1.show"] == [2, 2], "\(figures)")
        #expect(figures["window.v2.handoffs"] == [3] && figures["window.v2.accept"] == [1, 1], "\(figures)")
        let comparison = definition["comparison"] as? [String: Any]
        #expect(comparison?["days"] as? Double == 2, "\(String(describing: comparison))")
        // Independently, from the exported log.
        let export = try object(run(["export", "--format", "json"], "lee", now))
        let events = try #require(export["events"] as? [[String: Any]])
        let at = try #require(ISO8601DateFormatter().date(from: "2026-11-07T09:00:00Z")).timeIntervalSince1970
        #expect(recomputed(events, now: at) == figures)
        // Text and markdown print the section alone, with its counts.
        let text = run(["report", "--section", "definition"], "lee", now)
        #expect(text.status == 0 && text.stdout.contains("Definition health") && !text.stdout.contains("Board now"), "\(text)")
        #expect(text.stdout.contains("67 % (2/3)") && text.stdout.contains("Definition v2 against v1 over the first 2 days of each"), "\(text)")
        let markdown = run(["report", "--section", "definition,board", "--format", "markdown"], "lee", now)
        #expect(markdown.stdout.contains("## Board now") && markdown.stdout.contains("## Definition health"), "\(markdown)")
        #expect(!markdown.stdout.contains("## Meetings due"), "\(markdown)")
    }

    @Test("SQLite: each definition version's figures, by hand and recomputed from the export")
    func sqlite() throws {
        let sandbox = Sandbox()
        try Self.check(sandbox) { arguments, user, now in
            sandbox.run(arguments, as: user, environment: ["HANDOFF_NOW": now, "TZ": "UTC"])
        }
    }

    @Test("PostgreSQL: the same figures", .enabled(if: TestCluster.isWanted))
    func postgres() throws {
        let cluster = try TestCluster.shared()
        let sandbox = Sandbox()
        let (database, _) = try cluster.newDatabase()
        defer { cluster.dropDatabase(database) }
        let url = "postgres://postgres@\(cluster.host):\(cluster.port)/\(database)"
        try Self.check(sandbox) { arguments, user, now in
            sandbox.run(arguments + ["--db", url], as: user,
                        environment: ["HANDOFF_NOW": now, "TZ": "UTC", "PGPASSWORD": cluster.superPassword])
        }
    }

    @Test("--section: an unknown name gets a one-line error with a suggestion, exit 2; JSON keeps the section's keys")
    func badSection() throws {
        let sandbox = Sandbox()
        sandbox.now = "2026-11-02 09:00"
        sandbox.seedTeam()
        let typo = sandbox.run(["report", "--section", "defintion"])
        #expect(typo.status == 2, "\(typo)")
        #expect(typo.stderr.contains("--section: 'defintion' is not a section of the report (did you mean definition?)"), "\(typo)")
        #expect(typo.stderr.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "\n").count == 1, "\(typo)")
        #expect(typo.stdout.isEmpty)
        let listed = sandbox.run(["report", "--section", "board,\u{1B}[31mnope"])
        #expect(listed.status == 2 && !listed.stderr.contains("\u{1B}"), "sanitised: \(listed)")
        #expect(listed.stderr.contains("the sections: board, meetings"), "\(listed)")
        #expect(sandbox.run(["report", "--section", ""]).status == 2)
        let shows = try Self.object(sandbox.run(["report", "--section", "shows", "--section", "routing", "--format", "json"]))
        #expect(Set(shows.keys) == ["generatedAt", "period", "grouping", "settings", "shows", "overrides"], "\(shows.keys)")
        let whole = try Self.object(sandbox.run(["report", "--format", "json"]))
        #expect((whole["shows"] as? NSDictionary) == (shows["shows"] as? NSDictionary), "the section's JSON is the whole report's")
        let help = sandbox.run(["report", "--help"])
        #expect(help.stdout.contains("--section") && help.stdout.contains("definition"), "\(help)")
    }
}
