import BenchSupport
import Foundation

// The board on a PostgreSQL store (issue 14): the real binary in a pseudo-terminal, on the
// server directly and through `DelayProxy` (5 ms each way), with the round trips the
// first frame took on each connection. The store must hold a team already (for example
// a generated log moved in with `handoff import --events`); nothing is written to it.
//
//     handoff-bench postgres --url postgres://… [--runs N] [--presses N] [--delay-ms 5] [--user lena]

struct PostgresBoardOptions {
    var url = ""
    var runs = 7
    var presses = 30
    var delayMS = 5.0
    var user = "lena"
    var markdown: String?

    init(_ arguments: ArraySlice<String>) throws {
        var rest = arguments
        func value(_ option: String) throws -> String {
            guard let value = rest.popFirst() else { throw BenchError("\(option) needs a value") }
            return value
        }
        while let argument = rest.popFirst() {
            switch argument {
            case "--url": url = try value(argument)
            case "--runs": runs = max(Int(try value(argument)) ?? 1, 1)
            case "--presses": presses = max(Int(try value(argument)) ?? 2, 2)
            case "--delay-ms": delayMS = max(Double(try value(argument)) ?? 5, 0)
            case "--user": user = try value(argument)
            case "--markdown": markdown = try value(argument)
            default: throw BenchError("unknown argument \(argument); see the comment at the top of PostgresBoard.swift")
            }
        }
        guard url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") else { throw BenchError("--url needs a postgres:// URL") }
    }
}

/// One way of reaching the server: its figures.
struct PostgresRoute {
    var name: String
    /// To the status line (the last row curses draws of the first frame).
    var open = Sample()
    /// Round trips of the board's first connection when the first frame was out.
    var roundTrips = Sample()
    /// Round trips of every connection by then (the live feed's runs beside it).
    var allRoundTrips = Sample()
    var connections = Sample()
    var move = Sample()
    var switchColumn = Sample()
    var openCard = Sample()
}

/// `url` with its host and port replaced (the proxy's).
func redirect(_ url: String, port: Int) throws -> String {
    guard var components = URLComponents(string: url) else { throw BenchError("cannot read the URL") }
    components.host = "127.0.0.1"
    components.port = port
    guard let text = components.string else { throw BenchError("cannot rewrite the URL") }
    return text
}

/// Opens the board on `url`, measures open → first frame and, on the last run, keys.
func measureRoute(_ name: String, url: String, proxy: DelayProxy?, options: PostgresBoardOptions, binary: String) throws -> PostgresRoute {
    var route = PostgresRoute(name: name)
    var environment = ProcessInfo.processInfo.environment
    environment["TERM"] = "xterm-256color"
    environment["HANDOFF_DB"] = url
    environment["HANDOFF_USER"] = options.user
    environment["HANDOFF_NOW"] = benchNow
    environment["XDG_CONFIG_HOME"] = "/nonexistent"
    environment["TZ"] = "UTC"
    environment["NO_COLOR"] = nil
    for run in 0...options.runs {
        proxy?.resetCounts()
        let before = proxy?.counts.connections ?? 0
        let pty = try PseudoTerminal(width: 120, height: 40)
        let child = try Child.start([binary, "board"], environment: environment, terminal: pty.replicaPath)
        let deadline = Date().addingTimeInterval(60)
        // The status line is the last row curses draws: once it is out, the frame is whole.
        while !pty.contains("\(options.user) · team lead"), Date() < deadline { usleep(200) }
        let shown = monotonicNanoseconds()
        let counts = proxy?.counts
        guard pty.contains("\(options.user) · team lead") else { throw BenchError("the board drew no status line within 60 s") }
        // The rest of the board is read behind the first frame, and may redraw it once in.
        _ = try pty.waitForQuiet(0.3, timeout: 60)
        // Run 0 warms the server's caches and is not counted.
        if run > 0 {
            route.open.add(Double(shown &- child.startedAt) / 1e6)
            if let counts {
                let mine = Array(counts.roundTrips.dropFirst(before))
                route.roundTrips.add(Double(mine.first ?? 0))
                route.allRoundTrips.add(Double(mine.reduce(0, +)))
                route.connections.add(Double(mine.count))
            }
        }
        if run == options.runs {
            // Every card is read behind the first frame; keys are measured once it is in.
            sleep(3)
            _ = try pty.waitForQuiet(0.5, timeout: 60)
            route.move = try presses(pty, [Keys.down, Keys.up], count: options.presses)
            route.switchColumn = try presses(pty, [Keys.right, Keys.left], count: options.presses)
            // Enter opens the card (measured: it reads the lead and its timeline), Enter closes it.
            route.openCard = try presses(pty, [Keys.enter, Keys.enter], count: max(options.presses / 3, 2) * 2) { $0 % 2 == 0 }
        }
        pty.type(Array("q".utf8))
        let ending = child.wait()
        close(pty.primary)
        guard ending.status == 0 else { throw BenchError("the board exited with status \(ending.status)") }
    }
    return route
}

