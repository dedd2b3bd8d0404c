import Foundation

/// Folds events into the current state. The store runs this in the same transaction as the
/// append, and `doctor` runs it over the whole log to check the stored projection.
public enum Projection {
    /// The lead after `event`. `lead` is nil only before a `created` event. Returns nil when
    /// the event does not fit the lead (a log that is not this program's).
    public static func apply(_ event: Event, to lead: Lead?) -> Lead? {
        if event.type == .created {
            // A lead starts in the SDR queue, or in Nurture when imported with bad timing.
            let column = event.to ?? .queue
            guard lead == nil, let id = event.lead, let fields = event.payload.fields,
                  column == .queue || column == .nurture else { return nil }
            var created = Lead(id: id, fields: fields, owner: event.payload.owner ?? event.actor,
                               at: event.at, actor: event.actor)
            created.column = column
            created.version = 1
            return created
        }
        guard var next = lead else { return nil }
        let version = next.version
        switch event.type {
        case .created, .member, .definition, .away:
            return nil
        case .edited:
            if let fields = event.payload.fields { next.fields = fields }
            if let owner = event.payload.owner { next.owner = owner }
        case .scored:
            next.scorecard = event.payload.scorecard
        case .booked:
            next.meeting = event.payload.meeting
            next.handoffs += 1
            next.rebook = false
            next.disposition = nil
            next.dispute = nil
        case .outcome:
            guard var meeting = next.meeting, let outcome = event.payload.outcome else { return nil }
            meeting.outcomeNote = event.payload.note
            meeting.outcomeAt = event.at
            if outcome == .rescheduled, let newTime = event.payload.newTime {
                meeting.at = newTime
                meeting.outcome = nil
                meeting.reschedules += 1
            } else {
                meeting.outcome = outcome
            }
            if outcome == .noShow || outcome == .canceled { next.rebook = true }
            next.meeting = meeting
        case .accepted, .nurtured:
            next.disposition = event.payload.disposition
            if next.meeting?.outcome == .held {
                next.credits.append(Credit(sdr: next.owner, handoff: next.handoffs, sao: event.type == .accepted))
            }
        case .returned:
            next.disposition = event.payload.disposition
            next.dispute = nil
        case .reworked, .reactivated, .restored:
            next.scorecard = event.type == .reactivated ? next.scorecard : nil
            next.meeting = nil
            next.disposition = nil
            next.dispute = nil
            next.rebook = false
        case .archived:
            break
        case .calibrating:
            // A calibration neither moves the card nor touches its scorecard or credit.
            guard let request = event.payload.calibration else { return nil }
            next.calibration = LeadCalibration(with: request.with, definitionVersion: request.definitionVersion,
                                               startedBy: event.actor, startedAt: event.at)
        case .calibrated:
            guard var calibration = next.calibration, calibration.pending.contains(event.actor) else { return nil }
            calibration.scored.append(event.actor)
            next.calibration = calibration
        case .reassigned:
            // The meeting as it stands after the move: its AE changes, nothing else.
            guard next.meeting != nil, let meeting = event.payload.meeting else { return nil }
            next.meeting = meeting
        case .disputed:
            next.dispute = Dispute(note: event.payload.note ?? "", by: event.actor, at: event.at)
        case .resolved:
            guard var dispute = next.dispute, let resolution = event.payload.resolution else { return nil }
            dispute.resolution = resolution
            dispute.resolvedBy = event.actor
            dispute.resolvedAt = event.at
            dispute.resolutionNote = event.payload.note
            next.dispute = dispute
            if resolution == .overturned { next.disposition = nil }
        case .undone:
            if let restored = event.payload.restored {
                next = restored
            } else {
                next.column = .archived
                next.columnSince = event.at
            }
        }
        if let to = event.to, to != next.column {
            next.column = to
            next.columnSince = event.at
        }
        next.version = version + 1
        next.updatedAt = event.at
        next.lastActor = event.actor
        next.lastEvent = event.type
        return next
    }

    /// Replays a whole log (in `seq` order). Events that do not fit are reported by seq.
    public static func replay(_ events: [Event]) -> (leads: [LeadID: Lead], team: Team, misfits: [Int64]) {
        var leads: [LeadID: Lead] = [:]
        var team = Team()
        var misfits: [Int64] = []
        for event in events {
            if event.lead == nil {
                if !team.apply(event) { misfits.append(event.seq) }
                continue
            }
            guard let id = event.lead, let next = apply(event, to: leads[id]) else {
                misfits.append(event.seq)
                continue
            }
            leads[id] = next
        }
        return (leads, team, misfits)
    }
}

/// The roster and the current definition: the projection of the team events.
public struct Team: Sendable, Equatable {
    public var members: [Member] = []
    public var definition: Definition = .standard
    /// Who is out of the office which days, from the `away` events (Team+Away.swift).
    public var away: [Away] = []

    public init(members: [Member] = [], definition: Definition = .standard) {
        self.members = members
        self.definition = definition
    }

    public func member(_ name: String) -> Member? { members.first { $0.name == name } }

    /// The member an account logs in as: at most one, logins being unique on the team.
    public func member(login: String) -> Member? { members.first { $0.login == login } }

    /// Returns false when the event is not a team event.
    @discardableResult
    public mutating func apply(_ event: Event) -> Bool {
        switch event.type {
        case .member:
            guard let member = event.payload.member else { return false }
            if let index = members.firstIndex(where: { $0.name == member.name }) {
                members[index] = member
            } else {
                members.append(member)
            }
            return true
        case .definition:
            guard let definition = event.payload.definition else { return false }
            self.definition = definition
            return true
        case .away:
            return applyAway(event)
        default:
            return false
        }
    }
}
