import ArgumentParser
import Foundation
import HandoffCore
import HandoffStore

extension LeadCommand {
    /// `handoff lead brief L-7`: the AE brief the board's `y` copies, printed.
    struct BriefVerb: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "brief",
            abstract: "Print the AE brief of a lead in markdown: what the board's y copies to the clipboard.",
            discussion: """
                The company, the contact, the scorecard's evidence in the prospect's words, the \
                meeting and its agenda, any disposition and the timeline (its newest \(Brief.maximumEvents) \
                events), at most \(Brief.maximumBytes / 1024) KiB. Every value is printed safely: \
                control and escape sequences in lead data are removed. Paste it into an email, or \
                pipe it: `handoff lead brief L-7 | pbcopy`.
                """
        )

        @OptionGroup var options: StoreOptions
        @Argument(help: "The lead, e.g. L-7.") var id: LeadID

        func run() throws {
            let store = try options.open()
            guard let lead = try store.lead(id) else { throw RuleError.notFound("no lead \(id)") }
            let events = try store.history(of: id)
            let definition = try store.team().definition
            let viewer = try options.calibrationViewer(of: store, reading: lead)
            print(Brief.markdown(lead, events: events, definition: definition, now: try options.clock()(), viewer: viewer),
                  terminator: "")
        }
    }
}
