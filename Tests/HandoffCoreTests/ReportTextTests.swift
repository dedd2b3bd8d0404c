import Foundation
import Testing
@testable import HandoffCore

@Suite("Report: text, markdown and JSON")
struct ReportTextTests {
    func week() throws -> ReportBoard {
        var board = try ReportBoard()
        let a = try board.heldMeeting("Acme", at: reportDate(2026, 3, 3, 10))
        let b = try board.heldMeeting("Globex", owner: "sam", at: reportDate(2026, 3, 3, 14))
        let c = try board.add("Initech")
        try board.handOff(c, at: reportDate(2026, 3, 4, 10))
        try board.accept(a)
        try board.giveBack(b, [.noNeed], failed: ["need"])
        board.at(reportDate(2026, 3, 4, 11))
        try board.log(.noShow, on: c)
        return board
    }

    @Test func textGivesEveryRateWithItsDenominator() throws {
        let board = try week()
        let text = StandupText.text(board.standup(reportWeek), calendar: ReportBoard.calendar)
        #expect(text.hasPrefix("Standup · 2026-03-02 00:00 → 2026-03-09 00:00 (7 days) · cards as of 2026-03-04 11:00"))
        #expect(text.contains("Show rate: 67 % (2/3) — held 2, no-show 1, canceled 0"))
        #expect(text.contains("50 % (1/2)"))
        #expect(text.contains("Credited SQLs 1 · SAOs 1 (SAO rate 100 % (1/1)) · handoffs 3"))
        #expect(text.contains("Cards now, by SDR\n─────────────────\n"))
        #expect(text.contains("no_need 1/1"))
        #expect(text.contains("Day by day"))
    }

    @Test func anEmptyPeriodSaysSo() throws {
        let board = try ReportBoard()
        let text = StandupText.text(board.standup(reportWeek), calendar: ReportBoard.calendar)
        #expect(text.contains("no meeting due in the period has an outcome logged (0/0)"))
        #expect(text.contains("No dispositions in the period"))
        #expect(text.contains("SAO rate — (0/0: none in period)"))
        #expect(text.contains("— (0/0)"))
        #expect(!text.contains("nan"))
        #expect(!text.contains("NaN"))
    }

    @Test func tablesLineUp() throws {
        let board = try week()
        let text = StandupText.text(board.standup(reportWeek), calendar: ReportBoard.calendar)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let header = try #require(lines.firstIndex { $0.hasPrefix("  column") })
        let headerLine = lines[header]
        let cardsEnd = try #require(headerLine.range(of: "cards")?.upperBound)
        let width = headerLine.distance(from: headerLine.startIndex, to: cardsEnd)
        for line in lines[(header + 1)...(header + 6)] {
            let end = line.index(line.startIndex, offsetBy: width)
            #expect(line[..<end].last?.isNumber == true, "right-aligned counts: \(line)")
        }
    }

    @Test func longListsAreCutWithACount() throws {
        var board = try ReportBoard()
        for company in ["A", "B", "C", "D"] { _ = try board.add(company) }
        board.at(reportDate(2026, 3, 9, 10))
        let standup = board.standup(reportWeek)
        #expect(standup.agingCards.count == 4)
        let text = StandupText.text(standup, limit: 3, calendar: ReportBoard.calendar)
        #expect(text.contains("… and 1 more (--limit 0 lists them all)"))
        let all = StandupText.text(standup, limit: 0, calendar: ReportBoard.calendar)
        #expect(!all.contains("more (--limit"))
    }

    @Test func storeTextCannotDriveTheTerminalOrTheMarkdown() throws {
        var board = try ReportBoard()
        _ = try board.add("Evil\u{1B}]0;pwned\u{07} | *Corp*")
        board.at(reportDate(2026, 3, 9, 10))
        let standup = board.standup(reportWeek)
        let text = StandupText.text(standup, calendar: ReportBoard.calendar)
        #expect(!text.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 })
        let markdown = StandupText.markdown(standup, calendar: ReportBoard.calendar)
        #expect(markdown.contains(#"\| \*Corp\*"#))
        #expect(!markdown.unicodeScalars.contains { $0.value == 0x1B })
    }

    @Test func markdownHasHeadingsAndTables() throws {
        let board = try week()
        let markdown = StandupText.markdown(board.standup(reportWeek), calendar: ReportBoard.calendar)
        #expect(markdown.hasPrefix("# Standup"))
        #expect(markdown.contains("\n## Meetings due in the period\n"))
        #expect(markdown.contains("| column | cards | avg days | oldest | over the aging limit |\n| --- | ---: | ---: | ---: | --- |"))
        #expect(markdown.contains("| accepted (SAO) | 1 | 50 % (1/2) |"))
    }

    @Test func jsonHasStableNamesAndEveryRatiosParts() throws {
        let board = try week()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        let data = try encoder.encode(board.standup(reportWeek))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(Set(json.keys) == ["generatedAt", "period", "grouping", "settings", "team", "people", "columns",
                                   "agingCards", "slaBreaches", "meetingsWithoutOutcome", "nurtureDue",
                                   "returnsToRework", "openDisputes", "trend", "shows", "overrides", "attention",
                                   "definition", "cohorts", "calibration", "clocks"])
        let team = try #require(json["team"] as? [String: Any])
        let meetings = try #require(team["meetings"] as? [String: Any])
        let showRate = try #require(meetings["showRate"] as? [String: Any])
        #expect(showRate["numerator"] as? Int == 2)
        #expect(showRate["denominator"] as? Int == 3)
        #expect(showRate["text"] as? String == "67 % (2/3)")
        let decoded = try JSONDecoder.iso8601.decode(Standup.self, from: data)
        #expect(decoded == board.standup(reportWeek))
    }
}

extension JSONDecoder {
    static var iso8601: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}
