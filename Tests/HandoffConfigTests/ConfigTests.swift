import Foundation
import HandoffCore
import Testing
@testable import HandoffConfig

private func refusal(_ text: String, file: String = "config.toml") -> String? {
    do {
        _ = try Config.parse(text, file: file)
        return nil
    } catch {
        return error.description
    }
}

@Suite("Config: every table and key of config.toml")
struct ConfigTests {
    @Test func aFileWithoutSettingsKeepsTheDefaults() throws {
        let config = try Config.parse("# nothing yet\n")
        #expect(config == .standard)
        #expect(config.thresholds.slaHours == 48)
        #expect(config.thresholds.agingDays[.queue] == 5)
        #expect(config.thresholds.agingDays[.handedOff] == 3)
        #expect(config.thresholds.agingDays[.returned] == 2)
        #expect(config.thresholds.agingDays[.sao] == nil)
        #expect(config.theme == nil)
        #expect(config.importStatuses.isEmpty)
    }

    @Test func oneReadingHoldsTheThemeTheLimitsAndTheStatuses() throws {
        let config = try Config.parse("""
            theme = "light"

            [report]
            sla_hours = 24
            aging_days.queue = 7
            aging_days.handed_off = 4
            aging_days.sao = 30

            [import.status]
            "in progress" = "queue"
            BAD_TIMING = "Skip"
            """)
        #expect(config.theme == "light")
        #expect(config.thresholds.slaHours == 24)
        #expect(config.thresholds.agingDays[.queue] == 7)
        #expect(config.thresholds.agingDays[.handedOff] == 4)
        #expect(config.thresholds.agingDays[.sao] == 30)
        #expect(config.thresholds.agingDays[.returned] == 2, "a column the file leaves out keeps its default")
        #expect(config.importStatuses == [.init(status: "in progress", action: .queue), .init(status: "BAD_TIMING", action: .skip)])
    }

    @Test func aSubTableAndAFractionalSLAWorkToo() throws {
        let config = try Config.parse("""
            [report]
            sla_hours = 36.5

            [report.aging_days]
            "handed-off" = 1
            returned = 0
            """)
        #expect(config.thresholds.slaHours == 36.5)
        #expect(config.thresholds.slaText == "36.5 h")
        #expect(config.thresholds.agingDays[.handedOff] == 1)
        #expect(config.thresholds.agingDays[.returned] == nil, "0 turns the limit off")
    }

    @Test("mistakes name the file and line", arguments: [
        ("[report]\nsla_hours = \"two days\"\n", "config.toml:2: [report] sla_hours must be a number of hours above 0 and at most 8784 (a year), not a string"),
        ("[report]\nsla_hours = 0\n", "config.toml:2: [report] sla_hours must be a number of hours above 0 and at most 8784 (a year), not 0"),
        ("[report]\naging_days.queue = 5\naging_days.backlog = 2\n", "config.toml:3: [report] aging_days.backlog: not a column; the columns are queue, handed_off, sao, nurture, returned"),
        ("[report]\naging_days.queue = 2.5\n", "config.toml:2: [report] aging_days.queue must be a whole number of days from 0 (no limit) to 3650, not a float"),
        ("[report]\naging_days = 3\n", "config.toml:2: 'report.aging_days' must be a table (aging_days.queue = 5), not an integer"),
        ("report = 1\n", "config.toml:1: 'report' must be a table ([report]), not an integer"),
        ("[report]\nsla_hours = \n", "config.toml:2:"),
        ("theme = 3\n", "config.toml:1: 'theme' must be a theme name in quotes, not an integer"),
        ("[import]\nstatus = \"queue\"\n", "config.toml:2: 'import.status' must be a table ([import.status]), not a string"),
        ("[import.status]\n\"working\" = \"sao\"\n", "config.toml:2: [import.status] \"working\" = \"sao\": the choices are"),
        ("[import.status]\n\"working\" = \"nurtur\"\n", "config.toml:2: [import.status] \"working\" = \"nurtur\" (did you mean nurture?)"),
        ("[import.status]\n\"working\" = 1\n", "config.toml:2: [import.status] \"working\" must be a string"),
        ("[import.status]\n\" - \" = \"queue\"\n", "config.toml:2: [import.status] has an empty status name"),
        ("[import.status\n", "config.toml:1:"),
    ])
    func mistakes(_ text: String, _ message: String) throws {
        let description = try #require(refusal(text))
        #expect(description.hasPrefix(message), "\(description)")
    }

