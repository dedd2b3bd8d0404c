import Foundation

extension Step {
    /// The meeting moves to `ae`: its time, agenda, outcome so far and booking (who booked
    /// it and when: the SDR's credit, and the rotation's count at the booking) stay; the
    /// event records the AE it was with. The new AE then logs the outcome and disposition.
    func reassignMeeting(ae: String, note: String?) throws(RuleError) -> Event {
        let id = lead.id
        let verb = command.verb
        try Gate(verb: verb, lead: lead.facts, actor: actor, context: context).mayReassignMeeting()
        guard var meeting = lead.meeting else { throw .refused("cannot \(verb) \(id): no meeting is booked") }
        let typed = Rules.trimmed(ae)
        guard let member = context.member(typed) else {
            throw .notFound("cannot \(verb) \(id): \(typed.isEmpty ? "no AE given" : "\(typed) is not on the team")")
        }
        let name = member.name
        guard member.canTakeMeetings else {
            throw .invalid("cannot \(verb) \(id): \(name) is an \(member.role.title), not an AE")
        }
        guard name != meeting.ae else {
            throw .refused("cannot \(verb) \(id): it is already with \(name)")
        }
        guard name != meeting.bookedBy else {
            throw .refused("cannot \(verb) \(id): \(name) booked it, and an AE may never disposition a meeting they booked; pick another AE")
        }
        let previous = meeting.ae
        meeting.ae = name
        return Event(at: context.now, actor: actor.name, lead: id, type: .reassigned, from: lead.column, to: lead.column,
                     payload: EventPayload(meeting: meeting, note: Rules.optional(note), previousAE: previous))
    }
}
