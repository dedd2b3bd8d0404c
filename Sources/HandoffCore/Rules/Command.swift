import Foundation

/// Something a person asks of the board. The board, the command line and import all turn
/// their input into one of these; `Rules` decides whether it may happen.
public enum Command: Sendable, Equatable {
    case addLead(LeadFields, owner: String?)
    /// A lead from a CRM export: like `addLead`, but it may start in Nurture when the CRM
    /// says the timing is bad. Only `.queue` and `.nurture` are allowed.
    case importLead(LeadFields, owner: String?, column: Column)
    case edit(LeadFields, owner: String?)
    case score([String: CriterionScore])
    /// `route`: what the rotation proposed (recorded as `proposedAE`) and whether it must be taken.
    case book(ae: String, at: Date, agenda: String, route: BookingRoute? = nil)
    /// `reason`: why a no-show or cancellation happened; required for those (`RulePolicy`),
    /// refused on the others.
    case logOutcome(MeetingOutcome, newTime: Date?, note: String?, reason: OutcomeReason? = nil)
    case accept(nextStep: String, nextDate: Date, opportunity: String?, assessment: Assessment?)
    case nurture(reason: String, revisit: Date)
    case returnLead(reasons: [RejectionReason], failed: [String], note: String)
    /// Returned → queue (rework) or nurture → queue (reactivate): the `w` key.
    case rework
    case archive
    /// Archived → SDR queue, by a team lead.
    case restore
    case dispute(note: String)
    case resolveDispute(DisputeResolution, note: String?)
    case addMember(Member)
    /// `team edit NAME`: a member's new role and/or login (nil: unchanged).
    case editMember(name: String, role: Role?, login: String?)
    case setDefinition([Criterion])
    /// Cover: the booked meeting moves to another AE (`handoff reassign`, the board's `R`).
    case reassignMeeting(ae: String, note: String?)
    /// `team away NAME --from --to` (or `--clear`): a member's days out of the office.
    case setAway(Away)
    /// A team lead asks members to score a handed-off lead blind (`handoff calibrate start`,
    /// the board's `c`): names as typed, canonicalised by the rules.
    case startCalibration(with: [String])
    /// A participant's blind score of the lead's open calibration (`handoff calibrate score`).
    case scoreCalibration([String: CriterionScore])

    /// The verb as the command line spells it; used in messages.
    public var verb: String {
        if let kind { return kind.verb }
        switch self {
        case .importLead: return "import"
        case .addMember, .editMember, .setAway: return "change the team"
        case .setDefinition: return "change the SQL definition"
        default: return "change"
        }
    }

    /// Whether the command acts on an existing lead.
    public var needsLead: Bool {
        switch self {
        case .addLead, .importLead, .addMember, .editMember, .setDefinition, .setAway: false
        default: true
        }
    }
}

/// Why a command was not carried out. Every message names the lead and says what is missing.
public enum RuleError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The transition is not allowed from where the lead stands.
    case refused(String)
    /// The input itself is wrong: a missing field, a bad date, an unknown code.
    case invalid(String)
    /// The actor's role may not do this.
    case notPermitted(String)
    /// No such lead or team member.
    case notFound(String)
    /// Someone else changed the lead since the command was decided.
    case conflict(String)

    public var description: String {
        switch self {
        case .refused(let message), .invalid(let message), .notPermitted(let message),
             .notFound(let message), .conflict(let message):
            message
        }
    }

    /// The command line's exit status: 3 refused or invalid, 4 conflict, 5 not permitted.
    public var exitCode: Int32 {
        switch self {
        case .refused, .invalid, .notFound: 3
        case .conflict: 4
        case .notPermitted: 5
        }
    }
}
