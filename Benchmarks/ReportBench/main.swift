import Foundation
import HandoffCore
import HandoffSQLite
import HandoffPostgres
import HandoffStore
import BenchSupport

// `handoff report` over a big store: 100,000 leads and about a million events, built once
// through the real rules and cached on disk, then the report timed end to end (open the
// store, compute the standup, render the text) over several runs.
//
//     report-bench [--leads N] [--db PATH] [--runs N] [--rebuild] [--verify] [--pg URL]
//
// --pg also moves that log into the (empty, or already holding the same log) PostgreSQL
// database at URL with `importEvents` (what `handoff import --events` does), timing it,
// and times the same reports there; the texts must be identical to SQLite's.
//
// --verify also checks the fast path against the slow one on that store: every event read
// from the raw payload bytes equals the one decoded in full, the cards replayed from the
// log equal the stored projection, and the standups agree.

struct Options {
    var leads = 100_000
    var db: String?
    var runs = 7
    var rebuild = false
    var verify = false
    var pg: String?

    init(_ arguments: [String]) throws {
        var rest = arguments[...]
        while let argument = rest.popFirst() {
            switch argument {
            case "--leads": leads = try Self.number(rest.popFirst(), argument)
            case "--runs": runs = try Self.number(rest.popFirst(), argument)
            case "--db":
                guard let path = rest.popFirst() else { throw GeneratorError("--db needs a path") }
                db = path
            case "--rebuild": rebuild = true
            case "--verify": verify = true
            case "--pg":
                guard let url = rest.popFirst() else { throw GeneratorError("--pg needs a URL") }
                pg = url
            default: throw GeneratorError("unknown argument \(argument); use --leads N --db PATH --runs N --rebuild --verify --pg URL")
            }
        }
    }

    static func number(_ text: String?, _ option: String) throws -> Int {
        guard let text, let value = Int(text), value > 0 else { throw GeneratorError("\(option) needs a positive number") }
        return value
    }

    var path: String { db ?? NSTemporaryDirectory() + "handoff-report-bench-\(leads).sqlite" }
}

/// The board's clock for the whole benchmark: the log ends here.
let end = Date(timeIntervalSince1970: 1_773_046_800) // 2026-03-09 09:00 UTC

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

func build(_ options: Options) throws {
    for suffix in ["", "-wal", "-shm", ".lock"] { try? FileManager.default.removeItem(atPath: options.path + suffix) }
    var generator = LogGenerator(end: end)
    var log: [Event] = []
    let made = try seconds { log = try generator.log(leads: options.leads) }
    print("generated \(log.count) events for \(options.leads) leads in \(String(format: "%.1f", made)) s"
          + (generator.refusals > 0 ? " (\(generator.refusals) refused, e.g. \(generator.firstRefusal ?? ""))" : ""))
    let store = try SQLiteStore(path: options.path, now: .fixed(end))
    let stored = try seconds { try store.bulkLoad(log) }
    print("stored in \(String(format: "%.1f", stored)) s at \(options.path)")
}

func report(_ options: Options, period: Period, postgres: Bool = false) throws -> (Double, String) {
    var text = ""
    let elapsed = try seconds {
        let store: any BoardStore = if postgres, let url = options.pg {
            try PostgresStore(url, now: .fixed(end), create: false)
        } else {
            try SQLiteStore(path: options.path, now: .fixed(end), create: false)
        }
        let standup = try store.standup(period: period, settings: .standard, grouping: .sdr, now: nil)
        text = StandupText.text(standup, limit: 20)
    }
    return (elapsed, text)
}

/// The SQLite store's log moved into PostgreSQL as `import --events` does (once).
func movePostgres(_ url: String, from store: SQLiteStore) throws {
    let target = try PostgresStore(url, now: .fixed(end))
    let there = try target.lastSequence()
    let here = try store.lastSequence()
    guard there != here else {
        print("PostgreSQL: reusing the \(there) events already in \(target.location)")
        return
    }
    guard there == 0 else {
        throw GeneratorError("the PostgreSQL database \(target.location) holds \(there) events, not this log's \(here): give an empty one")
    }
    var log: [Event] = []
    let read = try seconds { log = try store.events(after: 0, limit: nil) }
    var report = DoctorReport(events: 0, leads: 0, problems: [])
    let moved = try seconds { report = try target.importEvents(log) }
    print(String(format: "PostgreSQL: read %d events from SQLite in %.1f s; importEvents (rules replay + COPY) took %.1f s, %.0f events/s; %d leads",
                 log.count, read, moved, Double(log.count) / moved, report.leads))
}

