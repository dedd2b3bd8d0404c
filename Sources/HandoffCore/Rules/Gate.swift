import Foundation

/// What the rules need to know about a lead to say whether an action may happen to it,
/// before any input is typed. A full `Lead` knows everything; a board `Card` lacks the
/// `details`, and the guards that need them wait until the lead is read.
public struct LeadFacts: Sendable, Equatable {
    public var id: LeadID
    public var owner: String
    public var column: Column
    /// The AE of the booked meeting, if any.
    public var meetingAE: String?
    public var hasMeeting: Bool
    public var meetingOutcome: MeetingOutcome?
    public var disputeOpen: Bool
    /// Known only from the full lead; nil on a board card.
    public var details: Details?

    public struct Details: Sendable, Equatable {
        public var bookedBy: String?
        public var dispute: Dispute?
        public var scorecard: Scorecard?
        /// The lead's no-shows (`NoShows.count`), when the store counted them.
        public var noShows: Int?
        /// How many times it was handed off, when its meeting was booked, and the
        /// calibration it is under (`Gate+Calibration`).
        public var handoffs: Int
        public var bookedAt: Date?
        public var calibration: LeadCalibration?

        public init(bookedBy: String?, dispute: Dispute?, scorecard: Scorecard?, noShows: Int? = nil,
                    handoffs: Int = 0, bookedAt: Date? = nil, calibration: LeadCalibration? = nil) {
            self.bookedBy = bookedBy
            self.dispute = dispute
            self.scorecard = scorecard
            self.noShows = noShows
            self.handoffs = handoffs
            self.bookedAt = bookedAt
            self.calibration = calibration
        }
    }

    public init(id: LeadID, owner: String, column: Column, meetingAE: String?, hasMeeting: Bool,
                meetingOutcome: MeetingOutcome?, disputeOpen: Bool, details: Details?) {
        self.id = id
        self.owner = owner
        self.column = column
        self.meetingAE = meetingAE
        self.hasMeeting = hasMeeting
        self.meetingOutcome = meetingOutcome
        self.disputeOpen = disputeOpen
        self.details = details
    }
}

extension Lead {
    public var facts: LeadFacts {
        LeadFacts(id: id, owner: owner, column: column, meetingAE: meeting?.ae, hasMeeting: meeting != nil,
                  meetingOutcome: meeting?.outcome, disputeOpen: disputeOpen,
                  details: LeadFacts.Details(bookedBy: meeting?.bookedBy, dispute: dispute, scorecard: scorecard,
                                             noShows: noShows, handoffs: handoffs, bookedAt: meeting?.bookedAt,
                                             calibration: calibration))
    }
}

extension Card {
    public var facts: LeadFacts {
        LeadFacts(id: id, owner: owner, column: column, meetingAE: ae, hasMeeting: meetingAt != nil,
                  meetingOutcome: meetingOutcome, disputeOpen: disputeOpen, details: nil)
    }
}

/// The guards of SPEC §3 that do not depend on a command's input: who may act on a lead
/// and from which state. `Step` calls them before it looks at the input, and
/// `Rules.check` calls them alone, so the decision and the check cannot disagree.
struct Gate {
    let verb: String
    let lead: LeadFacts
    let actor: Member
    let context: RuleContext

    private var id: LeadID { lead.id }

    // MARK: Who and where

    /// The owning SDR, still an SDR, or a team lead: the SDR side of a lead needs the role
    /// as well as the ownership (an SDR who became an AE may not book her own leads).
    func requireOwner() throws(RuleError) {
        guard actor.isLead || actor.name == lead.owner else {
            throw .notPermitted("cannot \(verb) \(id): it belongs to \(lead.owner); only its SDR or a team lead may")
        }
        guard actor.isLead || actor.canWorkQueue else {
            throw .notPermitted("cannot \(verb) \(id): \(actor.name) is an \(actor.role.title) now, and the SDR side of a lead needs the SDR role (a team lead can move their leads with `handoff team reassign \(actor.name) --to SDR`)")
        }
    }

