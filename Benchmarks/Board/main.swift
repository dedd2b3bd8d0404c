import BenchSupport
import Foundation
import HandoffCore
import HandoffStore

// The benchmark suite (issue #7): the board, the store and the command line at 1,000,
// 10,000 and 100,000 leads, each with about ten events a lead generated through the real
// rules. Run it with `Benchmarks/run` (a release build, then this tool).
//
//     handoff-bench [--sizes 1000,10000,100000] [--stores DIR] [--presses N] [--idle SECONDS]
//                   [--propagations N] [--commands N] [--runs N] [--markdown FILE] [--json FILE]
//
// Each size is measured in a child process of its own (`handoff-bench measure …`), so
// peak memory and caches do not leak from one size into the next.

struct Options {
    var sizes = [1_000, 10_000, 100_000]
    var stores = NSTemporaryDirectory() + "handoff-bench"
    var presses = 60
    var idle: TimeInterval = 60
    var propagations = 20
    var commands = 200
    var runs = 5
    var markdown: String?
    var json: String?
    var measureOne = false
    /// Leave out the two exports (minutes each at a million leads).
    var exports = true
    var leads = 0

    init(_ arguments: [String]) throws {
        var rest = arguments[...]
        if rest.first == "measure" {
            measureOne = true
            rest = rest.dropFirst()
        }
        func value(_ option: String) throws -> String {
            guard let value = rest.popFirst() else { throw BenchError("\(option) needs a value") }
            return value
        }
        func number(_ option: String) throws -> Int {
            guard let number = Int(try value(option)), number >= 0 else { throw BenchError("\(option) needs a whole number") }
            return number
        }
        while let argument = rest.popFirst() {
            switch argument {
            case "--sizes":
                sizes = try value(argument).split(separator: ",").map {
                    guard let size = Int($0), size > 0 else { throw BenchError("--sizes takes numbers like 1000,10000") }
                    return size
                }
            case "--stores": stores = try value(argument)
            case "--presses": presses = max(try number(argument), 2)
            case "--idle": idle = TimeInterval(try number(argument))
            case "--propagations": propagations = max(try number(argument), 1)
            case "--commands": commands = max(try number(argument), 1)
            case "--runs": runs = max(try number(argument), 1)
            case "--markdown": markdown = try value(argument)
            case "--json": json = try value(argument)
            case "--leads": leads = try number(argument)
            case "--no-exports": exports = false
            case "--help", "-h":
                print("""
                    usage: handoff-bench [--sizes 1000,10000,100000] [--stores DIR] [--presses N] [--idle SECONDS]
                                         [--propagations N] [--commands N] [--runs N] [--markdown FILE] [--json FILE]
                                         [--no-exports]
                           handoff-bench postgres --url postgres://… [--runs N] [--presses N] [--delay-ms 5] [--user NAME]
                           handoff-bench proxy --port P [--host H] [--delay-ms 5]
                           handoff-bench routing [--leads 100000] [--runs 50] [--stores DIR]
                           handoff-bench sla [--leads 100000] [--runs 9] [--stores DIR]
                           handoff-bench filter [--leads 100000] [--runs 41] [--stores DIR]
                           handoff-bench watch [--events N] [--url postgres://…] [--markdown FILE]
                    Generates (once) and measures stores of each size; prints a table. `postgres` measures the
                    board on a PostgreSQL store directly and through a proxy adding a delay each way, with the
                    first frame's round trips; `proxy` runs that proxy alone. See BENCHMARKS.md.
                    """)
                exit(0)
            default: throw BenchError("unknown argument \(argument); see --help")
            }
        }
    }
}

/// The `handoff` binary built beside this one.
func handoffBinary() throws -> String {
    let own = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
    let path = own.deletingLastPathComponent().appendingPathComponent("handoff").path
    guard FileManager.default.isExecutableFile(atPath: path) else {
        throw BenchError("no handoff binary at \(path): build it first (Benchmarks/run does)")
    }
    return path
}

