import Foundation
import HandoffCore
import HandoffStore
import PostgresNIO
import Synchronization

/// The store for teams on several machines: one PostgreSQL database per team, the same
/// event log and projection as the SQLite store, decided by the same rules.
///
/// Writes are serialised by a transaction-scoped advisory lock, as SQLite's IMMEDIATE
/// transactions serialise them: the next lead id and event number are read under it, a
/// command is decided against the lead as it stands, and events commit in `seq` order, so
/// a board that has seen event N has seen every event before N.
public final class PostgresStore: BoardStore {
    public let policySetting = PolicySetting()
    public let location: String
    public let url: PostgresURL
    let connections: Connections
    let now: Now
    let calendar: Calendar
    public let busyTimeout: TimeInterval
    let feedBox = Mutex<ChangeFeed?>(nil)

    /// The LISTEN/NOTIFY channel: each commit sends its newest event number.
    static let channel = "handoff_events"

    /// Connects to the database `url` names and migrates it. With `create` false, a
    /// database that holds no store yet is refused instead of set up.
    public init(url: PostgresURL, now: Now = .system, calendar: Calendar = .current, create: Bool = true,
                busyTimeout: TimeInterval = BusyTimeout.standard) throws {
        self.url = url
        self.location = url.redacted
        self.now = now
        self.calendar = calendar
        self.busyTimeout = busyTimeout
        let connections = try Connections(url: url, busyTimeout: busyTimeout)
        self.connections = connections
        do {
            try connections.with { session in
                let exists = try PostgresSchema.exists(session)
                if !exists {
                    // Another program's database stays as it is: no table is added beside its own.
                    let others = try PostgresSchema.foreignTables(session)
                    if !others.isEmpty {
                        throw StoreError.notAStore("the database \(url.redacted) is not a Handoff store: it holds tables of its own (\(others.joined(separator: ", "))); nothing was changed (give --db an empty database, or a Handoff one)")
                    }
                    if !create {
                        throw StoreError.unavailable("no store in \(url.redacted): run `handoff init --lead NAME --db \(url.redacted)`")
                    }
                }
                if try !exists || !PostgresSchema.isCurrent(session, exists: true) { try PostgresSchema.migrate(session) }
            }
        } catch {
            connections.closeAll()
            throw PostgresFailure.translate(error, url: url)
        }
    }

    /// Parses `text` as a URL (password from it, `$PGPASSWORD` or `~/.pgpass`) and opens it.
    public convenience init(_ text: String, environment: [String: String] = ProcessInfo.processInfo.environment,
                            now: Now = .system, calendar: Calendar = .current, create: Bool = true,
                            busyTimeout: TimeInterval = BusyTimeout.standard) throws {
        try self.init(url: PostgresURL(text, environment: environment), now: now, calendar: calendar, create: create,
                      busyTimeout: busyTimeout)
    }

    deinit {
        feedBox.withLock { $0?.stop() }
        connections.closeAll()
    }

    /// One write transaction under the write lock. A connection lost before COMMIT was sent
    /// changed nothing, so the transaction is tried once more on a new connection.
    func write<T>(_ body: (Session) throws -> T) throws -> T {
        var attempt = 0
        while true {
            attempt += 1
            var committing = false
            do {
                return try connections.with { session in
                    do {
                        // The lock, then the newest event and lead under it: what this
                        // transaction numbers its events from. One round trip.
                        let rows = try session.pipeline([
                            "BEGIN", "SELECT pg_advisory_xact_lock(\(PostgresSchema.lockClass), \(PostgresSchema.writeLock))",
                            "SELECT (SELECT COALESCE(MAX(seq), 0) FROM event), (SELECT COALESCE(MAX(id), 0) FROM lead)",
                        ])
                        guard let newest = try rows.first?.decode((Int64, Int).self) else {
                            throw StoreError.damaged("the store did not say how far its log goes")
                        }
                        session.pending = PendingWrites(newestSeq: newest.0, maxLeadID: newest.1)
                        defer { session.pending = nil }
                        let result = try body(session)
                        committing = true
                        if let append = session.pending?.take() {
                            // The server's function checks, appends, projects and sends the
                            // wake-up (delivered on commit); COMMIT follows without waiting.
                            try session.pipeline([append, "COMMIT"])
                        } else {
                            try session.execute("COMMIT")
                        }
                        return result
                    } catch {
                        if !committing { _ = try? session.execute("ROLLBACK") }
                        throw error
                    }
                }
            } catch {
                if attempt == 1, !committing, PostgresFailure.isConnectionLoss(error) { continue }
                throw PostgresFailure.translate(error, url: url)
            }
        }
    }

    /// A read from one snapshot; retried once on a new connection if the connection was lost.
    func read<T>(_ body: (Session) throws -> T) throws -> T {
        var attempt = 0
        while true {
            attempt += 1
            do {
                return try connections.with { session in
                    try session.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
                    do {
                        let result = try body(session)
                        try session.execute("COMMIT")
                        return result
                    } catch {
                        _ = try? session.execute("ROLLBACK")
                        throw error
                    }
                }
            } catch {
                if attempt == 1, PostgresFailure.isConnectionLoss(error) { continue }
                throw PostgresFailure.translate(error, url: url)
            }
        }
    }

    /// Shown by the board's status line while the live connection is down.
    public var connectionProblem: String? {
        feedBox.withLock { $0?.problem }
    }

    /// Bumped by every NOTIFY (anyone's commit) and by every reconnection, after which the
    /// board reloads everything after the newest event it has seen.
    public func changeCounter() throws -> Int {
        let feed = feedBox.withLock { box in
            if let box { return box }
            let started = ChangeFeed(connections: connections, channel: Self.channel)
            box = started
            return started
        }
        return feed.counter
    }

    /// Drops this store's idle connections (tests use it to simulate a lost server).
    public func closeIdleConnections() {
        connections.closeAll()
    }
}
