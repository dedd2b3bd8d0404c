import CNcurses
import Foundation
import HandoffConfig
import HandoffCore

/// Why the board could not take over the terminal.
public struct TerminalError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}

/// The real terminal, through ncursesw. The only file that knows curses exists.
public final class CursesTerminal: Terminal {
    private let window: UnsafeMutablePointer<WINDOW>
    private var theme: Theme
    private var previous: Canvas?
    private var isActive = true
    private let colorCount: Int
    private let hasDefaultColors: Bool
    private let pairLimit: Int
    private var pairs: [ColorPairKey: Int16] = [:]
    /// Whether the locale lets curses draw UTF-8 (the board asks for C.UTF-8 if not).
    public let showsUnicode: Bool
    /// Where curses writes: OSC 52 copies go there too, between frames.
    private let output: UnsafeMutablePointer<FILE>
    /// Where keys come from: a hung-up terminal shows there.
    private let inputDescriptor: Int32
    /// How a copy reaches the clipboard, found on the first copy (it may ask tmux).
    private var clipboardRoute: Clipboard.Route?

    /// How curses draws each style under the current theme (a board draws with a few
    /// dozen), and the last one asked for: neighbouring cells mostly share a style.
    private var looks: [(style: Style, look: Look)] = []
    private var recent: (style: Style, look: Look)?

    private struct Look {
        let attributes: attr_t
        let pair: Int16
    }

    private struct ColorPairKey: Hashable {
        let foreground: Int
        let background: Int
    }

    /// The board on the process's own terminal (standard input and output).
    public convenience init(theme: Theme) throws(TerminalError) {
        guard handoff_is_interactive() != 0 else {
            throw TerminalError(message: "the board needs an interactive terminal; use the handoff subcommands in scripts")
        }
        try self.init(theme: theme, input: handoff_stdin(), output: handoff_stdout())
    }

    /// The board on another terminal, given by a file descriptor open for reading and
    /// writing (a pseudo-terminal's replica: how the benchmarks measure real curses output).
    public convenience init(theme: Theme, terminal descriptor: Int32) throws(TerminalError) {
        guard let input = handoff_stream(descriptor, "r"), let output = handoff_stream(descriptor, "w") else {
            throw TerminalError(message: "file descriptor \(descriptor) is not a terminal")
        }
        try self.init(theme: theme, input: input, output: output)
    }

    private init(theme: Theme, input: UnsafeMutablePointer<FILE>, output: UnsafeMutablePointer<FILE>) throws(TerminalError) {
        showsUnicode = handoff_setup_locale() != 0
        guard newterm(nil, output, input) != nil, let window = handoff_stdscr() else {
            let name = ProcessInfo.processInfo.environment["TERM"] ?? "(unset)"
            throw TerminalError(message: "cannot start the board: terminal type '\(name)' is unknown to curses")
        }
        self.window = window
        self.theme = theme
        self.output = output
        inputDescriptor = fileno(input)
        handoff_install_restore_handlers()
        // SIGHUP: a flag the run loop takes (`takeHangup`), no work in the handler.
        handoff_watch_hangup()
        // Raw, so Ctrl-C and Ctrl-Z reach the keymap instead of stopping the board mid-edit.
        raw()
        noecho()
        nonl()
        keypad(window, true)
        set_escdelay(25)
        // Terminals disagree on Home and End, and TERM often names a cousin of the real
        // terminal (inside tmux or screen); accept every common spelling.
        for (sequence, code) in [("\u{1B}[1~", KEY_HOME), ("\u{1B}[7~", KEY_HOME), ("\u{1B}[H", KEY_HOME),
            ("\u{1B}OH", KEY_HOME), ("\u{1B}[4~", KEY_END), ("\u{1B}[8~", KEY_END), ("\u{1B}[F", KEY_END),
            ("\u{1B}OF", KEY_END)]
        {
            if key_defined(sequence) == 0 { define_key(sequence, code) }
        }
        curs_set(0)
        _ = mousemask(handoff_mouse_events(), nil)
        if has_colors() {
            start_color()
            hasDefaultColors = use_default_colors() == OK
            colorCount = Int(handoff_colors())
            pairLimit = min(Int(handoff_color_pairs()), Int(Int16.max))
        } else {
            hasDefaultColors = false
            colorCount = 0
            pairLimit = 0
        }
        // ncurses 6.4 writes its output out at every cursor move until the screen has been
        // left and resumed once (before that it cannot tell the board from a low-level
        // terminfo program): about 150 writes a frame at 120x40. Leaving and resuming now,
        // before anything is drawn, makes each frame one write; the modes set above are
        // the program's and come back with it.
        endwin()
        wrefresh(window)
    }

    deinit {
        shutdown()
    }

    public var size: (width: Int, height: Int) {
        (Int(getmaxx(window)), Int(getmaxy(window)))
    }