func environment(_ store: BenchStore, extra: [String: String] = [:]) -> [String: String] {
    var environment = ProcessInfo.processInfo.environment
    environment["TERM"] = "xterm-256color"
    environment["HANDOFF_DB"] = store.path
    environment["HANDOFF_USER"] = "lena"
    environment["HANDOFF_NOW"] = benchNow
    environment["XDG_CONFIG_HOME"] = "/nonexistent"
    environment["TZ"] = "UTC"
    environment["NO_COLOR"] = nil
    return environment.merging(extra) { $1 }
}

/// The real binary's board in a pseudo-terminal: from the exec to the first frame's status
/// line (the last row curses draws), and the board's peak memory. Not to the last byte
/// before the board goes quiet: a big board reads its other cards behind the first frame
/// and may redraw once they are in.
func openBoard(_ store: BenchStore, binary: String, cold: Bool) throws -> (ms: Double, peakMB: Double) {
    if cold { for suffix in ["", "-wal", "-shm"] { evictFromPageCache(store.path + suffix) } }
    let pty = try PseudoTerminal(width: 120, height: 40)
    let child = try Child.start([binary, "board"], environment: environment(store), terminal: pty.replicaPath)
    // The status line is the last row curses draws: once it is out, the frame is whole.
    let deadline = Date().addingTimeInterval(60)
    while !pty.contains("lena · team lead"), Date() < deadline { usleep(200) }
    let shown = monotonicNanoseconds()
    _ = try pty.waitForQuiet(0.3, timeout: 60)
    pty.type(Array("q".utf8))
    let ending = child.wait()
    close(pty.primary)
    guard ending.status == 0 else { throw BenchError("the board exited with status \(ending.status)") }
    return (Double(shown &- child.startedAt) / 1e6, ending.peakMegabytes)
}

/// The command line, as a user runs it: start to exit, and peak memory.
func commandLine(_ store: BenchStore, binary: String, _ arguments: [String], runs: Int) throws -> (Sample, Double) {
    var sample = Sample()
    var peak = 0.0
    for _ in 0..<runs {
        let (ms, ending) = try Child.run([binary] + arguments, environment: environment(store))
        sample.add(ms)
        peak = max(peak, ending.peakMegabytes)
    }
    return (sample, peak)
}

/// `handoff-bench proxy --port P [--host H] [--delay-ms 5]`: a `DelayProxy` to the server
/// at H:P, for trying a client by hand; prints the port it listens on, then each
/// connection's round trips every second while they change. Runs until killed.
func runProxy(_ arguments: ArraySlice<String>) throws -> Never {
    let options = try BenchArguments(arguments, known: ["--host", "--port", "--delay-ms"],
                                     usage: "proxy takes --host, --port, --delay-ms")
    let host = options.string("--host", or: "127.0.0.1")
    let port = try options.int("--port", or: 5432)
    let delay = try options.double("--delay-ms", or: 5)
    let proxy = try DelayProxy(to: host, port: port, delay: delay / 1000)
    func say(_ line: String) { FileHandle.standardOutput.write(Data((line + "\n").utf8)) }
    say("listening on 127.0.0.1:\(proxy.port), forwarding to \(host):\(port) with \(delay) ms each way")
    var shown = DelayProxy.Counts(roundTrips: [])
    while true {
        sleep(1)
        let counts = proxy.counts
        if counts != shown {
            say("round trips per connection: \(counts.roundTrips)")
            shown = counts
        }
    }
}

