import Foundation

/// What a member may ask of the board, without the input its form would take: "may maya
/// book L-7 now?" is answerable before the meeting time is typed.
public enum ActionKind: String, CaseIterable, Sendable {
    case addLead
    case edit
    /// Qualify: score against the SQL definition.
    case score
    case book
    case outcome
    case accept
    case nurture
    case returnLead
    /// Returned → queue (rework) or Nurture → queue (reactivate): one command, one key.
    case rework
    case archive
    /// Archived → SDR queue, by a team lead.
    case restore
    case dispute
    case resolve
    /// Move the booked meeting to another AE (cover).
    case reassignMeeting
    /// Ask members to score a handed-off lead blind (a team lead).
    case startCalibration
    /// Score a lead's open calibration blind (a participant).
    case scoreCalibration
    /// Undo my last action: it concerns no particular card.
    case undo

    /// The verb as the rules' sentences spell it.
    public var verb: String {
        switch self {
        case .addLead: "add"
        case .edit: "edit"
        case .score: "score"
        case .book: "book"
        case .outcome: "log the outcome of"
        case .accept: "accept"
        case .nurture: "nurture"
        case .returnLead: "return"
        case .rework: "rework"
        case .archive: "archive"
        case .restore: "restore"
        case .dispute: "dispute"
        case .resolve: "resolve the dispute on"
        case .reassignMeeting: "reassign the meeting of"
        case .startCalibration: "calibrate"
        case .scoreCalibration: "score the calibration of"
        case .undo: "undo"
        }
    }

    /// Whether the action is about one lead.
    public var needsLead: Bool { self != .addLead && self != .undo }
}

extension Command {
    /// The action a command carries out; nil for the team's and import's commands.
    public var kind: ActionKind? {
        switch self {
        case .addLead: .addLead
        case .edit: .edit
        case .score: .score
        case .book: .book
        case .logOutcome: .outcome
        case .accept: .accept
        case .nurture: .nurture
        case .returnLead: .returnLead
        case .rework: .rework
        case .archive: .archive
        case .restore: .restore
        case .dispute: .dispute
        case .resolveDispute: .resolve
        case .reassignMeeting: .reassignMeeting
        case .startCalibration: .startCalibration
        case .scoreCalibration: .scoreCalibration
        case .importLead, .addMember, .editMember, .setDefinition, .setAway: nil
        }
    }
}

/// The rules' answer to "may this member do this now?".
public enum Permission: Sendable, Equatable {
    case allowed
    /// Not now, with the error `Rules.decide` gives when it refuses the same thing.
    case refused(RuleError)

    public var isAllowed: Bool { self == .allowed }

    /// The rules' own sentence; nil when allowed.
    public var reason: String? {
        guard case .refused(let error) = self else { return nil }
        return error.description
    }
}

extension Rules {
    /// Whether `name` may take `kind` on `lead` now, whatever input they then type. Built
    /// from the very guards `decide` runs before it looks at the input (`Gate`), so a
    /// refusal here is the sentence `decide` would give. On a board card (facts without
    /// details) the guards that need the full lead pass; `decide` still has the last word.
    public static func check(_ kind: ActionKind, on lead: LeadFacts?, actor name: String,
                             context: RuleContext) -> Permission {
        do throws(RuleError) {
            try permit(kind, on: lead, actor: name, context: context)
            return .allowed
        } catch {
            return .refused(error)
        }
    }

    /// `check` as a throwing call.
    public static func permit(_ kind: ActionKind, on lead: LeadFacts?, actor name: String,
                              context: RuleContext) throws(RuleError) {
        let actor = try rosterMember(name, context: context)
        switch kind {
        case .addLead: return try requireAddsLeads(actor)
        case .undo: return
        default: break
        }
        guard let lead else { throw .notFound("no such lead") }
        let gate = Gate(verb: kind.verb, lead: lead, actor: actor, context: context)
        switch kind {
        case .edit: try gate.mayEdit()
        case .score: try gate.mayScore()
        case .book: try gate.mayBook()
        case .outcome: try gate.mayLogOutcome()
        case .accept: try gate.mayAccept()
        case .nurture: try gate.mayNurture()
        case .returnLead: try gate.mayReturn()
        case .rework: try gate.mayRework()
        case .archive: try gate.mayArchive()
        case .restore: try gate.mayRestore()
        case .dispute: try gate.mayDispute()
        case .resolve: try gate.mayResolve()
        case .reassignMeeting: try gate.mayReassignMeeting()
        case .startCalibration: try gate.mayStartCalibration()
        case .scoreCalibration: try gate.mayScoreCalibration()
        case .addLead, .undo: break
        }
    }

    /// The member acting, or why the board is read-only for them.
    static func rosterMember(_ name: String, context: RuleContext) throws(RuleError) -> Member {
        guard let actor = context.member(name) else {
            throw .notPermitted("\(name) is not on the team roster: the board is read-only for you (a team lead can add you with `handoff team add \(name) --role sdr|ae|lead`)")
        }
        return actor
    }
}
