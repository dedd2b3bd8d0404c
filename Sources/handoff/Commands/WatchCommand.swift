import ArgumentParser
import Foundation
import HandoffCore
import HandoffPostgres
import HandoffStore

struct WatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Print every new event of the log as it is committed, one line each: a live feed for scripts.",
        discussion: """
            Follows the log like `tail -f`, on a SQLite file (its change counter, polled \
            every 50 ms) and on PostgreSQL (LISTEN). Each event is one line: in jsonl (the \
            default) a JSON object exactly as `export --format json` writes it in its events \
            array (seq, at, actor, lead, type, from, to, payload); in text, the seq, time, actor, \
            lead and what happened, with escape sequences and line breaks from lead data taken out.

            Without --after, only events committed from now on are printed. `--after N` starts \
            after event N (0: the whole log): a consumer that keeps the seq of the last line it \
            handled and passes it when it starts again misses nothing and gets nothing twice. \
            Events come in sequence order, each once.

            Filters (all that are given must hold): --type (event types, comma-separated), \
            --lead (lead ids), --person NAME: events NAME made, and events on leads NAME owns \
            as SDR or holds as AE as those leads stand when the event is read (and team \
            events about NAME, bookings with NAME as AE).

            Each line is written as soon as it is read, so a pipe sees it at once. The watch \
            ends with status 0 on Ctrl-C, SIGTERM, or when its reader goes away \
            (`handoff watch | head -1`). On PostgreSQL a lost connection is retried, with a \
            note on standard error, and the feed resumes after the last event printed; a \
            SQLite file removed or replaced while watched ends it with status 1. Anyone who \
            may read the store may watch it (following a SQLite file needs write access to its \
            folder, for the WAL's shared memory; --once does not).

            Examples:
              handoff watch
              handoff watch --after 0 --once --format text
              handoff watch --type booked,returned --person alex
              handoff watch --after "$(cat last-seq)" | while read -r line; do …; done
            """
    )

    @OptionGroup var options: StoreOptions

    @Option(help: ArgumentHelp("jsonl (one JSON object a line) or text.", valueName: "FORMAT"))
    var format: String = "jsonl"

    @Option(help: ArgumentHelp("Start after this event number (0: the whole log). Default: only events from now on.", valueName: "SEQ"))
    var after: Int64?

    @Option(help: ArgumentHelp("Only these event types, comma-separated (booked,returned…).", valueName: "TYPES"))
    var type: String?

    @Option(help: ArgumentHelp("Only events on these leads, comma-separated (L-7,L-9).", valueName: "IDS"))
    var lead: String?

    @Option(help: ArgumentHelp("Only events this member made, or on leads they own as SDR or hold as AE.", valueName: "NAME"))
    var person: String?

    @Flag(help: "Print the events there are now and exit, instead of following the log.")
    var once = false

    func run() throws {
        WatchOutput.prepare()
        guard let lineFormat = WatchLine.Format(rawValue: format) else {
            let names = WatchLine.Format.allCases.map(\.rawValue)
            throw CLIFailure(code: 2, message: "--format: '\(safe(format))' is not a format (\(names.joined(separator: " or ")))")
        }
        if let after, after < 0 { throw CLIFailure(code: 2, message: "--after: an event number is 0 or more, not \(after)") }
        var filter = WatchFilter()
        if let type { filter.types = try WatchFilter.types(type) }
        let store = try options.open()
        let file = options.isPostgres ? nil : StoreFileIdentity(path: store.location)
        if let lead { filter.leads = try WatchFilter.leads(lead, in: store) }
        if let person { filter.person = try WatchFilter.person(person, in: store.team()) }
        if !once { try listen(store) }
        let newest = try store.lastSequence()
        if let after, after > newest {
            throw CLIFailure(code: 2, message: "--after \(after): the log's newest event is #\(newest) (a sequence number from another store?)")
        }
        var follower = EventFollower(store: store, after: after ?? newest, follows: !once)
        var feed = WatchFeed(filter: filter, format: lineFormat, retries: options.isPostgres, location: store.location)
        try feed.follow(&follower, once: once) { last in
            WatchOutput.stopIfAsked()
            try file?.check(after: last)
        }
    }

    /// Starts the PostgreSQL store's LISTEN and waits (a few seconds at most) for it to be in
    /// effect, so that a commit right after the start is heard of.
    private func listen(_ store: any BoardStore) throws {
        do {
            _ = try store.changeCounter()
        } catch StoreError.readOnly(_) where !options.isPostgres {
            // SQLite's change counter needs the WAL's shared memory, which a reader who may
            // not write the store's folder cannot open.
            throw CLIFailure(code: 1, message: "cannot follow \(store.location): following a SQLite store needs write access to its folder (for the WAL's shared memory); `handoff watch --once` reads it without")
        }
        guard let server = store as? PostgresStore else { return }
        let deadline = Date().addingTimeInterval(5)
        while !server.isListening, Date() < deadline {
            WatchOutput.stopIfAsked()
            Thread.sleep(forTimeInterval: 0.01)
        }
    }
}

