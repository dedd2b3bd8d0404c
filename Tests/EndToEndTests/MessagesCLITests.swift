import Foundation
import Testing

/// Issue 13, classes 9 and 10, through the built binary: one line per reason however many
/// rows share it, usage errors that fit on a screen, `--version`, and a write that hits a
/// file-size limit reported instead of a silent death by SIGXFSZ.
@Suite("command line: messages a person can act on")
struct MessagesCLITests {
    @Test func versionNamesTheBuildAndTheSchema() {
        let sandbox = Sandbox()
        let result = sandbox.run(["--version"])
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout.hasPrefix("handoff "), "\(result)")
        #expect(result.stdout.contains("store schema v8 for SQLite, v9 for PostgreSQL"), "\(result)")
        #expect(!FileManager.default.fileExists(atPath: sandbox.store), "--version opened no store")
    }

    @Test func usageErrorsAreOneLineAndTheHelpPointer() {
        let sandbox = Sandbox()
        sandbox.seedTeam()
        let cases: [([String], String, String)] = [
            (["lead", "list", "--bogus"], "Unknown option '--bogus'", "See 'handoff lead list --help'"),
            (["lead", "add", "--company", "Acme"], "Missing expected argument '--contact <contact>'", "See 'handoff lead add --help'"),
            (["frobnicate"], "frobnicate", "See 'handoff --help'"),
            (["export", "--format", "xml"], "xml", "See 'handoff export --help'"),
        ]
        for (arguments, problem, pointer) in cases {
            let result = sandbox.run(arguments, as: "sam")
            #expect(result.status == 2, "\(arguments): \(result)")
            let lines = result.stderr.split(separator: "\n")
            #expect(lines.count == 2, "\(arguments): \(result.stderr)")
            #expect(lines.first?.hasPrefix("handoff: ") == true, "\(result.stderr)")
            #expect(lines.first?.contains(problem) == true, "\(arguments): \(result.stderr)")
            #expect(lines.last?.contains(pointer) == true, "\(arguments): \(result.stderr)")
        }
    }

    @Test func aFileSizeLimitIsAnErrorNotASilentDeath() throws {
        let sandbox = Sandbox()
        sandbox.seedTeam()
        var csv = "Company,First Name,Last Name,Email,Title,Lead Status\n"
        for index in 0..<1500 {
            csv += "Company number \(index) with a long name,Ann,Lee,ann\(index)@company\(index).test,Head of Revenue Operations,New\n"
        }
        let file = sandbox.folder.appendingPathComponent("leads.csv")
        try csv.write(to: file, atomically: true, encoding: .utf8)
        #expect(sandbox.run(["import", file.path], as: "sam").status == 0)
        #expect(sandbox.run(["doctor"], as: "lee").status == 0)
        let out = sandbox.folder.appendingPathComponent("board.csv").path
        var environment = ProcessInfo.processInfo.environment
        environment["HANDOFF_DB"] = sandbox.store
        environment["HANDOFF_USER"] = "lee"
        // ulimit -f counts 512- or 1024-byte blocks by shell: 128 blocks leaves room for the
        // store's 32 KB shared-memory file and is well under the export's size either way.
        let limited = "ulimit -f 128; "
        let result = Sandbox.execute("/bin/sh", ["-c", limited + "exec \"$0\" \"$@\"", Binary.path, "export", "--out", out],
                                     environment: environment)
        #expect(result.status == 1, "\(result)")
        #expect(result.stderr.hasPrefix("handoff: cannot write"), "\(result)")
        #expect(result.stderr.lowercased().contains("too large"), "\(result)")
        #expect(!FileManager.default.fileExists(atPath: out))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: sandbox.folder.path).filter { $0.contains("partial") }
        #expect(leftovers.isEmpty, "\(leftovers)")

        // Standard output redirected into a limited file: an error and exit 1, not exit 0.
        let listed = Sandbox.execute("/bin/sh", ["-c", limited + "\"$0\" lead list --format json > \"$1\"", Binary.path, out],
                                     environment: environment)
        #expect(listed.status == 1, "\(listed)")
        #expect(listed.stderr.contains("could not write all of the output"), "\(listed)")
    }

    @Test func manyRowsFailingForOneReasonPrintItOnce() throws {
        let sandbox = Sandbox()
        sandbox.seedTeam()
        var csv = "Record ID,First Name,Last Name,Email,Company Name,Lead Status\n"
        for index in 0..<10_000 {
            let status = index % 4 == 0 ? "Recycled" : "New"
            csv += "\(index + 1),Ann,Lee,ann\(index)@acme.test,Acme \(index),\(status)\n"
        }
        let file = sandbox.folder.appendingPathComponent("hubspot.csv")
        try csv.write(to: file, atomically: true, encoding: .utf8)
        let result = sandbox.run(["import", file.path, "--dry-run"], as: "sam")
        #expect(result.status == 3, "\(result.stderr.prefix(2000))")
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count < 10, "\(lines.count) lines: \(result.stderr.prefix(2000))")
        let grouped = lines.first { $0.contains("unknown status 'Recycled'") }
        #expect(grouped?.contains("2500 rows (lines 2, 6, 10, 14, 18 and 2495 more), column 6 (Lead Status)") == true, "\(result.stderr.prefix(2000))")
    }
}
