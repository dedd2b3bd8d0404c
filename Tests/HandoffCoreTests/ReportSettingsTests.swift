import Foundation
import Testing
@testable import HandoffCore

@Suite("Report: ratio, period")
struct ReportRatioTests {
    @Test("every rate says its denominator", arguments: [
        (18, 29, "62 % (18/29)"),
        (2, 3, "67 % (2/3)"),
        (0, 4, "0 % (0/4)"),
        (5, 5, "100 % (5/5)"),
        (1, 8, "13 % (1/8)"),
    ])
    func percentText(_ numerator: Int, _ denominator: Int, _ text: String) {
        #expect(Ratio(numerator, of: denominator).percentText == text)
    }

    @Test func anEmptyRatioSaysSoInsteadOfDividingByZero() {
        let ratio = Ratio.empty
        #expect(ratio.percentText == "— (0/0: none in period)")
        #expect(ratio.percent == nil)
        #expect(ratio.fraction == nil)
        #expect(ratio.isEmpty)
    }

    @Test func countingKeepsNumeratorAndDenominatorTogether() {
        var ratio = Ratio.empty
        ratio.count(true)
        ratio.count(false)
        ratio.count(true)
        #expect(ratio == Ratio(2, of: 3))
    }

    @Test func jsonCarriesNumeratorDenominatorAndANullPercentWhenEmpty() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let full = String(decoding: try encoder.encode(Ratio(18, of: 29)), as: UTF8.self)
        #expect(full == #"{"denominator":29,"numerator":18,"percent":62.1,"text":"62 % (18\/29)"}"#)
        let empty = String(decoding: try encoder.encode(Ratio.empty), as: UTF8.self)
        #expect(empty.contains(#""percent":null"#))
        #expect(try JSONDecoder().decode(Ratio.self, from: Data(full.utf8)) == Ratio(18, of: 29))
    }

    @Test func aPeriodIncludesItsStartAndExcludesItsEnd() {
        let period = reportWeek
        #expect(period.contains(reportDate(2026, 3, 2)))
        #expect(period.contains(reportDate(2026, 3, 8, 23, 59)))
        #expect(!period.contains(reportDate(2026, 3, 9)))
        #expect(!period.contains(reportDate(2026, 3, 1, 23, 59)))
        #expect(period.days == 7)
        #expect(period.problem == nil)
        #expect(Period(since: reportDate(2026, 3, 9), until: reportDate(2026, 3, 2)).problem?.contains("--since") == true)
    }

    @Test func theDefaultPeriodIsTheSevenDaysUpToNow() {
        let now = reportDate(2026, 3, 9, 10)
        #expect(Period.lastDays(7, endingAt: now) == Period(since: reportDate(2026, 3, 2, 10), until: now))
    }
}

@Suite("Report: settings from config.toml")
struct ReportSettingsTests {
    @Test func aFileWithoutReportKeepsTheDefaults() throws {
        let settings = try ReportSettings.parse(toml: "[theme]\nname = \"dark\"\n")
        #expect(settings == .standard)
        #expect(settings.slaHours == 48)
        #expect(settings.agingDays[.queue] == 5)
        #expect(settings.agingDays[.handedOff] == 3)
        #expect(settings.agingDays[.returned] == 2)
        #expect(settings.agingDays[.sao] == nil)
        #expect(settings.agingDays[.nurture] == nil)
    }

    @Test func dottedKeysSetTheSLAAndThresholds() throws {
        let settings = try ReportSettings.parse(toml: """
            [report]
            sla_hours = 24
            aging_days.queue = 7
            aging_days.handed_off = 4
            aging_days.sao = 30
            """)
        #expect(settings.slaHours == 24)
        #expect(settings.agingDays[.queue] == 7)
        #expect(settings.agingDays[.handedOff] == 4)
        #expect(settings.agingDays[.sao] == 30)
        #expect(settings.agingDays[.returned] == 2, "a column the file leaves out keeps its default")
    }

    @Test func aSubTableAndAFractionalSLAWorkToo() throws {
        let settings = try ReportSettings.parse(toml: """
            [report]
            sla_hours = 36.5

            [report.aging_days]
            "handed-off" = 1
            returned = 0
            """)
        #expect(settings.slaHours == 36.5)
        #expect(settings.slaText == "36.5 h")
        #expect(settings.agingDays[.handedOff] == 1)
        #expect(settings.agingDays[.returned] == nil, "0 turns the limit off")
    }

    @Test("mistakes name the file and line", arguments: [
        ("[report]\nsla_hours = \"two days\"\n", "config.toml:2: [report] sla_hours must be a number of hours above 0 and at most a year, not a string"),
        ("[report]\nsla_hours = 0\n", "config.toml:2: [report] sla_hours must be a number of hours above 0 and at most a year, not 0"),
        ("\n\n[report]\nsla = 48\n", "config.toml:4: unknown key 'sla' in [report] (expected sla_hours, aging_days)"),
        ("[report]\naging_days.queue = 5\naging_days.backlog = 2\n", "config.toml:3: [report] aging_days.backlog: 'backlog' is not a column (queue, handed_off, sao, nurture, returned)"),
        ("[report]\naging_days.queue = 2.5\n", "config.toml:2: [report] aging_days.queue must be a whole number of days from 0 (no limit) to 3650, not a float"),
        ("[report]\naging_days = 3\n", "config.toml:2: [report] aging_days must be a table of days per column (aging_days.queue = 5), not an integer"),
        ("report = 1\n", "config.toml:1: 'report' must be a table ([report]), not an integer"),
        ("[report]\nsla_hours = \n", "config.toml:2:"),
    ])
    func errors(_ text: String, _ message: String) {
        #expect(throws: RuleError.self) { try ReportSettings.parse(toml: text) }
        do {
            _ = try ReportSettings.parse(toml: text)
        } catch {
            #expect(error.description.hasPrefix(message), "\(error.description)")
        }
    }

    @Test func theFileNameIsTheOneGiven() {
        #expect(throws: RuleError.invalid("/home/ana/.config/handoff/config.toml:2: unknown key 'x' in [report] (expected sla_hours, aging_days)")) {
            try ReportSettings.parse(toml: "[report]\nx = 1", file: "/home/ana/.config/handoff/config.toml")
        }
    }
}