    /// The AE of the meeting, or a team lead; never the person who booked it, who would
    /// be dispositioning their own handoff.
    func requireMeetingAE() throws(RuleError) {
        let ae = lead.meetingAE
        guard actor.isLead || (actor.name == ae && actor.canTakeMeetings) else {
            throw .notPermitted("cannot \(verb) \(id): only the meeting's AE (\(ae ?? "none")) or a team lead may")
        }
        if let bookedBy = lead.details?.bookedBy, bookedBy == actor.name, ae == actor.name {
            throw .notPermitted("cannot \(verb) \(id): \(actor.name) booked this meeting with themselves as the AE, and an AE may never disposition a meeting they booked; another team lead decides it")
        }
    }

    func require(_ columns: Column..., doing what: String) throws(RuleError) {
        guard columns.contains(lead.column) else {
            let allowed = columns.map(\.title).joined(separator: " or ")
            throw .refused("cannot \(verb) \(id): it is in \(lead.column.title); only leads in \(allowed) can be \(what)")
        }
    }

    var noMeeting: RuleError { .refused("cannot log the meeting of \(id): no meeting is booked") }

    private func requireHeld(_ what: String) throws(RuleError) {
        try require(.handedOff, doing: what)
        try requireMeetingAE()
        guard lead.meetingOutcome == .held else {
            throw .refused("cannot \(verb) \(id): the meeting has not been logged as held (log the outcome first)")
        }
    }

    // MARK: One per action: everything it needs before its input

    func mayEdit() throws(RuleError) {
        try requireOwner()
        guard lead.column != .archived else { throw .refused("cannot edit \(id): it is archived") }
    }

    func mayScore() throws(RuleError) {
        try requireOwner()
        try require(.queue, doing: "scored")
    }

    /// Qualified against the current definition: needs the scorecard, so a board card
    /// (without details) passes until the lead is read.
    func mayBook() throws(RuleError) {
        try requireOwner()
        try require(.queue, doing: "booked")
        guard let details = lead.details else { return }
        let definition = context.definition
        guard let card = details.scorecard else {
            throw .refused("cannot book \(id): not qualified — it has no scorecard yet; score it against the SQL definition v\(definition.version) first")
        }
        guard card.definitionVersion == definition.version else {
            throw .refused("cannot book \(id): its scorecard is for SQL definition v\(card.definitionVersion); rescore it against v\(definition.version)")
        }
        let unmet = card.unmetRequired(in: definition)
        guard unmet.isEmpty else {
            throw .refused("cannot book \(id): not qualified — \(unmet.joined(separator: ", ")) not met")
        }
        if let count = details.noShows, let limit = context.policy.noShowLimit, count >= limit {
            throw .refused(NoShows.refusal(for: id, count: count, limit: limit, actorIsLead: actor.isLead))
        }
    }

    /// Waiting in the queue for a rebook after its meeting was a no-show or canceled.
    private var missedMeeting: Bool {
        lead.column == .queue && (lead.meetingOutcome == .noShow || lead.meetingOutcome == .canceled)
    }

    /// A no-show or a cancellation says why (when the policy asks it); nothing else takes a reason.
    func checkOutcomeReason(_ reason: OutcomeReason?, for outcome: MeetingOutcome) throws(RuleError) {
        switch outcome {
        case .noShow, .canceled:
            if reason == nil, context.policy.outcomeReasonRequired {
                let what = outcome == .noShow ? "a no-show" : "canceled"
                throw .invalid("cannot log \(id) as \(what): a reason code is required (--reason \(OutcomeReason.allCases.map(\.rawValue).joined(separator: "|")))")
            }
        case .held, .rescheduled:
            if let reason {
                throw .invalid("cannot log \(id) as \(outcome.title) with the reason \(reason.rawValue): a reason code is only for a no-show or a cancellation")
            }
        }
    }