/// One size, in this process.
func measure(_ options: Options) throws -> Results {
    let scratch = (options.stores as NSString).appendingPathComponent("run-\(getpid())")
    let store = try BenchStore.prepare(leads: options.leads, in: options.stores).copy(to: scratch)
    defer { try? FileManager.default.removeItem(atPath: scratch) }
    let binary = try handoffBinary()
    var results = try measureInProcess(MeasureOptions(store: store, presses: options.presses, idle: options.idle,
                                                      propagations: options.propagations, commands: options.commands,
                                                      binary: binary))
    log("\(options.leads): in-process done; the real binary next")
    for _ in 0..<3 { results.coldOpen.add(try openBoard(store, binary: binary, cold: true).ms) }
    for _ in 0..<options.runs {
        let (ms, peak) = try openBoard(store, binary: binary, cold: false)
        results.warmOpen.add(ms)
        results.boardPeakMB = max(results.boardPeakMB, peak)
    }
    (results.report, results.reportPeakMB) = try commandLine(store, binary: binary, ["report"], runs: options.runs)
    if options.exports {
        (results.exportJSON, results.exportJSONPeakMB) = try commandLine(store, binary: binary, ["export", "--format", "json"], runs: max(options.runs / 2, 1))
        (results.exportCSV, results.exportCSVPeakMB) = try commandLine(store, binary: binary, ["export", "--format", "csv"], runs: max(options.runs / 2, 1))
    }
    return results
}

/// Every size, each in a child process; the table at the end.
func measureAll(_ options: Options) throws {
    var all: [Results] = []
    for size in options.sizes {
        // Generate here first, so that generating is never part of a measurement.
        _ = try BenchStore.prepare(leads: size, in: options.stores)
        let output = NSTemporaryDirectory() + "handoff-bench-\(size)-\(getpid()).json"
        var arguments = [CommandLine.arguments[0], "measure", "--leads", "\(size)", "--stores", options.stores,
                         "--presses", "\(options.presses)", "--idle", "\(Int(options.idle))",
                         "--propagations", "\(options.propagations)", "--commands", "\(options.commands)", "--runs", "\(options.runs)"]
            + (options.exports ? [] : ["--no-exports"])
        arguments[0] = URL(fileURLWithPath: arguments[0]).resolvingSymlinksInPath().path
        log("measuring \(size) leads…")
        var environment = ProcessInfo.processInfo.environment
        environment["HANDOFF_BENCH_OUTPUT"] = output
        let child = try Child.start(arguments, environment: environment, output: "/dev/null", keepErrors: true)
        let ending = child.wait()
        guard ending.status == 0, let data = FileManager.default.contents(atPath: output) else {
            throw BenchError("measuring \(size) leads failed (status \(ending.status)); run `handoff-bench measure --leads \(size)` to see why")
        }
        try? FileManager.default.removeItem(atPath: output)
        all.append(try JSONDecoder().decode(Results.self, from: data))
    }
    let table = Table.markdown(all, options: options)
    print(table)
    if let path = options.markdown { try table.write(toFile: path, atomically: true, encoding: .utf8) }
    if let path = options.json {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(all).write(to: URL(fileURLWithPath: path))
    }
}

do {
    let arguments = CommandLine.arguments.dropFirst()
    if arguments.first == "postgres" {
        try measurePostgres(PostgresBoardOptions(arguments.dropFirst()))
        exit(0)
    }
    if arguments.first == "proxy" {
        try runProxy(arguments.dropFirst())
    }
    if arguments.first == "routing" {
        try measureRouting(arguments.dropFirst())
        exit(0)
    }
    if arguments.first == "sla" {
        try measureSLA(arguments.dropFirst())
        exit(0)
    }
    if arguments.first == "filter" {
        try measureFilterKeys(arguments.dropFirst())
        exit(0)
    }
    if arguments.first == "watch" {
        try measureWatch(WatchBenchOptions(arguments.dropFirst()))
        exit(0)
    }
    let options = try Options(Array(arguments))
    if options.measureOne {
        guard options.leads > 0 else { throw BenchError("measure needs --leads N") }
        let results = try measure(options)
        let data = try JSONEncoder().encode(results)
        if let path = ProcessInfo.processInfo.environment["HANDOFF_BENCH_OUTPUT"] {
            try data.write(to: URL(fileURLWithPath: path))
        } else {
            FileHandle.standardOutput.write(data)
        }
    } else {
        try measureAll(options)
    }
} catch {
    log("\(error)")
    exit(1)
}
