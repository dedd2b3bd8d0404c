import ArgumentParser
import Foundation
import HandoffCore
import HandoffStore

struct ReassignCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reassign",
        abstract: "Move booked meetings to another AE (cover); the SDR keeps the credit.",
        discussion: """
            The meeting of each handed-off lead goes to the AE named by --ae, with its time, \
            agenda and history; who booked it and when stay, so the SDR keeps the credit, and the \
            rotation counts it as a booking for the new AE from now on. The new AE then logs the \
            outcome and gives the disposition. A meeting already held and waiting for its \
            disposition may move too, so that a covering AE decides it. Only the meeting's AE or \
            a team lead may reassign it; the new AE must be an AE on the team (or a team lead), \
            not the one it is with, and never the person who booked it.

            Several leads (`handoff reassign L-7 L-9 --ae jordan`) are one bulk action, like the \
            board's marked cards: each is decided on its own, the others go ahead when one is \
            refused (each refusal is named, and the exit status is 3), and `handoff undo` takes \
            them all back together. At most \(BulkGroup.maximumCards) leads.

            This moves a meeting's AE. To move an SDR's leads to another SDR, use \
            `handoff team reassign NAME --to SDR` (all their open leads) or `handoff lead edit \
            L-7 --owner SDR` (one lead).
            """
    )

    @OptionGroup var options: StoreOptions
    @Argument(help: ArgumentHelp("One or more handed-off leads, e.g. L-7 L-9.", valueName: "LEAD"))
    var ids: [LeadID]
    @Option(help: ArgumentHelp("The AE who takes the meetings.", valueName: "AE")) var ae: String
    @Option(help: "Why (kept with the change, shown in the timeline).") var note: String?
    @OptionGroup var version: VersionOption

    func validate() throws {
        guard !ids.isEmpty else { throw ValidationError("name at least one lead, e.g. `handoff reassign L-7 --ae jordan`") }
        guard ids.count <= BulkGroup.maximumCards else {
            throw ValidationError("\(ids.count) leads: a reassign takes at most \(BulkGroup.maximumCards)")
        }
        guard Set(ids).count == ids.count else { throw ValidationError("a lead is named twice") }
        guard ids.count == 1 || version.expected == nil else {
            throw ValidationError("--expect-version takes one lead")
        }
    }

    func run() throws {
        let command = Command.reassignMeeting(ae: ae, note: note)
        guard ids.count > 1 else {
            try perform(command, on: ids.first, options: options, expecting: version.expected)
            return
        }
        let store = try options.open()
        let actor = try options.actor(in: store)
        let outcome = try store.bulk(.reassignMeeting(ae: ae, note: note), on: ids, as: actor)
        try printBulk(outcome, actor: actor)
        if !outcome.refused.isEmpty {
            let which = outcome.refused.map(\.lead.description).joined(separator: ", ")
            throw CLIFailure(code: 3, message: "\(outcome.refused.count) of \(ids.count) not reassigned (\(which)); the others were, as one action (`handoff undo` takes them back)")
        }
    }
}
