import Foundation
import PostgresTestSupport
import Testing

/// The two stores `handoff watch` follows.
enum StoreKind: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqlite
    case postgres

    /// SQLite always; PostgreSQL where a server can be had (always under CI).
    static var available: [StoreKind] { TestCluster.isWanted ? [.sqlite, .postgres] : [.sqlite] }

    var testDescription: String { rawValue }
}

/// A team on one store, driven through the built binary, with watchers started beside it.
final class WatchBoard: @unchecked Sendable {
    let sandbox = Sandbox()
    let kind: StoreKind
    /// `--db`: the file, or the database's URL (password from `PGPASSWORD`).
    let db: String
    let database: String?
    let cluster: TestCluster?
    private let extra: [String: String]

    init(_ kind: StoreKind) throws {
        self.kind = kind
        switch kind {
        case .sqlite:
            db = sandbox.store
            database = nil
            cluster = nil
            extra = [:]
        case .postgres:
            let cluster = try TestCluster.shared()
            let (name, _) = try cluster.newDatabase()
            self.cluster = cluster
            database = name
            db = "postgres://postgres@\(cluster.host):\(cluster.port)/\(name)"
            extra = ["PGPASSWORD": cluster.superPassword]
        }
    }

    deinit {
        if let database { cluster?.dropDatabase(database) }
    }

    @discardableResult
    func run(_ arguments: [String], as user: String = "lee") -> RunResult {
        sandbox.run(arguments + ["--db", db], as: user, environment: extra)
    }

    /// Lead lee, SDRs sam and sue, AEs alex and ava, on a personal store (the tests play
    /// every member).
    func seedTeam() {
        run(["init", "--lead", "lee", "--personal"])
        for (name, role) in [("sam", "sdr"), ("sue", "sdr"), ("alex", "ae"), ("ava", "ae")] {
            run(["team", "add", name, "--role", role])
        }
    }

    /// Adds a lead for `owner` and scores it qualified; its id.
    @discardableResult
    func qualifiedLead(_ company: String, owner: String = "sam") -> String {
        let id = run(["lead", "add", "--company", company, "--contact", "Pat Doe"], as: owner).stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)
        run(["score", id, "--met", "need=Pain", "--met", "fit=ICP", "--met", "timeframe=Q1",
             "--met", "authority=Runs the team"], as: owner)
        return id
    }

    /// The log as `watch --after 0 --once` prints it: every event, one line each.
    func allLines(_ extraArguments: [String] = []) -> [String] {
        let result = run(["watch", "--after", "0", "--once"] + extraArguments)
        return result.stdout.split(separator: "\n").map(String.init)
    }

    /// The newest event's number.
    func newestSeq() -> Int64 {
        allLines().last.flatMap(Self.seq) ?? 0
    }

    /// `handoff watch ARGUMENTS`, running until stopped.
    func watch(_ arguments: [String]) throws -> Spawned {
        var environment = ProcessInfo.processInfo.environment
        environment["HANDOFF_DB"] = sandbox.store
        environment["HANDOFF_USER"] = "lee"
        environment["XDG_CONFIG_HOME"] = sandbox.folder.appendingPathComponent("config").path
        environment.removeValue(forKey: "HANDOFF_NOW")
        for (key, value) in extra { environment[key] = value }
        let name = "watch-\(UUID().uuidString.prefix(8))"
        return try #require(Spawned.start(Binary.path, ["watch"] + arguments + ["--db", db], environment: environment,
                                          folder: sandbox.folder, name: name))
    }

    /// A shell pipeline, `handoff watch ARGUMENTS | CONSUMER`, run with bash; its result.
    func pipeline(_ arguments: [String], into consumer: String) throws -> Spawned {
        var environment = ProcessInfo.processInfo.environment
        environment["HANDOFF_USER"] = "lee"
        for (key, value) in extra { environment[key] = value }
        let quoted = (["watch"] + arguments + ["--db", db]).map { "'" + $0 + "'" }.joined(separator: " ")
        let script = "\"$0\" \(quoted) | \(consumer); echo \"watch-status=${PIPESTATUS[0]}\" >&2"
        return try #require(Spawned.start("/bin/bash", ["-c", script, Binary.path], environment: environment,
                                          folder: sandbox.folder, name: "pipe-\(UUID().uuidString.prefix(8))"))
    }

    /// The complete lines a watcher has printed so far.
    static func lines(_ watcher: Spawned) -> [String] {
        let text = watcher.stdout
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines.removeLast() // after the last newline: empty, or a line being written
        return lines
    }

    /// Waits until `watcher` has printed `count` lines (or `seconds` pass); its lines.
    static func waitForLines(_ watcher: Spawned, count: Int, seconds: Double = 20) -> [String] {
        let deadline = Date().addingTimeInterval(seconds)
        var lines = Self.lines(watcher)
        while lines.count < count, Date() < deadline, !watcher.poll() {
            Thread.sleep(forTimeInterval: 0.02)
            lines = Self.lines(watcher)
        }
        return Self.lines(watcher)
    }

    /// The `seq` of a jsonl line.
    static func seq(_ line: String) -> Int64? {
        (object(line)?["seq"] as? NSNumber)?.int64Value
    }

    static func object(_ line: String) -> [String: Any]? {
        (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any]
    }

    /// Sends `signal` and waits for the exit; the status (nil: still running after 10 s).
    static func stop(_ watcher: Spawned, with signal: Int32) -> Int32? {
        _ = kill(watcher.pid, signal)
        guard watcher.wait(until: .now + .seconds(10)) else {
            watcher.kill()
            return nil
        }
        return watcher.status
    }
}
