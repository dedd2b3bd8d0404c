import ArgumentParser
import HandoffCore
import HandoffStore

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create the store, with NAME as its first team lead.",
        discussion: """
            The store is created group-writable, so teammates on one host can share it. The default \
            SQL definition (need, fit, timeframe, authority required; budget optional) is installed as v1.

            A file already at --db that is not a Handoff store (another program's database, any \
            other non-empty file) is refused and left untouched. A refused init (a name that is not \
            one word, say) leaves no file behind.
            """
    )

    @OptionGroup var options: StoreOptions

    @Option(name: .long, help: ArgumentHelp("The first team lead's name (their login name).", valueName: "NAME"))
    var lead: String

    func run() throws {
        let store = try options.open(create: true)
        try store.initialize(lead: lead)
        print("created \(store.location) with \(safe(lead)) as team lead")
    }
}

struct DoctorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check the store: SQLite's integrity check, and a replay of every event against the board.",
        discussion: """
            Also checks that every row can be read, and that every projected column (the board's \
            card columns, and the email and external id that import's duplicate check reads) agrees \
            with the lead's state. A row that cannot be read is named with its field; the check \
            goes on. Exits 0 when the store is sound, 1 with the problems listed otherwise.
            """
    )

    @OptionGroup var options: StoreOptions

    func run() throws {
        let store = try options.open()
        let report = try store.doctor()
        guard report.isClean else {
            for problem in report.problems { print("problem: \(safe(problem))") }
            // The store's location, not --db: a URL's password is never printed.
            throw CLIFailure(code: 1, message: "\(report.problems.count) problem(s) in \(safe(store.location))")
        }
        print("ok: \(report.events) events, \(report.leads) leads; the log replays to exactly the stored board")
    }
}
