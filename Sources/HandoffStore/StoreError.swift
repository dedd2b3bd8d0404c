import Foundation
import HandoffCore

/// Failures of the store itself, as opposed to refusals by the rules (`RuleError`).
public enum StoreError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file could not be opened or created.
    case unavailable(String)
    /// Another process holds the database locked for longer than we wait.
    case busy(String)
    /// The file or its folder is not writable by this user.
    case readOnly(String)
    /// The store has no team yet.
    case notInitialized(String)
    /// The log or the projection is damaged.
    case damaged(String)
    /// The file is not a Handoff store (another program's database, or not a database):
    /// refused untouched.
    case notAStore(String)

    public var description: String {
        switch self {
        case .unavailable(let message), .busy(let message), .readOnly(let message),
             .notInitialized(let message), .damaged(let message), .notAStore(let message):
            message
        }
    }
}

/// Where the store lives: `--db`, else `$HANDOFF_DB`, else
/// `$XDG_DATA_HOME/handoff/board.sqlite` (`~/.local/share/handoff/board.sqlite`).
public enum StoreLocation {
    public static func resolve(_ explicit: String?, environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let explicit, !explicit.isEmpty { return expand(explicit, environment: environment) }
        if let fromEnvironment = environment["HANDOFF_DB"], !fromEnvironment.isEmpty {
            return expand(fromEnvironment, environment: environment)
        }
        let dataHome = environment["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (home(environment) + "/.local/share")
        return dataHome + "/handoff/board.sqlite"
    }

    static func home(_ environment: [String: String]) -> String {
        environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
    }

    static func expand(_ path: String, environment: [String: String]) -> String {
        if path == "~" { return home(environment) }
        if path.hasPrefix("~/") { return home(environment) + path.dropFirst() }
        return path
    }
}
