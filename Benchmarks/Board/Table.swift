import BenchSupport
import Foundation

/// The results as a markdown table: one row per measure, one column per size, and the
/// target where the issue sets one.
enum Table {
    static func markdown(_ all: [Results], options: Options) -> String {
        func ms(_ value: Double) -> String {
            value.isNaN ? "–" : value >= 100 ? String(format: "%.0f ms", value) : value >= 10 ? String(format: "%.1f ms", value) : String(format: "%.2f ms", value)
        }
        func mb(_ value: Double) -> String { String(format: "%.0f MB", value) }
        func key(_ figures: KeyFigures) -> String { "\(ms(figures.latency.median)) (p95 \(ms(figures.latency.p95)))" }
        func bytes(_ figures: KeyFigures) -> String { String(format: "%.0f", figures.bytes.median) }
        func leads(_ count: Int) -> String { count >= 1000 && count % 1000 == 0 ? "\(count / 1000)k leads" : "\(count) leads" }

        let rows: [(String, String, (Results) -> String)] = [
            ("events in the store", "", { "\($0.events)" }),
            ("largest column (cards)", "", { "\($0.largestColumn) (\($0.columns[$0.largestColumn] ?? 0))" }),
            ("open → first full frame, real binary, cold (store evicted from the page cache; median of 3)", "≤ 150 ms", { ms($0.coldOpen.median) }),
            ("open → first full frame, real binary, warm (median)", "≤ 150 ms", { ms($0.warmOpen.median) }),
            ("open → first full frame, in-process (store, curses, first present)", "", { ms($0.openInProcess) }),
            ("… of which reading every card / indexing them (measured apart)", "", { "\(ms($0.readCards)) / \(ms($0.indexCards))" }),
            ("open → every card read behind the first frame, in-process (keys below are measured after it)", "", { ms($0.everyCardRead) }),
            ("bytes of the first frame", "", { "\($0.firstFrameBytes)" }),
            ("key → frame: move selection (median, p95)", "≤ 5 ms", { key($0.move) }),
            ("key → frame: switch column", "≤ 5 ms", { key($0.switchColumn) }),
            ("key → frame: filter, type one character", "≤ 5 ms", { key($0.filterType) }),
            ("key → frame: filter, erase one character", "≤ 5 ms", { key($0.filterErase) }),
            ("key → frame: field query, one character (`age:>1` ↔ `age:>10`)", "≤ 5 ms", { key($0.fieldQuery) }),
            ("key → frame: sort the largest column (`t`, every sort in turn)", "≤ 5 ms", { key($0.sortChange) }),
            ("key → frame: open the command palette (`:`)", "≤ 5 ms", { key($0.openPalette) }),
            ("key → frame: mark a card (Space, marked ↔ unmarked)", "≤ 5 ms", { key($0.markCard) }),
            ("key → frame: open a card with a 50-event timeline", "", { key($0.openCard) }),
            ("key → frame: scroll a card's 10,000-event timeline (↓ ↑ End Home)", "≤ 5 ms", { key($0.scrollLongTimeline) }),
            ("bytes per frame: move selection (median)", "≤ 200", { bytes($0.move) }),
            ("bytes per frame: switch column", "", { bytes($0.switchColumn) }),
            ("bytes per frame: filter character", "", { bytes($0.filterType) }),
            ("bytes per frame: field query character / sort / open palette", "", {
                "\(bytes($0.fieldQuery)) / \(bytes($0.sortChange)) / \(bytes($0.openPalette))"
            }),
            ("bytes per frame: mark a card", "", { bytes($0.markCard) }),
            ("bytes per frame: open card", "", { bytes($0.openCard) }),
            ("idle: bytes written in \(Int(options.idle)) s", "0", { "\($0.idleBytes)" }),
            ("idle: CPU time in \(Int(options.idle)) s", "", { ms($0.idleCPUSeconds * 1000) }),
            ("`handoff lead edit` in another terminal → on this board's screen (median, p95)", "≤ 1 s", { "\(ms($0.propagation.median)) (p95 \(ms($0.propagation.p95)))" }),
            ("… of which the command itself, start to exit (median)", "", { ms($0.commandLine.median) }),
            ("apply one command: validate, append, project, commit (median, p95)", "≤ 5 ms", { "\(ms($0.apply.median)) (p95 \(ms($0.apply.p95)))" }),
            ("`handoff report` (7 days), start to exit (median)", "< 1 s", { ms($0.report.median) }),
            ("`handoff export --format json`, start to exit", "", { ms($0.exportJSON.median) }),
            ("`handoff export --format csv`, start to exit", "", { ms($0.exportCSV.median) }),
            ("peak memory: board (real binary)", "≤ 250 MB", { mb($0.boardPeakMB) }),
            ("peak memory: report / export json / export csv", "", { "\(mb($0.reportPeakMB)) / \(mb($0.exportJSONPeakMB)) / \(mb($0.exportCSVPeakMB))" }),
        ]
        var lines = ["| measure | " + all.map { leads($0.leads) }.joined(separator: " | ") + " | target (100k) |",
                     "|---|" + all.map { _ in "---:|" }.joined() + "---|"]
        for (name, target, value) in rows {
            lines.append("| \(name) | " + all.map(value).joined(separator: " | ") + " | \(target) |")
        }
        let first = all.first
        lines.append("")
        lines.append("Terminal \(first?.width ?? 120)×\(first?.height ?? 40), TERM=xterm-256color; \(options.presses) presses per key, "
                     + "\(options.propagations) changes, \(options.commands) commands, \(options.runs) runs of each command line.")
        return lines.joined(separator: "\n") + "\n"
    }
}
