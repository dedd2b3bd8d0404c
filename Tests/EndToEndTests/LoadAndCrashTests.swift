import Foundation
import HandoffCore
import HandoffSQLite
import HandoffStore
import Testing

/// The store under load and under crashes, through the real write path in real processes
/// (`handoff-load`, one worker per process; see Benchmarks/LoadDriver/main.swift).
///
/// Load: 16 workers, 200 random valid commands each, on one store at once. Crash: 50 times,
/// a worker is killed with SIGKILL at a random moment while it writes. Each worker appends
/// every acknowledged command to its ack file and fsyncs it before going on, so an ack file
/// is exactly what its user saw acknowledged. Afterwards the log must hold every acked
/// command, `doctor` must be clean, and no user may have seen the store busy.
///
/// Serialized: the two tests each load both cores; their timings mean nothing side by side.
@Suite("store: load and crashes", .serialized)
struct LoadAndCrashTests {
    /// `handoff-load`: `$HANDOFF_LOAD_BIN`, else beside the `handoff` binary (SwiftPM builds
    /// every executable product before it runs tests).
    static let loadBinary: String = {
        if let explicit = ProcessInfo.processInfo.environment["HANDOFF_LOAD_BIN"], !explicit.isEmpty { return explicit }
        return URL(fileURLWithPath: Binary.path).deletingLastPathComponent().appendingPathComponent("handoff-load").path
    }()

    /// 2030-01-07 09:00:00 UTC: the workers' clocks start here.
    static let clockStart = 1_894_006_800

    /// One acknowledged command: a line of an ack file.
    struct Ack {
        var seq: Int64
        var lead: Int?
        var type: String
        var micros: Int
        var user: String
    }

