import Foundation
import Testing

/// Issue 13, classes 5 and 6 through the real binary: errors never carry a terminal escape,
/// `--format json` escapes C1 and bidi characters, over-long text and NUL bytes are refused
/// at the door of every verb and import.
@Suite("command line: sanitised errors, escaped JSON, field limits")
struct SafeOutputCLITests {
    /// Terminal controls a message must not carry: C0 but the line break, DEL, C1, bidi.
    func raw(_ text: String) -> [String] {
        text.unicodeScalars.filter { scalar in
            let value = scalar.value
            return (value < 0x20 && value != 0x0A) || (0x7F...0x9F).contains(value)
                || (0x202A...0x202E).contains(value) || (0x2066...0x2069).contains(value)
        }.map { "U+" + String($0.value, radix: 16) }
    }

    @Test func errorsQuotingANameOrAnArgumentCarryNoEscapes() {
        let sandbox = Sandbox()
        sandbox.seedTeam()
        let hostile = "mallory\u{1B}]0;owned\u{07}\u{1B}[2J\u{9B}31m\u{202E}"
        let stranger = sandbox.run(["lead", "add", "--company", "Acme", "--contact", "Ann"], as: hostile)
        #expect(stranger.status == 5, "\(stranger)")
        #expect(stranger.stderr.contains("mallory"), "\(stranger)")
        #expect(raw(stranger.stderr).isEmpty, "raw controls \(raw(stranger.stderr)) in \(stranger.stderr.debugDescription)")
        // An argument the parser does not know, quoted back by ArgumentParser.
        let option = sandbox.run(["lead", "list", "--\u{1B}]0;owned\u{07}x"], as: "sam")
        #expect(option.status == 2, "\(option)")
        #expect(raw(option.stderr).isEmpty, "raw controls in \(option.stderr.debugDescription)")
        // A date quoted back.
        let id = sandbox.qualifiedLead("Acme")
        let date = sandbox.run(["book", id, "--ae", "alex", "--at", "\u{1B}[31mnever"], as: "sam")
        #expect(date.status == 3, "\(date)")
        #expect(date.stderr.contains("is not a date"), "\(date)")
        #expect(raw(date.stderr).isEmpty, "raw controls in \(date.stderr.debugDescription)")
    }

    /// Values from the environment and from config and theme files are quoted by errors too.
    @Test func errorsQuotingTheEnvironmentOrAConfigFileCarryNoEscapes() throws {
        let sandbox = Sandbox()
        sandbox.seedTeam()
        let now = sandbox.run(["lead", "list"], as: "sam", environment: ["HANDOFF_NOW": "\u{1B}]0;owned\u{07}\u{1B}[2Jsoon"])
        #expect(now.status != 0, "\(now)")
        #expect(now.stderr.contains("HANDOFF_NOW"), "\(now)")
        #expect(raw(now.stderr).isEmpty, "raw controls in \(now.stderr.debugDescription)")
        // A 100 KB date is refused without being echoed back.
        let huge = sandbox.run(["lead", "list"], as: "sam", environment: ["HANDOFF_NOW": String(repeating: "9", count: 100_000)])
        #expect(huge.status != 0)
        #expect(huge.stderr.contains("a date is at most 64 characters"), "\(huge.stderr.prefix(300))")
        #expect(huge.stderr.utf8.count < 400)

        let config = sandbox.folder.appendingPathComponent("config/handoff")
        try FileManager.default.createDirectory(at: config, withIntermediateDirectories: true)
        try "[report]\n\"\u{1B}]0;owned\u{07}\u{9B}2Jsla\" = \"\u{1B}[31m48\"\n".write(to: config.appendingPathComponent("config.toml"), atomically: true, encoding: .utf8)
        let report = sandbox.run(["report"], as: "sam")
        #expect(report.status != 0, "\(report)")
        #expect(raw(report.stderr).isEmpty, "raw controls in \(report.stderr.debugDescription)")
    }

    @Test func jsonOutputEscapesC1AndBidiFromAnImport() throws {
        let sandbox = Sandbox()
        sandbox.seedTeam()
        // The verbs store text as typed (imports sanitise it); every output must cope.
        let added = sandbox.run(["lead", "add", "--company", "Acme\u{85}\u{9B}2J\u{202E}gro", "--contact", "Ann"], as: "sam")
        #expect(added.status == 0, "\(added)")
        for arguments in [["lead", "show", "L-1", "--format", "json"], ["lead", "list", "--format", "json"],
                          ["export", "--format", "json"]] {
            let result = sandbox.run(arguments, as: "sam")
            #expect(result.status == 0, "\(arguments): \(result)")
            #expect(result.stdout.contains(#"Acme\u0085\u009b2J\u202egro"#), "\(arguments): \(result.stdout)")
            #expect(raw(result.stdout.replacingOccurrences(of: "\n", with: "")).isEmpty, "\(arguments): raw controls")
        }
        // The text output drops them altogether.
        let text = sandbox.run(["lead", "show", "L-1"], as: "sam")
        #expect(text.stdout.contains("Acmegro"), "\(text)")
        #expect(raw(text.stdout.replacingOccurrences(of: "\n", with: "")).isEmpty)
    }

