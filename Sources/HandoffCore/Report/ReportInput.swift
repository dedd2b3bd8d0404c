import Foundation

/// One event as the metrics need it: who, when, where to, and the few payload fields
/// that move a figure or the card. The store produces these without decoding whole
/// payloads, which is what keeps a report over a million events under a second.
public struct ReportEvent: Sendable, Equatable {
    public var seq: Int64
    public var at: Date
    public var lead: LeadID
    public var type: EventType
    /// The column the event leaves the lead in.
    public var to: Column?
    /// `created` and `edited`: the owning SDR the event sets. `booked`, `reassigned`: the meeting's AE.
    public var person: String?
    /// `created` and `edited`: the company.
    public var company: String?
    /// `booked`: the meeting's time. `outcome` rescheduled: the new time.
    public var meetingAt: Date?
    public var outcome: MeetingOutcome?
    /// `nurtured`: when to revisit.
    public var revisit: Date?
    public var resolution: DisputeResolution?
    /// `undone`: the seq of the event it reverses.
    public var undoes: Int64?
    /// `returned`: why. Nil on every other event, which keeps the rest cheap to copy.
    public var returned: ReturnFacts?
    /// `outcome` no-show or canceled: the reason code, if one was given. The stores read
    /// it from the payload of outcome events alone (it has no report column).
    public var outcomeReason: OutcomeReason? = nil

    @inlinable
    public init(seq: Int64, at: Date, lead: LeadID, type: EventType, to: Column? = nil, person: String? = nil,
                company: String? = nil, meetingAt: Date? = nil, outcome: MeetingOutcome? = nil, revisit: Date? = nil,
                resolution: DisputeResolution? = nil, undoes: Int64? = nil, returned: ReturnFacts? = nil) {
        self.seq = seq
        self.at = at
        self.lead = lead
        self.type = type
        self.to = to
        self.person = person
        self.company = company
        self.meetingAt = meetingAt
        self.outcome = outcome
        self.revisit = revisit
        self.resolution = resolution
        self.undoes = undoes
        self.returned = returned
    }

    /// The metrics' view of a stored event; nil for team events, which no figure reads.
    public init?(_ event: Event) {
        guard let lead = event.lead else { return nil }
        let payload = event.payload
        var person: String?
        var meetingAt: Date?
        switch event.type {
        case .created: person = payload.owner ?? event.actor
        case .edited: person = payload.owner
        case .booked:
            person = payload.meeting?.ae
            meetingAt = payload.meeting?.at
        case .outcome: meetingAt = payload.newTime
        case .reassigned: person = payload.meeting?.ae
        default: break
        }
        let disposition = payload.disposition
        let returned = event.type == .returned ? disposition.map {
            ReturnFacts(reasons: $0.reasons, failedCriteria: $0.failedCriteria, beforeMeeting: $0.beforeMeeting)
        } : nil
        self.init(seq: event.seq, at: event.at, lead: lead, type: event.type, to: event.to, person: person,
                  company: payload.fields?.company, meetingAt: meetingAt, outcome: payload.outcome,
                  revisit: event.type == .nurtured ? disposition?.revisit : nil, resolution: payload.resolution,
                  undoes: payload.undoes, returned: returned)
        outcomeReason = event.type == .outcome ? payload.outcomeReason : nil
    }
}

/// A return's reason codes, the definition criteria it says failed, and whether the AE
/// returned the lead before the meeting (triage).
public struct ReturnFacts: Sendable, Equatable {
    public var reasons: [RejectionReason]
    public var failedCriteria: [String]
    public var beforeMeeting: Bool

    public init(reasons: [RejectionReason], failedCriteria: [String] = [], beforeMeeting: Bool = false) {
        self.reasons = reasons
        self.failedCriteria = failedCriteria
        self.beforeMeeting = beforeMeeting
    }
}

/// A card as the current-state figures need it: where it is, since when, whose it is,
/// and what is pending on it. Built from the projection (`Lead`), or read straight from
/// the store's projection table.
public struct ReportLead: Sendable, Equatable {
    public var id: LeadID
    public var company: String
    /// The owning SDR.
    public var owner: String
    public var column: Column
    public var columnSince: Date
    /// The current handoff's AE and meeting, if any.
    public var ae: String?
    public var meetingAt: Date?
    public var outcome: MeetingOutcome?
    /// Nurture: when to revisit.
    public var revisit: Date?
    /// Returned: the reason codes.
    public var reasons: [RejectionReason]
    public var disputeOpenedAt: Date?
    public var disputeResolution: DisputeResolution?
    public var disputeResolvedAt: Date?

    public init(id: LeadID, company: String, owner: String, column: Column, columnSince: Date, ae: String? = nil,
                meetingAt: Date? = nil, outcome: MeetingOutcome? = nil, revisit: Date? = nil,
                reasons: [RejectionReason] = [], disputeOpenedAt: Date? = nil,
                disputeResolution: DisputeResolution? = nil, disputeResolvedAt: Date? = nil) {
        self.id = id
        self.company = company
        self.owner = owner
        self.column = column
        self.columnSince = columnSince
        self.ae = ae
        self.meetingAt = meetingAt
        self.outcome = outcome
        self.revisit = revisit
        self.reasons = reasons
        self.disputeOpenedAt = disputeOpenedAt
        self.disputeResolution = disputeResolution
        self.disputeResolvedAt = disputeResolvedAt
    }

    public init(_ lead: Lead) {
        self.init(id: lead.id, company: lead.company, owner: lead.owner, column: lead.column,
                  columnSince: lead.columnSince, ae: lead.meeting?.ae, meetingAt: lead.meeting?.at,
                  outcome: lead.meeting?.outcome,
                  revisit: lead.disposition?.kind == .nurture ? lead.disposition?.revisit : nil,
                  reasons: lead.disposition?.kind == .returned ? lead.disposition?.reasons ?? [] : [],
                  disputeOpenedAt: lead.dispute?.at, disputeResolution: lead.dispute?.resolution,
                  disputeResolvedAt: lead.dispute?.resolvedAt)
    }

    public var disputeOpen: Bool { disputeOpenedAt != nil && disputeResolution == nil }

    /// Held, in Handed off, no disposition yet: the AE's SLA clock is running.
    public var awaitingDisposition: Bool { column == .handedOff && outcome == .held }

    /// When the AE's SLA clock started: the meeting's time, or the ruling that sent an
    /// overturned return back to the AE, whichever came later.
    public var slaClockStart: Date? {
        guard let meetingAt else { return nil }
        if disputeResolution == .overturned, let ruled = disputeResolvedAt, ruled > meetingAt { return ruled }
        return meetingAt
    }
}
