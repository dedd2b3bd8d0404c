import ArgumentParser
import Foundation
import HandoffCore
import HandoffSQLite
import HandoffStore

struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Open the board on a freshly seeded demo team: three SDRs, two AEs and you as team lead.",
        discussion: """
            About sixty leads with real histories across all five columns: returns with annotated \
            reasons, a dispute, no-shows to rebook, nurture items coming due. The store is a \
            temporary file unless --db names a new one. It is a personal store: you may act as any \
            member. Try `--as maya` to see an SDR's board.
            """
    )

    @OptionGroup var options: StoreOptions
    @OptionGroup var display: DisplayOptions

    @Flag(name: .customLong("seed-only"), help: "Seed the store and print its path instead of opening the board.")
    var seedOnly = false

    func run() throws {
        let path: String
        if let db = options.db {
            path = StoreLocation.resolve(db)
            if options.isPostgres {
                throw CLIFailure(code: 3, message: "the demo seeds a new SQLite file, not a PostgreSQL database: seed one with `handoff demo --seed-only --db demo.sqlite`, then move it with `handoff export --format json` and `handoff import --events` (see the README)")
            }
            if FileManager.default.fileExists(atPath: path) {
                throw CLIFailure(code: 3, message: "\(path) already exists: the demo seeds a new store (pick another --db, or omit it for a temporary one)")
            }
        } else {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("handoff-demo-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(6))")
            path = folder.appendingPathComponent("demo.sqlite").path
        }
        let account = OSAccount.current()
        // The board's settings are checked before the demo store is made.
        let board = seedOnly ? nil : try display.prepare()
        // You lead the demo team under your own name (`$HANDOFF_USER`, else your account); with
        // --as you visit it as someone else, and lee leads.
        let lead = options.actor.flatMap { $0.isEmpty ? nil : "lee" } ?? options.requestedActor ?? account
        let store = try DemoSeed.seed(path: path, lead: lead, founding: Founding(account: account, personal: true),
                                      now: options.clock()())
        guard let board else {
            print(path)
            return
        }
        try display.open(board, store: store, as: options.viewer(of: store), clock: options.clock())
        print("The demo store is kept at \(safe(path)): reopen it with `handoff --db \(safe(path))`")
    }
}