    /// The complete lines of an ack file (a line cut short by a kill was never acknowledged:
    /// the worker writes each line in one call, so there should be none).
    static func acks(at path: String, user: String) -> (acks: [Ack], malformed: [String]) {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return ([], []) }
        var acks: [Ack] = []
        var malformed: [String] = []
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last?.isEmpty == true { lines.removeLast() } else if !lines.isEmpty { malformed.append(String(lines.removeLast())) }
        for line in lines {
            let fields = line.split(separator: "\t").map(String.init)
            guard fields.count == 4, let seq = Int64(fields[0]), let micros = Int(fields[3]) else {
                malformed.append(String(line))
                continue
            }
            acks.append(Ack(seq: seq, lead: Int(fields[1]), type: fields[2], micros: micros, user: user))
        }
        return (acks, malformed)
    }

    /// The environment of a worker: the store's default busy timeout, whatever the caller's.
    static func environment(_ sandbox: Sandbox) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "HANDOFF_BUSY_TIMEOUT")
        environment.removeValue(forKey: "HANDOFF_NOW")
        environment["XDG_CONFIG_HOME"] = sandbox.folder.appendingPathComponent("config").path
        return environment
    }

    /// Creates the store and its team with the `handoff` command line.
    static func seed(_ sandbox: Sandbox, sdrs: Int, aes: Int) throws {
        let created = sandbox.run(["init", "--lead", "lee", "--personal"])
        try #require(created.status == 0, "\(created)")
        let members = (0..<sdrs).map { ("sdr\($0)", "sdr") } + (0..<aes).map { ("ae\($0)", "ae") }
        for (name, role) in members {
            let added = sandbox.run(["team", "add", name, "--role", role], as: "lee")
            try #require(added.status == 0, "\(added)")
        }
    }

    /// The worker's last line: `handoff-load: user=… acked=N … busy=N …`.
    static func summary(_ stdout: String) -> [String: String] {
        guard let line = stdout.split(separator: "\n").last(where: { $0.hasPrefix("handoff-load:") }) else { return [:] }
        var values: [String: String] = [:]
        for field in line.split(separator: " ") {
            let parts = field.split(separator: "=", maxSplits: 1)
            if parts.count == 2 { values[String(parts[0])] = String(parts[1]) }
        }
        return values
    }

    /// Every acked command is in the log as acked: its seq, lead, type and actor.
    static func missing(_ acks: [Ack], from events: [Int64: Event]) -> [String] {
        acks.compactMap { ack in
            guard let event = events[ack.seq] else { return "#\(ack.seq) (\(ack.type) by \(ack.user)) is not in the log" }
            guard event.lead?.number == ack.lead, event.type.rawValue == ack.type, event.actor == ack.user else {
                return "#\(ack.seq) was acked as \(ack.type) on \(ack.lead.map(String.init) ?? "-") by \(ack.user), but the log has \(event.type.rawValue) on \(event.lead?.description ?? "-") by \(event.actor)"
            }
            return nil
        }
    }

    /// Nearest-rank percentile of sorted values.
    static func percentile(_ sorted: [Int], _ fraction: Double) -> Int {
        guard !sorted.isEmpty else { return 0 }
        let rank = Int((fraction * Double(sorted.count)).rounded(.up))
        return sorted[min(max(rank, 1), sorted.count) - 1]
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    static func milliseconds(_ micros: Int) -> String { String(format: "%.1f ms", Double(micros) / 1000) }

    @Test func sixteenWritersAtOnceLoseNothingAndNeverSeeBusy() throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.loadBinary), "no handoff-load at \(Self.loadBinary): build all products (swift build)")
        let sandbox = Sandbox()
        try Self.seed(sandbox, sdrs: 8, aes: 4)
        // 16 sessions of 13 people: three SDRs work from two terminals at once.
        let people = (0..<8).map { "sdr\($0)" } + (0..<4).map { "ae\($0)" } + ["lee"]
        let users = (0..<16).map { people[$0 % people.count] }
        let environment = Self.environment(sandbox)
        let started = ContinuousClock.now
        var workers: [Spawned] = []
        defer { workers.forEach { $0.kill() } }
        for (index, user) in users.enumerated() {
            let ack = sandbox.folder.appendingPathComponent("ack-\(index)").path
            let worker = Spawned.start(Self.loadBinary, [
                "--db", sandbox.store, "--as", user, "--seed", "\(index + 1)", "--count", "200",
                "--ack", ack, "--start", "\(Self.clockStart)",
            ], environment: environment, folder: sandbox.folder, name: "worker-\(index)")
            workers.append(try #require(worker, "cannot start \(Self.loadBinary)"))
        }
        let deadline = started + .seconds(300)
        while !workers.allSatisfy({ $0.poll() }) {
            try #require(ContinuousClock.now < deadline, "the load did not finish within 5 minutes")
            Thread.sleep(forTimeInterval: 0.01)
        }
        let wall = Self.seconds(ContinuousClock.now - started)

        var acks: [Ack] = []
        var conflicts = 0
        for (index, worker) in workers.enumerated() {
            let summary = Self.summary(worker.stdout)
            #expect(worker.status == 0, "worker \(index) (\(users[index])): exit \(worker.status ?? -1)\n\(worker.stdout)\(worker.stderr)")
            #expect(summary["busy"] == "0", "worker \(index) (\(users[index])) saw the store busy: \(worker.stdout)\(worker.stderr)")
            #expect(summary["store-failures"] == "0" && summary["unexpected"] == "0", "worker \(index) (\(users[index])): \(worker.stdout)\(worker.stderr)")
            #expect(!worker.stderr.contains("store error"), "worker \(index) (\(users[index])): \(worker.stderr)")
            let read = Self.acks(at: sandbox.folder.appendingPathComponent("ack-\(index)").path, user: users[index])
            #expect(read.malformed.isEmpty, "worker \(index): malformed ack lines \(read.malformed)")
            #expect(summary["acked"] == "\(read.acks.count)", "worker \(index): the summary and the ack file disagree: \(worker.stdout)")
            acks += read.acks
            conflicts += Int(summary["conflicts"] ?? "") ?? 0
            conflicts += Int(summary["refused"] ?? "") ?? 0
        }
        // Most commands are acknowledged; the rest lost a race for their lead.
        #expect(acks.count > 16 * 200 / 2, "only \(acks.count) commands acknowledged")

        let store = try SQLiteStore(path: sandbox.store, create: false)
        let log = try store.events(after: 0, limit: nil)
        let bySeq = Dictionary(log.map { ($0.seq, $0) }, uniquingKeysWith: { first, _ in first })
        let missing = Self.missing(acks, from: bySeq)
        #expect(missing.isEmpty, "\(missing.count) acked commands are not in the log as acked: \(missing.prefix(10))")
        #expect(Set(acks.map(\.seq)).count == acks.count, "two acks name the same event")
        // Every worker ran to its end: every lead event in the log was acknowledged to someone.
        let leadEvents = log.filter { $0.lead != nil }.count
        #expect(leadEvents == acks.count, "\(leadEvents) lead events in the log, \(acks.count) acknowledged")
        let doctor = try store.doctor()
        #expect(doctor.isClean, "\(doctor.problems.prefix(10))")
        let counts = Dictionary(grouping: log.compactMap(\.lead), by: { $0 }).mapValues(\.count)
        let leads = try store.leads(LeadQuery(includeArchived: true))
        #expect(leads.count == counts.count, "\(leads.count) leads on the board, \(counts.count) in the log")
        for lead in leads {
            #expect(lead.version == counts[lead.id], "\(lead.id): version \(lead.version), \(counts[lead.id] ?? 0) events")
        }
        let cli = sandbox.run(["doctor"])
        #expect(cli.status == 0, "\(cli)")

        let latencies = acks.map(\.micros).sorted()
        let throughput = Double(acks.count) / wall
        print("load: 16 workers × 200 commands in \(String(format: "%.1f", wall)) s: \(acks.count) acknowledged, \(conflicts) lost a race (conflict/refused), 0 busy; \(String(format: "%.0f", throughput)) acked commands/s; latency p50 \(Self.milliseconds(Self.percentile(latencies, 0.50))), p90 \(Self.milliseconds(Self.percentile(latencies, 0.90))), p99 \(Self.milliseconds(Self.percentile(latencies, 0.99))), max \(Self.milliseconds(latencies.last ?? 0)); \(log.count) events, \(leads.count) leads, doctor clean")
    }

    @Test func fiftyKillsMidWriteLoseNoAcknowledgedCommand() throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.loadBinary), "no handoff-load at \(Self.loadBinary): build all products (swift build)")
        let sandbox = Sandbox()
        try Self.seed(sandbox, sdrs: 4, aes: 2)
        let users = ["sdr0", "sdr1", "lee", "sdr2", "ae0", "sdr3", "ae1"]
        let environment = Self.environment(sandbox)
        let started = ContinuousClock.now
        let deadline = started + .seconds(240)
        var acks: [Ack] = []
        var killedAfterAcks = 0
        var finishedEarly = 0
        var committedUnacked = 0
        for iteration in 0..<50 {
            try #require(ContinuousClock.now < deadline, "the crash test did not finish within 4 minutes (\(iteration) iterations)")
            let user = users[iteration % users.count]
            let before = try SQLiteStore(path: sandbox.store, create: false).lastSequence()
            let ack = sandbox.folder.appendingPathComponent("ack-\(iteration)").path
            // More commands than it can run before the kill: it is always killed mid-run.
            let worker = try #require(Spawned.start(Self.loadBinary, [
                "--db", sandbox.store, "--as", user, "--seed", "\(iteration + 1)", "--count", "100000",
                "--ack", ack, "--start", "\(Self.clockStart + iteration * 86_400)",
            ], environment: environment, folder: sandbox.folder, name: "crash-\(iteration)"), "cannot start \(Self.loadBinary)")
            Thread.sleep(forTimeInterval: Double(Int.random(in: 20...400)) / 1000)
            if worker.poll() {
                finishedEarly += 1
            } else {
                worker.kill()
            }
            #expect(worker.status == 128 + SIGKILL, "iteration \(iteration) (\(user)): exit \(worker.status ?? -1)\n\(worker.stdout)\(worker.stderr)")
            #expect(!worker.stderr.contains("store error") && !worker.stderr.contains("unexpected"), "iteration \(iteration) (\(user)): \(worker.stderr)")

            let read = Self.acks(at: ack, user: user)
            #expect(read.malformed.isEmpty, "iteration \(iteration): malformed ack lines \(read.malformed)")
            if !read.acks.isEmpty { killedAfterAcks += 1 }
            acks += read.acks

            let doctor = sandbox.run(["doctor"])
            #expect(doctor.status == 0, "iteration \(iteration) (\(user)): \(doctor)")
            let store = try SQLiteStore(path: sandbox.store, create: false)
            let log = try store.events(after: 0, limit: nil)
            let bySeq = Dictionary(log.map { ($0.seq, $0) }, uniquingKeysWith: { first, _ in first })
            let missing = Self.missing(acks, from: bySeq)
            try #require(missing.isEmpty, "iteration \(iteration) (\(user)): \(missing.count) acked commands lost: \(missing.prefix(10))")
            // The worker was the only writer: everything it appended was acknowledged, but
            // for at most the one command committed when the kill came before its ack.
            let appended = log.filter { $0.seq > before }
            #expect(appended.allSatisfy { $0.actor == user }, "iteration \(iteration): events by others appeared")
            #expect(appended.count - read.acks.count == 0 || appended.count - read.acks.count == 1,
                    "iteration \(iteration) (\(user)): \(appended.count) events appended, \(read.acks.count) acknowledged")
            if appended.count > read.acks.count { committedUnacked += 1 }
        }
        let store = try SQLiteStore(path: sandbox.store, create: false)
        let events = try store.lastSequence()
        let doctor = try store.doctor()
        #expect(doctor.isClean, "\(doctor.problems.prefix(10))")
        let wall = Self.seconds(ContinuousClock.now - started)
        print("crash: 50 iterations (SIGKILL 20–400 ms after start) in \(String(format: "%.1f", wall)) s: \(acks.count) commands acknowledged, all in the log; \(killedAfterAcks) kills landed after the first ack, \(committedUnacked) between a commit and its ack, \(finishedEarly) workers finished first; \(events) events, \(doctor.leads) leads; doctor clean after every kill")
    }
}
