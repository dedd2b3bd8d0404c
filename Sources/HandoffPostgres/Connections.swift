import Foundation
import HandoffStore
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import PostgresNIO
import Synchronization

/// The store's connections to one database: connected on demand, kept while they are
/// healthy, one caller at a time each. The store's API is synchronous, so every call waits
/// for its future on the caller's thread; the event loops are NIO's own threads, never the
/// caller's, so a waiting caller cannot starve them.
final class Connections: Sendable {
    let url: PostgresURL
    let configuration: PostgresConnection.Configuration
    let logger: Logger
    /// Startup parameters besides application_name.
    private let parameters: [(String, String)]
    private let group: any EventLoopGroup
    private let idle = Mutex<[PostgresConnection]>([])
    private let nextID = Atomic<Int>(1)
    let security: ConnectionSecurity
    /// The most connections lent at once for reads and writes: the URL's `connections`
    /// less the one the live feed holds. A caller beyond it waits for one to come back.
    let lendable: Int
    private let slots: DispatchSemaphore
    /// The threads holding a lent connection: a nested call on the same thread does not
    /// wait for a slot (it would wait for itself).
    private let holders = Mutex<[ObjectIdentifier: Int]>([:])
    private let busyTimeout: TimeInterval

    init(url: PostgresURL, busyTimeout: TimeInterval) throws {
        self.url = url
        group = MultiThreadedEventLoopGroup.singleton
        logger = Logger(label: "handoff.postgres", factory: { _ in SwiftLogNoOpLogHandler() })
        security = try ConnectionSecurity(url: url)
        var configuration = PostgresConnection.Configuration(host: url.host, port: url.port, username: url.user,
                                                             password: url.password, database: url.database, tls: security.tls)
        configuration.options.connectTimeout = .seconds(5)
        // A writer waits this long for another's write lock (the advisory lock every write
        // takes) before the store says it is busy.
        let milliseconds = Int((max(0, busyTimeout) * 1000).rounded())
        parameters = [("lock_timeout", String(max(1, milliseconds)))]
        self.configuration = configuration
        self.busyTimeout = busyTimeout
        lendable = max(1, (url.connections ?? PostgresURL.defaultConnections) - 1)
        slots = DispatchSemaphore(value: lendable)
    }

    /// A new connection, not shared with anyone; `name` is its application_name on the
    /// server (`pg_stat_activity`): `handoff`, or `handoff-listen` for the live feed.
    func open(name: String = "handoff") throws -> PostgresConnection {
        let id = nextID.wrappingAdd(1, ordering: .relaxed).oldValue
        var configuration = self.configuration
        configuration.options.additionalStartupParameters = [("application_name", name)] + parameters
        return try PostgresConnection.connect(on: group.next(), configuration: configuration, id: id, logger: logger).wait()
    }

    /// Runs `body` on a healthy connection of its own; a connection that broke under it is
    /// dropped, not reused.
    func with<T>(_ body: (Session) throws -> T) throws -> T {
        let thread = ObjectIdentifier(Thread.current)
        let nested = holders.withLock { $0[thread, default: 0] > 0 }
        if !nested {
            // Another thread of this process holds every connection it may: wait for one,
            // as long as a writer waits for the write lock.
            guard slots.wait(timeout: .now() + max(0.001, busyTimeout)) == .success else {
                throw StoreError.busy("all \(lendable) of this process's connections to \(url.redacted) stayed in use for \(Int(busyTimeout.rounded())) s; try again (the URL's connections=N allows more)")
            }
        }
        holders.withLock { $0[thread, default: 0] += 1 }
        defer {
            holders.withLock { holders in
                holders[thread, default: 1] -= 1
                if holders[thread] == 0 { holders[thread] = nil }
            }
            if !nested { slots.signal() }
        }
        let connection = try idle.withLock { $0.popLast() }.flatMap { $0.isClosed ? nil : $0 } ?? open()
        let session = Session(connection: connection, logger: logger)
        do {
            let result = try body(session)
            giveBack(connection)
            return result
        } catch {
            if session.broken || connection.isClosed {
                shut(connection)
            } else {
                giveBack(connection)
            }
            throw error
        }
    }

    private func giveBack(_ connection: PostgresConnection) {
        let surplus = idle.withLock { idle -> PostgresConnection? in
            guard !connection.isClosed else { return nil }
            if idle.count < lendable {
                idle.append(connection)
                return nil
            }
            return connection
        }
        shut(surplus)
    }

