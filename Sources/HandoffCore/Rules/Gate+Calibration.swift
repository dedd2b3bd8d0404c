import Foundation

extension Gate {
    /// A team lead asks for a blind calibration of a handoff: a lead with a booked meeting,
    /// from Handed off on (Handed off, SAO, Nurture, Returned, Archived), whose scorecard is
    /// still the one it was handed off with, and no calibration open on it. On a board card
    /// (without details) the checks that need the full lead wait until it is read.
    func mayStartCalibration() throws(RuleError) {
        guard actor.isLead else {
            throw .notPermitted("cannot calibrate \(lead.id): \(actor.name) is an \(actor.role.title), and only a team lead starts a calibration")
        }
        if let details = lead.details, details.handoffs == 0 {
            throw .refused("cannot calibrate \(lead.id): it was never handed off; a calibration scores a handoff against the definition it was booked under")
        }
        guard lead.column != .queue, lead.hasMeeting else {
            throw .refused("cannot calibrate \(lead.id): it is in \(lead.column.title) and not handed off now; only a lead from Handed off on (Handed off, SAO, Nurture, Returned, Archived) can be calibrated")
        }
        guard let details = lead.details else { return }
        guard let card = details.scorecard, let bookedAt = details.bookedAt, card.scoredAt <= bookedAt else {
            throw .refused("cannot calibrate \(lead.id): its scorecard is no longer the one it was handed off with (it was scored again after a missed meeting); calibrate it once it is handed off again")
        }
        if let open = details.calibration, open.isOpen {
            throw .refused("cannot calibrate \(lead.id): its calibration with \(open.with.joined(separator: ", ")) is still open (\(open.progress)); wait for their scores, or undo it")
        }
    }

    /// A participant named in the lead's open calibration who has not scored yet. On a
    /// board card (without details) it waits until the lead is read.
    func mayScoreCalibration() throws(RuleError) {
        guard let details = lead.details else { return }
        guard let calibration = details.calibration else {
            throw .refused("cannot score the calibration of \(lead.id): it is not being calibrated (a team lead starts one: `handoff calibrate start \(lead.id) --with NAMES`)")
        }
        guard calibration.with.contains(actor.name) else {
            throw .notPermitted("cannot score the calibration of \(lead.id): \(actor.name) is not named in it (\(calibration.with.joined(separator: ", ")))")
        }
        guard !calibration.scored.contains(actor.name) else {
            throw .refused("cannot score the calibration of \(lead.id): \(actor.name) has already scored it, and a second score is refused (undo yours first: `handoff undo \(lead.id)`)")
        }
    }
}
