import ArgumentParser
import Foundation
import HandoffCore
import HandoffStore

struct AcceptCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "accept",
        abstract: "Accept a held meeting as a sales accepted opportunity (SAO).",
        discussion: "The AE owns the next step. The diagnostic questions are optional: they record the AE's read of the first conversation."
    )

    @OptionGroup var options: StoreOptions
    @Argument(help: "The lead, e.g. L-7.") var id: LeadID
    @Option(name: .customLong("next-step"), help: "The agreed next step.") var nextStep: String
    @Option(name: .customLong("next-date"), help: ArgumentHelp("When the next step happens.", valueName: "DATE")) var nextDate: String
    @Option(help: "The opportunity's reference in the CRM.") var opportunity: String?
    @Option(name: .customLong("good-problem"), help: "Is this a good problem for us to solve?") var goodProblem: String?
    @Option(name: .customLong("big-enough"), help: "Is it big enough for the prospect to act?") var bigEnough: String?
    @Option(name: .customLong("justifies"), help: "Is it big enough to justify our solution?") var justifies: String?
    @Option(help: "What could bog the sale down?") var risks: String?
    @OptionGroup var version: VersionOption

    func run() throws {
        let date = try parseDate(nextDate, clock: options.clock(), option: "--next-date")
        let assessment = Assessment(goodProblem: goodProblem, bigEnoughToAct: bigEnough, justifiesSolution: justifies, risks: risks)
        try perform(.accept(nextStep: nextStep, nextDate: date, opportunity: opportunity, assessment: assessment),
                    on: id, options: options, expecting: version.expected)
    }
}

struct NurtureCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nurture",
        abstract: "Recycle a held meeting to nurture: it met the definition, but no opportunity now.",
        discussion: "A team lead may also recycle a lead waiting for a rebook after a no-show or cancellation (the way out of the no-show limit, [no_show] in config.toml)."
    )

    @OptionGroup var options: StoreOptions
    @Argument(help: "The lead, e.g. L-7.") var id: LeadID
    @Option(help: "Why there is no opportunity now.") var reason: String
    @Option(help: ArgumentHelp("When the SDR should come back to it.", valueName: "DATE")) var revisit: String
    @OptionGroup var version: VersionOption

    func run() throws {
        let date = try parseDate(revisit, clock: options.clock(), option: "--revisit")
        try perform(.nurture(reason: reason, revisit: date), on: id, options: options, expecting: version.expected)
    }
}

struct ReturnCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "return",
        abstract: "Return a lead to its SDR as not qualified, with reason codes and a note.",
        discussion: """
            Reason codes: \(RejectionReason.defaults.map(\.rawValue).joined(separator: ", ")). \
            Reasons that name a criterion (no_need, not_icp, no_timeframe, no_authority) mark it failed. \
            An AE may return before the meeting (triage).
            """
    )

    @OptionGroup var options: StoreOptions
    @Argument(help: "The lead, e.g. L-7.") var id: LeadID
    @Option(help: ArgumentHelp("One or more reason codes, comma-separated.", valueName: "CODE[,CODE…]")) var reason: String
    @Option(help: ArgumentHelp("Criteria that failed, comma-separated.", valueName: "KEY[,KEY…]")) var failed: String?
    @Option(help: "What the SDR should know.") var note: String
    @OptionGroup var version: VersionOption

    func run() throws {
        let reasons = reason.split(separator: ",").map { RejectionReason(rawValue: $0.trimmingCharacters(in: .whitespaces).lowercased()) }
        let criteria = failed?.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } ?? []
        try perform(.returnLead(reasons: reasons, failed: criteria, note: note), on: id, options: options, expecting: version.expected)
    }
}

struct ReworkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rework",
        abstract: "Take a returned lead back to the SDR queue to rework it, or reactivate a nurture lead.",
        discussion: "A reworked lead needs a new scorecard before it can be handed off again."
    )

    @OptionGroup var options: StoreOptions
    @Argument(help: "The lead, e.g. L-7.") var id: LeadID
    @OptionGroup var version: VersionOption

    func run() throws {
        try perform(.rework, on: id, options: options, expecting: version.expected)
    }
}

struct ArchiveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "archive",
        abstract: "Archive a returned lead as disqualified: kept in the log, hidden from the board.",
        discussion: "Also a lead waiting for a rebook after a no-show or cancellation (the way out of the no-show limit, [no_show] in config.toml): its SDR or a team lead."
    )

    @OptionGroup var options: StoreOptions
    @Argument(help: "The lead, e.g. L-7.") var id: LeadID
    @OptionGroup var version: VersionOption

    func run() throws {
        try perform(.archive, on: id, options: options, expecting: version.expected)
    }
}

struct DisputeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dispute",
        abstract: "Dispute a return (the lead's SDR): a team lead will uphold or overturn it."
    )

    @OptionGroup var options: StoreOptions
    @Argument(help: "The lead, e.g. L-7.") var id: LeadID
    @Option(help: "Why the return is wrong.") var note: String
    @OptionGroup var version: VersionOption

    func run() throws {
        try perform(.dispute(note: note), on: id, options: options, expecting: version.expected)
    }
}

struct ResolveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resolve",
        abstract: "Rule on a disputed return (team leads): uphold keeps it returned; overturn sends it back to the AE.",
        discussion: "An overturned return no longer counts against the SDR; the AE then accepts or nurtures it."
    )

    @OptionGroup var options: StoreOptions
    @Argument(help: "The lead, e.g. L-7.") var id: LeadID
    @Argument(help: "uphold or overturn.") var ruling: DisputeResolution
    @Option(help: "The reason for the ruling.") var note: String?
    @OptionGroup var version: VersionOption

    func run() throws {
        try perform(.resolveDispute(ruling, note: note), on: id, options: options, expecting: version.expected)
    }
}

extension DisputeResolution: ExpressibleByArgument {
    public init?(argument: String) { self.init(verb: argument) }
    public static var allValueStrings: [String] { ["uphold", "overturn"] }
}

struct UndoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "undo",
        abstract: "Undo your last change still in effect (or the last change on one lead).",
        discussion: """
            Undo appends a compensating event; nothing is deleted. A team lead may undo anyone's \
            last change on a lead. Your last change may be a bulk action of the board (marked \
            cards): undo takes back every card of it still in effect, each as its own event, and \
            names each card it cannot (changed since by someone else). `handoff redo` makes it again.
            """
    )

    @OptionGroup var options: StoreOptions
    @Argument(help: "Undo the newest change on this lead instead of your own last change.") var id: LeadID?
    @OptionGroup var version: VersionOption

    func run() throws {
        let store = try options.open()
        let actor = try options.actor(in: store)
        guard id != nil || version.expected != nil else {
            try printBulk(try store.undoLast(as: actor), actor: actor)
            return
        }
        let applied = try store.undo(id, as: actor, expecting: version.expected)
        try report(applied, format: .text)
    }
}
