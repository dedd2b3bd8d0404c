import ArgumentParser
import Foundation
import HandoffCore
import HandoffStore

struct RedoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "redo",
        abstract: "Make again what your last undo took back (the board's Ctrl-R).",
        discussion: """
            A redo is a new event: the undone change given again, decided by the rules now, as \
            if you had just asked for it. It is refused, with the reason, once anyone has changed \
            the card since the undo (undo twice, then redo twice, walks back and forth). After \
            the undo of a bulk action it redoes every card of it, and names each card it cannot. \
            Redoing a booking is held to config.toml's [no_show] limit exactly as `handoff book` is.
            """
    )

    @OptionGroup var options: StoreOptions

    func run() throws {
        let config = try Settings.config(environment: options.environment)
        let store = try options.open()
        store.policy = config.noShow
        let actor = try options.actor(in: store)
        try printBulk(try store.redoLast(as: actor), actor: actor)
    }
}

/// Prints a bulk outcome: its summary, then one refused card a line. Nothing done and
/// something refused is a refusal (exit 3).
func printBulk(_ outcome: BulkOutcome, actor: String) throws {
    if outcome.done.isEmpty, let first = outcome.refused.first {
        throw RuleError.refused(outcome.refused.count == 1 ? first.reason : outcome.summary)
    }
    if outcome.refused.isEmpty {
        print(outcome.summary + " · by \(safe(actor))")
        return
    }
    for line in outcome.lines { print(line) }
    print("· by \(safe(actor))")
}