    func closeAll() {
        let all = idle.withLock { idle in
            defer { idle.removeAll() }
            return idle
        }
        for connection in all { shut(connection) }
    }
}

/// One connection lent to one caller: synchronous queries.
final class Session {
    let connection: PostgresConnection
    let logger: Logger
    /// Set when a query failed in a way that leaves the connection unusable.
    private(set) var broken = false
    /// A write transaction's appends, not yet sent (`PostgresStore.write`).
    var pending: PendingWrites?

    init(connection: PostgresConnection, logger: Logger) {
        self.connection = connection
        self.logger = logger
    }

    @discardableResult
    func query(_ query: PostgresQuery) throws -> [PostgresRow] {
        do {
            return try settled(connection.query(query, logger: logger)).rows
        } catch {
            if connection.isClosed || PostgresFailure.isConnectionLoss(error) { broken = true }
            throw error
        }
    }

    /// Sends `queries` one after the other without waiting in between (postgres-nio queues
    /// them on the connection), then waits for all: one thread hop instead of one each.
    /// Returns the last query's rows.
    @discardableResult
    func pipeline(_ queries: [PostgresQuery]) throws -> [PostgresRow] {
        var last: [PostgresRow] = []
        try stream(queries) { last = $0 }
        return last
    }

    /// Sends `queries` one after the other without waiting in between, then hands each
    /// one's rows to `body` as they come, in order: `body` works on one result while the
    /// server answers the next. A failed query, or a `body` that throws, still waits for
    /// the rest (the connection is then free for the caller's ROLLBACK); the first error
    /// is thrown.
    func stream(_ queries: [PostgresQuery], _ body: ([PostgresRow]) throws -> Void) throws {
        let futures = queries.map { connection.query($0, logger: logger) }
        var failure: (any Error)?
        for future in futures {
            do {
                let rows = try settled(future).rows
                if failure == nil { try body(rows) }
            } catch {
                if failure == nil { failure = error }
            }
        }
        if let failure {
            if connection.isClosed || PostgresFailure.isConnectionLoss(failure) { broken = true }
            throw failure
        }
    }

    /// The future's value. A query sent as the connection closes under it may never have its
    /// future completed by postgres-nio (its task goes to a channel already gone): a bare
    /// `wait()` then waits forever, as the ROLLBACK after a COPY whose connection the server
    /// killed did. So the wait looks at the connection every half second, and a closed one
    /// ends it, after a last second for a failure already on its way.
    func settled<T: Sendable>(_ future: EventLoopFuture<T>) throws -> T {
        let outcome = Settled<T>()
        let done = DispatchSemaphore(value: 0)
        future.whenComplete { result in
            outcome.result.withLock { $0 = result }
            done.signal()
        }
        while done.wait(timeout: .now() + 0.5) == .timedOut {
            if connection.isClosed, done.wait(timeout: .now() + 1) == .timedOut {
                broken = true
                throw PostgresConnectionLost()
            }
        }
        guard let result = outcome.result.withLock({ $0 }) else { throw PostgresConnectionLost() }
        return try result.get()
    }

    func execute(_ sql: String) throws {
        try query(PostgresQuery(unsafeSQL: sql))
    }

    /// The first column of the first row, or nil.
    func scalar<T: PostgresDecodable>(_ query: PostgresQuery, as type: T.Type) throws -> T? {
        guard let row = try self.query(query).first else { return nil }
        let cell = row.makeRandomAccess()[0]
        guard cell.bytes != nil else { return nil }
        return try cell.decode(T.self)
    }
}

/// A query's result, set on an event loop, read by the waiting caller.
private final class Settled<T: Sendable>: Sendable {
    let result = Mutex<Result<T, any Error>?>(nil)
}

/// The connection closed while a query on it waited for its answer.
struct PostgresConnectionLost: Error, CustomStringConvertible {
    var description: String { "the connection to the server was lost" }
}

/// Closes a connection without waiting (the future-returning `close`, not the async one).
func shut(_ connection: PostgresConnection?) {
    guard let connection else { return }
    let closing: EventLoopFuture<Void> = connection.close()
    // Held until the channel is closed: a connection must not go before it is closed.
    closing.whenComplete { _ in withExtendedLifetime(connection) {} }
}
