import Foundation

/// Copying text to the user's clipboard through the terminal (OSC 52), which works over ssh:
/// the bytes travel with the screen to whatever terminal the person sits at.
///
/// What can be known in advance, and what cannot. A terminal never confirms an OSC 52 write,
/// so the board can only look for signs:
/// - inside tmux (`$TMUX`), tmux itself answers: with `set-clipboard on` it takes an
///   application's OSC 52 into a paste buffer and passes it on to the outer terminal when
///   that terminal's terminfo entry has `Ms`; with `external` (the default) or `off` it drops
///   it. Only `allow-passthrough on` (tmux 3.3+) then lets a wrapped sequence
///   (`ESC P tmux; …  ESC \`) through to the outer terminal, which may or may not copy it.
/// - outside tmux, the terminfo entry of `$TERM` may carry `Ms` (xterm's entries do), or the
///   environment names a terminal known to copy (kitty, WezTerm, iTerm2, foot, Windows
///   Terminal). Both are claims about the terminal type, not proof: an emulator may run
///   under `TERM=xterm-256color` and ignore OSC 52. XTGETTCAP could ask the emulator itself,
///   but its answer arrives as input the board would have to wait for; it is not used.
/// - `TERM=dumb` sends no escape sequences at all.
public enum Clipboard {
    /// The largest OSC 52 payload sent, in bytes of base64: several terminals refuse more
    /// than about 100 KB (and the brief is capped well below it).
    public static let maximumPayload = 100_000

    /// How a copy travels, and how sure the board can be that it arrived.
    public enum Route: Sendable, Equatable {
        /// Written as OSC 52; the terminal type says it supports it (terminfo `Ms`, or a
        /// terminal known to copy): how it says so.
        case direct(String)
        /// Inside tmux with `set-clipboard on`: tmux keeps it as a paste buffer and passes it
        /// on to the outer terminal.
        case tmuxBuffer
        /// Inside tmux with `allow-passthrough` on: wrapped for the outer terminal, which
        /// gives no sign it copies.
        case tmuxPassthrough
        /// Written as OSC 52 with no sign it is understood: why unsure.
        case unsure(String)
        /// Not sent, since it cannot arrive: why.
        case notSent(String)

        /// Whether the board has a sign the copy reached a clipboard.
        public var isConfirmed: Bool {
            switch self {
            case .direct, .tmuxBuffer: true
            case .tmuxPassthrough, .unsure, .notSent: false
            }
        }
    }

    /// Where a copy goes, decided from the environment, whether `$TERM`'s terminfo entry has
    /// `Ms`, and tmux's options (`tmuxOption(name)`: its value, nil when tmux cannot say).
    public static func route(environment: [String: String], terminfoHasMs: Bool,
                             tmuxOption: (String) -> String?) -> Route {
        let term = environment["TERM"] ?? ""
        if let tmux = environment["TMUX"], !tmux.isEmpty {
            let setClipboard = tmuxOption("set-clipboard")
            if setClipboard == "on" { return .tmuxBuffer }
            let passthrough = tmuxOption("allow-passthrough")
            // A flag before tmux 3.4 ("1"), a choice since ("on", "all").
            if ["on", "all", "1"].contains(passthrough ?? "") { return .tmuxPassthrough }
            guard let setClipboard else { return .unsure("tmux did not say whether it passes OSC 52 on") }
            return .notSent("tmux drops OSC 52 from programs (set-clipboard \(setClipboard), allow-passthrough off; "
                            + "`tmux set -g set-clipboard on` lets it through)")
        }
        if term == "dumb" || term.isEmpty { return .notSent("TERM=\(term.isEmpty ? "(unset)" : term) takes no escape sequences") }
        if terminfoHasMs { return .direct("the terminfo entry of TERM=\(term) has Ms") }
        if let known = knownTerminal(environment) { return .direct("\(known) copies OSC 52") }
        if environment["STY"] != nil { return .unsure("GNU screen passes OSC 52 on only when set up to") }
        return .unsure("TERM=\(term) gives no sign it copies OSC 52")
    }

    /// A terminal known to copy OSC 52 writes, from the variables it sets.
    static func knownTerminal(_ environment: [String: String]) -> String? {
        if environment["KITTY_WINDOW_ID"] != nil { return "kitty" }
        if environment["WT_SESSION"] != nil { return "Windows Terminal" }
        switch environment["TERM_PROGRAM"] {
        case "iTerm.app": return "iTerm2"
        case "WezTerm": return "WezTerm"
        default: break
        }
        let term = environment["TERM"] ?? ""
        if term.hasPrefix("foot") { return "foot" }
        if term.contains("kitty") { return "kitty" }
        return nil
    }

    /// The bytes to write for `text` on `route`: OSC 52 of the base64 of the text, wrapped
    /// for tmux's passthrough where that is the route; nil when nothing is to be sent or the
    /// payload is over `maximumPayload`. Base64 holds no control byte, so nothing in the text
    /// can end the sequence early or start another.
    public static func sequence(for text: String, route: Route) -> [UInt8]? {
        if case .notSent = route { return nil }
        let payload = Data(text.utf8).base64EncodedString()
        guard payload.utf8.count <= maximumPayload else { return nil }
        let osc = "\u{1B}]52;c;" + payload + "\u{07}"
        return Array((route == .tmuxPassthrough ? tmuxPassthrough(osc) : osc).utf8)
    }

    /// `sequence` wrapped for tmux to pass on to the terminal outside it (DCS passthrough:
    /// `ESC P tmux; …  ESC \`, each ESC inside doubled). tmux 3.3+ passes it only with
    /// `allow-passthrough on`. Also used for desktop notices (`DesktopNotice`).
    public static func tmuxPassthrough(_ sequence: String) -> String {
        "\u{1B}Ptmux;" + sequence.replacingOccurrences(of: "\u{1B}", with: "\u{1B}\u{1B}") + "\u{1B}\\"
    }

    /// Asks the tmux this process runs in for an option's value (`show-options -gv`, or the
    /// pane's value where it has its own); nil when tmux cannot be asked.
    public static func askTmux(_ option: String, environment: [String: String]) -> String? {
        let candidates = ["/usr/bin/tmux", "/usr/local/bin/tmux", "/opt/homebrew/bin/tmux", "/bin/tmux"]
        guard let path = candidates.first(where: FileManager.default.isExecutableFile(atPath:)) else { return nil }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        // `display -p` reports the value in effect for this pane (window, session or global).
        process.arguments = ["display-message", "-p", "#{\(option)}"]
        if let pane = environment["TMUX_PANE"] { process.arguments = ["display-message", "-p", "-t", pane, "#{\(option)}"] }
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            return nil
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0, data.count < 256 else { return nil }
        let value = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return value.isEmpty ? nil : value
    }
}
