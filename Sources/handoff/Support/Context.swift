import ArgumentParser
import Foundation
import HandoffCore
import HandoffPostgres
import HandoffSQLite
import HandoffStore

/// `--db` and `--as`, accepted by every command (before or after the verb).
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The store: a SQLite file path, or postgres://user@host:port/dbname[?sslmode=verify-full&sslrootcert=CA.pem&connections=2] (password from $PGPASSWORD or ~/.pgpass; sslmode as libpq: disable, prefer, require, verify-ca, verify-full). Default $HANDOFF_DB, else $XDG_DATA_HOME/handoff/board.sqlite.", valueName: "PATH|URL"))
    var db: String?

    @Option(name: .customLong("as"), help: ArgumentHelp("Act as this team member: only the one whose login is your account (your operating-system user on SQLite, your database user on PostgreSQL); on your own personal store, any member. Default $HANDOFF_USER, else the member whose login is yours.", valueName: "NAME"))
    var actor: String?

    var environment: [String: String] { ProcessInfo.processInfo.environment }

    var path: String { StoreLocation.resolve(db, environment: environment) }

    /// Whom `--as` or `$HANDOFF_USER` asks to act as; nil when neither does.
    var requestedActor: String? {
        if let actor, !actor.isEmpty { return actor }
        if let user = environment["HANDOFF_USER"], !user.isEmpty { return user }
        return nil
    }

    /// Who this process acts as on `store`: its authenticated account mapped through the
    /// roster's logins (`Identity.decide`, the one place this is decided). A store with no
    /// team yet has no one to map to: nil.
    func identity(in store: any BoardStore) throws -> Identity.Decision? {
        identity(from: try store.identityFacts())
    }

    /// The same, from facts already read (`BoardStore.identityFacts`: one round trip on
    /// PostgreSQL for the roster, the login, the founding and the write grant).
    func identity(from facts: StoreIdentity) -> Identity.Decision? {
        guard !facts.team.members.isEmpty else { return nil }
        let decision = Identity.decide(account: facts.account, requested: requestedActor, team: facts.team,
                                       founding: facts.founding)
        // A PostgreSQL login that may read but not call handoff_append changes nothing: say
        // so, naming the grant, before anything is tried (the board opens read-only).
        if case .acting(let member, _, _) = decision, let missing = facts.missingWriteGrant {
            return .readOnly(viewer: member.name, reason: missing)
        }
        return decision
    }

    /// The member a changing command acts as. Asking to be someone else, or not being on the
    /// roster, is refused (exit 5) before the command is tried.
    func actor(in store: any BoardStore) throws -> String {
        switch try identity(in: store) {
        case .acting(let member, _, _)?:
            return member.name
        case .readOnly(_, let reason)?:
            throw CLIFailure(code: 5, message: SafeText.sanitize(reason))
        case .refused(let message)?:
            throw CLIFailure(code: 5, message: SafeText.sanitize(message))
        case nil:
            // No team: the store says how to create one.
            if let requested = requestedActor { return requested }
            return try store.account()
        }
    }

    /// Who the board shows acting: a member, or a read-only viewer (their account, and why).
    /// Asking to be someone else is refused (exit 5) before the board opens.
    func viewer(of store: any BoardStore) throws -> BoardViewer {
        try viewer(from: store.identityFacts())
    }

    /// The same, from facts already read; the board starts from their team.
    func viewer(from facts: StoreIdentity) throws -> BoardViewer {
        switch identity(from: facts) {
        case .acting(let member, _, let personal)?:
            return BoardViewer(me: member.name, readOnly: nil, personal: personal, known: facts)
        case .readOnly(let viewer, let reason)?:
            return BoardViewer(me: SafeText.sanitize(viewer), readOnly: SafeText.sanitize(reason), personal: false, known: facts)
        case .refused(let message)?:
            throw CLIFailure(code: 5, message: SafeText.sanitize(message))
        case nil:
            return BoardViewer(me: facts.account, readOnly: Identity.notOnRoster(facts.account), personal: false, known: facts)
        }
    }

    /// The first team lead's name for a store this process founds: `--as`, else the account.
    func founderName(of store: any BoardStore) throws -> String {
        if let requested = requestedActor { return requested }
        return try store.account()
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

    /// How a store this process creates is founded: by its account, personal or not.
    func founding(of store: any BoardStore, personal: Bool) throws -> Founding {
        Founding(account: try store.account(), personal: personal)
    }
}

/// Who the board is opened for, as `Identity.decide` found them.
struct BoardViewer {
    var me: String
    var readOnly: String?
    var personal: Bool
    /// The roster and newest event read to decide it: the board starts from them.
    var known: StoreIdentity?
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
