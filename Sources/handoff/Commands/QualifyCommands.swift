import ArgumentParser
import Foundation
import HandoffCore
import HandoffStore

struct ScoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score",
        abstract: "Score a lead against the current SQL definition.",
        discussion: """
            Each criterion is met (with the evidence: what the prospect said or did), not met, \
            or unknown. A lead is qualified when every required criterion is met. Example:
              handoff score L-7 --met need="Manual reconciliation takes 3 days a month" \
            --met authority="Dana runs the ops team" --not-met budget
            """
    )

    @OptionGroup var options: StoreOptions
    @Argument(help: "The lead, e.g. L-7.") var id: LeadID
    @OptionGroup var scoring: ScoreOptions
    @OptionGroup var version: VersionOption

    func run() throws {
        let store = try options.open()
        let applied = try store.execute(.score(scoring.scores), on: id, as: try options.actor(in: store), expecting: version.expected)
        guard let lead = applied.lead, let card = lead.scorecard else { return try report(applied, format: .text) }
        let definition = try store.team().definition
        let unmet = card.unmetRequired(in: definition)
        let by = " · by \(safe(applied.event.actor))"
        print(unmet.isEmpty
              ? "\(id) scored: qualified against SQL definition v\(definition.version) — book the meeting" + by
              : "\(id) scored: not qualified yet — \(unmet.joined(separator: ", ")) not met" + by)
    }
}

struct BookCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "book",
        abstract: "Book the first meeting with an AE: this hands the lead off.",
        discussion: """
            The lead must be qualified against the current SQL definition. Times: YYYY-MM-DD HH:MM, tomorrow 10:00, +2d 14:00.

            Without --ae the rotation picks the AE (config.toml's [routing]): the AE with the fewest \
            bookings this week (Monday to Sunday, local time) divided by their weight, skipping AEs \
            away on the meeting's day (`handoff team away`) or at their weekly cap; a tie goes to \
            whoever was booked least recently. It prints why ("alex — 3 this week of 8, next in \
            rotation"). With nobody available it refuses (exit 3). Under mode = "strict" another \
            --ae is refused; under "flexible" (the default) it is booked and counted as an override.
            """
    )

    @OptionGroup var options: StoreOptions
    @Argument(help: "The lead, e.g. L-7.") var id: LeadID
    @Option(help: "The AE who takes the meeting (default: the rotation's proposal).") var ae: String?
    @Option(help: ArgumentHelp("When the meeting is.", valueName: "TIME")) var at: String
    @Option(help: "What the AE should know going in.") var agenda: String = ""
    @OptionGroup var version: VersionOption

    func run() throws {
        let clock = try options.clock()
        let time = try parseDate(at, clock: clock, option: "--at", needsTime: true)
        let config = try Settings.config(environment: options.environment)
        let store = try options.open()
        store.policy = config.noShow
        let proposal = try store.routingProposal(team: store.team(), meetingAt: time, now: clock(), settings: config.routing)
        let chosen = try BookRouting.chosenAE(ae, proposal: proposal, lead: id)
        let applied = try store.execute(.book(ae: chosen, at: time, agenda: agenda, route: proposal.route), on: id,
                                        as: try options.actor(in: store), expecting: version.expected)
        print(BookRouting.line(proposal, booked: applied.event.payload.meeting?.ae ?? chosen))
        try report(applied, format: .text)
    }
}

struct OutcomeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "outcome",
        abstract: "Log what happened to the meeting: held, no-show, rescheduled or canceled.",
        discussion: """
            A no-show or cancellation sends the lead back to the SDR queue flagged to rebook, and takes a reason code \
            (--reason). After [no_show] limit no-shows on one lead (config.toml, default 2; 0: no limit) it cannot be \
            booked again: its SDR may archive it (handoff archive), a team lead may also recycle it to nurture \
            (handoff nurture --reason … --revisit DATE). Cancellations do not count toward the limit. \
            Rescheduled needs --at with the new time.

            Reason codes: \(OutcomeReason.allCases.map { "\n  \($0.rawValue.padding(toLength: 15, withPad: " ", startingAt: 0)) \($0.meaning)" }.joined())
            """
    )

    @OptionGroup var options: StoreOptions
    @Argument(help: "The lead, e.g. L-7.") var id: LeadID
    @Argument(help: "held, no-show, rescheduled or canceled.") var outcome: MeetingOutcome
    @Option(help: ArgumentHelp("The new time, for rescheduled.", valueName: "TIME")) var at: String?
    @Option(help: ArgumentHelp("Why a no-show or cancellation happened (required for those): \(OutcomeReason.codes).",
                               valueName: "CODE")) var reason: OutcomeReason?
    @Option(help: "A note on the meeting.") var note: String?
    @OptionGroup var version: VersionOption

    func run() throws {
        let clock = try options.clock()
        let newTime = try at.map { try parseDate($0, clock: clock, option: "--at", needsTime: true) }
        if newTime != nil, outcome != .rescheduled {
            throw CLIFailure(code: 2, message: "--at is only for rescheduled")
        }
        let policy = try Settings.config(environment: options.environment).noShow
        let (applied, store) = try perform(.logOutcome(outcome, newTime: newTime, note: note, reason: reason), on: id,
                                           options: options, expecting: version.expected, policy: policy)
        if let offer = try NoShowOffer.afterOutcome(applied, store: store, policy: policy) { print(offer) }
    }
}

extension OutcomeReason: ExpressibleByArgument {
    public init?(argument: String) { self.init(code: argument) }
    public static var allValueStrings: [String] { allCases.map(\.rawValue) }
}

extension MeetingOutcome: ExpressibleByArgument {
    public init?(argument: String) { self.init(slug: argument) }
    public static var allValueStrings: [String] { allCases.map(\.rawValue) }
}