    /// A SIGHUP since the last question: a reload if the terminal is still there, the end
    /// if it went away (SIGHUP's old meaning, which the restore handler used to act on).
    public func takeHangup() -> Hangup {
        guard handoff_take_hangup() != 0 else { return .none }
        return handoff_terminal_hung_up(inputDescriptor) != 0 ? .terminalGone : .reloadSettings
    }

    /// Switches theme; everything is redrawn with the new colours on the next present.
    public func setTheme(_ theme: Theme) {
        self.theme = theme
        looks.removeAll()
        recent = nil
        previous = nil
    }

    public func present(_ canvas: Canvas) {
        guard isActive else { return }
        let old = previous ?? Canvas(width: 0, height: 0)
        if old.width != canvas.width || old.height != canvas.height {
            // After a resize the terminal's contents are unknown: clear, then paint it all.
            clearok(window, true)
        }
        let (width, height) = size
        for run in canvas.diff(from: old) where run.y < height {
            var x = run.x
            for cell in run.cells where !cell.isContinuation {
                if x + max(cell.width, 1) > width { break }
                draw(cell, x: x, y: run.y)
                x += cell.width
            }
        }
        wrefresh(window)
        previous = canvas
    }

    public func nextEvent(timeoutMilliseconds: Int) -> InputEvent? {
        guard isActive else { return nil }
        wtimeout(window, Int32(clamping: timeoutMilliseconds))
        var code: wint_t = 0
        switch wget_wch(window, &code) {
        case KEY_CODE_YES:
            return keyCodeEvent(Int32(bitPattern: code))
        case OK:
            return Self.characterKey(code).map(InputEvent.key)
        default:
            return nil
        }
    }

    /// Writes `text` as OSC 52 after the frame curses last sent, where the signs say it can
    /// arrive (`Clipboard.route`), and says how it went.
    public func copyToClipboard(_ text: String) -> Clipboard.Route {
        let environment = ProcessInfo.processInfo.environment
        let route = clipboardRoute ?? Clipboard.route(
            environment: environment,
            // Absent or cancelled: NULL; not a string capability: (char *)-1.
            terminfoHasMs: { let value = Int(bitPattern: tigetstr("Ms")); return value != 0 && value != -1 }(),
            tmuxOption: { Clipboard.askTmux($0, environment: environment) })
        clipboardRoute = route
        guard isActive, let bytes = Clipboard.sequence(for: text, route: route) else {
            if case .notSent = route { return route }
            return .notSent("the brief is over the \(Clipboard.maximumPayload / 1000) KB a terminal takes in one copy")
        }
        fflush(output)
        _ = bytes.withUnsafeBufferPointer { fwrite($0.baseAddress, 1, $0.count, output) }
        fflush(output)
        return route
    }

    /// The bell and the desktop notice (`[notify]`), written between frames as OSC 52 is.
    public func announce(_ notices: [Notice], settings: NotifySettings) {
        let inTmux = !(ProcessInfo.processInfo.environment["TMUX"] ?? "").isEmpty
        let bytes = DesktopNotice.bytes(for: notices, settings: settings, inTmux: inTmux)
        guard isActive, !bytes.isEmpty else { return }
        fflush(output)
        _ = bytes.withUnsafeBufferPointer { fwrite($0.baseAddress, 1, $0.count, output) }
        fflush(output)
    }

    public func shutdown() {
        guard isActive else { return }
        isActive = false
        curs_set(1)
        endwin()
    }

    // MARK: - Input

    private func keyCodeEvent(_ code: Int32) -> InputEvent? {
        switch code {
        case KEY_RESIZE:
            previous = nil
            let (width, height) = size
            return .resize(width: width, height: height)
        case KEY_MOUSE:
            var event = MEVENT()
            guard getmouse(&event) == OK else { return nil }
            let button = Int(handoff_mouse_button(event.bstate))
            return button == 0 ? nil : .mouse(x: Int(event.x), y: Int(event.y), button: button)
        case KEY_UP: return .key(.up)
        case KEY_DOWN: return .key(.down)
        case KEY_LEFT: return .key(.left)
        case KEY_RIGHT: return .key(.right)
        case KEY_HOME: return .key(.home)
        case KEY_END: return .key(.end)
        case KEY_PPAGE: return .key(.pageUp)
        case KEY_NPAGE: return .key(.pageDown)
        case KEY_ENTER: return .key(.enter)
        case KEY_BACKSPACE: return .key(.backspace)
        case KEY_DC: return .key(.delete)
        case KEY_BTAB: return .key(.backTab)
        case (KEY_F0 + 1)...(KEY_F0 + 63): return .key(.function(Int(code - KEY_F0)))
        default: return nil
        }
    }

