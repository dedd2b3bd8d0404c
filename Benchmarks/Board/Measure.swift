import BenchSupport
import Foundation
import HandoffCore
import HandoffSQLite
import HandoffStore
import HandoffTUI

/// Everything measured on one store.
struct Results: Codable {
    var leads = 0
    var events = 0
    var columns: [String: Int] = [:]
    var largestColumn = ""
    var width = 0
    var height = 0
    // In-process: the real run loop, curses and store on a pseudo-terminal.
    var openInProcess = 0.0
    /// Until the frame that shows every card read (behind the first frame), in-process.
    var everyCardRead = 0.0
    /// Of the open: reading every card from the store, and indexing them (again, apart).
    var readCards = 0.0
    var indexCards = 0.0
    var firstFrameBytes = 0
    var move = KeyFigures()
    var switchColumn = KeyFigures()
    var filterType = KeyFigures()
    var filterErase = KeyFigures()
    /// A field query typed after `/`: `age:>1` ↔ `age:>10`, a test of every card each key.
    var fieldQuery = KeyFigures()
    /// `t` on the largest column: board order → age → SLA left → meeting → company → board.
    var sortChange = KeyFigures()
    /// `:` opening the command palette (Esc closes it between presses, not measured).
    var openPalette = KeyFigures()
    /// Space on the selected card of the largest column: marked, then unmarked.
    var markCard = KeyFigures()
    var openCard = KeyFigures()
    /// ↓ ↑ End Home in the detail of a lead with 10,000 events (issue 13).
    var scrollLongTimeline = KeyFigures()
    var idleSeconds = 0.0
    var idleBytes = 0
    var idleCPUSeconds = 0.0
    var propagation = Sample()
    /// The `handoff lead edit` behind each change, start to exit.
    var commandLine = Sample()
    var apply = Sample()
    var inProcessPeakMB = 0.0
    // The real binary, as a user starts it.
    var coldOpen = Sample()
    var warmOpen = Sample()
    var boardPeakMB = 0.0
    var report = Sample()
    var reportPeakMB = 0.0
    var exportJSON = Sample()
    var exportJSONPeakMB = 0.0
    var exportCSV = Sample()
    var exportCSVPeakMB = 0.0
}

struct KeyFigures: Codable {
    var latency = Sample()
    var bytes = Sample()

    init() {}
    init(_ cost: KeyCost) {
        latency = cost.latency
        bytes = cost.bytes
    }
}

struct MeasureOptions {
    var store: BenchStore
    var presses: Int
    var idle: TimeInterval
    var propagations: Int
    var commands: Int
    var binary: String
    var width = 120
    var height = 40
}

