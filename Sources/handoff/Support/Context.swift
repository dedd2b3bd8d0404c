import ArgumentParser
import Foundation
import HandoffCore
import HandoffPostgres
import HandoffStore

/// `--db` and `--as`, accepted by every command (before or after the verb).
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The store: a SQLite file path, or postgres://user@host:port/dbname (password from $PGPASSWORD or ~/.pgpass). Default $HANDOFF_DB, else $XDG_DATA_HOME/handoff/board.sqlite.", valueName: "PATH|URL"))
    var db: String?

    @Option(name: .customLong("as"), help: ArgumentHelp("Act as this team member. Default $HANDOFF_USER, else $USER.", valueName: "NAME"))
    var actor: String?

    var environment: [String: String] { ProcessInfo.processInfo.environment }

    var path: String { StoreLocation.resolve(db, environment: environment) }

    var actorName: String {
        if let actor, !actor.isEmpty { return actor }
        if let user = environment["HANDOFF_USER"], !user.isEmpty { return user }
        if let user = environment["USER"], !user.isEmpty { return user }
        return "unknown"
    }

    /// The clock: the system's, unless `$HANDOFF_NOW` pins it (scripts, tests, training).
    func clock() throws -> Now {
        guard let pinned = environment["HANDOFF_NOW"], !pinned.isEmpty else { return .system }
        do {
            let date = try DateInput.parse(pinned, now: Date(), calendar: .current).date
            return .fixed(date)
        } catch {
            throw CLIFailure(code: 2, message: "HANDOFF_NOW: \(error.description)")
        }
    }

    /// Seconds to wait for another writer's lock: `$HANDOFF_BUSY_TIMEOUT` (0–3600), default
    /// 10; a value out of range is refused before anything is opened.
    func busyTimeout() throws -> TimeInterval {
        try Settings.busyTimeout(environment: environment)
    }

    /// Whether `--db` (or `$HANDOFF_DB`) names a PostgreSQL server rather than a file.
    var isPostgres: Bool { PostgresURL.isPostgres(path) }

    /// The store `--db` names: a PostgreSQL database for a `postgres://` URL, else the SQLite file.
    func open(create: Bool = false) throws -> any BoardStore {
        if isPostgres {
            return try PostgresStore(path, environment: environment, now: clock(), create: create, busyTimeout: busyTimeout())
        }
        let store = try SQLiteStore(path: path, now: clock(), create: create, busyTimeout: busyTimeout())
        CreatedStore.record(store)
        return store
    }
}

/// `--format`, for commands whose output is data.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text
    case json
}

/// `--expect-version`: the version of the lead the caller decided on.
struct VersionOption: ParsableArguments {
    @Option(name: .customLong("expect-version"),
            help: ArgumentHelp("Refuse (exit 4) if the lead is no longer at this version: someone changed it since you looked.", valueName: "N"))
    var expected: Int?
}

/// An error already worded for the user, with its exit status.
struct CLIFailure: Error {
    var code: Int32
    var message: String
}

extension LeadID: ExpressibleByArgument {
    public init?(argument: String) {
        self.init(argument)
    }
}

/// Prints to standard error, sanitised line by line: messages quote member names, file
/// contents and environment values, and none of them may drive the terminal.
func warn(_ text: String) {
    FileHandle.standardError.write(Data((SafeText.sanitizeLines(text) + "\n").utf8))
}

/// Text from the store is printed safely: no escape sequences reach the terminal.
func safe(_ text: String?) -> String {
    SafeText.sanitize(text ?? "")
}

func printJSON<T: Encodable>(_ value: T) throws {
    print(try Codec.string(value, pretty: true))
}

/// Parses a date argument with the store's clock.
func parseDate(_ text: String, clock: Now, option: String, needsTime: Bool = false) throws -> Date {
    do {
        return needsTime
            ? try DateInput.parseMoment(text, now: clock(), calendar: .current)
            : try DateInput.parse(text, now: clock(), calendar: .current).date
    } catch {
        throw CLIFailure(code: 3, message: "\(option): \(error.description)")
    }
}