/// The fast path against the slow one: whole events and whole cards, decoded in full.
func verify(_ store: SQLiteStore) throws {
    let fast = try store.reportEvents()
    let slow = try store.events(after: 0, limit: nil).compactMap(ReportEvent.init).filter { $0.type != .scored }
    guard fast == slow else {
        let first = zip(fast, slow).first { $0 != $1 }
        throw GeneratorError("verify: \(fast.count) events read fast, \(slow.count) decoded; first difference: \(String(describing: first))")
    }
    let leads = try store.leads(LeadQuery(includeArchived: true))
    let projected = leads.map(ReportLead.init).filter { $0.column != .archived }
    let replayed = StandupBuilder.cards(facts: fast).filter { $0.column != .archived }
    guard projected == replayed else {
        let first = zip(projected, replayed).first { $0 != $1 }
        throw GeneratorError("verify: the replayed cards differ from the projection: \(String(describing: first))")
    }
    let period = Period.lastDays(30, endingAt: end)
    let team = try store.team()
    let wholeEvents = try store.events(after: 0, limit: nil)
    guard try store.standup(period: period) == StandupBuilder.build(events: wholeEvents, leads: leads, team: team,
                                                                    period: period, now: end) else {
        throw GeneratorError("verify: the standups differ")
    }
    print("verify: \(fast.count) events and \(replayed.count) cards agree with the full decode and the projection")
}

func summary(_ times: [Double]) -> String {
    let sorted = times.sorted()
    let median = sorted[sorted.count / 2]
    return String(format: "median %.3f s, min %.3f s, max %.3f s over %d runs", median, sorted[0], sorted[sorted.count - 1], sorted.count)
}

do {
    let options = try Options(Array(CommandLine.arguments.dropFirst()))
    let existing = (try? SQLiteStore(path: options.path, now: .fixed(end), create: false)).flatMap { try? $0.lastSequence() } ?? 0
    if options.rebuild || existing == 0 {
        try build(options)
    } else {
        print("reusing \(options.path) (\(existing) events; --rebuild to make it again)")
    }
    let store = try SQLiteStore(path: options.path, now: .fixed(end), create: false)
    let events = try store.lastSequence()
    let cards = try store.standup(period: .lastDays(7, endingAt: end)).team.cards.total
    print("store: \(events) events, \(cards) cards on the board")
    if options.verify { try verify(store) }
    if let url = options.pg { try movePostgres(url, from: store) }

    // The read alone (what the engines differ in), once each, after the store is warm.
    _ = try store.reportEvents()
    let sqliteRead = try seconds { _ = try store.reportEvents() }
    print(String(format: "reading the report's events: SQLite %.3f s", sqliteRead), terminator: "")
    if let url = options.pg {
        let target = try PostgresStore(url, now: .fixed(end), create: false)
        _ = try target.reportEvents()
        let pgRead = try seconds { _ = try target.reportEvents() }
        print(String(format: ", PostgreSQL %.3f s", pgRead), terminator: "")
    }
    print()

    for (name, period) in [("last 7 days (the default)", Period.lastDays(7, endingAt: end)),
                           ("whole history (--since 2025-01-01)", Period(since: end.addingTimeInterval(-400 * 86_400), until: end))] {
        var times: [Double] = []
        var text = ""
        for _ in 0..<options.runs {
            let (elapsed, output) = try report(options, period: period)
            times.append(elapsed)
            text = output
        }
        print("report, \(name): \(summary(times))")
        if name.hasPrefix("last") {
            print(text.split(separator: "\n").prefix(24).joined(separator: "\n"))
        }
        if options.pg != nil {
            var pgTimes: [Double] = []
            var pgText = ""
            for _ in 0..<options.runs {
                let (elapsed, output) = try report(options, period: period, postgres: true)
                pgTimes.append(elapsed)
                pgText = output
            }
            guard pgText == text else { throw GeneratorError("the PostgreSQL report differs from SQLite's for \(name)") }
            print("report on PostgreSQL, \(name): \(summary(pgTimes)); the text is identical to SQLite's")
        }
    }
} catch {
    FileHandle.standardError.write(Data("report-bench: \(error)\n".utf8))
    exit(1)
}
