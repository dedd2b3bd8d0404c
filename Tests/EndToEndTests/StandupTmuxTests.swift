import Foundation
import Testing

/// The standup view `S` of the real binary, read off a tmux screen, against what
/// `handoff report --format json` prints for the same store, clock and config.
@Suite("standup in tmux", .serialized)
struct StandupTmuxTests {
    /// Every number in `text` that follows `label` and a run of spaces, e.g. "SDR queue   18".
    func number(after label: String, in text: String, before suffix: String = "") -> Int? {
        let pattern = NSRegularExpression.escapedPattern(for: label) + #"\s+(\d+)\b"# + NSRegularExpression.escapedPattern(for: suffix)
        guard let regex = try? NSRegularExpression(pattern: pattern),
              let match = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)),
              let range = Range(match.range(at: 1), in: text) else { return nil }
        return Int(text[range])
    }

    @Test func theStandupShowsTheNumbersTheReportPrints() throws {
        guard Tmux.require() else { return }
        let sandbox = Sandbox()
        sandbox.now = "2026-11-20 10:00"
        // A team's own limits, in config.toml: the report, the markers and S all use them.
        let config = sandbox.folder.appendingPathComponent("config")
        let handoffConfig = config.appendingPathComponent("handoff")
        try FileManager.default.createDirectory(at: handoffConfig, withIntermediateDirectories: true)
        try "[report]\nsla_hours = 24\naging_days.queue = 4\n".write(to: handoffConfig.appendingPathComponent("config.toml"),
                                                                      atomically: true, encoding: .utf8)
        let seeded = sandbox.run(["demo", "--seed-only", "--db", sandbox.store], as: "lee")
        #expect(seeded.status == 0, "\(seeded)")
        let printed = sandbox.run(["report", "--format", "json"], as: "lee")
        #expect(printed.status == 0, "\(printed)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(printed.stdout.utf8)) as? [String: Any])
        let team = try #require(json["team"] as? [String: Any])
        let columns = try #require(json["columns"] as? [[String: Any]])
        let meetings = try #require(team["meetings"] as? [String: Any])
        let showRate = try #require(meetings["showRate"] as? [String: Any])
        let sla = try #require(team["sla"] as? [String: Any])
        let people = try #require(json["people"] as? [[String: Any]])
        let settings = try #require(json["settings"] as? [String: Any])
        #expect(settings["slaHours"] as? Double == 24)

        let board = Tmux(width: 200, height: 50,
                         environment: ["HANDOFF_DB": sandbox.store, "HANDOFF_USER": "lee", "TERM": "xterm-256color",
                                       "HANDOFF_NOW": "2026-11-20 10:00", "XDG_CONFIG_HOME": config.path],
                         command: [Binary.path])
        board.wait(for: "SDR queue", "lee · team lead")
        board.press("S")
        let screen = board.wait(for: "Board now: cards per column", "Needs attention now")

        // Cards per column.
        let titles = ["queue": "SDR queue", "handed-off": "Handed off", "sao": "SAO", "nurture": "Nurture", "returned": "Returned"]
        #expect(columns.count == 5)
        for column in columns {
            let slug = try #require(column["column"] as? String)
            let title = try #require(titles[slug], "\(slug)")
            #expect(number(after: " " + title, in: screen) == column["cards"] as? Int, "\(title) on screen:\n\(screen)")
        }
        // Show rate with its numerator and denominator.
        let rate = try #require(showRate["text"] as? String)
        #expect((showRate["denominator"] as? Int ?? 0) > 0)
        #expect(screen.contains("show rate") && screen.contains(rate), "\(rate) not on screen:\n\(screen)")
        // Open SLA breaches, against the config's 24 h.
        let breaches = try #require(sla["openBreaches"] as? Int)
        #expect(screen.contains("SLA breaches: \(breaches) open past 24 h"), "\(screen)")
        // Credited SQLs per SDR.
        #expect(people.count == 3)
        for person in people {
            let name = try #require(person["name"] as? String)
            let figures = try #require(person["figures"] as? [String: Any])
            let credits = try #require(figures["credits"] as? [String: Any])
            let sqls = try #require(credits["sqls"] as? Int)
            #expect(screen.contains(" \(name)") && number(after: " " + name, in: screen, before: " SQL") == sqls,
                    "\(name): \(sqls) SQLs expected on screen:\n\(screen)")
        }
        // The aging limit from config.toml is the one the standup states.
        #expect(screen.contains("queue 4 d"))
        board.press("Escape", "q")
        board.wait(for: "[exited 0]")
    }

    /// The README shows the demo store's report; it must be what the binary prints for
    /// the commands the README gives.
    @Test func theReadmeShowsTheDemoReportTheBinaryPrints() throws {
        let readme = try String(contentsOf: Binary.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let lines = readme.components(separatedBy: "\n")
        let begin = try #require(lines.firstIndex { $0.hasPrefix("<!-- demo-report:begin") })
        let end = try #require(lines.firstIndex { $0.hasPrefix("<!-- demo-report:end") })
        let shown = lines[(begin + 1)..<end].joined(separator: "\n")

        let sandbox = Sandbox()
        sandbox.now = "2026-11-20 10:00"
        let utc = ["TZ": "UTC"]
        let seeded = sandbox.run(["demo", "--seed-only", "--db", sandbox.store], as: "root", environment: utc)
        #expect(seeded.status == 0, "\(seeded)")
        let printed = sandbox.run(["report", "--format", "markdown"], as: "root", environment: utc)
        #expect(printed.status == 0, "\(printed)")
        // `sed 's/^#/###/'`, as the README's command has it.
        let shifted = printed.stdout.components(separatedBy: "\n")
            .map { $0.hasPrefix("#") ? "##" + $0 : $0 }.joined(separator: "\n")
        #expect(shifted.trimmingCharacters(in: .newlines) == shown.trimmingCharacters(in: .newlines),
                "README's demo report is stale; regenerate it with the commands above it")
        #expect(shown.contains("Show rate: 80 % (12/15)"))
    }
}
