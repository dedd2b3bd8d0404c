import Foundation
import Synchronization

public struct BenchError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// A pseudo-terminal of a given size: the board writes to its replica side as it would to
/// a user's terminal, and a reader thread counts every byte that arrives on the primary
/// side, as a terminal emulator would receive them.
///
/// Frames are delimited exactly: whoever presents a frame writes `PseudoTerminal.mark`
/// to the replica right after it, and the reader closes the frame's byte count there.
public final class PseudoTerminal: Sendable {
    /// Written after each frame; curses never sends unit separators.
    public static let mark: [UInt8] = [0x1F, 0x1F, 0x1E, 0x1F]

    public let primary: Int32
    public let replicaPath: String
    public let width: Int
    public let height: Int

    private struct Tally {
        var total = 0
        /// Bytes of each finished frame, in order.
        var frames: [Int] = []
        var sinceMark = 0
        var matched = 0
        var lastByteAt: UInt64 = 0
        var closed = false
        /// The newest bytes (for `contains`), bounded.
        var recent: [UInt8] = []
    }

    private let tally = Mutex(Tally())

    public init(width: Int, height: Int) throws {
        // posix_openpt and friends are not visible from Swift's Glibc module; these are
        // what they do on Linux.
        let primary = open("/dev/ptmx", O_RDWR | O_NOCTTY)
        var unlock: Int32 = 0
        var number: UInt32 = 0
        guard primary >= 0, ioctl(primary, 0x4004_5431 /* TIOCSPTLCK */, &unlock) == 0, ioctl(primary, 0x8004_5430 /* TIOCGPTN */, &number) == 0 else {
            throw BenchError("cannot open a pseudo-terminal: \(String(cString: strerror(errno)))")
        }
        self.primary = primary
        replicaPath = "/dev/pts/\(number)"
        self.width = width
        self.height = height
        var size = winsize(ws_row: UInt16(height), ws_col: UInt16(width), ws_xpixel: 0, ws_ypixel: 0)
        guard ioctl(primary, UInt(TIOCSWINSZ), &size) == 0 else {
            throw BenchError("cannot size the pseudo-terminal: \(String(cString: strerror(errno)))")
        }
        let thread = Thread { [self] in readLoop() }
        thread.stackSize = 1 << 20
        thread.start()
    }

    /// Opens the replica side (the terminal the board draws on).
    public func openReplica() throws -> Int32 {
        let descriptor = open(replicaPath, O_RDWR | O_NOCTTY)
        guard descriptor >= 0 else { throw BenchError("cannot open \(replicaPath): \(String(cString: strerror(errno)))") }
        return descriptor
    }

    private func readLoop() {
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(primary, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else {
                tally.withLock { $0.closed = true }
                return
            }
            let now = monotonicNanoseconds()
            tally.withLock { tally in
                tally.lastByteAt = now
                for byte in buffer[0..<count] {
                    tally.total += 1
                    tally.sinceMark += 1
                    tally.recent.append(byte)
                    if byte == Self.mark[tally.matched] {
                        tally.matched += 1
                        if tally.matched == Self.mark.count {
                            tally.frames.append(tally.sinceMark - Self.mark.count)
                            tally.total -= Self.mark.count
                            tally.sinceMark = 0
                            tally.matched = 0
                        }
                    } else {
                        tally.matched = byte == Self.mark[0] ? 1 : 0
                    }
                }
                if tally.recent.count > 262_144 { tally.recent.removeFirst(tally.recent.count - 131_072) }
            }
        }
    }

    /// Sends keys to the program, as typed.
    public func type(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { _ = write(primary, $0.baseAddress, $0.count) }
    }

    /// Bytes received so far, marks excluded.
    public var total: Int { tally.withLock { $0.total } }

    /// How many frames have been closed by a mark.
    public var frameCount: Int { tally.withLock { $0.frames.count } }

    /// The bytes of frames `range` (by index), once they have all arrived.
    public func bytes(ofFrames range: Range<Int>, timeout: TimeInterval = 10) throws -> Int {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let sum = tally.withLock({ tally -> Int? in
                guard tally.frames.count >= range.upperBound else { return nil }
                return tally.frames[range].reduce(0, +)
            }) { return sum }
            usleep(100)
        }
        throw BenchError("frames \(range) never arrived on the terminal")
    }

    /// Waits until nothing has arrived for `quiet` seconds (after at least one byte), and
    /// returns when the last byte arrived (monotonic ns) and how many there were.
    public func waitForQuiet(_ quiet: TimeInterval, timeout: TimeInterval) throws -> (lastByteAt: UInt64, total: Int) {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            let (last, total) = tally.withLock { ($0.lastByteAt, $0.total) }
            if total > 0, Double(monotonicNanoseconds() &- last) / 1e9 >= quiet { return (last, total) }
            usleep(1_000)
        }
        throw BenchError("the program never went quiet within \(timeout) s")
    }

    /// Whether the received bytes contain `text` (recent output only).
    public func contains(_ text: String) -> Bool {
        let needle = Array(text.utf8)
        return tally.withLock { tally in
            guard needle.count <= tally.recent.count else { return false }
            guard let first = needle.first else { return true }
            var index = tally.recent.startIndex
            while let start = tally.recent[index...].firstIndex(of: first) {
                if tally.recent[start...].starts(with: needle) { return true }
                index = start + 1
            }
            return false
        }
    }

    public func forgetRecent() {
        tally.withLock { $0.recent.removeAll(keepingCapacity: true) }
    }
}
