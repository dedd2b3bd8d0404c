import Foundation
import Testing
@testable import HandoffCore
@testable import HandoffSQLite
@testable import HandoffStore
@testable import HandoffTUI

/// The demo team's store at a fixed moment, and the board app over it with `S` open.
final class StandupFixture {
    let folder: URL
    let now: Date
    let store: SQLiteStore

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("handoff-standup-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? .current
        now = Date(timeIntervalSince1970: 1_795_000_000)
        store = try DemoSeed.seed(path: folder.appendingPathComponent("demo.sqlite").path, lead: "lee", now: now, calendar: calendar)
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    /// What `handoff report` computes for the view's period.
    func report(_ thresholds: Thresholds = .standard) throws -> Standup {
        try store.standup(period: .lastDays(7, endingAt: now), settings: thresholds, grouping: .sdr, now: now)
    }

    func app(width: Int, height: Int, thresholds: Thresholds = .standard) throws -> BoardApp {
        let app = try BoardApp(store: store, terminal: RecordingTerminal(width: width, height: height), me: "lee",
                               clock: .fixed(now), thresholds: thresholds) { store, now, thresholds in
            guard let sqlite = store as? SQLiteStore else { throw RuleError.invalid("the fixture's store is SQLite") }
            return try sqlite.standup(period: .lastDays(7, endingAt: now), settings: thresholds, grouping: .sdr, now: now)
        }
        app.press(.char("S"))
        return app
    }
}

/// `width` cells of the screen row where `needle` first appears, from it: one panel's row
/// even when panels stand side by side.
func segment(_ canvas: Canvas, at needle: String, width: Int = 72) -> String? {
    guard let at = canvas.position(of: needle) else { return nil }
    let row = Array(canvas.row(at.y))
    return String(row[at.x..<min(row.count, at.x + width)])
}

/// Bar cells (whole and partial) in a line.
func barCells(_ line: String, glyphs: ChartGlyphs = .blocks) -> Int {
    let bar = Set([glyphs.full] + glyphs.partials)
    return line.filter { bar.contains($0) }.count
}

@Suite("standup view: bars and sparklines")
struct StandupViewTests {
    /// A column's row label as the board panel pads it (to "Handed off", the longest).
    static func label(_ column: Column) -> String {
        " " + SafeText.pad(column.title, toWidth: 10) + "  "
    }

    @Test func barsAreProportionalInEighthsAndNeverEmptyForAValue() {
        #expect(Chart.bar(4, of: 4, width: 20, glyphs: .blocks) == String(repeating: "█", count: 20))
        #expect(Chart.bar(2, of: 4, width: 20, glyphs: .blocks) == String(repeating: "█", count: 10))
        #expect(Chart.bar(1, of: 8, width: 10, glyphs: .blocks) == "█▎", "1.25 cells")
        #expect(Chart.bar(1, of: 1000, width: 10, glyphs: .blocks) == "▏", "a value above zero stays visible")
        #expect(Chart.bar(0, of: 10, width: 10, glyphs: .blocks).isEmpty)
        #expect(Chart.bar(50, of: 10, width: 6, glyphs: .blocks).count == 6, "never wider than its room")
        #expect(Chart.bar(5, of: 10, width: 10, glyphs: .ascii) == "#####")
    }

    @Test func sparklinesRiseWithTheValuesAndZeroIsTheFloor() {
        #expect(Chart.sparkline([0, 1, 2, 4], glyphs: .blocks) == "▁▃▅█")
        #expect(Chart.sparkline([0, 0, 0], glyphs: .blocks) == "▁▁▁")
        #expect(Chart.sparkline([3, 3], glyphs: .blocks) == "██")
        #expect(Chart.sparkline([0, 1, 2, 4], glyphs: .ascii) == "_,-#")
    }