/// The loop of `handoff watch`: a page of events, its lines, then a wait for the next commit.
struct WatchFeed {
    var filter: WatchFilter
    var format: WatchLine.Format
    /// Whether a failed read is retried (PostgreSQL: the connection comes back) rather than
    /// ending the watch.
    var retries: Bool
    var location: String
    private var outage: String?

    init(filter: WatchFilter, format: WatchLine.Format, retries: Bool, location: String) {
        self.filter = filter
        self.format = format
        self.retries = retries
        self.location = location
    }

    mutating func follow(_ follower: inout EventFollower, once: Bool, tick: (_ last: Int64) throws -> Void) throws {
        var delay: TimeInterval = 0.25
        while true {
            do {
                let page = try follower.nextPage()
                recovered(after: follower.last)
                let cards = filter.needsCards ? try self.cards(of: page, in: follower.store) : [:]
                for event in page {
                    if filter.admits(event, cards: cards) { try WatchOutput.write(try WatchLine.bytes(event, format: format)) }
                    follower.advance(to: event.seq)
                }
                delay = 0.25
                if page.count == follower.pageSize { continue }
                if once { return }
                let last = follower.last
                _ = try follower.waitForChange(poll: retries ? 0.01 : 0.05) {
                    try tick(last)
                    return true
                }
                recovered(after: follower.last)
            } catch let failure as CLIFailure {
                throw failure
            } catch {
                guard retries, !once else { throw error }
                if outage == nil {
                    // A read changes nothing: the store's "nothing was changed, try again" is not news here.
                    let why = ((error as? StoreError)?.description ?? String(describing: error))
                        .replacingOccurrences(of: "; nothing was changed, try again", with: "")
                    outage = why
                    warn("handoff: watch: \(why); retrying, then resuming after #\(follower.last)")
                }
                follower.reset()
                let until = Date().addingTimeInterval(delay)
                while Date() < until {
                    try tick(follower.last)
                    Thread.sleep(forTimeInterval: 0.05)
                }
                delay = min(delay * 2, 5)
            }
        }
    }

    private mutating func recovered(after seq: Int64) {
        guard outage != nil else { return }
        outage = nil
        warn("handoff: watch: reconnected to \(location); resuming after #\(seq)")
    }

    /// The leads of `page` as they stand now, for `--person`.
    private func cards(of page: [Event], in store: any BoardStore) throws -> [LeadID: Card] {
        let ids = Array(Set(page.compactMap(\.lead)))
        guard !ids.isEmpty else { return [:] }
        return Dictionary(try store.cards(ids: ids).map { ($0.id, $0) }, uniquingKeysWith: { $1 })
    }
}

/// The SQLite file being watched: removed or replaced (a restore moved another file into
/// its place), it is no longer the log this watch follows.
struct StoreFileIdentity {
    let path: String
    let device: UInt64
    let inode: UInt64
    private let checked = Checked()

    private final class Checked {
        var at = Date()
    }

    init?(path: String) {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        self.path = path
        device = UInt64(status.st_dev)
        inode = UInt64(status.st_ino)
    }

    /// Looks again, at most once a second.
    func check(after seq: Int64) throws {
        guard Date().timeIntervalSince(checked.at) >= 1 else { return }
        checked.at = Date()
        var status = stat()
        if stat(path, &status) != 0 || UInt64(status.st_dev) != device || UInt64(status.st_ino) != inode {
            throw CLIFailure(code: 1, message: "watch: the store \(path) was removed or replaced; stopped after #\(seq)")
        }
    }
}
