import Foundation

extension LogAudit {
    /// The command that makes `event`, as a person would have given it: the inverse of
    /// `Rules.decide`. Nil when the event lacks what its type carries. `team` is the
    /// roster before the event (a `member` event adds or edits depending on it). Undo
    /// events are decided by `Undo.decide` instead and give nil here.
    public static func command(for event: Event, team: Team) -> Command? {
        let payload = event.payload
        switch event.type {
        case .created:
            guard let fields = payload.fields else { return nil }
            let column = event.to ?? .queue
            return column == .queue ? .addLead(fields, owner: payload.owner) : .importLead(fields, owner: payload.owner, column: column)
        case .edited:
            guard let fields = payload.fields else { return nil }
            return .edit(fields, owner: payload.owner)
        case .scored:
            return payload.scorecard.map { .score($0.scores) }
        case .booked:
            // The proposal as recorded; whether routing was strict is the booker's setting, not replayed.
            let route = payload.proposedAE.map { BookingRoute(proposed: $0, strict: false) }
            return payload.meeting.map { .book(ae: $0.ae, at: $0.at, agenda: $0.agenda, route: route) }
        case .outcome:
            return payload.outcome.map {
                .logOutcome($0, newTime: payload.newTime, note: payload.note, reason: payload.outcomeReason)
            }
        case .accepted:
            guard let disposition = payload.disposition, let nextDate = disposition.nextDate else { return nil }
            return .accept(nextStep: disposition.nextStep ?? "", nextDate: nextDate,
                           opportunity: disposition.opportunity, assessment: disposition.assessment)
        case .nurtured:
            guard let disposition = payload.disposition, let revisit = disposition.revisit else { return nil }
            return .nurture(reason: disposition.reason ?? "", revisit: revisit)
        case .returned:
            guard let disposition = payload.disposition else { return nil }
            return .returnLead(reasons: disposition.reasons, failed: disposition.failedCriteria, note: disposition.note ?? "")
        case .reworked, .reactivated:
            return .rework
        case .archived:
            return .archive
        case .restored:
            return .restore
        case .disputed:
            return .dispute(note: payload.note ?? "")
        case .resolved:
            return payload.resolution.map { .resolveDispute($0, note: payload.note) }
        case .member:
            guard let member = payload.member else { return nil }
            guard let existing = team.member(member.name) else { return .addMember(member) }
            return .editMember(name: member.name, role: member.role == existing.role ? nil : member.role,
                               login: member.login == existing.login ? nil : member.login)
        case .definition:
            return payload.definition.map { .setDefinition($0.criteria) }
        case .away:
            return payload.away.map { .setAway($0) }
        case .reassigned:
            return payload.meeting.map { .reassignMeeting(ae: $0.ae, note: payload.note) }
        case .calibrating:
            return payload.calibration.map { .startCalibration(with: $0.with) }
        case .calibrated:
            return payload.scorecard.map { .scoreCalibration($0.scores) }
        case .undone:
            return nil
        }
    }
}