/// Key → frame from outside: from the key's write to the last byte of the answer (the
/// board then stays quiet for 50 ms), alternating `keys`.
func presses(_ pty: PseudoTerminal, _ keys: [[UInt8]], count: Int, measured: (Int) -> Bool = { _ in true }) throws -> Sample {
    var sample = Sample()
    for index in 0..<count {
        let before = pty.total
        let sent = monotonicNanoseconds()
        pty.type(keys[index % keys.count])
        let deadline = Date().addingTimeInterval(10)
        while pty.total == before, Date() < deadline { usleep(100) }
        guard pty.total != before else { throw BenchError("key \(index) drew nothing within 10 s") }
        let (last, _) = try pty.waitForQuiet(0.05, timeout: 10)
        if measured(index) { sample.add(Double(last &- sent) / 1e6) }
    }
    return sample
}

func measurePostgres(_ options: PostgresBoardOptions) throws {
    let binary = try handoffBinary()
    guard let components = URLComponents(string: options.url), let host = components.host else {
        throw BenchError("cannot read the host of the URL")
    }
    let port = components.port ?? 5432
    log("the board on \(host):\(port), directly")
    let direct = try measureRoute("direct", url: options.url, proxy: nil, options: options, binary: binary)
    // The same route with nothing added, only to count the round trips.
    let counter = try DelayProxy(to: host, port: port, delay: 0)
    let counted = try measureRoute("counted", url: try redirect(options.url, port: counter.port), proxy: counter, options: options, binary: binary)
    counter.stop()
    let proxy = try DelayProxy(to: host, port: port, delay: options.delayMS / 1000)
    log("the board through a proxy adding \(options.delayMS) ms each way")
    let far = try measureRoute("proxied", url: try redirect(options.url, port: proxy.port), proxy: proxy, options: options, binary: binary)
    proxy.stop()

    func ms(_ sample: Sample) -> String { String(format: "%.1f ms (p95 %.1f)", sample.median, sample.p95) }
    func count(_ sample: Sample) -> String { String(format: "%.0f", sample.median) }
    let delay = String(format: "%g", options.delayMS)
    let table = """
        | measure (PostgreSQL) | direct | through \(delay) ms each way |
        |---|---:|---:|
        | open → first full frame, real binary (median of \(options.runs)) | \(ms(direct.open)) | \(ms(far.open)) |
        | round trips before the first frame: the board's connection | \(count(counted.roundTrips)) | \(count(far.roundTrips)) |
        | round trips by then, every connection (connections) | \(count(counted.allRoundTrips)) (\(count(counted.connections))) | \(count(far.allRoundTrips)) (\(count(far.connections))) |
        | key → frame: move selection (median, p95) | \(ms(direct.move)) | \(ms(far.move)) |
        | key → frame: switch column | \(ms(direct.switchColumn)) | \(ms(far.switchColumn)) |
        | key → frame: open a card (Enter; again closes it) | \(ms(direct.openCard)) | \(ms(far.openCard)) |

        Keys measured from outside: key written → last byte before 50 ms of quiet. Round trips counted by
        the proxy (the TCP handshake, which it makes take a round trip, counts as one).

        """
    print(table)
    if let path = options.markdown { try table.write(toFile: path, atomically: true, encoding: .utf8) }
}