    @Test func overlongTextAndNulBytesAreRefusedAtEveryDoor() throws {
        let sandbox = Sandbox()
        sandbox.seedTeam()
        let word = String(repeating: "w", count: 40_000)
        let add = sandbox.run(["lead", "add", "--company", "Acme", "--contact", "Ann", "--title", word], as: "sam")
        #expect(add.status == 3, "\(add.status) \(add.stderr.prefix(300))")
        #expect(add.stderr == "handoff: cannot add a lead: the title is longer than 200 characters (it has 40000)\n")
        let id = sandbox.qualifiedLead("Globex")
        let note = sandbox.run(["book", id, "--ae", "alex", "--at", "tomorrow 10:00", "--agenda", word], as: "sam")
        #expect(note.status == 3)
        #expect(note.stderr.contains("the agenda is longer than 4000 characters (it has 40000)"), "\(note.stderr.prefix(300))")

        // CSV: the row is rejected, naming the line and the field; nothing is imported.
        let csv = sandbox.folder.appendingPathComponent("crm.csv")
        let title = String(repeating: "t", count: 500)
        try Data("company,contact,title\nAcme,Ann,ok\nInitech,Bill,\(title)\nUmbrella,Al\u{0}ice,x\nHooli,Gavin,\(word)\n".utf8).write(to: csv)
        let imported = sandbox.run(["import", csv.path], as: "sam")
        #expect(imported.status == 3, "\(imported)")
        #expect(imported.stderr.contains("line 3"), "\(imported)")
        #expect(imported.stderr.contains("the title is longer than 200 characters (it has 500)"), "\(imported)")
        #expect(imported.stderr.contains("line 4, column 2 (contact): contains a NUL byte"), "\(imported)")
        #expect(imported.stderr.contains("line 5, column 3 (title): longer than 1000 characters"), "\(imported)")
        #expect(sandbox.run(["lead", "list"], as: "sam").stdout.contains("Acme") == false)

        // JSON import the same.
        let json = sandbox.folder.appendingPathComponent("crm.json")
        try Data(#"[{"company":"Hooli","first_name":"Gav\u0000in"}]"#.utf8).write(to: json)
        let fromJSON = sandbox.run(["import", json.path], as: "sam")
        #expect(fromJSON.status == 3, "\(fromJSON)")
        #expect(fromJSON.stderr.contains("contains a NUL byte"), "\(fromJSON)")
    }

    @Test func nestedJSONIsRefusedNotACrash() throws {
        let sandbox = Sandbox()
        sandbox.seedTeam()
        let deep = sandbox.folder.appendingPathComponent("deep.json")
        try Data((String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)).utf8).write(to: deep)
        let leads = sandbox.run(["import", deep.path], as: "sam")
        #expect(leads.status == 3, "\(leads)")
        #expect(leads.stderr.contains("nest more than 32 deep"), "\(leads)")
        // A log is an object: a bare array is not an export, whatever its depth.
        let events = sandbox.run(["import", "--events", deep.path, "--db", sandbox.folder.appendingPathComponent("new.sqlite").path], as: "sam")
        #expect(events.status == 3, "\(events)")
        #expect(events.stderr.contains("not a Handoff JSON export"), "\(events)")
        // The same depth inside an export's events is refused at its line, not a crash.
        let nested = sandbox.folder.appendingPathComponent("nested.json")
        try Data(("{\"format\": \"handoff-export\", \"version\": 1,\n\"events\": [" + String(repeating: "[", count: 100_000)
                  + String(repeating: "]", count: 100_000) + "]}").utf8).write(to: nested)
        let inside = sandbox.run(["import", "--events", nested.path, "--db", sandbox.folder.appendingPathComponent("new2.sqlite").path], as: "sam")
        #expect(inside.status == 3, "\(inside)")
        #expect(inside.stderr.contains("line 2: arrays and objects nest more than 32 deep"), "\(inside)")
        #expect(!FileManager.default.fileExists(atPath: sandbox.folder.appendingPathComponent("new2.sqlite").path), "\(inside)")
    }
}
