import BenchSupport
import Foundation
import HandoffCore
import HandoffSQLite
import HandoffStore

// `handoff-bench sla [--leads 100000] [--runs 9] [--stores DIR]`: what computing every
// card's SLA clock costs the board's first frame (issue 16: ≤ 5 ms at 100,000 leads). The
// cards are the generated store's (`BenchStore`, the same as the board benchmark's), read
// once; each run asks the ladder for every card's glance (step, state, hours left), as
// `is:breach`, `is:warning`, the SLA sort and the `!` list do, with wall-clock hours and
// with a business calendar (09:00-17:30, mon-fri, Europe/Paris), cold (the calendar's index
// built in the run) and warm.

func measureSLA(_ arguments: ArraySlice<String>) throws {
    var rest = arguments
    var leads = 100_000, runs = 9, stores = NSTemporaryDirectory() + "handoff-bench"
    while let argument = rest.popFirst() {
        guard let value = rest.popFirst() else { throw BenchError("\(argument) needs a value") }
        switch argument {
        case "--leads": leads = max(Int(value) ?? leads, 1)
        case "--runs": runs = max(Int(value) ?? runs, 1)
        case "--stores": stores = value
        default: throw BenchError("unknown argument \(argument); see the comment at the top of SLAClocks.swift")
        }
    }
    let bench = try BenchStore.prepare(leads: leads, in: stores)
    let reader = try SQLiteStore(path: bench.path, now: .fixed(benchEnd), create: false)
    let cards = try reader.cards(LeadQuery())
    guard let paris = TimeZone(identifier: "Europe/Paris") else { throw BenchError("no Europe/Paris time zone") }
    let office = BusinessHours(open: 9 * 3600, close: 17 * 3600 + 1800, weekdays: [0, 1, 2, 3, 4], timeZone: paris,
                               holidays: [BusinessHours.day(iso: "2026-12-25") ?? 0])

    func everyClock(_ thresholds: Thresholds) -> (clocks: Int, breaches: Int) {
        let ladder = SLALadder(thresholds: thresholds, around: benchEnd)
        var clocks = 0, breaches = 0
        for card in cards {
            guard let glance = ladder.glance(card, now: benchEnd) else { continue }
            clocks += 1
            if glance.state == .breach { breaches += 1 }
        }
        return (clocks, breaches)
    }

    var wall = Sample(), cold = Sample(), warm = Sample()
    var counted = (wall: (0, 0), business: (0, 0))
    for _ in 0..<runs {
        let (wallCount, wallMS) = timed { everyClock(.standard) }
        wall.add(wallMS)
        counted.wall = wallCount
        var business = Thresholds.standard
        business.sla.businessHours = office // a new settings value: its index is built in the first pass
        let (businessCount, coldMS) = timed { everyClock(business) }
        cold.add(coldMS)
        warm.add(timed { everyClock(business) }.ms)
        counted.business = businessCount
    }
    func row(_ name: String, _ sample: Sample) -> String {
        String(format: "| %@ | %.2f | %.2f | %.2f |", name, sample.median, sample.p95, sample.max)
    }
    print("SLA clocks of every card at \(cards.count) cards (\(runs) runs; ms):")
    print("| ladder | median | p95 | max |")
    print("|---|---|---|---|")
    print(row("wall-clock hours", wall))
    print(row("business hours, index built in the run", cold))
    print(row("business hours, index built", warm))
    print("clocks running: \(counted.wall.0) (wall, \(counted.wall.1) breached), "
          + "\(counted.business.0) (business, \(counted.business.1) breached)")
}
