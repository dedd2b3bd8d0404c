import Foundation
import HandoffCore
import Synchronization

/// Runs the store's work off the UI thread, one job at a time, and hands the results back
/// as messages: typing never waits for a write, a reload, or a busy database.
final class StoreWorker: Sendable {
    private let queue = DispatchQueue(label: "handoff.store")
    private let inbox = Mutex<[Message]>([])
    private let pending = Mutex<(count: Int, since: Date?)>((0, nil))

    /// Queues `job`; its message arrives in `drain()`.
    func submit(_ job: @escaping @Sendable () -> Message?) {
        pending.withLock { state in
            if state.count == 0 { state.since = Date() }
            state.count += 1
        }
        queue.async { [self] in
            let message = job()
            inbox.withLock { if let message { $0.append(message) } }
            pending.withLock { state in
                state.count -= 1
                if state.count == 0 { state.since = nil }
            }
        }
    }

    /// The messages finished since the last call.
    func drain() -> [Message] {
        inbox.withLock { messages in
            defer { messages.removeAll() }
            return messages
        }
    }

    /// How long the oldest unfinished job has been waiting; nil when idle.
    var waitingSince: Date? { pending.withLock { $0.since } }

    var isBusy: Bool { pending.withLock { $0.count > 0 } }

    /// Whether finished jobs' messages are waiting for `drain()`.
    var hasResults: Bool { inbox.withLock { !$0.isEmpty } }

    /// Blocks until every queued job has finished (tests, and before quitting).
    func settle() {
        queue.sync {}
    }
}
