import Foundation
import HandoffCore
import HandoffPostgres
import HandoffStore
import PostgresTestSupport
import Testing

/// Fifty open boards on one server, on a server of the test's own (its connection count is
/// the test's alone): each change reaches every board, and each board holds at most the
/// connections its URL allows (`connections=2`: one for LISTEN, one for its reads).
///
/// A "board" here is what the board does with the store, in this process: a store of its
/// own (its own connections), the change counter its LISTEN connection bumps, and on a
/// change the catch-up read of the events after the newest one seen and the cards they
/// touched (BoardApp.lookForChanges and its reload job). One real board, in tmux, is
/// counted on the server too.
@Suite("PostgreSQL: fifty boards", .serialized, .enabled(if: TestCluster.isWanted))
struct PostgresFanOutTests {
    /// One board's view: the newest event it has read, and when it read each one.
    final class Watcher: @unchecked Sendable {
        let store: PostgresStore
        private let lock = NSLock()
        private var seen: [Int64: ContinuousClock.Instant] = [:]
        private var newest: Int64
        private var counter: Int
        var failure: String?

        init(url: String) throws {
            store = try PostgresStore(url, create: false)
            newest = try store.lastSequence()
            counter = try store.changeCounter()
        }

        /// One turn of the board's loop: the counter, and on a change the catch-up read.
        func poll() {
            guard let now = try? store.changeCounter(), now != counter else { return }
            counter = now
            do {
                let events = try store.events(after: newest, limit: nil)
                _ = try store.cards(ids: Array(Set(events.compactMap(\.lead))))
                let at = ContinuousClock.now
                lock.withLock {
                    for event in events { seen[event.seq] = at }
                }
                newest = events.last?.seq ?? newest
            } catch {
                failure = "\(error)"
            }
        }

        func seenAt(_ seq: Int64) -> ContinuousClock.Instant? { lock.withLock { seen[seq] } }
    }

    @Test func aChangeReachesFiftyBoardsWithinASecondAndEachHoldsAtMostTwoConnections() throws {
        let server = try OwnServer.start()
        defer { server.stop() }
        let cluster = server.cluster
        try cluster.sql("CREATE DATABASE fanout")
        let base = "postgres://postgres:\(cluster.superPassword)@\(cluster.host):\(cluster.port)/fanout"
        let writer = try PostgresStore(base + "?connections=2")
        try writer.initialize(lead: "lee", founding: Founding(account: "postgres", personal: true))

        let opening = ContinuousClock.now
        let boards = try (0..<50).map { _ in try Watcher(url: base + "?connections=2") }
        print("fan-out: 50 boards opened in \(ContinuousClock.now - opening)")
        let stop = Flag()
        let loops = DispatchGroup()
        // Each board polls as the board's loop does between keys, on a thread of its own as
        // a board process would (Dispatch's pool would run only a few of them at once).
        for board in boards {
            loops.enter()
            let thread = Thread {
                while !stop.isSet {
                    board.poll()
                    Thread.sleep(forTimeInterval: 0.05)
                }
                loops.leave()
            }
            thread.start()
        }
        // Every feed is listening before the first change.
        let ready = ContinuousClock.now + .seconds(20)
        while boards.contains(where: { !$0.store.isListening }), ContinuousClock.now < ready {
            Thread.sleep(forTimeInterval: 0.05)
        }
        #expect(boards.allSatisfy { $0.store.isListening }, "not every board is listening")

        var latencies: [Duration] = []
        var missed = 0
        for index in 0..<20 {
            let started = ContinuousClock.now
            let applied = try writer.execute(.addLead(LeadFields(company: "Fan Out \(index)", contact: "F O"), owner: "lee"), as: "lee")
            let seq = applied.event.seq
            let deadline = started + .seconds(5)
            while boards.contains(where: { $0.seenAt(seq) == nil }), ContinuousClock.now < deadline {
                Thread.sleep(forTimeInterval: 0.01)
            }
            for board in boards {
                if let at = board.seenAt(seq) { latencies.append(at - started) } else { missed += 1 }
            }
            if index == 10 {
                // Connections on the server now: 50 LISTEN, at most one more each, the writer's.
                let rows = try cluster.sql("SELECT application_name, count(*) FROM pg_stat_activity WHERE datname = 'fanout' GROUP BY application_name")
                let counts = Dictionary(uniqueKeysWithValues: rows.split(separator: "\n").compactMap { line -> (String, Int)? in
                    let parts = line.split(separator: "|")
                    guard parts.count == 2, let count = Int(parts[1]) else { return nil }
                    return (String(parts[0]), count)
                })
                #expect(counts["handoff-listen"] == 50, "\(counts)")
                #expect((counts["handoff"] ?? 0) <= 51, "\(counts)")
                #expect(counts.values.reduce(0, +) <= 101, "\(counts)")
            }
            Thread.sleep(forTimeInterval: 0.1)
        }
        stop.set()
        loops.wait()
        #expect(missed == 0, "\(missed) board(s) never saw a change within 5 s")
        #expect(boards.allSatisfy { $0.failure == nil }, "\(boards.compactMap(\.failure).prefix(3))")
        let sorted = latencies.sorted()
        let p50 = sorted[sorted.count / 2]
        let p95 = sorted[min(sorted.count - 1, Int(Double(sorted.count) * 0.95))]
        #expect(p95 <= .seconds(1), "p95 \(p95)")
        print("fan-out: 20 changes × 50 boards: p50 \(p50), p95 \(p95), max \(sorted.last ?? .zero)")
    }

    @Test func aRealBoardHoldsAtMostTwoServerConnections() throws {
        guard Tmux.require() else { return }
        let server = try OwnServer.start()
        defer { server.stop() }
        let cluster = server.cluster
        let sandbox = Sandbox()
        try cluster.sql("CREATE DATABASE team")
        let url = "postgres://postgres@\(cluster.host):\(cluster.port)/team"
        let environment = ["HANDOFF_DB": url, "PGPASSWORD": cluster.superPassword, "HANDOFF_USER": "", "HANDOFF_NOW": ""]
        #expect(sandbox.run(["init", "--lead", "lee", "--personal"], environment: environment).status == 0)
        for index in 0..<5 {
            sandbox.run(["lead", "add", "--company", "Counted \(index)", "--contact", "C"], environment: environment)
        }
        let home = sandbox.folder.appendingPathComponent("home").path
        let board = Tmux(width: 160, height: 40, environment: environment.merging(["TERM": "xterm-256color", "HOME": home,
                                                                                   "XDG_CONFIG_HOME": home + "/config"]) { $1 },
                         command: [Binary.path])
        board.wait(for: "Counted 4", "lee · ")
        // Work the board: a card's detail, a filter, a change from elsewhere, the standup.
        board.press("Enter")
        Thread.sleep(forTimeInterval: 0.3)
        board.press("Escape", "/")
        board.type("Counted")
        board.press("Enter")
        sandbox.run(["lead", "add", "--company", "Counted 9", "--contact", "C"], environment: environment)
        board.wait(for: "Counted 9")
        board.press("S")
        Thread.sleep(forTimeInterval: 0.5)
        board.press("Escape")
        let held = try cluster.sql("SELECT count(*) FROM pg_stat_activity WHERE datname = 'team' AND application_name LIKE 'handoff%'")
        #expect(Int(held) ?? 99 <= 2, "the board holds \(held) connections")
        #expect(Int(held) ?? 0 >= 1)
        board.press("q")
        board.wait(for: "[exited 0]")
    }
}
