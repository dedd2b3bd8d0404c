import ArgumentParser
import HandoffCore
import HandoffPostgres
import HandoffStore

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create the store, with NAME as its first team lead.",
        discussion: """
            The store is created group-writable, so teammates on one host can share it. The default \
            SQL definition (need, fit, timeframe, authority required; budget optional) is installed \
            as v1.

            The account running init (your operating-system user on SQLite, your database user on \
            PostgreSQL) becomes the first lead's login: only that account acts as NAME. Add \
            teammates with `handoff team add NAME --role ROLE --login THEIR-ACCOUNT`.

            --personal makes a store for one person trying the product or training: the account \
            that creates it may act as any member with --as, and the board says "personal store". \
            Never share a personal store: anyone who runs handoff as its creator is everyone on it.

            A file already at --db that is not a Handoff store (another program's database, any \
            other non-empty file) is refused and left untouched. A refused init (a name that is not \
            one word, say) leaves no file behind.
            """
    )

    @OptionGroup var options: StoreOptions

    @Option(name: .long, help: ArgumentHelp("The first team lead's name.", valueName: "NAME"))
    var lead: String

    @Flag(help: "A personal store: its creator may act as any member (trying the product, training).")
    var personal = false

    func run() throws {
        let store = try options.open(create: true)
        let founding = try options.founding(of: store, personal: personal)
        let applied = try store.initialize(lead: lead, founding: founding)
        let founder = applied.event.payload.member
        let name = safe(founder?.name ?? lead)
        if personal {
            print("created \(store.location) with \(name) as team lead: a personal store, where \(safe(founding.account)) may act as any member")
        } else {
            print("created \(store.location) with \(name) as team lead (login \(safe(founder?.login ?? founding.account)))")
        }
    }
}

struct DoctorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check the store: SQLite's integrity check, and a replay of every event against the board.",
        discussion: """
            Every event is replayed through the same rules as a live command (with its own actor \
            and time, against the state the events before it left), and the board is compared \
            with the replay. Also checks that every row can be read, and that every projected \
            column (the board's card columns, and the email and external id that import's \
            duplicate check reads) agrees with the lead's state; a row that cannot be read is \
            named with its field and the check goes on. Exits 0 when the store is sound, 1 with \
            every problem listed otherwise, each event the rules refuse by its seq, lead and actor. \
            On PostgreSQL it first says whether the connection is encrypted and whether the \
            server's certificate was verified (sslmode in the URL: README, "TLS").
            """
    )

    @OptionGroup var options: StoreOptions

    func run() throws {
        let store = try options.open()
        if let server = store as? PostgresStore {
            // Whether the connection is encrypted, and what of the server's certificate was checked.
            print("connection: \(safe(try server.connectionSecurity()))")
        }
        let report = try store.doctor()
        guard report.isClean else {
            for problem in report.problems { print("problem: \(safe(problem))") }
            // The store's location, not --db: a URL's password is never printed.
            throw CLIFailure(code: 1, message: "\(report.problems.count) problem(s) in \(safe(store.location))")
        }
        print("ok: \(report.events) events, \(report.leads) leads; the log replays to exactly the stored board")
    }
}
