import Foundation
import HandoffStore
import PostgresNIO
import Synchronization

/// The live board's wake-up: one connection LISTENing on the store's channel. Each NOTIFY
/// carries the newest event number of a commit and bumps `counter`; the board then reads
/// the events after the newest one it has seen, so a notification that is lost (the
/// connection dropped) costs nothing but a moment. A dropped connection is reported in
/// `problem` and reconnected; a reconnection bumps `counter`, so the board catches up.
final class ChangeFeed: Sendable {
    private struct State {
        var counter = 0
        var problem: String?
        var stopped = false
        var connection: PostgresConnection?
        /// LISTEN is in effect on `connection`.
        var listening = false
        /// The newest event number heard of.
        var newest: Int64 = 0
    }

    private let state = Mutex(State())
    private let connections: Connections
    private let channel: String

    init(connections: Connections, channel: String) {
        self.connections = connections
        self.channel = channel
        let thread = Thread { [self] in self.run() }
        thread.name = "handoff.listen"
        thread.start()
    }

    var counter: Int { state.withLock { $0.counter } }
    var problem: String? { state.withLock { $0.problem } }
    var newest: Int64 { state.withLock { $0.newest } }
    var isListening: Bool { state.withLock { $0.listening } }

    func stop() {
        let connection = state.withLock { state in
            state.stopped = true
            return state.connection
        }
        shut(connection)
    }

    private var stopped: Bool { state.withLock { $0.stopped } }

    /// Connects, listens until the connection drops, and starts again; on its own thread,
    /// since it blocks while it waits.
    private func run() {
        var delay: TimeInterval = 0.2
        var lostBefore = false
        while !stopped {
            do {
                let connection = try connections.open(name: "handoff-listen")
                state.withLock { $0.connection = connection }
                connection.addListener(channel: channel) { [self] _, notification in
                    let seq = Int64(notification.payload) ?? 0
                    state.withLock { state in
                        state.counter &+= 1
                        state.newest = max(state.newest, seq)
                    }
                }
                _ = try connection.query(PostgresQuery(unsafeSQL: "LISTEN \(channel)"), logger: connections.logger).wait()
                let newest = try connection.query("SELECT COALESCE(MAX(seq), 0) FROM event", logger: connections.logger)
                    .wait().rows.first.map { try $0.decode(Int64.self) } ?? 0
                state.withLock { state in
                    state.problem = nil
                    state.listening = true
                    state.newest = max(state.newest, newest)
                    // A wake-up: whatever was committed while we were away is read now.
                    if lostBefore { state.counter &+= 1 }
                }
                delay = 0.2
                if stopped {
                    shut(connection)
                    return
                }
                // Blocks until the connection drops (server restart, pg_terminate_backend…).
                try? connection.closeFuture.wait()
                if stopped { return }
                lostBefore = true
                state.withLock { state in
                    state.connection = nil
                    state.listening = false
                    state.problem = "lost the connection to \(connections.url.redacted); reconnecting…"
                }
            } catch {
                if stopped { return }
                let wasLost = lostBefore
                lostBefore = true
                let why = PostgresFailure.translate(error, url: connections.url)
                let half = state.withLock { state in
                    defer { state.connection = nil }
                    return state.connection
                }
                shut(half)
                state.withLock { state in
                    state.listening = false
                    state.problem = wasLost
                        ? "lost the connection to \(connections.url.redacted): \(why); retrying…"
                        : "cannot reach \(connections.url.redacted): \(why); retrying…"
                }
            }
            Thread.sleep(forTimeInterval: delay)
            delay = min(delay * 2, 2)
        }
    }
}

extension PostgresStore {
    /// Whether the live feed is LISTENing now (started by the first `changeCounter()`).
    public var isListening: Bool { feedBox.withLock { $0?.isListening ?? false } }
}