    /// Issue 13, class 10: `[import]` accepted anything while `[report]` refused; now every
    /// table refuses what nobody reads, with the nearest known name.
    @Test("unknown keys are refused in every table, with did you mean", arguments: [
        ("[import]\nfoo = 1\n", "config.toml:2: unknown key 'foo' in [import]; expected [import.status]"),
        ("[import]\nstatuses.x = \"queue\"\n", "config.toml:2: unknown key 'statuses' in [import] (did you mean status?)"),
        ("[import.statu]\nx = \"queue\"\n", "config.toml:1: unknown key 'statu' in [import] (did you mean status?)"),
        ("thme = \"light\"\n", "config.toml:1: unknown key 'thme' (did you mean theme?)"),
        ("\n[reprot]\nsla_hours = 4\n", "config.toml:2: unknown key 'reprot' (did you mean report?)"),
        ("[theme]\nname = \"dark\"\n", "config.toml:1: 'theme' must be a theme name in quotes, not a table"),
        ("\n\n[report]\nsla = 48\n", "config.toml:4: unknown key 'sla' in [report] (did you mean sla_hours?)"),
        ("[report]\nsla_hour = 48\n", "config.toml:2: unknown key 'sla_hour' in [report] (did you mean sla_hours?)"),
        ("[report]\naging_days.queu = 4\n", "config.toml:2: [report] aging_days.queu: not a column (did you mean queue?)"),
        ("[report.aging_days]\narchived = 4\n", "config.toml:2: [report] aging_days.archived: not a column"),
    ])
    func unknownKeys(_ text: String, _ message: String) throws {
        let description = try #require(refusal(text))
        #expect(description.hasPrefix(message), "\(description)")
    }

    @Test func theFileNameIsTheOneGiven() throws {
        let description = try #require(refusal("[report]\nx = 1", file: "/home/ana/.config/handoff/config.toml"))
        #expect(description.hasPrefix("/home/ana/.config/handoff/config.toml:2: unknown key 'x' in [report]"))
    }

    /// Issue 13, class 3: every number a config sets has a documented range.
    @Test("numbers out of range are refused with the range", arguments: [
        "sla_hours = inf", "sla_hours = -inf", "sla_hours = nan", "sla_hours = 1e20", "sla_hours = -1",
        "sla_hours = 8784.5", "sla_hours = 9223372036854775807", "aging_days.queue = 3651", "aging_days.queue = -1",
        "aging_days.sao = 9223372036854775807", "aging_days.returned = inf",
    ])
    func rangesAreChecked(_ line: String) throws {
        let description = try #require(refusal("[report]\n\(line)\n"))
        #expect(description.hasPrefix("config.toml:2: [report] "), "\(description)")
        #expect(description.contains("8784") || description.contains("0 (no limit) to 3650"), "\(description)")
        #expect(!description.contains("\n"))
    }

    @Test func theEdgesOfEachRangeAreAccepted() throws {
        let config = try Config.parse("[report]\nsla_hours = 8784\naging_days.queue = 3650\naging_days.sao = 0\n")
        #expect(config.thresholds.slaHours == 8784)
        #expect(config.thresholds.agingDays[.queue] == 3650)
        let small = try Config.parse("[report]\nsla_hours = 0.01\n")
        #expect(small.thresholds.slaHours == 0.01)
    }

    @Test func messagesQuoteKeysSafelyAndBriefly() throws {
        let escape = try #require(refusal("[import]\n\"\\u001b]0;pwned\\u0007\\u001b[2J\" = 1\n"))
        #expect(!escape.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }, "\(escape.debugDescription)")
        let long = try #require(refusal("[report]\n\"" + String(repeating: "k", count: 100_000) + "\" = 1\n"))
        #expect(long.count < 200)
    }

    @Test func aSixKilobyteConfigOfNestedArraysIsRefusedNotACrash() throws {
        let text = "[report]\nsla_hours = " + String(repeating: "[", count: 3000) + String(repeating: "]", count: 3000) + "\n"
        let description = try #require(refusal(text))
        #expect(description.hasPrefix("config.toml:2: nested more than 64 levels"), "\(description)")
    }
}

@Suite("Config: reading the file")
struct ConfigFileTests {
    private func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("handoff-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url.appendingPathComponent("handoff"), withIntermediateDirectories: true)
        return url
    }

    @Test func theFileLivesInXDGConfigHomeAndIsOptional() throws {
        let home = try folder()
        defer { try? FileManager.default.removeItem(at: home) }
        #expect(try Config.load(environment: ["XDG_CONFIG_HOME": home.path]) == .standard)
        try "theme = \"mono\"\n".write(to: home.appendingPathComponent("handoff/config.toml"), atomically: true, encoding: .utf8)
        #expect(try Config.load(environment: ["XDG_CONFIG_HOME": home.path]).theme == "mono")
        #expect(SettingsFile.config(environment: ["HOME": "/home/ana"]).path == "/home/ana/.config/handoff/config.toml")
    }

