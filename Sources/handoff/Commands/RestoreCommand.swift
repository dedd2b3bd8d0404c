import ArgumentParser
import HandoffCore

struct RestoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Bring an archived lead back to its SDR's queue (team leads only).",
        discussion: """
            For a lead archived as disqualified by mistake, or withdrawn by undoing its creation. \
            It returns to the SDR queue without its scorecard, meeting or disposition: a new \
            handoff needs a new scorecard. (Undoing a withdrawal, `handoff undo L-7`, also brings \
            the lead back, as it was.)
            """
    )

    @OptionGroup var options: StoreOptions
    @Argument(help: "The lead, e.g. L-7.") var id: LeadID
    @OptionGroup var version: VersionOption

    func run() throws {
        try perform(.restore, on: id, options: options, expecting: version.expected)
    }
}
