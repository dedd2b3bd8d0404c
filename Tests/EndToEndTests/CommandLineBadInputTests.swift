import Foundation
import Testing

/// Bad input gets one clear line on stderr, a non-zero exit, and changes nothing.
@Suite("command line: bad input changes nothing")
struct CommandLineBadInputTests {
    func eventCount(_ sandbox: Sandbox) -> Int {
        let doctor = sandbox.run(["doctor"])
        #expect(doctor.status == 0, "\(doctor)")
        let words = doctor.stdout.split(separator: " ")
        return words.firstIndex(of: "events,").flatMap { Int(words[$0 - 1]) } ?? -1
    }

    /// Runs a command that must fail with `status`, say `message`, and leave the log as it was.
    func refused(_ sandbox: Sandbox, _ arguments: [String], as user: String = "sam", status: Int32,
                 saying message: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let before = eventCount(sandbox)
        let result = sandbox.run(arguments, as: user)
        #expect(result.status == status, "\(arguments): \(result)", sourceLocation: sourceLocation)
        #expect(result.stderr.contains(message), "\(arguments): \(result)", sourceLocation: sourceLocation)
        #expect(result.stderr.hasPrefix("handoff: ") || status == 2, "\(result)", sourceLocation: sourceLocation)
        #expect(eventCount(sandbox) == before, "\(arguments) changed the log", sourceLocation: sourceLocation)
    }

    @Test func unknownIdsAndMembersAndDates() {
        let sandbox = Sandbox()
        sandbox.seedTeam()
        sandbox.now = "2026-11-23 09:00"
        let id = sandbox.qualifiedLead("Acme")
        refused(sandbox, ["score", "L-999", "--met", "need=x"], status: 3, saying: "no lead L-999")
        refused(sandbox, ["book", "L-nope", "--ae", "alex", "--at", "tomorrow 10:00"], status: 2, saying: "L-nope")
        refused(sandbox, ["book", id, "--ae", "zed", "--at", "tomorrow 10:00"], status: 3, saying: "zed is not on the team")
        refused(sandbox, ["book", id, "--ae", "sue", "--at", "tomorrow 10:00"], status: 3, saying: "not an AE")
        refused(sandbox, ["book", id, "--ae", "alex", "--at", "2026-02-30 10:00"], status: 3, saying: "not a real date")
        refused(sandbox, ["book", id, "--ae", "alex", "--at", "2026-11-24 25:00"], status: 3, saying: "no such time")
        refused(sandbox, ["book", id, "--ae", "alex", "--at", "next tuesday"], status: 3, saying: "is not a date")
        refused(sandbox, ["book", id, "--ae", "alex", "--at", "2026-11-20 10:00"], status: 3, saying: "in the past")
        refused(sandbox, ["book", id, "--ae", "alex", "--at", "2026-11-25"], status: 3, saying: "no time of day")
        refused(sandbox, ["outcome", id, "maybe"], status: 2, saying: "maybe")
        refused(sandbox, ["accept", id, "--next-step", "Demo", "--next-date", "+2d"], as: "alex", status: 3, saying: "only leads in Handed off")
    }

