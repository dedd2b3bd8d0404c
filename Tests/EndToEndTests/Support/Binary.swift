import Foundation

/// The built `handoff` executable: `$HANDOFF_BIN`, else beside the test bundle (SwiftPM
/// builds every product before it runs tests), else `.build/debug/handoff`.
enum Binary {
    static let path: String = {
        let environment = ProcessInfo.processInfo.environment
        if let explicit = environment["HANDOFF_BIN"], !explicit.isEmpty { return explicit }
        let fileManager = FileManager.default
        var candidates: [String] = []
        if let executable = Bundle.main.executablePath {
            candidates.append(URL(fileURLWithPath: executable).deletingLastPathComponent().appendingPathComponent("handoff").path)
        }
        for bundle in Bundle.allBundles {
            candidates.append(bundle.bundleURL.deletingLastPathComponent().appendingPathComponent("handoff").path)
        }
        candidates.append(URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("handoff").path)
        candidates.append(packageRoot.appendingPathComponent(".build/debug/handoff").path)
        return candidates.first { fileManager.isExecutableFile(atPath: $0) } ?? candidates.last ?? "handoff"
    }()

    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
}

/// One run of the binary.
struct RunResult: CustomStringConvertible {
    var status: Int32
    var stdout: String
    var stderr: String

    var description: String { "exit \(status)\nstdout: \(stdout)\nstderr: \(stderr)" }
}

/// A scratch folder with its own store; removed when the test is done with it.
/// Unchecked: `now` is set between runs, never while runs are in flight.
final class Sandbox: @unchecked Sendable {
    let folder: URL
    var store: String { folder.appendingPathComponent("board.sqlite").path }
    /// Pins the binary's clock (`$HANDOFF_NOW`) when set.
    var now: String?

    init() {
        folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("handoff-e2e-\(UUID().uuidString.prefix(8))")
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: folder)
    }

    /// Runs `handoff ARGS --db STORE` as `user`.
    @discardableResult
    func run(_ arguments: [String], as user: String? = nil, environment extra: [String: String] = [:]) -> RunResult {
        var environment = ProcessInfo.processInfo.environment
        environment["HANDOFF_DB"] = store
        environment["HANDOFF_USER"] = user ?? "nobody"
        environment.removeValue(forKey: "HANDOFF_NOW")
        if let now { environment["HANDOFF_NOW"] = now }
        environment["XDG_CONFIG_HOME"] = folder.appendingPathComponent("config").path
        for (key, value) in extra { environment[key] = value }
        return Self.execute(Binary.path, arguments, environment: environment)
    }

    /// Runs to the end through `Spawned` (posix_spawn and waitpid): Foundation's `Process`
    /// can miss the exit of a child that forks a daemon (tmux does), and then waits forever.
    static func execute(_ path: String, _ arguments: [String], environment: [String: String]) -> RunResult {
        let folder = FileManager.default.temporaryDirectory
        let name = "handoff-run-\(UUID().uuidString)"
        guard let child = Spawned.start(path, arguments, environment: environment, folder: folder, name: name) else {
            return RunResult(status: -1, stdout: "", stderr: "cannot run \(path)")
        }
        defer {
            try? FileManager.default.removeItem(atPath: child.stdoutPath)
            try? FileManager.default.removeItem(atPath: child.stderrPath)
        }
        child.waitToEnd()
        return RunResult(status: child.status ?? -1, stdout: child.stdout, stderr: child.stderr)
    }

    /// `lead show ID --format json`, decoded.
    func show(_ id: String) -> [String: Any]? {
        let result = run(["lead", "show", id, "--format", "json"])
        guard result.status == 0, let data = result.stdout.data(using: .utf8) else { return nil }
        return (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
    }

    /// A team: lead `lee`, SDRs `sam` and `sue`, AEs `alex` and `ava`, on a personal store:
    /// the tests play every member from the one account they run as.
    func seedTeam() {
        run(["init", "--lead", "lee", "--personal"])
        for (name, role) in [("sam", "sdr"), ("sue", "sdr"), ("alex", "ae"), ("ava", "ae")] {
            run(["team", "add", name, "--role", role], as: "lee")
        }
    }

    /// Adds a lead as `sam` and scores it qualified; returns its id.
    @discardableResult
    func qualifiedLead(_ company: String) -> String {
        let id = run(["lead", "add", "--company", company, "--contact", "Pat Doe"], as: "sam").stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)
        run(["score", id, "--met", "need=Pain in the prospect's words", "--met", "fit=ICP: 300 staff",
             "--met", "timeframe=Before the Q1 audit", "--met", "authority=Runs the team"], as: "sam")
        return id
    }
}
