import Foundation
import Testing

/// Issue 12 parts 2 and 3 through the built binary: a forged log is refused by
/// `import --events` and reported by `doctor`; roles, names, reassigning and restoring.
@Suite("command line: the rules on every path into the log")
struct RulesOnEveryPathCLITests {
    func team() -> Sandbox {
        let sandbox = Sandbox()
        sandbox.now = "2026-11-23 09:00"
        sandbox.seedTeam()
        return sandbox
    }

    /// Exports the board as JSON and returns the document, with its events.
    func exported(_ sandbox: Sandbox) throws -> [String: Any] {
        let path = sandbox.folder.appendingPathComponent("export.json").path
        let export = sandbox.run(["export", "--format", "json", "--out", path])
        #expect(export.status == 0, "\(export)")
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test func aForgedLogIsRefusedByImportAndReportedByDoctor() throws {
        let sandbox = team()
        let id = sandbox.run(["lead", "add", "--company", "Acme", "--contact", "Pat"], as: "sam").stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(id == "L-1")
        var document = try exported(sandbox)
        var events = try #require(document["events"] as? [[String: Any]])
        let last = try #require(events.last)
        let seq = try #require(last["seq"] as? Int) + 1
        let at = try #require(last["at"] as? String)
        // sam "accepts" his own lead straight from the queue: an SAO without a meeting.
        events.append(["seq": seq, "at": at, "actor": "sam", "lead": "L-1", "type": "accepted", "from": "queue", "to": "sao",
                       "payload": ["disposition": ["kind": "accepted", "by": "sam", "at": at, "nextStep": "Contract",
                                                   "nextDate": "2026-12-30T09:00:00Z", "reasons": [String](),
                                                   "failedCriteria": [String](), "beforeMeeting": false]]])
        document["events"] = events
        let forged = sandbox.folder.appendingPathComponent("forged.json")
        try JSONSerialization.data(withJSONObject: document).write(to: forged)
        let target = sandbox.folder.appendingPathComponent("rebuilt.sqlite").path
        let refused = sandbox.run(["import", "--events", forged.path, "--db", target], as: "lee")
        #expect(refused.status == 3, "\(refused)")
        #expect(refused.stderr.contains("event #\(seq) (L-1, accepted by sam): cannot accept L-1: it is in SDR queue; only leads in Handed off can be accepted; the rules refuse it, so nothing was imported"), "\(refused)")
        let empty = sandbox.run(["lead", "list", "--db", target], as: "lee")
        #expect(!empty.stdout.contains("Acme"), "nothing was imported: \(empty)")

        // The same event written into the store's file behind its back: doctor reports it.
        #expect(sandbox.run(["doctor"]).status == 0)
        let payload = #"{"disposition":{"at":"2026-11-23T09:00:00Z","beforeMeeting":false,"by":"sam","failedCriteria":[],"kind":"accepted","nextDate":"2026-12-30T09:00:00Z","nextStep":"Contract","reasons":[]}}"#
        let sql = "INSERT INTO event (seq, at, actor, lead, type, from_column, to_column, payload) VALUES (\(seq), '\(at)', 'sam', 1, 'accepted', 'queue', 'sao', '\(payload)')"
        let insert = Sandbox.execute("/usr/bin/sqlite3", [sandbox.store, sql], environment: [:])
        #expect(insert.status == 0, "\(insert)")
        let doctor = sandbox.run(["doctor"])
        #expect(doctor.status == 1, "\(doctor)")
        #expect(doctor.stdout.contains("problem: the rules refuse event #\(seq) (L-1, accepted by sam): cannot accept L-1: it is in SDR queue"), "\(doctor)")
    }

    @Test func rolesNamesReassigningAndRestoring() {
        let sandbox = team()
        // Names as people read them.
        let lookalike = sandbox.run(["team", "add", "s\u{0430}m", "--role", "ae"], as: "lee")
        #expect(lookalike.status == 3 && lookalike.stderr.contains("s\u{0430}m looks like sam, who is already on the team"), "\(lookalike)")
        let existing = sandbox.run(["team", "add", "sam\u{00A0}", "--role", "ae"], as: "lee")
        #expect(existing.status == 3, "\(existing)")
        #expect(existing.stderr.contains("sam is already on the team as SDR; `team add` only adds new members (to change a role: `handoff team edit sam --role ae`)"), "\(existing)")
        // An SDR adds only to their own queue.
        let other = sandbox.run(["lead", "add", "--company", "Globex", "--contact", "Hank", "--owner", "sue"], as: "sam")
        #expect(other.status == 5, "\(other)")
        sandbox.run(["lead", "add", "--company", "Acme", "--contact", "Pat"], as: "sam")
        sandbox.run(["lead", "add", "--company", "Initech", "--contact", "Bill"], as: "sam")
        // sam becomes an AE: told what he still holds, and no longer works his leads.
        let edit = sandbox.run(["team", "edit", "sam", "--role", "ae"], as: "lee")
        #expect(edit.status == 0, "\(edit)")
        #expect(edit.stdout.contains("sam was SDR, is now AE; sam still owns 2 leads (2 in SDR queue) and is the AE of no open meeting"), "\(edit)")
        let score = sandbox.run(["score", "L-1", "--met", "need=x"], as: "sam")
        #expect(score.status == 5 && score.stderr.contains("sam is an AE now"), "\(score)")
        // A team lead moves his open leads, as events through the rules.
        let moved = sandbox.run(["team", "reassign", "sam", "--to", "sue"], as: "lee")
        #expect(moved.status == 0, "\(moved)")
        #expect(moved.stdout.contains("moved 2 leads from sam to sue: L-1, L-2"), "\(moved)")
        #expect(sandbox.show("L-2")?["owner"] as? String == "sue")
        // Withdrawn by undo, brought back by undo; archived, restored by a team lead.
        #expect(sandbox.run(["undo", "L-2"], as: "lee").status == 0)
        #expect(sandbox.run(["undo", "L-2"], as: "lee").status == 0)
        #expect(sandbox.show("L-2")?["column"] as? String == "archived")
        let back = sandbox.run(["undo", "L-2"], as: "lee")
        #expect(back.status == 0 && back.stdout.contains("now in SDR queue"), "\(back)")
        #expect(sandbox.run(["undo", "L-2"], as: "lee").status == 0)
        let sdr = sandbox.run(["restore", "L-2"], as: "sue")
        #expect(sdr.status == 5, "\(sdr)")
        let restored = sandbox.run(["restore", "L-2"], as: "lee")
        #expect(restored.status == 0, "\(restored)")
        #expect(sandbox.show("L-2")?["column"] as? String == "queue")
        #expect(sandbox.run(["doctor"]).status == 0)
    }
}