    static func characterKey(_ code: wint_t) -> Key? {
        switch code {
        case 9: return .tab
        case 10, 13: return .enter
        case 8, 127: return .backspace
        case 27: return .escape
        case 0: return .ctrl("@")
        case 1...26: return Unicode.Scalar(96 + code).map { .ctrl(Character($0)) }
        case 28: return .ctrl("\\")
        case 29: return .ctrl("]")
        case 30: return .ctrl("^")
        case 31: return .ctrl("_")
        case 0x80...0x9F: return nil
        default: return Unicode.Scalar(code).map { .char(Character($0)) }
        }
    }

    // MARK: - Output

    private func draw(_ cell: Cell, x: Int, y: Int) {
        let look = self.look(cell.style)
        var character = cchar_t()
        // Most cells are one character curses measures as the canvas does (letters, rules,
        // markers): handed over as they are, with no arrays made per cell.
        var scalars = cell.text.unicodeScalars.makeIterator()
        if let scalar = scalars.next(), scalars.next() == nil {
            let code = wchar_t(bitPattern: scalar.value)
            if cell.width == 1 && scalar.value >= 0x20 && scalar.value < 0x7F || Int(handoff_wcwidth(code)) == cell.width {
                var wide: (wchar_t, wchar_t) = (code, 0)
                withUnsafePointer(to: &wide) { pair in
                    pair.withMemoryRebound(to: wchar_t.self, capacity: 2) { text in
                        _ = setcchar(&character, text, look.attributes, look.pair, nil)
                    }
                }
                mvwadd_wch(window, Int32(y), Int32(x), &character)
                return
            }
        }
        var column = x
        for glyph in Self.glyphs(for: cell) {
            var wide = glyph.scalars + [0]
            setcchar(&character, &wide, look.attributes, look.pair, nil)
            mvwadd_wch(window, Int32(y), Int32(column), &character)
            column += glyph.width
        }
    }

    /// Curses' attributes and colour pair for a style: worked out once per style and theme
    /// (a board draws with a few dozen), not per cell.
    private func look(_ style: Style) -> Look {
        if let recent, recent.style == style { return recent.look }
        let look = looks.first { $0.style == style }?.look ?? makeLook(style)
        recent = (style, look)
        return look
    }

    private func makeLook(_ style: Style) -> Look {
        let resolved = theme.resolve(style)
        var attributes = handoff_attr_normal()
        if resolved.bold { attributes |= handoff_attr_bold() }
        if resolved.underline { attributes |= handoff_attr_underline() }
        if resolved.reverse { attributes |= handoff_attr_reverse() }
        let look = Look(attributes: attributes, pair: colorPair(resolved))
        looks.append((style, look))
        return look
    }

    /// What to hand curses for one cell. curses measures with the C library's wcwidth,
    /// which may disagree with SafeText on emoji sequences; when it does, a simpler glyph
    /// of the right width is drawn so that curses and the canvas keep the same columns.
    static func glyphs(for cell: Cell) -> [(scalars: [wchar_t], width: Int)] {
        var groups: [(scalars: [wchar_t], width: Int)] = []
        for scalar in cell.text.unicodeScalars {
            let character = wchar_t(bitPattern: scalar.value)
            let width = Int(handoff_wcwidth(character))
            if width == 0, let last = groups.indices.last {
                if groups[last].scalars.count < Int(CCHARW_MAX) { groups[last].scalars.append(character) }
            } else if width > 0 {
                groups.append(([character], width))
            }
        }
        if groups.reduce(0, { $0 + $1.width }) == cell.width { return groups }
        if var first = groups.first, first.width <= cell.width {
            // A joiner left dangling would glue itself to whatever is drawn next.
            first.scalars.removeAll { $0 == 0x200D }
            let padding = Array(repeating: ([wchar_t(32)], 1), count: cell.width - first.width)
            return [first] + padding
        }
        return cell.width == 2 ? [([wchar_t(0xFF1F)], 2)] : [([wchar_t(63)], 1)]
    }

    /// Colour pairs are made on first use; past the terminal's limit, colour is dropped
    /// rather than reusing a pair that other cells on screen still show.
    private func colorPair(_ look: RoleStyle) -> Int16 {
        guard colorCount >= 8 else { return 0 }
        var foreground = look.foreground.paletteIndex(colorCount: colorCount) ?? -1
        var background = look.background.paletteIndex(colorCount: colorCount) ?? -1
        if foreground == -1 && background == -1 { return 0 }
        if !hasDefaultColors {
            if foreground == -1 { foreground = Int(COLOR_WHITE) }
            if background == -1 { background = Int(COLOR_BLACK) }
        }
        let key = ColorPairKey(foreground: foreground, background: background)
        if let pair = pairs[key] { return pair }
        let number = pairs.count + 1
        guard number < pairLimit,
            init_extended_pair(Int32(number), Int32(foreground), Int32(background)) == OK
        else { return 0 }
        pairs[key] = Int16(number)
        return Int16(number)
    }
}
