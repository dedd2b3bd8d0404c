import Dispatch

/// Work started on another thread now, for the one thread that started it to collect
/// later (`wait`): the next batch of a file read while this one is checked, a chunk's JSON
/// encoded while the chunk before it is written, a `COPY`'s text made while its batch is
/// checked.
package final class Ahead<Value: Sendable>: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    // Written once, before `done` is signalled; read only after waiting on it, by the one
    // thread that waits.
    private var result: Result<Value, any Error>?
    private var waited = false

    package init(_ work: @escaping @Sendable () throws -> Value) {
        DispatchQueue.global(qos: .userInitiated).async {
            self.result = Result { try work() }
            self.done.signal()
        }
    }

    /// The work's value or error, once it has ended (waits once; later calls return at once).
    package func wait() throws -> Value {
        if !waited {
            done.wait()
            waited = true
        }
        guard let result else { throw StoreError.damaged("work on another thread ended without a result") }
        return try result.get()
    }
}
