import ArgumentParser
import Foundation
import HandoffConfig
import HandoffCore
import HandoffStore
import HandoffTUI

struct BoardCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "board",
        abstract: "Open the board (the default when you run `handoff` alone).",
        discussion: """
            A store that does not exist yet is created with you as its team lead (your account \
            as their login). An account on no member's login sees the board read-only. Press ? on \
            the board for every key. Themes: default, light, high-contrast, mono (NO_COLOR \
            forces mono), or your own in $XDG_CONFIG_HOME/handoff/themes/NAME.toml; \
            `theme = "light"` in $XDG_CONFIG_HOME/handoff/config.toml sets the default.

            Keys: $XDG_CONFIG_HOME/handoff/keys.toml rebinds any action (`card-down = ["down", "n"]`; \
            a bad name or a key meaning two things stops the board with the file's line). `:` opens \
            the command palette: any action or view by name, with its keys and why it is not \
            possible now. `kill -HUP PID` of a running board, or the palette's `reload settings`, \
            reads config.toml, keys.toml and the theme again; a file with a mistake keeps the old \
            settings and the status line says why.

            What lands for you (a meeting handed to you, your lead returned or disputed, a \
            dispute to rule on, a meeting outcome, an SLA warning or breach on your card) is said \
            in the status line as it arrives; `n` lists what is new since you last looked \
            (remembered per store in $XDG_STATE_HOME/handoff/seen.tsv). `[notify]` in config.toml \
            adds the terminal bell (`bell = true`) and desktop notices through the terminal \
            (`desktop = "osc9"` or `"osc777"`).
            """
    )

    @OptionGroup var options: StoreOptions
    @OptionGroup var display: DisplayOptions

    func run() throws {
        // Settings, theme and terminal are checked before a store is created or opened.
        let board = try display.prepare()
        let (store, facts) = try Self.openWithTeam(options)
        try display.open(board, store: store, as: options.viewer(from: facts), clock: options.clock())
    }

    /// The store, with a team. A new store, or one with no team yet (a database made
    /// elsewhere, a store an older version left half-made), gets one with you as its team
    /// lead, and is opened again; a store with a team is used as it was opened (on
    /// PostgreSQL a second open is a second connection: round trips before the first frame).
    /// The facts that decide who the viewer is come with it (`identityFacts`: on PostgreSQL
    /// one round trip for the roster, the login, the founding and the write grant).
    static func openWithTeam(_ options: StoreOptions) throws -> (any BoardStore, StoreIdentity) {
        do {
            let store = try options.open(create: true)
            let facts = try store.identityFacts()
            guard facts.team.members.isEmpty else { return (store, facts) }
            try store.initialize(lead: options.founderName(of: store), founding: options.founding(of: store, personal: false))
        }
        let store = try options.open()
        return (store, try store.identityFacts())
    }
}

/// `--theme`, and the code that puts a store on the screen.
struct DisplayOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Colour theme: default, light, high-contrast, mono, or one of yours.", valueName: "NAME"))
    var theme: String?

    @Flag(help: ArgumentHelp("Plain mode, for screen readers and dumb terminals: lines of text, one card per line, every change announced; no boxes, markers or bars. On by itself when TERM=dumb."))
    var plain = false

    /// Plain mode: asked for, or a terminal that can do nothing else.
    var isPlain: Bool { plain || ProcessInfo.processInfo.environment["TERM"] == "dumb" }

    /// What the board needs besides a store, read once and checked before any store is
    /// touched: a bad config or theme changes nothing.
    struct Prepared {
        var thresholds: Thresholds
        var theme: Theme
        var views: [SavedView] = []
        /// keys.toml's keys over the registry's.
        var keymap: KeyRegistry = .standard
        /// `[routing]`: the book form's proposal.
        var routing = RoutingSettings()
        /// `[no_show]`: the limit the store decides bookings by.
        var noShow = RulePolicy.standard
        /// `[notify]`: the bell and desktop notices for what lands for you.
        var notify: NotifySettings = .off
        /// `[sla]`: the ladder (its warnings and breaches on your cards are notices too).
        var sla: SLASettings = .standard
    }

    func prepare() throws -> Prepared {
        let environment = ProcessInfo.processInfo.environment
        try Settings.checkTerminalSize(environment: environment)
        // The same thresholds as `handoff report`: markers and the standup agree with it.
        let config = try Settings.config(environment: environment)
        var prepared: Prepared
        do {
            prepared = Prepared(thresholds: config.thresholds, theme: try Theme.resolve(requested: theme, configured: config.theme),
                                views: config.views, notify: config.notify, sla: config.sla)
            prepared.routing = config.routing
            prepared.noShow = config.noShow
            // keys.toml beside config.toml: an unknown name or a clash stops the board here.
            if let keys = try KeysFile.load(environment: environment) { prepared.keymap = try KeyRegistry(file: keys) }
        } catch {
            throw CLIFailure(code: 2, message: error.description)
        }
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            throw CLIFailure(code: 1, message: "the board needs a terminal; for scripts use the verbs (`handoff --help`)")
        }
        return prepared
    }

    func open(_ prepared: Prepared, store: any BoardStore, as viewer: BoardViewer, clock: Now) throws {
        let chosen = prepared.theme
        let thresholds = prepared.thresholds
        // The member's column sorts from the last board (sorts.tsv beside config.toml).
        let sortFile = SortMemory.file(environment: ProcessInfo.processInfo.environment)
        // A sort file that cannot be read (not a regular file, too big) is not a reason to
        // keep anyone from the board: it opens in board order, says why, and leaves the
        // file alone.
        var sorts: [Column: ColumnSort] = [:]
        var notice: String?
        do {
            sorts = try SortMemory.load(sortFile, member: viewer.me)
        } catch {
            notice = "sorts not remembered: \(error.description)"
        }
        let me = viewer.me
        // A read-only viewer's sorts are theirs too, but remembered only for members.
        let save: (@Sendable ([Column: ColumnSort]) throws -> Void)? = viewer.readOnly == nil && notice == nil
            ? { @Sendable sorts in try SortMemory.save(sorts, for: me, in: sortFile) } : nil
        let terminal: any Terminal
        do {
            terminal = isPlain ? try PlainTerminal() : try CursesTerminal(theme: chosen)
        } catch {
            throw CLIFailure(code: 1, message: error.description)
        }
        defer { terminal.shutdown() }
        store.policy = prepared.noShow
        let app = try BoardApp(store: store, terminal: terminal, me: viewer.me, readOnly: viewer.readOnly,
                               personal: viewer.personal, known: viewer.known, clock: clock, thresholds: thresholds,
                               views: prepared.views, sorts: sorts,
                               saveSorts: save, notice: notice, keymap: prepared.keymap,
                               reload: BoardSettingsFiles(environment: ProcessInfo.processInfo.environment, requestedTheme: theme).reload,
                               notices: SeenFile.setup(settings: prepared.notify, store: store.location, member: viewer.me,
                                                       readOnly: viewer.readOnly != nil, sla: prepared.sla),
                               standup: StandupScreen.standup)
        app.route(with: prepared.routing)
        app.run()
    }
}
