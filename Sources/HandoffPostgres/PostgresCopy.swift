// `COPY … FROM STDIN` on a session: one at a time (`copy`), or started on a task of its own
// (`startCopy`) and chained (`CopyPipeline`), as the bulk imports send their rows.
import Foundation
import PostgresNIO

extension Session {
    /// `COPY table (columns) FROM STDIN` with `parts` as its data, in order; waits for it.
    func copy(table: String, columns: [String], _ parts: [[UInt8]]) throws {
        try startCopy(table: table, columns: columns, parts).wait()
    }

    /// Starts `COPY table (columns) FROM STDIN` with `parts` as its data, in order; the
    /// caller waits for it (`PendingCopy.wait`) before its next statement. After `previous`:
    /// sent once that one has ended, and not at all if it failed or the connection has
    /// closed. (postgres-nio never ends a `COPY` handed to a closed connection: its task
    /// hangs, and the runtime reports a leaked continuation on stderr. A `COPY` queued in
    /// postgres-nio behind a running one did that when the server restarted mid-import.)
    func startCopy(table: String, columns: [String], _ parts: [[UInt8]], after previous: PendingCopy? = nil) -> PendingCopy {
        let connection = self.connection
        let logger = self.logger
        let pending = PendingCopy()
        // On a thread of its own, not Swift's shared pool: the caller waits here, and may
        // itself be one of the pool's few threads.
        Task(executorPreference: CopyExecutor.shared) {
            if let previous {
                await previous.outcome.ended()
                if let error = previous.outcome.error {
                    pending.outcome.end(error)
                    pending.done.signal()
                    return
                }
            }
            // Nor on a connection already closed: postgres-nio would drop it unanswered.
            guard !connection.isClosed else {
                pending.outcome.end(PostgresCopyLost())
                pending.done.signal()
                return
            }
            do {
                try await connection.copyFrom(table: table, columns: columns, logger: logger) { writer in
                    for part in parts where !part.isEmpty {
                        try await writer.write(ByteBuffer(bytes: part))
                    }
                }
                pending.outcome.end(nil)
            } catch {
                pending.outcome.end(error)
            }
            pending.done.signal()
        }
        // postgres-nio does not always end a COPY whose connection closes under it: the
        // closed connection ends the wait (the transaction is gone with it).
        connection.closeFuture.whenComplete { _ in
            pending.outcome.end(PostgresCopyLost(), unlessEnded: true)
            pending.done.signal()
        }
        return pending
    }
}

/// The `COPY`s of one import, in order on one connection, up to `depth` under way: each
/// starts the moment the one before it ends, so the server is not left waiting for the
/// caller to come back from its next window, and the caller does not wait for the server
/// before it starts on that window. The first failure is the one reported; what was
/// waiting behind it is never sent.
struct CopyPipeline {
    /// Two: one on the server and one waiting behind it. Against one at a time, a 100,000-row
    /// CSV import took about 0.3 s less at the median, alternated (BENCHMARKS.md, session
    /// 31); each window more under way holds its text in memory a little longer.
    static let depth = 2

    private let session: Session
    private let depth: Int
    private var underWay: [PendingCopy] = []

    init(_ session: Session, depth: Int = Self.depth) {
        self.session = session
        self.depth = max(1, depth)
    }

    /// Starts a `COPY` once fewer than `depth` are under way; throws what an earlier one came to.
    mutating func send(table: String, columns: [String], _ parts: [[UInt8]]) throws {
        while underWay.count >= depth { try underWay.removeFirst().wait() }
        underWay.append(session.startCopy(table: table, columns: columns, parts, after: underWay.last))
    }

    /// Waits for every `COPY` under way, in order; throws the first failure.
    mutating func finish() throws {
        while !underWay.isEmpty { try underWay.removeFirst().wait() }
    }

    /// Lets every `COPY` under way end, whatever it came to (before a rollback).
    mutating func drain() {
        for copy in underWay { _ = try? copy.wait() }
        underWay = []
    }
}

/// A `COPY` under way on its own task.
final class PendingCopy: @unchecked Sendable {
    fileprivate let outcome = CopyOutcome()
    fileprivate let done = DispatchSemaphore(value: 0)
    private var waited = false

    /// Waits for the `COPY` to end (once); throws what it came to. A connection lost under
    /// it is closed, and `Connections` drops a closed one.
    func wait() throws {
        if !waited {
            done.wait()
            waited = true
        }
        if let error = outcome.error { throw error }
    }
}

/// The connection closed in the middle of a `COPY`.
struct PostgresCopyLost: Error, CustomStringConvertible {
    var description: String { "the connection to the server was lost during the import; nothing was imported" }
}

/// Runs a `COPY`'s task on one dedicated queue.
private final class CopyExecutor: TaskExecutor {
    static let shared = CopyExecutor()
    private let queue = DispatchQueue(label: "handoff.postgres.copy")

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        queue.async { job.runSynchronously(on: executor) }
    }
}

/// What a `COPY` on another task came to, and who waits for it to end.
fileprivate final class CopyOutcome: @unchecked Sendable {
    private let lock = NSLock()
    private var failure: (any Error)?
    private var isEnded = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    /// Ends it with `error` (nil: it succeeded); `unlessEnded`: only if nothing ended it
    /// yet (a closed connection after the `COPY` had finished is no failure of it). The
    /// first failure stays.
    func end(_ error: (any Error)?, unlessEnded: Bool = false) {
        lock.lock()
        if unlessEnded, isEnded {
            lock.unlock()
            return
        }
        if failure == nil { failure = error }
        isEnded = true
        let resumed = waiters
        waiters = []
        lock.unlock()
        for waiter in resumed { waiter.resume() }
    }

    /// Returns once it has ended, however.
    func ended() async {
        await withCheckedContinuation { (waiter: CheckedContinuation<Void, Never>) in
            lock.lock()
            if isEnded {
                lock.unlock()
                waiter.resume()
            } else {
                waiters.append(waiter)
                lock.unlock()
            }
        }
    }

    var error: (any Error)? {
        lock.lock()
        defer { lock.unlock() }
        return failure
    }
}