    @Test func at80x24TheBarsScaleWithTheColumnsAndTheNumbersAreTheReports() throws {
        let fixture = try StandupFixture()
        let report = try fixture.report()
        let app = try fixture.app(width: 80, height: 24)
        let canvas = BoardView.render(app.state)
        let lines = canvas.lines
        #expect(lines.count == 24)
        #expect(lines.allSatisfy { SafeText.width(of: $0) <= 80 })
        #expect(canvas.text.contains("Board now: cards per column"), "\(canvas.text)")

        // One bar per column, its length in proportion to the column's cards.
        let widest = try #require(report.columns.map(\.cards).max())
        var cells: [Column: Int] = [:]
        for column in report.columns {
            let found = segment(canvas, at: Self.label(column.column), width: 72)
            let line = try #require(found, "\(column.column.title)")
            #expect(line.contains(" \(column.cards) "), "\(line)")
            if let limit = column.limitDays { #expect(line.contains("\(column.overLimit.countText) over \(limit) d"), "\(line)") }
            cells[column.column] = barCells(line)
        }
        let longest = try #require(cells.values.max())
        for column in report.columns {
            let expected = Double(column.cards) / Double(widest) * Double(longest)
            #expect(abs(Double(cells[column.column] ?? 0) - expected) <= 1.0, "\(column.column): \(cells)")
        }
        let queue = try #require(report.columns.first { $0.column == .queue })
        let returned = try #require(report.columns.first { $0.column == .returned })
        #expect(queue.cards > returned.cards)
        #expect((cells[.queue] ?? 0) > (cells[.returned] ?? 0))

        // Scroll on: every rate with its denominator, as the report has it.
        var screens = canvas.text
        for _ in 0..<12 {
            app.press(.pageDown)
            screens += "\n" + BoardView.render(app.state).text
        }
        let team = report.team
        for figure in [team.meetings.showRate, team.dispositions.acceptanceRate, team.dispositions.nurtureRate,
                       team.dispositions.returnRate, team.sla.withinSLA] {
            #expect(!figure.isEmpty)
            #expect(screens.contains(figure.percentText), "\(figure.percentText) missing")
        }
        #expect(screens.contains("SLA breaches: \(team.sla.openBreaches) open past 48 h"))
        #expect(screens.contains("Nurture due for a revisit: \(report.nurtureDue.count)"))
        for person in report.people {
            #expect(screens.contains("\(person.figures.credits.sqls) SQL"), "\(person.name)")
        }
        #expect(screens.contains("Needs attention now"))
        #expect(canvas.text.contains("PgUp PgDn"), "the scroll hint")
    }

    @Test func at200x50ThePanelsSitSideBySideAndTheStandupsCoreIsOnTheFirstScreen() throws {
        let fixture = try StandupFixture()
        let report = try fixture.report()
        let wide = BoardView.render(try fixture.app(width: 200, height: 50).state)
        let narrow = BoardView.render(try fixture.app(width: 80, height: 24).state)
        #expect(wide.lines.allSatisfy { SafeText.width(of: $0) <= 200 })
        let text = wide.text
        // Columns of panels: the standup's core panels all on the first screen.
        for title in ["Board now", "The period: meetings and dispositions", "Per day", "Credited SQLs and SAOs, by SDR",
                      "Returns in the period by reason", "Needs attention now"] {
            #expect(text.contains(title), "\(title) not on the first screen:\n\(text)")
        }
        // The issue-17 panels (calibration, definition, cohorts) come after these and scroll.
        let boardTitle = try #require(wide.position(of: "Board now"))
        let returnsTitle = try #require(wide.position(of: "Returns in the period"))
        // With the calibration, definition and cohort panels the standup needs three
        // columns to show everything at once at 200x50 (StandupView: as few columns as fit).
        #expect(returnsTitle.x > boardTitle.x + StandupView.minimumPanelWidth, "a panel stands beside another")

        let queue = try #require(report.columns.first { $0.column == .queue })
        let wideFound = segment(wide, at: Self.label(.queue), width: 90)
        let narrowFound = segment(narrow, at: Self.label(.queue), width: 72)
        let wideLine = try #require(wideFound)
        let narrowLine = try #require(narrowFound)
        #expect(wideLine.contains(" \(queue.cards) "))
        // Bars scale with the panel: three columns at 200 give a panel narrower than the
        // one column at 80, and its bars are shorter, but never empty.
        #expect(barCells(wideLine) > 0 && barCells(narrowLine) > 0)
        #expect(barCells(wideLine) < barCells(narrowLine))

        // Per-day sparklines over the period's seven days, from the report's trend.
        let handoffsFound = segment(wide, at: " handoffs    ", width: 90)
        let handoffs = try #require(handoffsFound)
        #expect(handoffs.contains(" \(report.trend.handoffs.reduce(0, +)) "), "\(handoffs)")
        #expect(handoffs.contains("max \(report.trend.handoffs.max() ?? 0)"))
        let spark = Chart.sparkline(report.trend.handoffs, glyphs: .blocks)
        #expect(spark.count == 7)
        let drawn = Array(handoffs.filter { ChartGlyphs.blocks.levels.contains($0) })
        let cell = drawn.count / spark.count
        #expect(cell >= 2, "each day is stretched over the room: \(handoffs)")
        let sampled = String(stride(from: 0, to: drawn.count, by: max(cell, 1)).map { drawn[$0] })
        #expect(sampled == spark, "\(handoffs)")
        #expect(text.contains("\(report.team.credits.sqls)"))
    }

    @Test func anEmptyPeriodSaysSo() throws {
        let fixture = try BoardFixture()
        let app = try fixture.app(as: "lee", width: 80, height: 24)
        app.press(.char("S"))
        let text = app.screen
        #expect(text.contains("Nothing happened in the period"), "\(text)")
        #expect(text.contains("show rate"))
        #expect(text.contains("— (0/0)"))
        #expect(!text.contains("█"))
    }

    @Test func asciiChartsWhenTheTerminalCannotShowBlocks() throws {
        let fixture = try StandupFixture()
        let app = try fixture.app(width: 120, height: 40)
        var state = app.state
        state.asciiCharts = true
        let found = segment(BoardView.render(state), at: Self.label(.queue))
        let queue = try #require(found)
        #expect(barCells(queue, glyphs: .ascii) > 0, "\(queue)")
        #expect(!queue.contains("█"))
    }

    @Test func oneThresholdDrivesTheMarkersAndTheStandup() throws {
        let fixture = try BoardFixture()
        try fixture.add("Acme Corp")
        fixture.clock.advance(by: 2 * 86_400 + 60)
        let tight = Thresholds(agingDays: AgingThresholds(queue: 1))

        let relaxed = try fixture.app(as: "lee", width: 120, height: 40)
        #expect(!relaxed.screen.contains("●"), "two days is within the default five")
        relaxed.press(.char("S"))
        #expect(relaxed.screen.contains("Over the aging limit: 0"), "\(relaxed.screen)")

        let strict = try fixture.app(as: "lee", width: 120, height: 40, thresholds: tight)
        let board = strict.screen
        let card = try #require(board.components(separatedBy: "\n").firstIndex { $0.contains("Acme Corp") })
        #expect(board.components(separatedBy: "\n")[card + 2].contains("●"), "the aging marker:\n\(board)")
        strict.press(.char("S"))
        let standup = strict.screen
        #expect(standup.contains("Over the aging limit: 1"), "\(standup)")
        #expect(standup.contains("1/1 over 1 d"))
        #expect(standup.contains("queue 1 d"))
    }

    @Test func helpExplainsEveryMarkerWithTheTeamsLimits() throws {
        let fixture = try BoardFixture()
        let tight = Thresholds(slaHours: 24, agingDays: AgingThresholds(queue: 2))
        let state = try fixture.state(as: "lee", width: 120, height: 40)
        var strict = state
        strict.thresholds = tight
        // A long meaning wraps under itself: its continuation lines are joined back here.
        func joined(_ lines: [Overlay.Line]) -> [String] {
            lines.map { $0.spans.map(\.0).joined() }.reduce(into: [String]()) { result, line in
                if line.hasPrefix(String(repeating: " ", count: 16)), let last = result.popLast() {
                    result.append(last + " " + line.trimmingCharacters(in: .whitespaces))
                } else {
                    result.append(line)
                }
            }
        }
        let lines = joined(HelpView.lines(strict))
        for marker in Marker.allCases {
            let line = try #require(lines.first { $0.hasPrefix(marker.glyph) }, "\(marker) missing from ?")
            #expect(line.contains(marker.meaning))
        }
        #expect(lines.contains { $0.hasPrefix(Marker.slaBreach.glyph) && $0.contains("outcome overdue 24 h, disposition 24 h, rework or dispute 48 h") })
        #expect(lines.contains { $0.hasPrefix(Marker.aging.glyph) && $0.contains("SDR queue 2 d, Handed off 3 d, Returned 2 d") })
        let standard = joined(HelpView.lines(state))
        #expect(standard.contains { $0.hasPrefix(Marker.slaBreach.glyph) && $0.contains("disposition 48 h") && $0.contains("attention list (!)") })
    }
}
