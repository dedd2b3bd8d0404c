import HandoffConfig
import HandoffCore

/// A desktop notice sent through the terminal, as `[notify] desktop` asks: OSC 9
/// (`ESC ] 9 ; text BEL`) or OSC 777 (`ESC ] 777 ; notify ; title ; body BEL`), wrapped for
/// tmux's passthrough inside tmux (`Clipboard.tmuxPassthrough`), and the bell (`[notify]
/// bell`). The text comes from the store (companies, names), so it is cleaned first: no ESC,
/// BEL or other control character can end the sequence early or start another, and it is
/// short enough for any terminal.
public enum DesktopNotice {
    public static let titleLimit = 40
    public static let bodyLimit = 200

    /// The bytes that announce `notices` (newest first) with `settings`; empty when both
    /// are off or there is nothing to say.
    public static func bytes(for notices: [Notice], settings: NotifySettings, inTmux: Bool) -> [UInt8] {
        guard let newest = notices.first else { return [] }
        var bytes: [UInt8] = settings.bell ? [0x07] : []
        let more = notices.count > 1 ? " (and \(notices.count - 1) more)" : ""
        if let notice = sequence(title: "Handoff", body: newest.text + more, style: settings.desktop, inTmux: inTmux) {
            bytes += notice
        }
        return bytes
    }

    /// One notice as its escape sequence; nil for `off`.
    public static func sequence(title: String, body: String, style: NotifySettings.Desktop, inTmux: Bool) -> [UInt8]? {
        let osc: String
        switch style {
        case .off:
            return nil
        case .osc9:
            // The text starts with a word, never with digits and `;`, which ConEmu reads as
            // a subcommand of OSC 9 (progress and the like).
            osc = "\u{1B}]9;" + clean(title + ": " + body, limit: titleLimit + bodyLimit) + "\u{07}"
        case .osc777:
            // `;` separates the title from the body: none in the title.
            osc = "\u{1B}]777;notify;" + clean(title, limit: titleLimit).replacingOccurrences(of: ";", with: ",") + ";"
                + clean(body, limit: bodyLimit) + "\u{07}"
        }
        return Array((inTmux ? Clipboard.tmuxPassthrough(osc) : osc).utf8)
    }

    /// `text` sanitised (`SafeText`: escapes, controls and bidi overrides out), every C0
    /// and C1 control and DEL removed besides, and cut to `limit` characters with `…`.
    public static func clean(_ text: String, limit: Int) -> String {
        // Bounded before sanitising, so a long text costs nothing.
        let head = String(String.UnicodeScalarView(text.unicodeScalars.prefix(limit * 4)))
        let safe = SafeText.sanitize(head).unicodeScalars.filter { scalar in
            !(scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value))
        }
        let cleaned = String(String.UnicodeScalarView(safe))
        guard cleaned.count > limit else { return cleaned }
        return String(cleaned.prefix(max(limit - 1, 0))) + "…"
    }
}
