/// `[notify]`: how the board tells you that something landed for you, besides its status
/// line and `n`. Both are off unless set.
///
///     [notify]
///     bell = true          # the terminal bell
///     desktop = "osc9"     # a desktop notice through the terminal: "osc9", "osc777" or "off"
public struct NotifySettings: Sendable, Equatable {
    /// How a desktop notice travels through the terminal.
    public enum Desktop: String, Sendable, CaseIterable {
        case off
        /// `ESC ] 9 ; text BEL`: iTerm2, WezTerm, kitty, Windows Terminal, ConEmu, foot…
        case osc9
        /// `ESC ] 777 ; notify ; title ; body BEL`: rxvt-unicode, VTE terminals, WezTerm…
        case osc777
    }

    public var bell: Bool
    public var desktop: Desktop

    public init(bell: Bool = false, desktop: Desktop = .off) {
        self.bell = bell
        self.desktop = desktop
    }

    public static let off = NotifySettings()

    /// Whether anything besides the status line is sent.
    public var isOn: Bool { bell || desktop != .off }
}

extension Config {
    public static let notifyKeys = ["bell", "desktop"]

    static func readNotify(_ notify: SettingsTable) throws(ConfigError) -> NotifySettings {
        try notify.refuseUnknownKeys(notifyKeys, what: "expected bell and desktop")
        var settings = NotifySettings.off
        if let bell = notify.table["bell"] {
            guard let on = bell.boolValue else {
                throw notify.fail("bell", "[notify] bell must be true or false, not \(bell.kindDescription)")
            }
            settings.bell = on
        }
        if let desktop = notify.table["desktop"] {
            let choices = NotifySettings.Desktop.allCases.map(\.rawValue)
            guard let word = desktop.stringValue else {
                throw notify.fail("desktop", "[notify] desktop must be \"osc9\", \"osc777\" or \"off\" in quotes, not \(desktop.kindDescription)")
            }
            guard let chosen = NotifySettings.Desktop(rawValue: word.lowercased()) else {
                throw notify.fail(
                    "desktop",
                    "[notify] desktop = \"\(Shown.text(word))\"\(Suggestion.hint(for: word.lowercased(), in: choices)): "
                        + "the choices are \"osc9\", \"osc777\" and \"off\"")
            }
            settings.desktop = chosen
        }
        return settings
    }
}
