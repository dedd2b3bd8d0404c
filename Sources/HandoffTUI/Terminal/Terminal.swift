import HandoffConfig
import HandoffCore

/// The screen and keyboard, as the run loop sees them. The app never talks to curses
/// directly, so every screen can be driven in tests through `RecordingTerminal`.
public protocol Terminal: AnyObject {
    /// Columns and rows available now.
    var size: (width: Int, height: Int) { get }
    /// Shows the canvas, writing only what changed since the last call.
    func present(_ canvas: Canvas)
    /// The next key, click or resize; nil when nothing arrived within the timeout.
    func nextEvent(timeoutMilliseconds: Int) -> InputEvent?
    /// Gives the terminal back as it was found. Safe to call more than once.
    func shutdown()
    /// False when the terminal cannot show characters beyond ASCII (charts fall back).
    var showsUnicode: Bool { get }
    /// Draws the board as it stands: a curses screen renders it to a canvas and presents
    /// that; the plain terminal (`--plain`, `TERM=dumb`) writes lines of text instead.
    func show(_ state: AppState)
    /// Puts `text` on the user's clipboard (OSC 52) where it can, and says how it went.
    func copyToClipboard(_ text: String) -> Clipboard.Route
    /// Switches the colours; everything is drawn with them from the next frame.
    func setTheme(_ theme: Theme)
    /// Whether SIGHUP arrived since the last question, and if so whether the terminal is
    /// still there (then it asks for a settings reload) or gone (then the board ends).
    func takeHangup() -> Hangup
    /// Rings the bell and/or sends a desktop notice (`[notify]`) for what just landed.
    func announce(_ notices: [Notice], settings: NotifySettings)
}

/// What a SIGHUP meant.
public enum Hangup: Sendable, Equatable {
    case none
    /// Sent by someone (`kill -HUP`): read the settings again.
    case reloadSettings
    /// The terminal went away (a closed window, a dropped ssh session).
    case terminalGone
}

extension Terminal {
    public var showsUnicode: Bool { true }

    public func show(_ state: AppState) {
        present(BoardView.render(state))
    }

    public func copyToClipboard(_ text: String) -> Clipboard.Route {
        .notSent("this terminal has no clipboard")
    }

    public func setTheme(_ theme: Theme) {}

    public func takeHangup() -> Hangup { .none }

    public func announce(_ notices: [Notice], settings: NotifySettings) {}
}

/// An in-memory terminal for tests: input is scripted, output is kept as the last canvas
/// together with an estimate of the bytes a real terminal would have been sent.
public final class RecordingTerminal: Terminal {
    public private(set) var size: (width: Int, height: Int)
    public private(set) var pendingEvents: [InputEvent] = []
    public private(set) var lastCanvas: Canvas?
    public private(set) var presentCount = 0
    public private(set) var bytesWritten = 0
    public private(set) var isShutDown = false
    /// What `copyToClipboard` was asked to copy, and the route it answers with.
    public private(set) var copied: [String] = []
    public var clipboardRoute: Clipboard.Route = .tmuxBuffer
    /// What `announce` was asked to say (bell, desktop), newest first each time.
    public private(set) var announced: [[Notice]] = []

    public init(width: Int = 80, height: Int = 24, events: [InputEvent] = []) {
        size = (width, height)
        pendingEvents = events
    }

    public func enqueue(_ events: InputEvent...) {
        pendingEvents += events
    }

    public func enqueue(keys: Key...) {
        pendingEvents += keys.map(InputEvent.key)
    }

    /// Queues each character of `text` as a key press, as if it were typed.
    public func type(_ text: String) {
        pendingEvents += text.map { InputEvent.key(.char($0)) }
    }

    public func present(_ canvas: Canvas) {
        let runs = lastCanvas.map { canvas.diff(from: $0) } ?? canvas.diff(from: Canvas(width: 0, height: 0))
        bytesWritten += Self.estimatedBytes(runs)
        lastCanvas = canvas
        presentCount += 1
    }

    public func nextEvent(timeoutMilliseconds: Int) -> InputEvent? {
        guard !pendingEvents.isEmpty else { return nil }
        let event = pendingEvents.removeFirst()
        if case .resize(let width, let height) = event { size = (width, height) }
        return event
    }

    public func shutdown() {
        isShutDown = true
    }

    public func copyToClipboard(_ text: String) -> Clipboard.Route {
        if case .notSent = clipboardRoute { return clipboardRoute }
        copied.append(text)
        return clipboardRoute
    }

    public func announce(_ notices: [Notice], settings: NotifySettings) {
        announced.append(notices)
    }

    /// The screen as last presented, as text.
    public var screen: String { lastCanvas?.text ?? "" }

    /// Roughly what curses sends: a cursor move per run, an attribute change whenever the
    /// style changes, and the text itself.
    static func estimatedBytes(_ runs: [Run]) -> Int {
        var bytes = 0
        var currentStyle: Style?
        for run in runs {
            bytes += 8
            for cell in run.cells where !cell.isContinuation {
                if cell.style != currentStyle {
                    bytes += 12
                    currentStyle = cell.style
                }
                bytes += cell.text.utf8.count
            }
        }
        return bytes
    }
}
