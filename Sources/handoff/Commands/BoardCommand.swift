import ArgumentParser
import Foundation
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
            """
    )

    @OptionGroup var options: StoreOptions
    @OptionGroup var display: DisplayOptions

    func run() throws {
        let path = options.path
        if options.isPostgres {
            // A database with no team yet gets one, as a new file does.
            let store = try options.open(create: true)
            if try store.team().members.isEmpty {
                try store.initialize(lead: options.founderName(of: store), founding: options.founding(of: store, personal: false))
            }
        } else if !FileManager.default.fileExists(atPath: path) {
            let store = try options.open(create: true)
            try store.initialize(lead: options.founderName(of: store), founding: options.founding(of: store, personal: false))
        }
        let store = try options.open()
        try display.open(store: store, as: options.viewer(of: store), clock: options.clock())
    }
}

/// `--theme`, and the code that puts a store on the screen.
struct DisplayOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Colour theme: default, light, high-contrast, mono, or one of yours.", valueName: "NAME"))
    var theme: String?

    func open(store: any BoardStore, as viewer: BoardViewer, clock: Now) throws {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            throw CLIFailure(code: 1, message: "the board needs a terminal; for scripts use the verbs (`handoff --help`)")
        }
        // The same thresholds as `handoff report`: markers and the standup agree with it.
        let thresholds = try ThresholdsConfig.load(environment: ProcessInfo.processInfo.environment)
        let chosen: Theme
        do {
            chosen = try Theme.resolve(requested: theme)
        } catch {
            throw CLIFailure(code: 1, message: error.description)
        }
        let terminal: CursesTerminal
        do {
            terminal = try CursesTerminal(theme: chosen)
        } catch {
            throw CLIFailure(code: 1, message: error.description)
        }
        defer { terminal.shutdown() }
        let app = try BoardApp(store: store, terminal: terminal, me: viewer.me, readOnly: viewer.readOnly,
                               personal: viewer.personal, clock: clock, thresholds: thresholds,
                               standup: StandupScreen.standup)
        app.run()
    }
}
