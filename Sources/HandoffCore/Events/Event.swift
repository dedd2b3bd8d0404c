import Foundation

public enum EventType: String, Codable, Sendable, CaseIterable {
    case created
    case edited
    case scored
    case booked
    case outcome
    case accepted
    case nurtured
    case returned
    case reworked
    case reactivated
    case archived
    /// A team lead brought an archived lead back to the SDR queue.
    case restored
    case disputed
    case resolved
    case undone
    /// The booked meeting moved to another AE (a team lead's or its AE's cover): the lead
    /// stays in Handed off, the SDR keeps the booking's credit.
    case reassigned
    /// A team lead asked some members to score a handed-off lead blind (`payload.calibration`);
    /// the card does not move.
    case calibrating
    /// One participant's blind score of a lead under calibration (`payload.scorecard`).
    case calibrated
    /// Team events (no lead): a member joins or changes role; the definition changes.
    case member
    case definition
    /// A member is out of the office for some days (team event, no lead).
    case away

    /// How a timeline line reads: "booked", "logged no-show", "returned".
    public var verb: String {
        switch self {
        case .created: "created"
        case .edited: "edited"
        case .scored: "scored"
        case .booked: "booked a meeting"
        case .outcome: "logged the meeting"
        case .accepted: "accepted (SAO)"
        case .nurtured: "recycled to nurture"
        case .returned: "returned"
        case .reworked: "reworked"
        case .reactivated: "reactivated"
        case .archived: "archived"
        case .restored: "restored"
        case .disputed: "disputed the return"
        case .resolved: "resolved the dispute"
        case .undone: "undid"
        case .reassigned: "reassigned the meeting"
        case .calibrating: "started a calibration"
        case .calibrated: "scored the calibration"
        case .member: "changed the team"
        case .definition: "changed the SQL definition"
        case .away: "marked a member away"
        }
    }
}

/// What an event carries beyond who, when and where. Which fields are set depends on the
/// event's type; the shape stays flat so the log reads well as JSON.
public struct EventPayload: Codable, Sendable, Equatable {
    @Boxed public var fields: LeadFields?
    public var owner: String?
    public var scorecard: Scorecard?
    public var definitionVersion: Int?
    @Boxed public var meeting: Meeting?
    public var outcome: MeetingOutcome?
    public var newTime: Date?
    public var note: String?
    @Boxed public var disposition: Disposition?
    public var resolution: DisputeResolution?
    /// For `undone`: the event reversed, and the lead as it stood before it (`nil` when the
    /// undone event created the lead, which is then withdrawn to the archive).
    public var undoes: Int64?
    @Boxed public var restored: Lead?
    @Boxed public var member: Member?
    @Boxed public var definition: Definition?
    /// On the store's first event only: who founded it, and whether it is personal.
    @Boxed public var founding: Founding?
    /// The bulk action (marked cards, or the undo or redo of one) this event belongs to:
    /// every event of one bulk action carries the same id, so `undo` takes them back together.
    public var group: String?
    /// For a redo: the undo event whose change it makes again.
    public var redoes: Int64?
    /// `outcome` no-show or canceled: why the meeting did not happen (`OutcomeReason`).
    public var outcomeReason: OutcomeReason?
    /// For `reassigned`: the AE the meeting was with before (`meeting` is the meeting after).
    public var previousAE: String?
    /// For `away`: who is out, and which days.
    @Boxed public var away: Away?
    /// For `booked`: the AE the rotation proposed (`Routing`); another meeting AE is an override.
    public var proposedAE: String?
    /// For `calibrating`: who is asked to score the lead blind, under which definition version.
    @Boxed public var calibration: CalibrationRequest?

    public init(fields: LeadFields? = nil, owner: String? = nil, scorecard: Scorecard? = nil,
                definitionVersion: Int? = nil, meeting: Meeting? = nil, outcome: MeetingOutcome? = nil,
                newTime: Date? = nil, note: String? = nil, disposition: Disposition? = nil,
                resolution: DisputeResolution? = nil, undoes: Int64? = nil, restored: Lead? = nil,
                member: Member? = nil, definition: Definition? = nil, founding: Founding? = nil,
                group: String? = nil, redoes: Int64? = nil, previousAE: String? = nil, away: Away? = nil,
                outcomeReason: OutcomeReason? = nil, calibration: CalibrationRequest? = nil) {
        self.fields = fields
        self.owner = owner
        self.scorecard = scorecard
        self.definitionVersion = definitionVersion
        self.meeting = meeting
        self.outcome = outcome
        self.newTime = newTime
        self.note = note
        self.disposition = disposition
        self.resolution = resolution
        self.undoes = undoes
        self.restored = restored
        self.member = member
        self.definition = definition
        self.founding = founding
        self.group = group
        self.redoes = redoes
        self.previousAE = previousAE
        self.away = away
        self.outcomeReason = outcomeReason
        self.calibration = calibration
    }
}

/// One append-only fact. `seq` is 0 until the store assigns it.
public struct Event: Codable, Sendable, Equatable {
    public var seq: Int64
    public var at: Date
    public var actor: String
    public var lead: LeadID?
    public var type: EventType
    public var from: Column?
    public var to: Column?
    public var payload: EventPayload

    public init(seq: Int64 = 0, at: Date, actor: String, lead: LeadID?, type: EventType,
                from: Column?, to: Column?, payload: EventPayload = EventPayload()) {
        self.seq = seq
        self.at = at
        self.actor = actor
        self.lead = lead
        self.type = type
        self.from = from
        self.to = to
        self.payload = payload
    }

    /// A one-line summary for timelines and the command line.
    public var summary: String {
        var text = type.verb
        switch type {
        case .outcome:
            if let outcome = payload.outcome { text = "logged the meeting \(outcome.title)" }
            if let reason = payload.outcomeReason { text += " (\(reason.rawValue))" }
        case .returned:
            if let reasons = payload.disposition?.reasons, !reasons.isEmpty {
                text += " (" + reasons.map(\.rawValue).joined(separator: ", ") + ")"
            }
        case .resolved:
            if let resolution = payload.resolution { text = "\(resolution.rawValue) the dispute" }
        case .undone:
            if let undone = payload.undoes { text = "undid event #\(undone)" }
        case .reassigned:
            if let ae = payload.meeting?.ae {
                text = "reassigned the meeting" + (payload.previousAE.map { " from \($0)" } ?? "") + " to \(ae)"
            }
        case .away:
            if let away = payload.away {
                text = away.cleared == true ? "\(away.member)'s away days from \(away.from) to \(away.to) cleared"
                                            : "\(away.member) is away \(away.from) to \(away.to)"
            }
        case .calibrating:
            if let request = payload.calibration {
                text = "asked \(request.with.joined(separator: ", ")) to score the lead blind (definition v\(request.definitionVersion))"
            }
        case .member:
            if let member = payload.member {
                // One event type adds a member and changes one (the roster before it tells
                // which), so the summary says what holds after it.
                text = "\(member.name) is on the team as \(member.role.title)"
                if member.login != member.name { text += " (login \(member.login))" }
            }
        case .definition:
            if let version = payload.definition?.version { text = "set the SQL definition to v\(version)" }
        default:
            break
        }
        if payload.redoes != nil { text += " again (redo)" }
        if let from, let to, from != to { text += " · \(from.title) → \(to.title)" }
        return text
    }
}
