import BenchSupport
import Foundation
import HandoffCore
import HandoffSQLite
import HandoffStore
import HandoffTUI

// `handoff-bench filter [--leads 100000] [--runs 41] [--stores DIR]`: what a field-query
// keystroke costs the board's model at 100,000 leads (issue 15: key → frame ≤ 5 ms), in
// process, without the terminal: `BoardModel.setFilter`, the call the board makes at each
// key typed after `/` (parse, match of every column, layout). The board's cards are the
// generated store's, read once, with the search index laid out as when `/` opens. Each
// keystroke alternates a character typed and erased, as the pseudo-terminal benchmark does:
//
// - `owner:sdr` ↔ `owner:sdr1` (answered by the search index's per-SDR lists);
// - `age:>1` ↔ `age:>10` (every card's days in column);
// - `is:breach age:>1` ↔ `is:breach age:>10` (the SLA clock of every card, kept per moment);
// - `is:breach`, cold: the first `is:` keystroke after the minute's tick moved the clock on,
//   when every card's clock is worked out (`advance` is not timed).
// The screen's drawing is not in these figures; `tuibench.py` measures the whole key → frame.

func measureFilterKeys(_ arguments: ArraySlice<String>) throws {
    let (leads, runs, stores) = try BenchArguments.storeBench(arguments, runs: 41,
                                                              usage: "see the comment at the top of FilterKeys.swift")
    let bench = try BenchStore.prepare(leads: leads, in: stores)
    let reader = try SQLiteStore(path: bench.path, now: .fixed(benchEnd), create: false)
    let cards = try reader.cards(LeadQuery())
    var model = BoardModel(cards: cards, now: benchEnd)
    model.prepareSearch()

    func alternate(_ short: String, _ long: String) -> (Sample, Int) {
        var sample = Sample()
        model.setFilter(short, onlyMine: nil)
        var shown = 0
        for run in 0..<runs * 2 {
            let text = run % 2 == 0 ? long : short
            sample.add(timed { model.setFilter(text, onlyMine: nil) }.ms)
            shown = Column.allCases.reduce(0) { $0 + model.count(in: $1) }
        }
        model.setFilter("", onlyMine: nil)
        return (sample, shown)
    }
    var rows: [(String, Sample, Int)] = []
    for (short, long) in [("owner:sdr", "owner:sdr1"), ("age:>1", "age:>10"), ("is:breach age:>1", "is:breach age:>10")] {
        let (sample, shown) = alternate(short, long)
        rows.append(("`\(short)` ↔ `\(long)`", sample, shown))
    }
    var cold = Sample(), shown = 0
    var now = benchEnd
    for _ in 0..<runs {
        now = now.addingTimeInterval(60)
        model.advance(to: now)
        model.prepareSearch()
        cold.add(timed { model.setFilter("is:breach", onlyMine: nil) }.ms)
        shown = Column.allCases.reduce(0) { $0 + model.count(in: $1) }
        model.setFilter("", onlyMine: nil)
    }
    rows.append(("`is:breach`, cold (every clock worked out)", cold, shown))

    print("A field-query keystroke in the board's model at \(cards.count) cards (\(runs * 2) keys, \(runs) cold; ms):")
    print("| keystroke | median | p95 | max | cards shown (last) |")
    print("|---|---:|---:|---:|---:|")
    for (name, sample, count) in rows {
        print(String(format: "| %@ | %.2f | %.2f | %.2f | %d |", name, sample.median, sample.p95, sample.max, count))
    }
}