    @Test func missingEvidenceEmptyCompanyAndBadReasons() {
        let sandbox = Sandbox()
        sandbox.seedTeam()
        refused(sandbox, ["lead", "add", "--company", "  ", "--contact", "Pat"], status: 3, saying: "the company is empty")
        refused(sandbox, ["lead", "add", "--company", "Acme", "--contact", "Pat", "--email", "not-an-email"], status: 3, saying: "not an email address")
        refused(sandbox, ["lead", "add", "--company", "Acme"], status: 2, saying: "--contact")
        let id = sandbox.run(["lead", "add", "--company", "Acme", "--contact", "Pat"], as: "sam").stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)
        refused(sandbox, ["score", id, "--met", "need="], status: 3, saying: "has no evidence")
        refused(sandbox, ["score", id, "--met", "vibes=great"], status: 3, saying: "'vibes' is not a criterion")
        refused(sandbox, ["book", id, "--ae", "alex", "--at", "tomorrow 10:00"], status: 3, saying: "not qualified")
        sandbox.run(["score", id, "--met", "need=Pain", "--not-met", "authority", "--unknown", "timeframe"], as: "sam")
        refused(sandbox, ["book", id, "--ae", "alex", "--at", "tomorrow 10:00"], status: 3,
                saying: "cannot book \(id): not qualified — fit, timeframe, authority not met")
    }

    @Test func permissionsAndStrangers() {
        let sandbox = Sandbox()
        sandbox.seedTeam()
        let id = sandbox.qualifiedLead("Acme")
        refused(sandbox, ["book", id, "--ae", "alex", "--at", "tomorrow 10:00"], as: "alex", status: 5, saying: "only its SDR or a team lead")
        refused(sandbox, ["lead", "add", "--company", "X", "--contact", "Y"], as: "alex", status: 5, saying: "only SDRs and team leads add leads")
        refused(sandbox, ["lead", "add", "--company", "X", "--contact", "Y"], as: "mallory", status: 5, saying: "not on the team roster")
        refused(sandbox, ["team", "add", "eve", "--role", "lead"], as: "sam", status: 5, saying: "only a team lead manages the team")
        // A stranger can still read.
        #expect(sandbox.run(["lead", "list"], as: "mallory").status == 0)
        #expect(sandbox.run(["lead", "show", id], as: "mallory").stdout.contains("Acme"))
    }

    @Test func malformedDefinitionFileIsRefusedWithItsLine() throws {
        let sandbox = Sandbox()
        sandbox.seedTeam()
        let file = sandbox.folder.appendingPathComponent("definition.toml")
        try "[[criteria]]\nkey = \"need\"\nrequired = maybe\n".write(to: file, atomically: true, encoding: .utf8)
        refused(sandbox, ["definition", "set", file.path], as: "lee", status: 3, saying: "definition.toml:3")
        try "[[criteria]]\nkey = \"need\"\nlabel = \"Need\"\nrequred = true\n".write(to: file, atomically: true, encoding: .utf8)
        refused(sandbox, ["definition", "set", file.path], as: "lee", status: 3, saying: "unknown field 'requred'")
        refused(sandbox, ["definition", "set", sandbox.folder.appendingPathComponent("missing.toml").path], as: "lee", status: 1, saying: "cannot read")
        // A sound file makes v2, and leads scored against v1 must be rescored.
        let id = sandbox.qualifiedLead("Acme")
        let shown = sandbox.run(["definition", "show", "--format", "toml"])
        let edited = shown.stdout.replacingOccurrences(of: "required = false", with: "required = true")
        try edited.write(to: file, atomically: true, encoding: .utf8)
        let set = sandbox.run(["definition", "set", file.path], as: "lee")
        #expect(set.status == 0, "\(set)")
        refused(sandbox, ["book", id, "--ae", "alex", "--at", "tomorrow 10:00"], status: 3, saying: "rescore it against v2")
    }

    @Test func readOnlyStoreRefusesWritesButReads() throws {
        let sandbox = Sandbox()
        sandbox.seedTeam()
        sandbox.qualifiedLead("Acme")
        // As root, permissions do not bind: act as `nobody` instead.
        var prefix: [String] = []
        if getuid() == 0 {
            // nobody is then the account acting: make it sam's login.
            #expect(sandbox.run(["team", "edit", "sam", "--login", "nobody"], as: "lee").status == 0)
            prefix = ["/usr/bin/setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", Binary.path]
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: sandbox.folder.path)
            for name in try FileManager.default.contentsOfDirectory(atPath: sandbox.folder.path) {
                try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: sandbox.folder.appendingPathComponent(name).path)
            }
        } else {
            try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: sandbox.store)
            try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: sandbox.folder.path)
        }
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: sandbox.folder.path) }
        func run(_ arguments: [String]) -> RunResult {
            var environment = ProcessInfo.processInfo.environment
            environment["HANDOFF_USER"] = "sam"
            let command = prefix.isEmpty ? [Binary.path] : prefix
            return Sandbox.execute(command[0], Array(command.dropFirst()) + arguments + ["--db", sandbox.store], environment: environment)
        }
        let write = run(["lead", "add", "--company", "Globex", "--contact", "Hank"])
        #expect(write.status == 1, "\(write)")
        #expect(write.stderr.contains("read-only"), "\(write)")
        let read = run(["lead", "list"])
        #expect(read.status == 0, "\(read)")
        #expect(read.stdout.contains("Acme"))
        #expect(!read.stdout.contains("Globex"))
    }

    @Test func lockedStoreSaysBusyAndChangesNothing() throws {
        let sandbox = Sandbox()
        sandbox.seedTeam()
        // Another process holds the write lock for 5 s; we wait at most 1 s.
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        holder.arguments = ["python3", "-c", """
            import sqlite3, sys, time
            c = sqlite3.connect(sys.argv[1], isolation_level=None)
            c.execute('BEGIN IMMEDIATE')
            print('locked', flush=True)
            time.sleep(5)
            c.execute('ROLLBACK')
            """, sandbox.store]
        let ready = Pipe()
        holder.standardOutput = ready
        try holder.run()
        _ = ready.fileHandleForReading.availableData
        let result = sandbox.run(["lead", "add", "--company", "Acme", "--contact", "Pat"], as: "sam",
                                 environment: ["HANDOFF_BUSY_TIMEOUT": "1"])
        #expect(result.status == 1, "\(result)")
        #expect(result.stderr.contains("busy"), "\(result)")
        holder.waitUntilExit()
        #expect(sandbox.run(["lead", "list"]).stdout.isEmpty)
        #expect(sandbox.run(["doctor"]).status == 0)
    }
}
