import Foundation
import HandoffConfig
import HandoffStore

/// The command line's settings: `config.toml`, read once by the command that needs it,
/// and the numbers the environment sets. A mistake in either is a usage error (exit 2)
/// that names the file and line, or the variable, and the range.
enum Settings {
    static func config(environment: [String: String]) throws -> Config {
        do {
            return try configFile(environment: environment)
        } catch {
            throw CLIFailure(code: 2, message: error.description)
        }
    }

    /// config.toml as read, its problem as `file:line: why`: the one place the command line
    /// reads it (the board's reload reads it here too).
    static func configFile(environment: [String: String]) throws(ConfigError) -> Config {
        try Config.load(environment: environment)
    }

    /// `LINES` and `COLUMNS` (curses reads them over the terminal's size): 1 to 1000.
    static func checkTerminalSize(environment: [String: String]) throws {
        do {
            try EnvironmentSettings.checkTerminalSize(environment)
        } catch {
            throw CLIFailure(code: 2, message: error.description)
        }
    }

    /// Seconds to wait for another writer's lock: `$HANDOFF_BUSY_TIMEOUT` (0–3600), default 10.
    static func busyTimeout(environment: [String: String]) throws -> TimeInterval {
        do {
            return try EnvironmentSettings.busyTimeout(environment) ?? BusyTimeout.standard
        } catch {
            throw CLIFailure(code: 2, message: error.description)
        }
    }
}
