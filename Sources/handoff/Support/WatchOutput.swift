import Foundation
import Synchronization

/// Standard output for `handoff watch`: each line goes out in its own write(2) as soon as
/// it is made (no stdio buffer holding lines back from a pipe), and the ways a feed ends
/// from outside end it quietly:
///
/// - the reader went away (`handoff watch | head -1`): SIGPIPE is ignored, the write fails
///   with EPIPE, and the watch exits 0 without a word;
/// - SIGINT or SIGTERM: exit 0 at once, or just after the line being written, so a consumer
///   never gets half a line because the watch was asked to stop between two.
enum WatchOutput {
    /// Set while a line is being written: a signal then only asks for the stop.
    private static let writing = Atomic<Bool>(false)
    private static let stopRequested = Atomic<Bool>(false)

    /// Installs the signal handling. Call once, before anything is read.
    static func prepare() {
        // The handler must not be the first to touch these (lazy initialisation is not
        // async-signal-safe).
        writing.store(false, ordering: .sequentiallyConsistent)
        stopRequested.store(false, ordering: .sequentiallyConsistent)
        signal(SIGPIPE, SIG_IGN)
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in
            // Only async-signal-safe calls here: atomics and _exit.
            if !WatchOutput.writing.load(ordering: .sequentiallyConsistent) { _exit(0) }
            WatchOutput.stopRequested.store(true, ordering: .sequentiallyConsistent)
        }
        sigemptyset(&action.sa_mask)
        // No SA_RESTART: a write blocked on a full pipe returns EINTR, and the stop is taken.
        action.sa_flags = 0
        sigaction(SIGINT, &action, nil)
        sigaction(SIGTERM, &action, nil)
    }

    /// Whether a signal asked the watch to stop.
    static var stopping: Bool { stopRequested.load(ordering: .sequentiallyConsistent) }

    /// Ends the process as a signal asks, or when the reader of a pipe went away while
    /// the watch waits for the next commit (as `tail -f` does): status 0, nothing said.
    static func stopIfAsked() {
        if stopping { _exit(0) }
        var output = pollfd(fd: STDOUT_FILENO, events: 0, revents: 0)
        if poll(&output, 1, 0) == 1, output.revents & Int16(POLLERR | POLLHUP) != 0 { _exit(0) }
    }

    /// Writes `line` whole to standard output. A reader that went away ends the watch with
    /// status 0; any other failure is thrown with its reason.
    static func write(_ line: [UInt8]) throws {
        writing.store(true, ordering: .sequentiallyConsistent)
        defer {
            writing.store(false, ordering: .sequentiallyConsistent)
            stopIfAsked()
        }
        var offset = 0
        while offset < line.count {
            let written = line.withUnsafeBytes { bytes in
                Foundation.write(STDOUT_FILENO, bytes.baseAddress.map { $0 + offset }, line.count - offset)
            }
            if written > 0 {
                offset += written
                continue
            }
            let failure = errno
            if failure == EINTR {
                if stopping { _exit(0) }
                continue
            }
            if failure == EPIPE { _exit(0) }
            if failure == EAGAIN {
                var ready = pollfd(fd: STDOUT_FILENO, events: Int16(POLLOUT), revents: 0)
                _ = poll(&ready, 1, 100)
                continue
            }
            throw CLIFailure(code: 1, message: "could not write to standard output: \(String(cString: strerror(failure)))")
        }
    }
}
