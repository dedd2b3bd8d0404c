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
        let settings = try Thresholds.parse(toml: "[theme]\nname = \"dark\"\n")
        #expect(settings == .standard)
        #expect(settings.slaHours == 48)
        #expect(settings.agingDays[.queue] == 5)
        #expect(settings.agingDays[.handedOff] == 3)
        #expect(settings.agingDays[.returned] == 2)
        #expect(settings.agingDays[.sao] == nil)
        #expect(settings.agingDays[.nurture] == nil)
    }

    @Test func dottedKeysSetTheSLAAndThresholds() throws {
        let settings = try Thresholds.parse(toml: """
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
        let settings = try Thresholds.parse(toml: """
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
        #expect(throws: RuleError.self) { try Thresholds.parse(toml: text) }
        do {
            _ = try Thresholds.parse(toml: text)
        } catch {
            #expect(error.description.hasPrefix(message), "\(error.description)")
        }
    }

    @Test func theFileNameIsTheOneGiven() {
        #expect(throws: RuleError.invalid("/home/ana/.config/handoff/config.toml:2: unknown key 'x' in [report] (expected sla_hours, aging_days)")) {
            try Thresholds.parse(toml: "[report]\nx = 1", file: "/home/ana/.config/handoff/config.toml")
        }
    }
}

@Suite("Thresholds: one source for the markers and the report")
struct ThresholdsTests {
    /// Each card the standup calls out is marked on the board, and only those, under the
    /// same thresholds: change a threshold and both change together.
    func agreement(_ board: ReportBoard, _ thresholds: Thresholds) -> (marked: Set<LeadID>, reported: Set<LeadID>,
                                                                        breaching: Set<LeadID>, breaches: Set<LeadID>) {
        let standup = board.standup(reportWeek, settings: thresholds)
        let leads = board.leads.values
        return (Set(leads.filter { $0.markers(now: board.now, thresholds: thresholds).contains(.aging) }.map(\.id)),
                Set(standup.agingCards.map(\.lead)),
                Set(leads.filter { $0.markers(now: board.now, thresholds: thresholds).contains(.slaBreach) }.map(\.id)),
                Set(standup.slaBreaches.map(\.lead)))
    }

    @Test func aChangedThresholdChangesBothTheMarkerAndTheReport() throws {
        var board = try ReportBoard()
        let queued = try board.add("Acme")
        let held = try board.heldMeeting("Globex", ae: "cy", at: reportDate(2026, 3, 5, 10))
        board.at(reportDate(2026, 3, 6, 12))

        let standard = agreement(board, .standard)
        #expect(standard.marked == standard.reported)
        #expect(!standard.marked.contains(queued), "four days in the queue is within five")
        #expect(standard.breaching == standard.breaches)
        #expect(standard.breaching.isEmpty, "26 hours is within 48")

        let tight = try Thresholds.parse(toml: "[report]\nsla_hours = 24\naging_days.queue = 3\n")
        let changed = agreement(board, tight)
        #expect(changed.marked == changed.reported)
        #expect(changed.marked == standard.marked.union([queued]))
        #expect(changed.breaching == changed.breaches)
        #expect(changed.breaching == [held])
        #expect(board.standup(reportWeek, settings: tight).settings == tight, "the report says which thresholds it used")
    }
}
