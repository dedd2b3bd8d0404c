import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The terminal of plain mode: no curses, no cursor movement. Keys are read from standard
/// input with echo and line editing off (as curses does), and the board is written as lines
/// of text (`PlainAnnouncer`). It works on `TERM=dumb`, over a serial line, or with a screen
/// reader that reads what is appended.
public final class PlainTerminal: Terminal {
    private let input: Int32
    private let output: Int32
    private var saved = termios()
    private var isActive = false
    private var announcer = PlainAnnouncer()
    /// Bytes read but not yet made into keys (an escape sequence split across reads).
    private var pending: [UInt8] = []
    /// Whether the last thing written left a line open (echoed typing).
    private var lineOpen = false
    private var clipboardRoute: Clipboard.Route?

    public init(input: Int32 = STDIN_FILENO, output: Int32 = STDOUT_FILENO) throws(TerminalError) {
        self.input = input
        self.output = output
        guard tcgetattr(input, &saved) == 0 else {
            throw TerminalError(message: "plain mode needs a terminal on standard input; use the handoff subcommands in scripts")
        }
        var raw = saved
        // Keys one at a time, unechoed; Ctrl-C and Ctrl-Z reach the keymap as in the board.
        // Output processing stays on, so a line ends with a carriage return too.
        raw.c_lflag &= ~tcflag_t(ICANON | ECHO | ISIG | IEXTEN)
        raw.c_iflag &= ~tcflag_t(IXON | ICRNL)
        guard tcsetattr(input, TCSAFLUSH, &raw) == 0 else {
            throw TerminalError(message: "plain mode could not set up the terminal")
        }
        isActive = true
    }

    deinit {
        shutdown()
    }

    /// Layout does not limit plain mode: at least the board's minimum, so it never says
    /// "too small".
    public var size: (width: Int, height: Int) {
        var window = winsize()
        let measured = ioctl(output, UInt(TIOCGWINSZ), &window) == 0 && window.ws_col > 0
        let width = measured ? Int(window.ws_col) : 80
        let height = measured ? Int(window.ws_row) : 24
        return (max(width, 80), max(height, 24))
    }

    public func present(_ canvas: Canvas) {}

    public func show(_ state: AppState) {
        for output in announcer.outputs(for: state) {
            switch output {
            case .line(let text):
                emit((lineOpen ? "\n" : "") + text + "\n")
                lineOpen = false
            case .echo(let text):
                emit(text)
                lineOpen = true
            }
        }
    }

    public func nextEvent(timeoutMilliseconds: Int) -> InputEvent? {
        guard isActive else { return nil }
        if pending.isEmpty {
            guard wait(timeoutMilliseconds), fill() else { return nil }
        }
        // An escape alone or the start of a sequence: give the rest a moment to arrive.
        if pending == [0x1B], wait(30) { _ = fill() }
        var decoded = PlainKeys.decode(pending)
        if decoded == nil, wait(30), fill() { decoded = PlainKeys.decode(pending) }
        guard let (key, used) = decoded else {
            // Never completed: an escape, and the rest read as typed.
            pending.removeFirst()
            return .key(.escape)
        }
        pending.removeFirst(used)
        return key.map(InputEvent.key)
    }

    public func copyToClipboard(_ text: String) -> Clipboard.Route {
        let environment = ProcessInfo.processInfo.environment
        let route = clipboardRoute ?? Clipboard.route(environment: environment, terminfoHasMs: false,
                                                      tmuxOption: { Clipboard.askTmux($0, environment: environment) })
        clipboardRoute = route
        guard let bytes = Clipboard.sequence(for: text, route: route) else {
            if case .notSent = route { return route }
            return .notSent("the brief is over the \(Clipboard.maximumPayload / 1000) KB a terminal takes in one copy")
        }
        emit(bytes)
        return route
    }

    public func shutdown() {
        guard isActive else { return }
        isActive = false
        if lineOpen { emit("\n") }
        tcsetattr(input, TCSAFLUSH, &saved)
    }

    private func wait(_ milliseconds: Int) -> Bool {
        var descriptor = pollfd(fd: input, events: Int16(POLLIN), revents: 0)
        return poll(&descriptor, 1, Int32(clamping: milliseconds)) > 0
    }

    /// Reads what is there; false at the end of input.
    private func fill() -> Bool {
        var buffer = [UInt8](repeating: 0, count: 256)
        let count = buffer.withUnsafeMutableBytes { read(input, $0.baseAddress, $0.count) }
        guard count > 0 else { return false }
        pending += buffer[0..<count]
        return true
    }

    private func emit(_ text: String) {
        emit(Array(text.utf8))
    }

    private func emit(_ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { write(output, $0.baseAddress, $0.count) }
            if written <= 0 {
                if errno == EINTR { continue }
                return
            }
            offset += written
        }
    }
}

/// Keys from the bytes a terminal sends: UTF-8 characters, control chords, and the usual
/// escape sequences (VT100 and xterm spellings) for arrows, Home, End, pages and Shift-Tab.
enum PlainKeys {
    /// The first key in `bytes` and how many bytes it took; a nil key for a sequence that
    /// names no key the board knows. Nil altogether for bytes that are not yet a whole key.
    static func decode(_ bytes: [UInt8]) -> (Key?, Int)? {
        guard let first = bytes.first else { return nil }
        if first == 0x1B {
            guard bytes.count > 1 else { return (.escape, 1) }
            guard bytes[1] == UInt8(ascii: "[") || bytes[1] == UInt8(ascii: "O") else { return (.escape, 1) }
            return bytes.count > 2 ? sequence(bytes) : nil
        }
        if first < 0x80 {
            let scalar = Unicode.Scalar(first)
            return (CursesTerminal.characterKey(.init(scalar.value)), 1)
        }
        // A UTF-8 character: its length from the lead byte.
        let length = first >= 0xF0 ? 4 : first >= 0xE0 ? 3 : first >= 0xC0 ? 2 : 1
        guard bytes.count >= length else { return length == 1 ? (nil, 1) : nil }
        guard let text = String(bytes: bytes[0..<length], encoding: .utf8), let character = text.first else { return (nil, length) }
        return (.char(character), length)
    }

    /// `ESC [ …` or `ESC O …`, up to its final byte (at most 16 bytes are looked at).
    static func sequence(_ bytes: [UInt8]) -> (Key?, Int)? {
        var end = 2
        while end < min(bytes.count, 16), !(0x40...0x7E).contains(bytes[end]) { end += 1 }
        guard end < bytes.count, end < 16 else { return bytes.count >= 16 ? (nil, bytes.count) : nil }
        let body = String(decoding: bytes[2..<end], as: UTF8.self)
        let final = Character(Unicode.Scalar(bytes[end]))
        let key: Key? = switch (body, final) {
        case (_, "A"): .up
        case (_, "B"): .down
        case (_, "C"): .right
        case (_, "D"): .left
        case (_, "H"): .home
        case (_, "F"): .end
        case (_, "Z"): .backTab
        case ("1", "~"), ("7", "~"): .home
        case ("4", "~"), ("8", "~"): .end
        case ("3", "~"): .delete
        case ("5", "~"): .pageUp
        case ("6", "~"): .pageDown
        default: nil
        }
        return (key, end + 1)
    }
}