/// The in-process part: opens the board on a pseudo-terminal and drives it with keys while
/// the run loop runs on this (the main) thread, as it does in `handoff`.
func measureInProcess(_ options: MeasureOptions) throws -> Results {
    var results = Results()
    results.leads = options.store.leads
    results.width = options.width
    results.height = options.height
    setenv("TERM", "xterm-256color", 1)
    unsetenv("NO_COLOR")
    let pty = try PseudoTerminal(width: options.width, height: options.height)
    let replica = try pty.openReplica()

    // What the board holds, to choose the keys' targets; and, apart from the board's own
    // timing, what reading and indexing every card costs.
    let reader = try SQLiteStore(path: options.store.path, now: .fixed(benchEnd), create: false)
    let (cards, readMS) = try timed { try reader.cards(LeadQuery()) }
    let (model, indexMS) = timed { BoardModel(cards: cards, now: benchEnd) }
    results.readCards = readMS
    results.indexCards = indexMS
    results.events = Int(try reader.lastSequence())

    // A lead with a 10,000-event timeline, on the scratch copy: a queue lead edited 9,999
    // times in one batch through the real rules, under a company the filter finds.
    try addLongTimeline(options.store)

    let start = monotonicNanoseconds()
    let store = try SQLiteStore(path: options.store.path, now: .fixed(benchEnd), create: false)
    let curses = try CursesTerminal(theme: Theme.builtinDefault, terminal: replica)
    let probe = ProbeTerminal(inner: curses, replica: replica)
    let app = try BoardApp(store: store, terminal: probe, me: "lena", clock: .fixed(benchEnd)) { store, now, thresholds in
        try store.standup(period: .lastDays(7, endingAt: now), settings: thresholds, grouping: .sdr, now: now)
    }

    let board: [Column] = [.queue, .handedOff, .sao, .nurture, .returned]
    for column in board { results.columns[column.rawValue] = model.count(in: column) }
    let largest = board.max { model.count(in: $0) < model.count(in: $1) } ?? .queue
    results.largestColumn = largest.rawValue
    // The card left selected (and so on screen) after the keys: the timeline lead.
    guard let target = cards.first(where: { $0.id == options.store.timelineLead }) else {
        throw BenchError("the store has no \(options.store.timelineLead)")
    }

    let driver = BoardDriver(pty: pty, probe: probe)
    let failure = FailureBox()
    let measured = ResultsBox(results)
    let thread = Thread {
        do {
            try drive(driver, options: options, start: start, largest: largest, board: board, target: target, into: measured)
        } catch {
            failure.error = error
        }
        pty.type(Keys.text("q"))
    }
    thread.start()
    app.run()
    curses.shutdown()
    while !thread.isFinished { usleep(1_000) }
    if let error = failure.error { throw error }
    results = measured.results

    // Applying a command end to end, on its own connection (as the command line does).
    let writer = try SQLiteStore(path: options.store.path, now: .fixed(benchEnd), create: false)
    let queue = try writer.cards(LeadQuery(columns: [.queue]))
    guard !queue.isEmpty else { throw BenchError("no queue cards to edit") }
    for index in 0..<options.commands {
        let card = queue[index % queue.count]
        let command = Command.edit(LeadFields(company: card.company, contact: card.contact, title: "Bench \(index)"), owner: nil)
        let (_, ms) = try timed { try writer.execute(command, on: card.id, as: card.owner) }
        results.apply.add(ms)
    }
    results.inProcessPeakMB = peakMegabytesOfSelf()
    return results
}

final class FailureBox: @unchecked Sendable { var error: (any Error)? }
final class ResultsBox: @unchecked Sendable {
    var results: Results
    init(_ results: Results) { self.results = results }
}

