import Foundation
import HandoffCore
import HandoffStore

/// The one path every changing command takes: open the store, hand the command to the
/// rules through the store, print what happened.
/// `policy`: config.toml's `[no_show]`, for the verbs it bears on (book, outcome).
@discardableResult
func perform(_ command: Command, on lead: LeadID?, options: StoreOptions, expecting version: Int?,
             format: OutputFormat = .text, policy: RulePolicy? = nil) throws -> (Applied, any BoardStore) {
    let store = try options.open()
    if let policy { store.policy = policy }
    let applied = try store.execute(command, on: lead, as: try options.actor(in: store), expecting: version)
    try report(applied, format: format)
    return (applied, store)
}

func report(_ applied: Applied, format: OutputFormat) throws {
    switch format {
    case .json:
        if let lead = applied.lead {
            try printJSON(LeadDocument(lead, events: nil, viewer: applied.event.actor))
        } else {
            try printJSON(applied.event)
        }
    case .text:
        print(describe(applied))
    }
}

/// One line that says what happened, and who the log records did it; `lead add` prints
/// just the id, for scripts.
func describe(_ applied: Applied) -> String {
    if applied.event.type == .created, let lead = applied.lead { return lead.id.description }
    return Describe.applied(applied) + " · by \(safe(applied.event.actor))"
}
