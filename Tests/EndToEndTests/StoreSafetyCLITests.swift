import Foundation
import Testing

/// Issue 13, classes 1, 2, 7 and 8, through the built binary: nothing writes over the
/// store, another program's database is refused untouched by every verb, a damaged row
/// names itself while the rest keeps working, and a failed command leaves no file.
@Suite("command line: the store is safe from its own verbs")
struct StoreSafetyCLITests {
    func bytes(_ path: String) -> Data? { FileManager.default.contents(atPath: path) }

    func files(_ sandbox: Sandbox) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: sandbox.folder.path)) ?? []).sorted()
    }

    // MARK: - Class 1: writing over the store

    @Test func exportNeverWritesOverTheStoreOrItsFilesOrLinksToThem() throws {
        let sandbox = Sandbox()
        sandbox.now = "2026-11-20 10:00"
        sandbox.seedTeam()
        sandbox.run(["lead", "add", "--company", "Acme", "--contact", "Pat"], as: "sam")
        let folder = sandbox.folder.path
        let symbolic = folder + "/link.sqlite"
        let hard = folder + "/hard.sqlite"
        try FileManager.default.createSymbolicLink(atPath: symbolic, withDestinationPath: sandbox.store)
        #expect(link(sandbox.store, hard) == 0)
        let before = sandbox.run(["export", "--format", "json"], as: "lee").stdout
        for target in [sandbox.store, sandbox.store + "-wal", sandbox.store + "-shm", sandbox.store + ".lock", symbolic, hard,
                       folder + "/./board.sqlite"] {
            for format in ["csv", "json"] {
                let result = sandbox.run(["export", "--format", format, "--out", target, "--force"], as: "lee")
                #expect(result.status == 3, "\(target): \(result)")
                #expect(result.stderr.contains("an export never writes over the board"), "\(result)")
            }
        }
        // SQLite rewrites its header on every opening: the board, not the bytes, is compared.
        #expect(sandbox.run(["export", "--format", "json"], as: "lee").stdout == before)
        #expect(sandbox.run(["doctor"], as: "lee").status == 0)
        let list = sandbox.run(["lead", "list"], as: "lee")
        #expect(list.status == 0 && list.stdout.contains("Acme"), "\(list)")
    }

    @Test func anExistingFileThatIsNotAPreviousExportNeedsForce() throws {
        let sandbox = Sandbox()
        sandbox.seedTeam()
        sandbox.run(["lead", "add", "--company", "Acme", "--contact", "Pat"], as: "sam")
        let notes = sandbox.folder.appendingPathComponent("notes.csv").path
        try Data("my own notes\n".utf8).write(to: URL(fileURLWithPath: notes))
        let refused = sandbox.run(["export", "--out", notes], as: "lee")
        #expect(refused.status == 3, "\(refused)")
        #expect(refused.stderr.contains("already exists and is not a Handoff CSV export: add --force"), "\(refused)")
        #expect(bytes(notes) == Data("my own notes\n".utf8))
        // A link to it is no way round.
        let link = sandbox.folder.appendingPathComponent("notes-link.csv").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: notes)
        #expect(sandbox.run(["export", "--out", link], as: "lee").status == 3)
        #expect(bytes(notes) == Data("my own notes\n".utf8))

        // A previous export of the same kind is replaced; of the other kind, it needs --force.
        let csv = sandbox.folder.appendingPathComponent("board.csv").path
        #expect(sandbox.run(["export", "--out", csv], as: "lee").status == 0)
        let again = sandbox.run(["export", "--out", csv], as: "lee")
        #expect(again.status == 0, "\(again)")
        let json = sandbox.run(["export", "--format", "json", "--out", csv], as: "lee")
        #expect(json.status == 3, "\(json)")
        #expect(json.stderr.contains("not a Handoff JSON export"), "\(json)")
        let jsonFile = sandbox.folder.appendingPathComponent("board.json").path
        #expect(sandbox.run(["export", "--format", "json", "--out", jsonFile], as: "lee").status == 0)
        #expect(sandbox.run(["export", "--format", "json", "--out", jsonFile], as: "lee").status == 0)

        let forced = sandbox.run(["export", "--out", notes, "--force"], as: "lee")
        #expect(forced.status == 0, "\(forced)")
        #expect(String(decoding: bytes(notes) ?? Data(), as: UTF8.self).contains("Acme"))
        // A device is written through, as before.
        #expect(sandbox.run(["export", "--out", "/dev/null"], as: "lee").status == 0)
    }

    // MARK: - Class 2: someone else's database

    /// A database another program made with the sqlite3 shell, in rollback-journal mode.
    func foreignDatabase(at path: String) {
        let made = Sandbox.execute("/usr/bin/env", ["sqlite3", path, "CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL); INSERT INTO invoices (total) VALUES (12.5);"],
                                   environment: ProcessInfo.processInfo.environment)
        #expect(made.status == 0, "\(made)")
    }

    @Test func everyVerbRefusesAnotherProgramsDatabaseUntouched() throws {
        // A whole board's export, for `import --events` onto the foreign file.
        let other = Sandbox()
        other.seedTeam()
        let export = other.folder.appendingPathComponent("board.json").path
        #expect(other.run(["export", "--format", "json", "--out", export], as: "lee").status == 0)
        let sandbox = Sandbox()
        foreignDatabase(at: sandbox.store)
        let before = bytes(sandbox.store)
        let listing = files(sandbox)
        let verbs: [[String]] = [
            ["lead", "list"], ["doctor"], ["init", "--lead", "lee"], ["team", "list"], ["export"],
            ["lead", "add", "--company", "Acme", "--contact", "Pat"], ["report"],
            ["import", "--events", export], ["definition", "show"], ["undo"],
        ]
        for verb in verbs {
            let result = sandbox.run(verb, as: "lee")
            #expect(result.status != 0, "\(verb): \(result)")
            #expect(result.stderr.contains("is not a Handoff store: it is a SQLite database with tables of its own"), "\(verb): \(result)")
            #expect(bytes(sandbox.store) == before, "\(verb) changed the file")
            #expect(files(sandbox) == listing, "\(verb) left \(files(sandbox))")
        }
        let demo = sandbox.run(["demo", "--seed-only", "--db", sandbox.store], as: "lee")
        #expect(demo.status == 3 && demo.stderr.contains("already exists"), "\(demo)")
        #expect(bytes(sandbox.store) == before && files(sandbox) == listing)

        let text = sandbox.folder.appendingPathComponent("readme.txt").path
        try Data("hello\n".utf8).write(to: URL(fileURLWithPath: text))
        let result = sandbox.run(["lead", "list", "--db", text])
        #expect(result.status == 1)
        #expect(result.stderr.contains("it is not a SQLite database"), "\(result)")
        #expect(bytes(text) == Data("hello\n".utf8))
    }

    // MARK: - Class 7: one damaged row

    @Test func aDamagedRowIsNamedAndTheRestKeepsWorking() throws {
        let sandbox = Sandbox()
        sandbox.seedTeam()
        for company in ["Acme", "Globex", "Initech"] {
            sandbox.run(["lead", "add", "--company", company, "--contact", "Pat", "--email", "pat@\(company.lowercased()).com"], as: "sam")
        }
        let corrupt = Sandbox.execute("/usr/bin/env", ["sqlite3", sandbox.store, "UPDATE lead SET state = json_set(state, '$.fields.email', 42) WHERE id = 2"],
                                      environment: ProcessInfo.processInfo.environment)
        #expect(corrupt.status == 0, "\(corrupt)")

        let list = sandbox.run(["lead", "list"], as: "lee")
        #expect(list.status == 1, "\(list)")
        #expect(list.stdout.contains("Acme") && list.stdout.contains("Initech") && !list.stdout.contains("Globex"), "\(list)")
        #expect(list.stderr.contains("lead L-2 cannot be read") && list.stderr.contains("`fields.email`"), "\(list)")
        #expect(!list.stderr.contains("DecodingError"), "\(list)")

        let show = sandbox.run(["lead", "show", "L-2"], as: "lee")
        #expect(show.status == 1 && show.stderr.contains("`fields.email`"), "\(show)")
        #expect(sandbox.run(["lead", "show", "L-3"], as: "lee").status == 0)

        for format in ["csv", "json"] {
            let out = sandbox.folder.appendingPathComponent("board.\(format)").path
            let export = sandbox.run(["export", "--format", format, "--out", out], as: "lee")
            #expect(export.status == 1, "\(export)")
            #expect(export.stderr.contains("L-2") && export.stderr.contains("exported 2 leads"), "\(export)")
            let written = String(decoding: bytes(out) ?? Data(), as: UTF8.self)
            #expect(written.contains("Acme") && written.contains("Initech"), "\(format): \(written.prefix(300))")
        }

        let doctor = sandbox.run(["doctor"], as: "lee")
        #expect(doctor.status == 1, "\(doctor)")
        #expect(doctor.stdout.contains("problem: lead L-2 cannot be read") && doctor.stdout.contains("fields.email"), "\(doctor)")

        // The others still change.
        let scored = sandbox.run(["score", "L-3", "--met", "need=Pain"], as: "sam")
        #expect(scored.status == 0, "\(scored)")
    }

    // MARK: - Class 8: half-made stores

    @Test func aRefusedInitLeavesNoStoreAndTheBoardFoundsTheTeam() throws {
        let sandbox = Sandbox()
        let nested = sandbox.folder.appendingPathComponent("new/deeper/board.sqlite").path
        for name in ["", "two words", "a,b"] {
            let refused = sandbox.run(["init", "--lead", name, "--db", nested])
            #expect(refused.status == 3, "\(refused)")
            #expect(!FileManager.default.fileExists(atPath: nested), "init --lead '\(name)' left a store")
            #expect(!FileManager.default.fileExists(atPath: sandbox.folder.appendingPathComponent("new").path), "and its folder")
        }
        let refused = sandbox.run(["init", "--lead", ""])
        #expect(refused.status == 3)
        #expect(files(sandbox).isEmpty, "\(files(sandbox))")

        // A bad log into a new path leaves nothing either.
        let log = sandbox.folder.appendingPathComponent("bad.json").path
        try Data("{\"format\":\"handoff-export\",\"version\":1,\"leads\":[],\"events\":[]}".utf8).write(to: URL(fileURLWithPath: log))
        let rebuilt = sandbox.run(["import", "--events", log, "--db", nested])
        #expect(rebuilt.status != 0, "\(rebuilt)")
        #expect(!FileManager.default.fileExists(atPath: nested), "\(rebuilt)")
    }
}
