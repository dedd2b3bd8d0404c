import BenchSupport
import Foundation
import HandoffCore
import HandoffStore
import HandoffTUI
import Synchronization

/// The real curses terminal, on a pseudo-terminal, with a probe: after each frame it
/// notes the time and writes the frame mark, so the bytes of every frame are counted
/// exactly on the other side, and the driver knows when the frame it waits for is done.
final class ProbeTerminal: Terminal {
    let inner: CursesTerminal
    let replica: Int32
    struct Presented {
        var at: UInt64
        var matched: Bool
    }
    let presented = Mutex<[Presented]>([])
    /// What the frame the driver waits for shows (its text); nil: any frame.
    let expectation = Mutex<(@Sendable (String) -> Bool)?>(nil)
    /// The newest frame's text, kept while the driver waits for a particular frame.
    let lastText = Mutex("")

    init(inner: CursesTerminal, replica: Int32) {
        self.inner = inner
        self.replica = replica
    }

    var size: (width: Int, height: Int) { inner.size }

    func present(_ canvas: Canvas) {
        inner.present(canvas)
        let at = monotonicNanoseconds()
        PseudoTerminal.mark.withUnsafeBytes { _ = write(replica, $0.baseAddress, $0.count) }
        let check = expectation.withLock { $0 }
        var matched = true
        if let check {
            let text = canvas.text
            matched = check(text)
            lastText.withLock { $0 = text }
        }
        presented.withLock { $0.append(Presented(at: at, matched: matched)) }
    }

    func nextEvent(timeoutMilliseconds: Int) -> InputEvent? { inner.nextEvent(timeoutMilliseconds: timeoutMilliseconds) }

    func shutdown() { inner.shutdown() }

    var count: Int { presented.withLock { $0.count } }
}

/// Keys as an xterm sends them with the keypad in application mode (curses asks for it).
enum Keys {
    static let up: [UInt8] = [0x1B, 0x4F, 0x41]
    static let down: [UInt8] = [0x1B, 0x4F, 0x42]
    static let right: [UInt8] = [0x1B, 0x4F, 0x43]
    static let left: [UInt8] = [0x1B, 0x4F, 0x44]
    static let enter: [UInt8] = [0x0D]
    static let escape: [UInt8] = [0x1B]
    static let backspace: [UInt8] = [0x7F]
    static func text(_ text: String) -> [UInt8] { Array(text.utf8) }
}

/// A key's cost: from the key written to the terminal to its finished frame, and the
/// bytes of every frame it caused.
struct KeyCost {
    var latency = Sample()
    var bytes = Sample()
}

/// Drives the in-process board: the real `BoardApp` run loop, `CursesTerminal` and store,
/// with keys typed into the pseudo-terminal from another thread.
final class BoardDriver: Sendable {
    let pty: PseudoTerminal
    let probe: ProbeTerminalBox

    init(pty: PseudoTerminal, probe: ProbeTerminal) {
        self.pty = pty
        self.probe = ProbeTerminalBox(probe)
    }

    /// Types `keys` and waits for the frame whose text satisfies `until` (any frame when nil).
    func press(_ keys: [UInt8], until: (@Sendable (String) -> Bool)? = nil, timeout: TimeInterval = 20) throws -> (ms: Double, bytes: Int) {
        let probe = self.probe.terminal
        let first = probe.count
        probe.expectation.withLock { $0 = until }
        let start = monotonicNanoseconds()
        pty.type(keys)
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            let found = probe.presented.withLock { presented -> (Int, UInt64)? in
                guard presented.count > first else { return nil }
                for index in first..<presented.count where presented[index].matched {
                    return (index, presented[index].at)
                }
                return nil
            }
            if let (index, at) = found {
                probe.expectation.withLock { $0 = nil }
                let bytes = try pty.bytes(ofFrames: first..<(index + 1))
                return (Double(at &- start) / 1e6, bytes)
            }
            usleep(50)
        }
        throw BenchError("no frame answered the key \(keys) within \(timeout) s; the screen was:\n" + probe.lastText.withLock { $0 })
    }

    /// Presses `keys` alternately `count` times in all; the cost of each.
    func alternate(_ keys: [[UInt8]], count: Int, until: (@Sendable (String) -> Bool)? = nil) throws -> KeyCost {
        var cost = KeyCost()
        for index in 0..<count {
            let (ms, bytes) = try press(keys[index % keys.count], until: until)
            cost.latency.add(ms)
            cost.bytes.add(Double(bytes))
        }
        return cost
    }
}

/// The probe, handed to the driver thread. The driver only reads its thread-safe parts
/// (`presented`, `expectation`); curses itself is touched on the board's thread alone.
final class ProbeTerminalBox: @unchecked Sendable {
    let terminal: ProbeTerminal
    init(_ terminal: ProbeTerminal) { self.terminal = terminal }
}
