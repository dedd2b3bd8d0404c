import BenchSupport
import Foundation
import HandoffCore
import HandoffPostgres
import HandoffSQLite
import HandoffStore

// `handoff watch`'s delivery (issue 16): the real binary follows a store while this process
// commits leads one at a time, a random 20–120 ms apart; each line's arrival on the pipe is
// timed against the moment its commit returned (and against the moment the command was
// sent). On SQLite the watch polls `PRAGMA data_version` every 50 ms; on PostgreSQL it is
// woken by LISTEN.
//
//     handoff-bench watch [--events N] [--url postgres://…/EMPTY_OR_BENCH_DB] [--markdown FILE]
//
// Without --url only SQLite is measured. The database --url names is given a team if it has
// none (lena, lead, on a personal store; sam, SDR) and gets N leads added.

struct WatchBenchOptions {
    var events = 200
    var url: String?
    var markdown: String?

    init(_ arguments: ArraySlice<String>) throws {
        var rest = arguments
        func value(_ option: String) throws -> String {
            guard let value = rest.popFirst() else { throw BenchError("\(option) needs a value") }
            return value
        }
        while let argument = rest.popFirst() {
            switch argument {
            case "--events": events = max(Int(try value(argument)) ?? 200, 10)
            case "--url": url = try value(argument)
            case "--markdown": markdown = try value(argument)
            default: throw BenchError("unknown argument \(argument); see the comment at the top of WatchLatency.swift")
            }
        }
    }
}

/// One store's figures: milliseconds from commit returned (and from command sent) to line.
struct WatchFigures {
    var store: String
    var fromCommit: Sample
    var fromSend: Sample
}

func measureWatch(_ options: WatchBenchOptions) throws {
    let binary = try handoffBinary()
    var figures: [WatchFigures] = []
    let folder = NSTemporaryDirectory() + "handoff-watch-bench-\(getpid())"
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let file = folder + "/board.sqlite"
    let sqlite = try SQLiteStore(path: file, create: true)
    figures.append(try watchLatency(store: sqlite, db: file, name: "SQLite", binary: binary, events: options.events))
    if let url = options.url {
        let server = try PostgresStore(url)
        figures.append(try watchLatency(store: server, db: url, name: "PostgreSQL", binary: binary, events: options.events))
    }
    var table = "| store | events | commit → line p50 | p95 | max | command sent → line p50 | p95 |\n|---|---:|---:|---:|---:|---:|---:|\n"
    for figure in figures {
        table += String(format: "| %@ | %d | %.1f ms | %.1f ms | %.1f ms | %.1f ms | %.1f ms |\n", figure.store,
                        figure.fromCommit.count, figure.fromCommit.median, figure.fromCommit.p95, figure.fromCommit.max,
                        figure.fromSend.median, figure.fromSend.p95)
    }
    print(table, terminator: "")
    if let path = options.markdown { try table.write(toFile: path, atomically: true, encoding: .utf8) }
}

private func watchLatency(store: any BoardStore, db: String, name: String, binary: String, events: Int) throws -> WatchFigures {
    if try store.team().members.isEmpty {
        try store.initialize(lead: "lena", founding: Founding(account: try store.account(), personal: true))
    }
    if try store.team().member("sam") == nil {
        try store.execute(.addMember(Member(name: "sam", role: .sdr)), as: "lena")
    }
    let watcher = try WatchChild(binary: binary, db: db)
    defer { watcher.stop() }
    // Started: LISTEN in effect, the first counter read. A first commit proves it.
    Thread.sleep(forTimeInterval: 1)
    var sent: [Int64: UInt64] = [:]
    var committed: [Int64: UInt64] = [:]
    for index in 0..<(events + 1) {
        let before = monotonicNanoseconds()
        let applied = try store.execute(.addLead(LeadFields(company: "Watched \(index)", contact: "P \(index)"), owner: "sam"),
                                        on: nil, as: "sam")
        let after = monotonicNanoseconds()
        guard index > 0 else {
            guard watcher.arrival(of: applied.event.seq, timeout: 10) != nil else { throw BenchError("the watch printed nothing") }
            continue
        }
        sent[applied.event.seq] = before
        committed[applied.event.seq] = after
        Thread.sleep(forTimeInterval: Double.random(in: 0.02...0.12))
    }
    var fromCommit = Sample()
    var fromSend = Sample()
    for (seq, at) in committed.sorted(by: { $0.key < $1.key }) {
        guard let arrived = watcher.arrival(of: seq, timeout: 10) else { throw BenchError("event #\(seq) never arrived") }
        fromCommit.add(Double(Int64(bitPattern: arrived &- at)) / 1e6)
        fromSend.add(Double(arrived &- (sent[seq] ?? at)) / 1e6)
    }
    return WatchFigures(store: name, fromCommit: fromCommit, fromSend: fromSend)
}

/// `handoff watch --db DB` with its standard output on a pipe; a thread notes the moment
/// each line arrives, by its seq.
private final class WatchChild: @unchecked Sendable {
    private let pid: pid_t
    private let lock = NSLock()
    private var arrivals: [Int64: UInt64] = [:]

    init(binary: String, db: String) throws {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw BenchError("pipe: \(String(cString: strerror(errno)))") }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, fds[1], 1)
        posix_spawn_file_actions_addclose(&actions, fds[0])
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK))
        let words: [String] = [binary, "watch", "--db", db]
        let argv = words.map { strdup($0) } + [nil]
        let envp = ProcessInfo.processInfo.environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, binary, &actions, &attributes, argv, envp)
        close(fds[1])
        guard result == 0 else { throw BenchError("cannot start \(binary): \(String(cString: strerror(result)))") }
        self.pid = pid
        let reading = fds[0]
        let thread = Thread { [self] in self.read(reading) }
        thread.start()
    }

    private func read(_ fd: Int32) {
        var pending: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = buffer.withUnsafeMutableBytes { Foundation.read(fd, $0.baseAddress, 65_536) }
            if count <= 0 { break }
            let now = monotonicNanoseconds()
            pending.append(contentsOf: buffer[0..<count])
            while let newline = pending.firstIndex(of: 0x0A) {
                let line = Array(pending[..<newline])
                pending.removeSubrange(...newline)
                let object = (try? JSONSerialization.jsonObject(with: Data(line))) as? [String: Any]
                if let seq = (object?["seq"] as? NSNumber)?.int64Value {
                    lock.withLock { arrivals[seq] = now }
                }
            }
        }
        close(fd)
    }

    /// When the line of event `seq` arrived, waiting up to `timeout` seconds for it.
    func arrival(of seq: Int64, timeout: TimeInterval) -> UInt64? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let at = lock.withLock({ arrivals[seq] }) { return at }
            usleep(1_000)
        }
        return nil
    }

    func stop() {
        kill(pid, SIGTERM)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
    }
}
