import ArgumentParser
import HandoffCore
import HandoffStore

extension TeamCommand {
    struct Reassign: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Move an SDR's open leads to another SDR (team leads only).",
            discussion: """
                Every lead NAME owns in SDR queue, Handed off, Nurture or Returned becomes the other \
                SDR's, one `edited` event per lead through the same rules as `lead edit --owner`. \
                All or nothing: if one lead is refused, none moves. Accepted (SAO) and archived \
                leads stay where the credit and the history are. Use it when an SDR leaves or \
                changes role (`team edit NAME --role ae`). This moves the SDR side of leads; to \
                move a booked meeting to another AE, use `handoff reassign L-7 --ae AE`.
                """
        )

        @OptionGroup var options: StoreOptions

        @Argument(help: "The SDR whose leads move.")
        var name: String

        @Option(help: ArgumentHelp("The SDR who takes them.", valueName: "SDR"))
        var to: String

        func run() throws {
            let store = try options.open()
            let actor = try options.actor(in: store)
            let team = try store.team()
            let context = RuleContext(definition: team.definition, roster: team.members, now: .now)
            guard let from = context.member(name) else {
                throw RuleError.notFound("\(Rules.trimmed(name)) is not on the team")
            }
            let open: [Column] = [.queue, .handedOff, .nurture, .returned]
            let leads = try store.leads(LeadQuery(columns: open, owner: from.name)).filter { $0.owner == from.name }
            guard !leads.isEmpty else {
                print("\(safe(from.name)) owns no open leads: nothing to move")
                return
            }
            let items = leads.map { BatchItem(.edit($0.fields, owner: to), on: $0.id) }
            let result = try store.execute(batch: items, as: actor, options: BatchOptions(mode: .allOrNothing, skipDuplicates: false))
            if let (index, error) = result.refusals.first {
                throw RuleError.refused("nothing was moved: \(leads[index].id): \(error.description)")
            }
            let ids = result.applied.map(\.description).joined(separator: ", ")
            let target = context.member(to)?.name ?? Rules.trimmed(to)
            print("moved \(result.applied.count) lead\(result.applied.count == 1 ? "" : "s") from \(safe(from.name)) to \(safe(target)): \(ids) · by \(safe(actor))")
        }
    }
}

/// After a change of role: what the member still holds, and what that means.
func describeRoleChange(_ applied: Applied, from before: Member?, store: any BoardStore) throws -> String? {
    guard let member = applied.event.payload.member, let before, before.role != member.role else { return nil }
    let holdings = Holdings(of: member.name, in: try store.leads(LeadQuery(owner: member.name)))
    var text = "\(safe(member.name)) was \(before.role.title), is now \(member.role.title); \(safe(holdings.summary))"
    if holdings.ownedCount > 0, !member.canWorkQueue {
        text += ". The SDR side of those leads needs the SDR role now: move them with `handoff team reassign \(safe(member.name)) --to SDR`"
    }
    if holdings.meetings > 0, !member.canTakeMeetings {
        text += ". Only a team lead can disposition those meetings now"
    }
    return text
}
