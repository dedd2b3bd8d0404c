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

        let tight = Thresholds(slaHours: 24, agingDays: AgingThresholds(queue: 3))
        let changed = agreement(board, tight)
        #expect(changed.marked == changed.reported)
        #expect(changed.marked == standard.marked.union([queued]))
        #expect(changed.breaching == changed.breaches)
        #expect(changed.breaching == [held])
        #expect(board.standup(reportWeek, settings: tight).settings == tight, "the report says which thresholds it used")
    }
}
