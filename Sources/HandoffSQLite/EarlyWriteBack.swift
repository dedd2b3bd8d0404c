import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Starts the kernel writing a large transaction's files to disk while the transaction is
/// still being made, as PostgreSQL's `*_flush_after` settings do: an import of 100,000
/// leads leaves 150 MB of write-ahead log and then 150 MB of database file dirty in the
/// page cache, and each `fdatasync` at its commit waited about 0.4 s for all of it at once.
/// Every `interval` a thread of its own asks Linux to begin writing back what is dirty in
/// each file (`sync_file_range(SYNC_FILE_RANGE_WRITE)`), which waits for nothing and makes
/// nothing durable: SQLite's own syncs at commit still do that, with less left to write.
/// It reads and writes no data and never touches the SQLite connection. Where the call does
/// not exist (not Linux), there is nothing to start.
final class EarlyWriteBack: @unchecked Sendable {
    private typealias SyncFileRange = @convention(c) (Int32, Int64, Int64, UInt32) -> Int32
    /// `SYNC_FILE_RANGE_WRITE`: start writeback of dirty pages, do not wait.
    private static let startWrite: UInt32 = 2

    /// glibc's `sync_file_range`, looked up by name: Swift's Glibc module leaves GNU
    /// extensions out.
    private static let syncFileRange: SyncFileRange? = {
        #if os(Linux)
        // A null handle is RTLD_DEFAULT: the symbol wherever the process has it.
        guard let symbol = dlsym(nil, "sync_file_range") else { return nil }
        return unsafeBitCast(symbol, to: SyncFileRange.self)
        #else
        return nil
        #endif
    }()

    private let descriptors: [Int32]
    private let stopped = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)
    private let ended = Mutex(false)

    /// Starts writeback of `paths` every `interval` until `stop`; nil when the call is
    /// missing or no file could be opened (the transaction then goes as it did before).
    init?(_ paths: [String], every interval: TimeInterval = 0.05) {
        guard let syncFileRange = Self.syncFileRange else { return nil }
        let descriptors = paths.map { open($0, O_RDONLY | O_CLOEXEC) }.filter { $0 >= 0 }
        guard !descriptors.isEmpty else { return nil }
        self.descriptors = descriptors
        let stopped = self.stopped, finished = self.finished
        let thread = Thread {
            while stopped.wait(timeout: .now() + interval) == .timedOut {
                for descriptor in descriptors { _ = syncFileRange(descriptor, 0, 0, Self.startWrite) }
            }
            finished.signal()
        }
        thread.name = "handoff-writeback"
        thread.start()
    }

    /// Ends the thread and closes the files (once); waits for the thread, so no call is
    /// left running on a closed descriptor.
    func stop() {
        guard ended.withLock({ ended in defer { ended = true }; return !ended }) else { return }
        stopped.signal()
        finished.wait()
        for descriptor in descriptors { close(descriptor) }
    }
}