/// The keys, on the driver thread.
private func drive(_ driver: BoardDriver, options: MeasureOptions, start: UInt64, largest: Column, board: [Column],
                   target: Card, into box: ResultsBox) throws {
    var results = box.results
    let pty = driver.pty
    let probe = driver.probe.terminal
    // The first frame: from opening the store to the frame being written.
    let deadline = Date().addingTimeInterval(60)
    while probe.count == 0, Date() < deadline { usleep(100) }
    guard let first = probe.presented.withLock({ $0.first }) else { throw BenchError("the board never drew its first frame") }
    results.openInProcess = Double(first.at &- start) / 1e6
    results.firstFrameBytes = try pty.bytes(ofFrames: 0..<1)
    try waitForEveryCard(probe, start: start, into: &results)

    // Into the largest column.
    let steps = board.firstIndex(of: largest) ?? 0
    for _ in 0..<steps { _ = try driver.press(Keys.right) }
    let presses = options.presses
    results.move = KeyFigures(try driver.alternate([Keys.down, Keys.up], count: presses))
    let back = steps == board.count - 1 ? Keys.left : Keys.right
    let forth = steps == board.count - 1 ? Keys.right : Keys.left
    results.switchColumn = KeyFigures(try driver.alternate([back, forth], count: presses))

    // Sorting the largest column: every sort in turn, ending in board order again.
    results.sortChange = KeyFigures(try driver.alternate([Keys.text("t")], count: (presses / 5 + 1) * 5))
    // The palette: each `:` opens it on the selected card (its entries asked of the rules).
    var palette = KeyCost()
    for _ in 0..<presses / 2 {
        let (ms, bytes) = try driver.press(Keys.text(":")) { $0.contains("Palette") }
        palette.latency.add(ms)
        palette.bytes.add(Double(bytes))
        _ = try driver.press(Keys.escape)
    }
    results.openPalette = KeyFigures(palette)
    // Marking: Space marks the selected card and unmarks it again (an even count).
    results.markCard = KeyFigures(try driver.alternate([Keys.text(" ")], count: (presses / 2) * 2))

    // Filtering: one character typed, then erased.
    _ = try driver.press(Keys.text("/"))
    var typed = KeyCost(), erased = KeyCost()
    for _ in 0..<presses / 2 {
        let (typeMS, typeBytes) = try driver.press(Keys.text("7"))
        typed.latency.add(typeMS)
        typed.bytes.add(Double(typeBytes))
        let (eraseMS, eraseBytes) = try driver.press(Keys.backspace)
        erased.latency.add(eraseMS)
        erased.bytes.add(Double(eraseBytes))
    }
    results.filterType = KeyFigures(typed)
    results.filterErase = KeyFigures(erased)

    // A field query: `age:>1` typed, then a digit typed and erased (`age:>10` ↔ `age:>1`),
    // each a parse and a test of every card's age (typing narrows, erasing is a full pass;
    // `owner:sdr`, the query used before, matched no card and was answered from the index);
    // Ctrl-U clears it.
    for character in "age:>1" { _ = try driver.press(Keys.text(String(character))) }
    results.fieldQuery = KeyFigures(try driver.alternate([Keys.text("0"), Keys.backspace], count: presses))
    _ = try driver.press([0x15])

    // Opening the card with a 50-event timeline (found by the filter), then closing it.
    for character in BenchStore.timelineCompany { _ = try driver.press(Keys.text(String(character))) }
    _ = try driver.press(Keys.enter)
    // Back to the queue, where the lead is.
    for _ in 0..<steps { _ = try driver.press(Keys.left) }
    var opened = KeyCost()
    for _ in 0..<max(presses / 4, 5) {
        let (ms, bytes) = try driver.press(Keys.enter) { $0.contains("Timeline") && $0.contains("Step 48") && !$0.contains("loading…") }
        opened.latency.add(ms)
        opened.bytes.add(Double(bytes))
        _ = try driver.press(Keys.escape)
    }
    results.openCard = KeyFigures(opened)
    _ = try driver.press(Keys.text("/"))
    _ = try driver.press(Keys.escape)

    // The 10,000-event timeline: open it (the filter moves the focus to its column), wait
    // for it to load, then ↓ ↑ End Home, each a frame.
    _ = try driver.press(Keys.text("/"))
    for character in longTimelineCompany { _ = try driver.press(Keys.text(String(character))) }
    _ = try driver.press(Keys.enter)
    _ = try driver.press(Keys.enter) { $0.contains("Timeline") && $0.contains(longTimelineCompany) && !$0.contains("loading…") }
    let scrolled = try driver.alternate([Keys.down, Keys.up, Keys.text("G"), Keys.text("g")], count: presses)
    results.scrollLongTimeline = KeyFigures(scrolled)
    _ = try driver.press(Keys.escape)
    // The selection back on the 50-event lead, which the next part changes and watches.
    _ = try driver.press(Keys.text("/"))
    _ = try driver.press(Keys.escape)
    _ = try driver.press(Keys.text("/"))
    for character in BenchStore.timelineCompany { _ = try driver.press(Keys.text(String(character))) }
    _ = try driver.press(Keys.enter)
    _ = try driver.press(Keys.text("/"))
    _ = try driver.press(Keys.escape)

    // A change made on the command line (`handoff lead edit`, another process), from
    // the command's start until the change is on this board's screen.
    for round in 1...options.propagations {
        let company = "Lv\(round)x"
        probe.expectation.withLock { $0 = { $0.contains(company) } }
        let before = probe.count
        let started = monotonicNanoseconds()
        let (commandMS, _) = try Child.run([options.binary, "lead", "edit", target.id.description, "--company", company],
                                           environment: environment(options.store, extra: ["HANDOFF_USER": target.owner]))
        results.commandLine.add(commandMS)
        let limit = Date().addingTimeInterval(5)
        var seen: UInt64?
        while seen == nil, Date() < limit {
            seen = probe.presented.withLock { presented in
                presented.dropFirst(before).first(where: \.matched)?.at
            }
            if seen == nil { usleep(200) }
        }
        guard let seen else {
            throw BenchError("the change to \(target.id) never reached the screen:\n" + probe.lastText.withLock { $0 })
        }
        results.propagation.add(Double(seen &- started) / 1e6)
        // Let the poll settle before the next change, as changes come one at a time.
        usleep(UInt32.random(in: 50_000...250_000))
    }
    probe.expectation.withLock { $0 = nil }

    // Idle: nothing typed, nothing changed.
    if options.idle > 0 {
        usleep(500_000)
        let bytes = pty.total
        let cpu = cpuSecondsOfSelf()
        Thread.sleep(forTimeInterval: options.idle)
        results.idleBytes = pty.total - bytes
        results.idleCPUSeconds = cpuSecondsOfSelf() - cpu
        results.idleSeconds = options.idle
    }
    box.results = results
}

