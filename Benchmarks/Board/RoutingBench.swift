import BenchSupport
import Foundation
import HandoffCore
import HandoffSQLite
import HandoffStore

/// `handoff-bench routing [--leads 100000] [--stores DIR] [--runs N]`: the routing
/// decision behind the book form (issue 16) on a generated store — what the form's job
/// does before the form is drawn: read the lead, the team (with its away periods) and the
/// week's booking events, and rank the AEs. Measured at the log's end (Monday 09:00, a
/// short week so far) and on the Sunday night before it (a whole week of bookings to count).
func measureRouting(_ arguments: ArraySlice<String>) throws {
    let (leads, runs, stores) = try BenchArguments.storeBench(arguments, runs: 50,
                                                              usage: "routing takes --leads, --runs, --stores")
    let bench = try BenchStore.prepare(leads: leads, in: stores)
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
    let store = try SQLiteStore(path: bench.path, now: .fixed(benchEnd), calendar: calendar, create: false)
    let settings = RoutingSettings(weeklyCap: 2000, weights: ["ae1": 2])
    let lead = bench.timelineLead
    print("| when | booking events read | median | p95 | proposal |")
    print("|---|---:|---:|---:|---|")
    let weeks = [("Monday 09:00 (the log's end)", benchEnd), ("Sunday 23:00 (a whole week)", benchEnd.addingTimeInterval(-10 * 3600))]
    for (label, now) in weeks {
        for board in [false, true] {
            // The command line reads the week's bookings each time; the board keeps them
            // (`RoutingLedger`, loaded behind its first frame) and reads only what is new.
            let ledger = RoutingLedger()
            try ledger.load(store, now: now, calendar: calendar)
            func decide() throws -> RoutingProposal {
                _ = try store.lead(lead)
                if board {
                    return try ledger.proposal(store, team: store.team(), meetingAt: nil, now: now, settings: settings, calendar: calendar)
                }
                return try store.routingProposal(team: store.team(), meetingAt: nil, now: now, settings: settings, calendar: calendar)
            }
            _ = try decide()
            var sample = Sample()
            var proposal: RoutingProposal?
            for _ in 0..<runs {
                let (value, ms) = try timed { try decide() }
                sample.add(ms)
                proposal = value
            }
            let facts = try store.routingFacts(since: Routing.week(containing: now, calendar: calendar).start)
            let events = facts.count
            if board {
                // The ranking alone, on the facts in hand (no store).
                let team = try store.team()
                var pure = Sample()
                for _ in 0..<runs {
                    pure.add(timed { Routing.propose(team: team, facts: facts, meetingAt: nil, now: now, settings: settings, calendar: calendar) }.ms)
                }
                log(String(format: "ranking alone: %.3f ms median", pure.median))
            }
            let path = board ? "the board's book form" : "handoff book"
            let figures = String(format: "%.2f ms | %.2f ms", sample.median, sample.p95)
            print("| \(label), \(path) | \(events) | \(figures) | \((proposal?.reason ?? "-").prefix(60)) |")
        }
    }
}