    func mayLogOutcome() throws(RuleError) {
        guard actor.isLead || actor.name == lead.owner || actor.name == lead.meetingAE else {
            throw .notPermitted("cannot log the meeting of \(id): only its SDR (\(lead.owner)), the meeting's AE (\(lead.meetingAE ?? "none")) or a team lead may")
        }
        try require(.handedOff, doing: "given a meeting outcome")
        guard lead.hasMeeting else { throw noMeeting }
        if lead.meetingOutcome == .held {
            throw .refused("cannot log the meeting of \(id): it is already logged as held; give it a disposition (accept, nurture or return), or undo")
        }
    }

    func mayAccept() throws(RuleError) { try requireHeld("accepted") }

    /// After a held meeting, the AE's disposition; a lead that missed its meeting (waiting
    /// for a rebook in the queue) may be recycled to nurture by a team lead, the way out
    /// of the no-show limit (`NoShows.offer`).
    func mayNurture() throws(RuleError) {
        if missedMeeting {
            guard actor.isLead else {
                throw .notPermitted("cannot nurture \(id): its meeting was \(lead.meetingOutcome?.title ?? "missed"); only a team lead recycles such a lead to nurture (its SDR may archive it: `handoff archive \(id)`)")
            }
            return
        }
        try requireHeld("recycled to nurture")
    }

    func mayReturn() throws(RuleError) {
        try require(.handedOff, doing: "returned")
        try requireMeetingAE()
        if let dispute = lead.details?.dispute, dispute.resolution == .overturned {
            let by = dispute.resolvedBy.map { " by \($0)" } ?? ""
            throw .refused("cannot return \(id) again: its return was overturned on dispute\(by); this handoff can now only be accepted or recycled to nurture")
        }
    }

    /// Returned → queue (rework) or Nurture → queue (reactivate).
    func mayRework() throws(RuleError) {
        try requireOwner()
        switch lead.column {
        case .returned:
            if lead.disputeOpen {
                throw .refused("cannot rework \(id): its dispute is still open; wait for the team lead's ruling")
            }
        case .nurture:
            break
        default:
            throw .refused("cannot rework \(id): it is in \(lead.column.title); only Returned leads can be reworked and Nurture leads reactivated")
        }
    }

    /// A return, or a lead waiting for a rebook after a no-show or a cancellation (the way
    /// out of the no-show limit): its SDR's, or a team lead's.
    func mayArchive() throws(RuleError) {
        try requireOwner()
        if missedMeeting { return }
        try require(.returned, doing: "archived as disqualified")
        if lead.disputeOpen {
            throw .refused("cannot archive \(id): its dispute is still open")
        }
    }

    /// Once per return: an open dispute is known from a card, a ruled one only from the lead.
    func mayDispute() throws(RuleError) {
        guard actor.name == lead.owner || actor.isLead else {
            throw .notPermitted("cannot dispute \(id): only its SDR (\(lead.owner)) may dispute the return")
        }
        try requireOwner()
        try require(.returned, doing: "disputed")
        if lead.disputeOpen { throw .refused("cannot dispute \(id): a dispute is already open") }
        if let dispute = lead.details?.dispute {
            throw .refused("cannot dispute \(id): this return was already disputed and \(dispute.resolution?.rawValue ?? "resolved")")
        }
    }

    func mayResolve() throws(RuleError) {
        guard actor.isLead else {
            throw .notPermitted("cannot resolve the dispute on \(id): only a team lead rules on disputes")
        }
        guard lead.column == .returned, lead.disputeOpen else {
            throw .refused("cannot resolve the dispute on \(id): it has no open dispute")
        }
    }

    func mayRestore() throws(RuleError) {
        guard actor.isLead else {
            throw .notPermitted("cannot restore \(id): only a team lead brings an archived lead back")
        }
        try require(.archived, doing: "restored")
    }
}
