import HandoffConfig
import HandoffCore

/// What the board reads from the settings folder and can read again while it runs (on
/// SIGHUP, or the palette's `reload settings`): the thresholds, views, `[routing]`,
/// `[no_show]` and `[notify]` of config.toml, keys.toml's keys, and the theme.
public struct BoardSettings: Sendable {
    public var thresholds: Thresholds
    public var views: [SavedView]
    public var keymap: KeyRegistry
    /// The theme to draw with; nil keeps the one on screen.
    public var theme: Theme?
    /// What was read, for the status line: `config.toml, keys.toml, theme light`.
    public var source: String
    /// `[routing]`, for the book form's proposal.
    public var routing = RoutingSettings()
    /// `[no_show]`: the no-show limit.
    public var noShow = RulePolicy.standard
    /// `[notify]`: the bell and desktop notices; nil keeps the board's.
    public var notify: NotifySettings?

    public init(thresholds: Thresholds = .standard, views: [SavedView] = [], keymap: KeyRegistry = .standard,
                theme: Theme? = nil, source: String = "") {
        self.thresholds = thresholds
        self.views = views
        self.keymap = keymap
        self.theme = theme
        self.source = source
    }
}

extension Update {
    /// New settings replace the old all at once: markers, views, keys. The filter stays as
    /// typed and is applied with the new thresholds.
    static func settingsReloaded(_ state: inout AppState, _ settings: BoardSettings) {
        state.thresholds = settings.thresholds
        state.routing = settings.routing
        state.policy = settings.noShow
        if let notify = settings.notify { state.notices.settings = notify }
        state.views = settings.views
        state.keymap = settings.keymap
        state.pendingGoTo = false
        if var palette = state.palette {
            palette.selected = 0
            state.palette = palette
        }
        applyFilter(&state)
        let source = settings.source.isEmpty ? "" : ": \(SafeText.sanitize(settings.source))"
        state.status = StatusMessage("settings reloaded\(source)", .success)
    }

    /// A file that cannot be used changes nothing: the old settings stay, and the status
    /// line says which file, which line and why (first, where a narrow line has room).
    static func settingsNotReloaded(_ state: inout AppState, _ problem: String) {
        state.status = StatusMessage("not reloaded: \(SafeText.sanitize(problem)); the previous settings stay", .error)
    }
}
