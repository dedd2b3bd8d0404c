import BenchSupport
import Foundation
import HandoffCore
import HandoffPostgres
import HandoffStore
import PostgresTestSupport

/// The cost of one command on the PostgreSQL store, end to end through `PostgresStore`
/// (decide, append, project, commit), over loopback to a throwaway cluster (or the server
/// `$HANDOFF_TEST_PG_URL` names). Each lead goes through the closed loop: add, score, book,
/// log held, accept — five commands, by the SDR and the AE. Then one batch import.
///
///     swift build -c release --product pg-write-bench
///     .build/release/pg-write-bench [--leads 300] [--batch 5000]
///
/// Prints p50/p95/max per command kind and overall, and the batch's events per second.
func option(_ name: String, default value: Int) -> Int {
    let arguments = CommandLine.arguments
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count, let parsed = Int(arguments[index + 1]) else {
        return value
    }
    return parsed
}

let leads = option("--leads", default: 300)
let batchSize = option("--batch", default: 5000)

do {
    let cluster = try TestCluster.shared()
    let (database, url) = try cluster.newDatabase()
    defer { cluster.dropDatabase(database) }
    // The server's own time in handoff_append, from its function statistics.
    try cluster.sql("ALTER DATABASE \(database) SET track_functions = 'pl'")
    let clock = ManualClock(Date(timeIntervalSince1970: 1_780_000_000))
    let store = try PostgresStore(url, now: clock.now)
    // The superuser plays the whole team: a personal store.
    try store.initialize(lead: "lee", founding: Founding(account: try store.account(), personal: true))
    try store.execute(.addMember(Member(name: "maya", role: .sdr)), as: "lee")
    try store.execute(.addMember(Member(name: "alex", role: .ae)), as: "lee")

    var samples: [String: Sample] = [:]
    var all = Sample()
    func run(_ kind: String, _ command: Command, on id: LeadID?, as actor: String) throws -> Applied {
        let (applied, ms) = try timed { try store.execute(command, on: id, as: actor, expecting: nil) }
        samples[kind, default: Sample()].add(ms)
        all.add(ms)
        return applied
    }
    let met = CriterionScore(status: .met, evidence: "Confirmed on the discovery call")
    let scores = Dictionary(uniqueKeysWithValues: Definition.standard.criteria.map { ($0.key, met) })
    for index in 0..<leads {
        let added = try run("add", .addLead(LeadFields(company: "Company \(index)", contact: "Contact \(index)"), owner: nil),
                            on: nil, as: "maya")
        guard let id = added.event.lead else { throw StoreError.damaged("no lead id") }
        _ = try run("score", .score(scores), on: id, as: "maya")
        _ = try run("book", .book(ae: "alex", at: clock.date.addingTimeInterval(3600), agenda: "Discovery"), on: id, as: "maya")
        clock.advance(by: 7200)
        _ = try run("outcome", .logOutcome(.held, newTime: nil, note: nil), on: id, as: "alex")
        _ = try run("accept", .accept(nextStep: "Workshop", nextDate: clock.date.addingTimeInterval(7 * 86_400),
                                      opportunity: "OPP-\(index)", assessment: nil), on: id, as: "alex")
    }
    func line(_ name: String, _ sample: Sample) -> String {
        name.padding(toLength: 8, withPad: " ", startingAt: 0)
            + String(format: " n=%5d  p50 %6.2f ms  p95 %6.2f ms  max %7.2f ms", sample.count, sample.median, sample.p95, sample.max)
    }
    for kind in ["add", "score", "book", "outcome", "accept"] { print(line(kind, samples[kind] ?? Sample())) }
    print(line("all", all))
    // Statistics reach the view within a second of each backend's last transaction.
    Thread.sleep(forTimeInterval: 1.5)
    let server = try cluster.sql("""
        SELECT calls || ' ' || round((total_time / GREATEST(calls, 1))::numeric, 3)
        FROM pg_stat_user_functions WHERE funcname = 'handoff_append'
        """, database: database)
    if !server.isEmpty {
        let parts = server.split(separator: " ")
        print("server   handoff_append: \(parts.first ?? "?") calls, mean \(parts.last ?? "?") ms inside the function")
    }

    let items = (0..<batchSize).map { index in
        BatchItem(.importLead(LeadFields(company: "Imported \(index)", contact: "Contact \(index)"), owner: "maya", column: .queue))
    }
    let (result, ms) = try timed {
        try store.execute(batch: items, as: "maya", options: BatchOptions(mode: .allOrNothing), progress: nil)
    }
    guard result.committed else { throw StoreError.damaged("the batch was not committed") }
    print(String(format: "batch    %d imported leads in %.0f ms: %.0f events/s", batchSize, ms, Double(batchSize) / ms * 1000))
    let report = try store.doctor()
    print("doctor   \(report.isClean ? "clean" : "PROBLEMS: \(report.problems.prefix(3))")")
} catch {
    FileHandle.standardError.write(Data("pg-write-bench: \(error)\n".utf8))
    exit(1)
}
