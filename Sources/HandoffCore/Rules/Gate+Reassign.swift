import Foundation

extension Gate {
    /// Cover: a booked meeting moves to another AE before its outcome, or after it was held
    /// and before its disposition (the covering AE then gives it). Only on a lead in Handed
    /// off with a meeting, by the meeting's AE (still an AE) or a team lead.
    func mayReassignMeeting() throws(RuleError) {
        let ae = lead.meetingAE
        guard actor.isLead || (actor.name == ae && actor.canTakeMeetings) else {
            throw .notPermitted("cannot \(verb) \(lead.id): only the meeting's AE (\(ae ?? "none")) or a team lead may")
        }
        try require(.handedOff, doing: "reassigned to another AE")
        guard lead.hasMeeting else {
            throw .refused("cannot \(verb) \(lead.id): no meeting is booked")
        }
    }
}
