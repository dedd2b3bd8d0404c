import BenchSupport
import Foundation
import HandoffCore
import HandoffSQLite
import HandoffStore

// `handoff-bench sla [--leads 100000] [--runs 9] [--stores DIR]`: what computing every
// card's SLA clock costs (issue 16: ≤ 5 ms at 100,000 leads). The cards are the generated
// store's (`BenchStore`, the same as the board benchmark's), read once. Two paths, each with
// wall-clock hours and with a business calendar (09:00-17:30, mon-fri, Europe/Paris), cold
// (the calendar's index built in the run) and warm:
// - the board's: each card's clock input (`SLAClockInput`: step and start) is read once when
//   the card is loaded (timed apart), and a pass of `SLALadder.states` gives every state, as
//   the board's `is:breach`, `is:warning` do (`BoardModel.clockStates`);
// - card by card: `SLALadder.glance` of each `Card`, as the notices job and `!` still do.
// Both must agree card for card; the run fails if they do not.

func measureSLA(_ arguments: ArraySlice<String>) throws {
    let (leads, runs, stores) = try BenchArguments.storeBench(arguments, runs: 9,
                                                              usage: "see the comment at the top of SLAClocks.swift")
    let bench = try BenchStore.prepare(leads: leads, in: stores)
    let reader = try SQLiteStore(path: bench.path, now: .fixed(benchEnd), create: false)
    let cards = try reader.cards(LeadQuery())
    guard let paris = TimeZone(identifier: "Europe/Paris") else { throw BenchError("no Europe/Paris time zone") }
    let office = BusinessHours(open: 9 * 3600, close: 17 * 3600 + 1800, weekdays: [0, 1, 2, 3, 4], timeZone: paris,
                               holidays: [BusinessHours.day(iso: "2026-12-25") ?? 0])

    let (inputs, inputsMS) = timed { cards.map(SLAClockInput.init) }

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
    func boardPass(_ thresholds: Thresholds) -> [SLAState?] {
        SLALadder(thresholds: thresholds, around: benchEnd).states(inputs, now: benchEnd)
    }

    var wall = Sample(), cold = Sample(), warm = Sample()
    var passWall = Sample(), passCold = Sample(), passWarm = Sample()
    var counted = (wall: (0, 0), business: (0, 0))
    for _ in 0..<runs {
        var business = Thresholds.standard
        business.sla.businessHours = office // a new settings value: its index is built in the first pass
        passWall.add(timed { boardPass(.standard) }.ms)
        passCold.add(timed { boardPass(business) }.ms)
        passWarm.add(timed { boardPass(business) }.ms)

        let (wallCount, wallMS) = timed { everyClock(.standard) }
        wall.add(wallMS)
        counted.wall = wallCount
        business = Thresholds.standard
        business.sla.businessHours = office
        let (businessCount, coldMS) = timed { everyClock(business) }
        cold.add(coldMS)
        warm.add(timed { everyClock(business) }.ms)
        counted.business = businessCount
    }
    // The board's pass must say what the card-by-card glance says, card for card.
    var business = Thresholds.standard
    business.sla.businessHours = office
    for thresholds in [Thresholds.standard, business] {
        let ladder = SLALadder(thresholds: thresholds, around: benchEnd)
        let states = boardPass(thresholds)
        let differing = zip(cards, states).filter { ladder.glance($0.0, now: benchEnd)?.state != $0.1 }.count
        guard differing == 0 else { throw BenchError("the board's pass and the glance differ on \(differing) cards") }
    }
    func row(_ name: String, _ sample: Sample) -> String {
        String(format: "| %@ | %.2f | %.2f | %.2f |", name, sample.median, sample.p95, sample.max)
    }
    print("SLA clocks of every card at \(cards.count) cards (\(runs) runs; ms):")
    print("| ladder | median | p95 | max |")
    print("|---|---|---|---|")
    print(row("board pass (`states`), wall-clock hours", passWall))
    print(row("board pass (`states`), business hours, index built in the run", passCold))
    print(row("board pass (`states`), business hours, index built", passWarm))
    print(row("card by card (`glance`), wall-clock hours", wall))
    print(row("card by card (`glance`), business hours, index built in the run", cold))
    print(row("card by card (`glance`), business hours, index built", warm))
    print(String(format: "clock inputs read from the cards once, as the board loads them: %.2f ms", inputsMS))
    print("clocks running: \(counted.wall.0) (wall, \(counted.wall.1) breached), "
          + "\(counted.business.0) (business, \(counted.business.1) breached); both paths agree on every card")
}
