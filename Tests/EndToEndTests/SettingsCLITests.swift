import Foundation
import Testing

/// Issue 13, classes 3, 4, 10 and 11 through the real binary: settings out of range, too
/// deep or unknown stop a command with exit 2 and one line, before it touches the store.
@Suite("command line: settings are checked before anything changes")
struct SettingsCLITests {
    private func writeConfig(_ sandbox: Sandbox, _ text: String) throws {
        let folder = sandbox.folder.appendingPathComponent("config/handoff")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try text.write(to: folder.appendingPathComponent("config.toml"), atomically: true, encoding: .utf8)
    }

    private func oneLine(_ result: RunResult, saying message: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(result.status == 2, "\(result)", sourceLocation: sourceLocation)
        #expect(result.stderr.contains(message), "\(result)", sourceLocation: sourceLocation)
        #expect(result.stderr.split(separator: "\n").count == 1, "\(result)", sourceLocation: sourceLocation)
    }

    @Test("HANDOFF_BUSY_TIMEOUT out of range is refused, not a trap", arguments: ["inf", "1e20", "-1", "nan", "soon"])
    func busyTimeoutOutOfRange(_ value: String) throws {
        let sandbox = Sandbox()
        sandbox.seedTeam()
        let before = try Data(contentsOf: URL(fileURLWithPath: sandbox.store))
        for arguments in [["lead", "list"], ["doctor"], ["lead", "add", "--company", "Acme", "--contact", "Pat"]] {
            let result = sandbox.run(arguments, as: "sam", environment: ["HANDOFF_BUSY_TIMEOUT": value])
            oneLine(result, saying: "HANDOFF_BUSY_TIMEOUT must be a number of seconds from 0 to 3600, not '\(value)'")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: sandbox.store)) == before)
        // No store is created for a command refused this way.
        let fresh = Sandbox()
        oneLine(fresh.run(["init", "--lead", "lee"], environment: ["HANDOFF_BUSY_TIMEOUT": value]), saying: "HANDOFF_BUSY_TIMEOUT")
        #expect(!FileManager.default.fileExists(atPath: fresh.store))
        #expect(sandbox.run(["lead", "list"], environment: ["HANDOFF_BUSY_TIMEOUT": "0.5"]).status == 0)
    }

    @Test func unknownImportKeysAreRefusedLikeReportKeys() throws {
        let sandbox = Sandbox()
        sandbox.seedTeam()
        let csv = sandbox.folder.appendingPathComponent("leads.csv")
        try "Company,First Name,Last Name,Lead Status\nAcme,Ann,Lee,New\n".write(to: csv, atomically: true, encoding: .utf8)
        try writeConfig(sandbox, "[import]\nstatuses.recycled = \"nurture\"\n")
        oneLine(sandbox.run(["import", csv.path], as: "sam"), saying: "config.toml:2: unknown key 'statuses' in [import] (did you mean status?)")
        try writeConfig(sandbox, "[report]\nsla_hour = 24\n")
        oneLine(sandbox.run(["report"]), saying: "config.toml:2: unknown key 'sla_hour' in [report] (did you mean sla_hours?)")
        oneLine(sandbox.run(["import", csv.path], as: "sam"), saying: "sla_hour")
        #expect(sandbox.run(["lead", "list"]).stdout.isEmpty, "nothing was imported")
        try writeConfig(sandbox, "[import.status]\nnew = \"skip\"\n")
        #expect(sandbox.run(["import", csv.path], as: "sam").status == 0)
        #expect(sandbox.run(["lead", "list"]).stdout.isEmpty, "the config's status map was used")
    }

    @Test func aNestedOrHugeConfigIsRefusedNotACrash() throws {
        let sandbox = Sandbox()
        sandbox.seedTeam()
        try writeConfig(sandbox, "[report]\nsla_hours = " + String(repeating: "[", count: 3000) + String(repeating: "]", count: 3000) + "\n")
        oneLine(sandbox.run(["report"]), saying: "config.toml:2: nested more than 64 levels")
        let key = (0..<100_000).map { "k\($0)" }.joined(separator: ".")
        try writeConfig(sandbox, key + " = 1\n")
        let start = Date()
        oneLine(sandbox.run(["report"]), saying: "config.toml:1: nested more than 64 levels")
        #expect(Date().timeIntervalSince(start) < 10)
        try writeConfig(sandbox, "[report]\nsla_hours = inf\n")
        oneLine(sandbox.run(["report"]), saying: "config.toml:2: [report] sla_hours must be a number of hours above 0 and at most 8784 (a year), not inf")
    }

    /// The board reads LINES and COLUMNS (through curses) and the config before it makes a
    /// store: out of range or unknown, nothing is created.
    @Test func theBoardChecksTheTerminalSizeAndTheConfigBeforeMakingAStore() throws {
        let sandbox = Sandbox()
        oneLine(sandbox.run(["board"], as: "lee", environment: ["LINES": "100000", "COLUMNS": "100000"]),
                saying: "LINES must be a number of rows from 1 to 1000, not '100000'")
        oneLine(sandbox.run(["board"], as: "lee", environment: ["COLUMNS": "0"]), saying: "COLUMNS must be")
        try writeConfig(sandbox, "theme = \"light\"\n[report]\nsla_hours = 1e20\n")
        oneLine(sandbox.run(["board"], as: "lee"), saying: "config.toml:3: [report] sla_hours must be a number of hours above 0 and at most 8784")
        try writeConfig(sandbox, "theme = \"no-such-theme\"\n")
        // NO_COLOR would pick mono before the configured theme is looked up.
        oneLine(sandbox.run(["board"], as: "lee", environment: ["NO_COLOR": ""]), saying: "unknown theme 'no-such-theme'")
        #expect(!FileManager.default.fileExists(atPath: sandbox.store), "a refused board made no store")
    }

    @Test func aDeeplyNestedDefinitionIsRefusedWithItsLine() throws {
        let sandbox = Sandbox()
        sandbox.seedTeam()
        let file = sandbox.folder.appendingPathComponent("sql.toml")
        try ("[[criteria]]\nkey = \"need\"\nguidance = " + String(repeating: "[", count: 3000) + String(repeating: "]", count: 3000) + "\n")
            .write(to: file, atomically: true, encoding: .utf8)
        let result = sandbox.run(["definition", "set", file.path], as: "lee")
        #expect(result.status != 0 && result.status < 128, "\(result)")
        #expect(result.stderr.contains("sql.toml:3: nested more than 64 levels"), "\(result)")
    }
}