/// A big board draws the top of each column first and reads every other card behind it;
/// keys that need the store (Enter, the filter's) wait for that read. The keys are measured
/// on the whole board: once the read is in. It is in when the board presents a frame after
/// the one that says it is waiting for the store (the first present after it: nothing else
/// changes the screen; the clock is fixed). A board that reads them in under the
/// patience of 0.4 s never says it waits.
private func waitForEveryCard(_ probe: ProbeTerminal, start: UInt64, into results: inout Results) throws {
    probe.expectation.withLock { $0 = { $0.contains("waiting for the store") } }
    defer { probe.expectation.withLock { $0 = nil } }
    usleep(1_500_000)
    // The first frame, presented before the expectation was set, counts as matched: skipped.
    let frames = probe.presented.withLock { $0 }
    if let waiting = frames.indices.dropFirst().first(where: { frames[$0].matched }) {
        let deadline = Date().addingTimeInterval(900)
        while probe.count <= waiting + 1, Date() < deadline { usleep(1_000) }
        guard probe.count > waiting + 1 else { throw BenchError("the board did not read every card within 900 s") }
    }
    let last = probe.presented.withLock { $0.last?.at } ?? start
    results.everyCardRead = Double(last &- start) / 1e6
}

/// The company of the lead with 10,000 events.
let longTimelineCompany = "Zq10k Timeline"

/// Gives a queue lead (not the 50-event one) a 10,000-event timeline (9,999 edits, one batch).
func addLongTimeline(_ bench: BenchStore) throws {
    let writer = try SQLiteStore(path: bench.path, now: .fixed(benchEnd), create: false)
    let queue = try writer.cards(LeadQuery(columns: [.queue]))
    guard let card = queue.last(where: { $0.id != bench.timelineLead }) else {
        throw BenchError("no queue lead for the long timeline")
    }
    let items = (1..<10_000).map { index in
        BatchItem(.edit(LeadFields(company: longTimelineCompany, contact: card.contact, title: "Edit \(index)"), owner: nil), on: card.id)
    }
    let result = try writer.execute(batch: items, as: card.owner, options: BatchOptions(mode: .allOrNothing), progress: nil)
    guard result.committed else { throw BenchError("the long timeline was not written") }
}
