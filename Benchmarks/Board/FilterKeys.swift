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
// Each pair is reported both ways together, then each way alone: a character typed usually
// tightens the query, and the board then tests only what the last key showed
// (`FilterQuery.narrows`); a character erased is a full pass over every card. Beside the
// wall time, the thread's CPU time: on a loaded machine the wall time also holds the
// waits for a core.
// The screen's drawing is not in these figures; `tuibench.py` measures the whole key → frame.

/// One keystroke's wall time and this thread's CPU time, in ms: on a loaded machine the
/// wall time also holds the time the thread waited for a core.
func timedKey(_ body: () -> Void) -> (ms: Double, cpu: Double) {
    func cpu() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) * 1000 + Double(time.tv_nsec) / 1e6
    }
    let start = cpu()
    let (_, ms) = timed(body)
    return (ms, cpu() - start)
}

func measureFilterKeys(_ arguments: ArraySlice<String>) throws {
    let (leads, runs, stores) = try BenchArguments.storeBench(arguments, runs: 41,
                                                              usage: "see the comment at the top of FilterKeys.swift")
    let bench = try BenchStore.prepare(leads: leads, in: stores)
    let reader = try SQLiteStore(path: bench.path, now: .fixed(benchEnd), create: false)
    let cards = try reader.cards(LeadQuery())
    var model = BoardModel(cards: cards, now: benchEnd)
    model.prepareSearch()

    // Both ways, and each way alone: a character typed usually narrows the last result
    // (`FilterQuery.narrows`), one erased is a full pass over every card.
    func alternate(_ short: String, _ long: String) -> (all: (Sample, Sample), typed: (Sample, Sample), erased: (Sample, Sample), shown: Int) {
        var all = Sample(), typed = Sample(), erased = Sample(), cpu = Sample(), typedCPU = Sample(), erasedCPU = Sample()
        model.setFilter(short, onlyMine: nil)
        var shown = 0
        for run in 0..<runs * 2 {
            let text = run % 2 == 0 ? long : short
            let took = timedKey { model.setFilter(text, onlyMine: nil) }
            all.add(took.ms)
            cpu.add(took.cpu)
            if run % 2 == 0 { typed.add(took.ms); typedCPU.add(took.cpu) } else { erased.add(took.ms); erasedCPU.add(took.cpu) }
            shown = Column.allCases.reduce(0) { $0 + model.count(in: $1) }
        }
        model.setFilter("", onlyMine: nil)
        return ((all, cpu), (typed, typedCPU), (erased, erasedCPU), shown)
    }
    var rows: [(String, (Sample, Sample), Int)] = []
    for (short, long) in [("owner:sdr", "owner:sdr1"), ("age:>1", "age:>10"), ("is:breach age:>1", "is:breach age:>10")] {
        let (all, typed, erased, shown) = alternate(short, long)
        rows.append(("`\(short)` ↔ `\(long)`", all, shown))
        rows.append(("  typed: `\(short)` → `\(long)`", typed, -1))
        rows.append(("  erased: `\(long)` → `\(short)`", erased, -1))
    }
    var cold = Sample(), coldCPU = Sample(), shown = 0
    var now = benchEnd
    for _ in 0..<runs {
        now = now.addingTimeInterval(60)
        model.advance(to: now)
        model.prepareSearch()
        let took = timedKey { model.setFilter("is:breach", onlyMine: nil) }
        cold.add(took.ms)
        coldCPU.add(took.cpu)
        shown = Column.allCases.reduce(0) { $0 + model.count(in: $1) }
        model.setFilter("", onlyMine: nil)
    }
    rows.append(("`is:breach`, cold (every clock worked out)", (cold, coldCPU), shown))

    print("A field-query keystroke in the board's model at \(cards.count) cards (\(runs * 2) keys, \(runs) cold; ms):")
    print("| keystroke | median | p95 | max | CPU median | CPU p95 | cards shown (last) |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for (name, (sample, cpu), count) in rows {
        let shown = count < 0 ? "" : String(count)
        print(String(format: "| %@ | %.2f | %.2f | %.2f | %.2f | %.2f | %@ |", name, sample.median, sample.p95, sample.max,
                     cpu.median, cpu.p95, shown))
    }
}