    @Test func aLinkToAnEndlessDeviceOrAFolderIsRefusedNotReadForever() throws {
        let home = try folder()
        defer { try? FileManager.default.removeItem(at: home) }
        let file = home.appendingPathComponent("handoff/config.toml")
        try FileManager.default.createSymbolicLink(atPath: file.path, withDestinationPath: "/dev/zero")
        #expect(throws: ConfigError.self) { try Config.load(file: file) }
        try FileManager.default.removeItem(at: file)
        try FileManager.default.createDirectory(at: file, withIntermediateDirectories: false)
        #expect(throws: ConfigError.self) { try Config.load(file: file) }
    }

    @Test func aFileOverOneMebibyteOrNotUTF8IsRefused() throws {
        let home = try folder()
        defer { try? FileManager.default.removeItem(at: home) }
        let file = home.appendingPathComponent("handoff/config.toml")
        try Data(repeating: 0x23, count: TOML.maxBytes + 1).write(to: file)
        let big = #expect(throws: ConfigError.self) { try Config.load(file: file) }
        #expect(big?.description.contains("1 MiB") == true)
        try Data("theme = \"a\"\n# caf\u{E9}\n".utf8.map { $0 == 0xA9 ? 0xFF : $0 }).write(to: file)
        let binary = #expect(throws: ConfigError.self) { try Config.load(file: file) }
        #expect(binary?.line == 2)
    }
}

/// Issue 13, class 3: numbers from the environment.
@Suite("Config: numbers from the environment")
struct EnvironmentSettingsTests {
    @Test("HANDOFF_BUSY_TIMEOUT out of range is refused with its name and range", arguments: [
        "inf", "1e20", "-1", "nan", "NaN", "infinity", "abc", "0x10", "3601", "1e3", "10 s", "1.2.3", ".", "99999999999999999999999",
    ])
    func busyTimeoutOutOfRange(_ value: String) throws {
        let error = #expect(throws: ConfigError.self) { try EnvironmentSettings.busyTimeout(["HANDOFF_BUSY_TIMEOUT": value]) }
        #expect(error?.description.hasPrefix("HANDOFF_BUSY_TIMEOUT must be a number of seconds from 0 to 3600, not '") == true,
                "\(String(describing: error))")
    }

    @Test func busyTimeoutInRangeOrUnset() throws {
        #expect(try EnvironmentSettings.busyTimeout([:]) == nil)
        #expect(try EnvironmentSettings.busyTimeout(["HANDOFF_BUSY_TIMEOUT": ""]) == nil)
        #expect(try EnvironmentSettings.busyTimeout(["HANDOFF_BUSY_TIMEOUT": "0"]) == 0)
        #expect(try EnvironmentSettings.busyTimeout(["HANDOFF_BUSY_TIMEOUT": "2.5"]) == 2.5)
        #expect(try EnvironmentSettings.busyTimeout(["HANDOFF_BUSY_TIMEOUT": " 3600 "]) == 3600)
    }
}

@Suite("Definition files through the same reader")
struct DefinitionFileLimitTests {
    @Test func aDeeplyNestedDefinitionIsRefusedWithItsLine() throws {
        let text = "[[criteria]]\nkey = \"need\"\nlabel = " + String(repeating: "{a=", count: 2000) + "1" + String(repeating: "}", count: 2000) + "\n"
        let error = #expect(throws: RuleError.self) { try DefinitionFile.criteria(fromTOML: text, file: "sql.toml") }
        #expect(error?.description.contains("sql.toml:3: nested more than 64 levels") == true, "\(String(describing: error))")
    }
}

/// Issue 13, class 3: LINES and COLUMNS, which curses reads over the terminal's size.
@Suite("Config: the terminal size from the environment")
struct TerminalSizeTests {
    @Test("LINES and COLUMNS out of range are refused", arguments: [
        ("LINES", "100000"), ("COLUMNS", "100000"), ("LINES", "0"), ("COLUMNS", "-3"), ("LINES", "24.5"), ("COLUMNS", "inf"),
        ("LINES", "1e3"), ("COLUMNS", "wide"),
    ])
    func outOfRange(_ name: String, _ value: String) throws {
        let error = #expect(throws: ConfigError.self) { try EnvironmentSettings.checkTerminalSize([name: value]) }
        #expect(error?.description.hasPrefix("\(name) must be a ") == true, "\(String(describing: error))")
        #expect(error?.description.contains("from 1 to 1000") == true)
    }

    @Test func sizesInRangeOrUnsetAreFine() throws {
        try EnvironmentSettings.checkTerminalSize([:])
        try EnvironmentSettings.checkTerminalSize(["LINES": "50", "COLUMNS": "1000"])
        try EnvironmentSettings.checkTerminalSize(["LINES": "", "COLUMNS": "1"])
    }
}
