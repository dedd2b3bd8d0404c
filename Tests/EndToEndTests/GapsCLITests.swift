import Foundation
import Testing

/// Issue 16's remaining command-line parts through the built binary: `team list --format
/// json` carries away periods, and `handoff redo` is held to config.toml's no-show limit.
@Suite("command line: away periods in team list json, the no-show limit on redo")
struct GapsCLITests {
    @Test("team list --format json gives each member's away periods not yet ended")
    func teamListJSONCarriesAwayPeriods() throws {
        let sandbox = Sandbox()
        sandbox.now = "2026-11-23 09:00"
        sandbox.seedTeam()
        #expect(sandbox.run(["team", "away", "alex", "--from", "2026-11-25", "--to", "2026-11-27"], as: "alex").status == 0)
        #expect(sandbox.run(["team", "away", "ava", "--from", "2026-12-01", "--to", "2026-12-02"], as: "lee").status == 0)
        let listed = sandbox.run(["team", "list", "--format", "json"])
        #expect(listed.status == 0, "\(listed)")
        let members = try #require(try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]])
        let alex = try #require(members.first { $0["name"] as? String == "alex" })
        #expect(alex["role"] as? String == "ae" && alex["login"] as? String != nil)
        let away = try #require(alex["away"] as? [[String: String]])
        #expect(away == [["from": "2026-11-25", "to": "2026-11-27"]])
        let ava = try #require(members.first { $0["name"] as? String == "ava" })
        #expect(ava["away"] as? [[String: String]] == [["from": "2026-12-01", "to": "2026-12-02"]])
        #expect(members.filter { !["alex", "ava"].contains($0["name"] as? String) }.allSatisfy { ($0["away"] as? [Any])?.isEmpty == true })
    }

    @Test("handoff redo of an undone booking is refused past [no_show] limit, as book is")
    func redoIsHeldToTheNoShowLimit() throws {
        let sandbox = Sandbox()
        sandbox.now = "2026-11-23 09:00"
        sandbox.seedTeam()
        let id = sandbox.qualifiedLead("Acme")
        #expect(sandbox.run(["book", id, "--ae", "alex", "--at", "2026-11-23 10:00"], as: "sam").status == 0)
        sandbox.now = "2026-11-23 11:00"
        #expect(sandbox.run(["outcome", id, "no-show", "--reason", "no_response"], as: "sam").status == 0)
        #expect(sandbox.run(["book", id, "--ae", "alex", "--at", "2026-11-24 10:00"], as: "sam").status == 0)
        #expect(sandbox.run(["undo"], as: "sam").status == 0)
        let folder = sandbox.folder.appendingPathComponent("config/handoff")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try "[no_show]\nlimit = 1\n".write(to: folder.appendingPathComponent("config.toml"), atomically: true, encoding: .utf8)
        let book = sandbox.run(["book", id, "--ae", "alex", "--at", "2026-11-24 10:00"], as: "sam")
        #expect(book.status == 3, "\(book)")
        let redo = sandbox.run(["redo"], as: "sam")
        #expect(redo.status == 3, "\(redo)")
        #expect(redo.stderr.contains("cannot book \(id) again: its meeting was a no-show 1 time, the team's limit ([no_show] limit = 1)"), "\(redo)")
        #expect(sandbox.show(id)?["column"] as? String == "queue", "nothing changed")
        let help = sandbox.run(["redo", "--help"])
        #expect(help.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ").contains("config.toml's [no_show] limit exactly as `handoff book` is"), "\(help)")
    }
}
