import Foundation

/// One command against one lead: the transitions of SPEC §3 and who may take them.
struct Step {
    let command: Command
    let lead: Lead
    let actor: Member
    let context: RuleContext

    private var id: LeadID { lead.id }
    private var now: Date { context.now }

    private func event(_ type: EventType, to: Column? = nil, _ payload: EventPayload = EventPayload()) -> Event {
        Event(at: now, actor: actor.name, lead: id, type: type, from: lead.column, to: to ?? lead.column,
              payload: payload)
    }

    // MARK: Who and where

    /// The owning SDR, still an SDR, or a team lead: the SDR side of a lead needs the role
    /// as well as the ownership (an SDR who became an AE may not book her own leads).
    private func requireOwner() throws(RuleError) {
        guard actor.isLead || actor.name == lead.owner else {
            throw .notPermitted("cannot \(command.verb) \(id): it belongs to \(lead.owner); only its SDR or a team lead may")
        }
        guard actor.isLead || actor.canWorkQueue else {
            throw .notPermitted("cannot \(command.verb) \(id): \(actor.name) is an \(actor.role.title) now, and the SDR side of a lead needs the SDR role (a team lead can move their leads with `handoff team reassign \(actor.name) --to SDR`)")
        }
    }

    /// The AE of the meeting, or a team lead; never the person who booked it, who would
    /// be dispositioning their own handoff.
    private func requireMeetingAE() throws(RuleError) {
        let ae = lead.meeting?.ae
        guard actor.isLead || (actor.name == ae && actor.canTakeMeetings) else {
            throw .notPermitted("cannot \(command.verb) \(id): only the meeting's AE (\(ae ?? "none")) or a team lead may")
        }
        if let meeting = lead.meeting, meeting.bookedBy == actor.name, meeting.ae == actor.name {
            throw .notPermitted("cannot \(command.verb) \(id): \(actor.name) booked this meeting with themselves as the AE, and an AE may never disposition a meeting they booked; another team lead decides it")
        }
    }

    private func require(_ columns: Column..., doing what: String) throws(RuleError) {
        guard columns.contains(lead.column) else {
            let allowed = columns.map(\.title).joined(separator: " or ")
            throw .refused("cannot \(command.verb) \(id): it is in \(lead.column.title); only leads in \(allowed) can be \(what)")
        }
    }

    private func required(_ text: String, _ what: String) throws(RuleError) -> String {
        let value = Rules.trimmed(text)
        guard !value.isEmpty else { throw .invalid("cannot \(command.verb) \(id): \(what) is required") }
        return value
    }

    // MARK: Transitions

    func edit(_ fields: LeadFields, owner: String?) throws(RuleError) -> Event {
        try requireOwner()
        guard lead.column != .archived else { throw .refused("cannot edit \(id): it is archived") }
        let clean = try Rules.validated(fields, action: "edit \(id)")
        var newOwner: String?
        if let owner = Rules.optional(owner), owner != lead.owner {
            guard actor.isLead || owner == actor.name else {
                throw .notPermitted("cannot reassign \(id) to \(owner): only a team lead reassigns leads")
            }
            try Rules.requireSDR(owner, context: context, action: "reassign \(id)")
            newOwner = context.member(owner)?.name ?? owner
        }
        guard clean != lead.fields || newOwner != nil else { throw .refused("nothing to change on \(id)") }
        return event(.edited, EventPayload(fields: clean, owner: newOwner))
    }

    func score(_ scores: [String: CriterionScore]) throws(RuleError) -> Event {
        try requireOwner()
        try require(.queue, doing: "scored")
        let definition = context.definition
        var clean: [String: CriterionScore] = [:]
        for (key, score) in scores {
            guard definition.criterion(key) != nil else {
                let known = definition.criteria.map(\.key).joined(separator: ", ")
                throw .invalid("cannot score \(id): '\(key)' is not a criterion of the SQL definition v\(definition.version) (\(known))")
            }
            let evidence = Rules.trimmed(score.evidence)
            if score.status == .met, evidence.isEmpty {
                throw .invalid("cannot score \(id): '\(key)' is marked met but has no evidence; say what the prospect said or did")
            }
            clean[key] = CriterionScore(status: score.status, evidence: evidence)
        }
        guard !clean.isEmpty else { throw .invalid("cannot score \(id): no criteria given") }
        // A rescore keeps what the SDR did not touch, as long as it was against this version.
        var merged = lead.scorecard.flatMap { $0.definitionVersion == definition.version ? $0.scores : nil } ?? [:]
        merged.merge(clean) { _, new in new }
        let card = Scorecard(definitionVersion: definition.version, scores: merged, scoredBy: actor.name, scoredAt: now)
        return event(.scored, EventPayload(scorecard: card, definitionVersion: definition.version))
    }

    func book(ae: String, at: Date, agenda: String) throws(RuleError) -> Event {
        try requireOwner()
        try require(.queue, doing: "booked")
        let definition = context.definition
        guard let card = lead.scorecard else {
            throw .refused("cannot book \(id): not qualified — it has no scorecard yet; score it against the SQL definition v\(definition.version) first")
        }
        guard card.definitionVersion == definition.version else {
            throw .refused("cannot book \(id): its scorecard is for SQL definition v\(card.definitionVersion); rescore it against v\(definition.version)")
        }
        let unmet = card.unmetRequired(in: definition)
        guard unmet.isEmpty else {
            throw .refused("cannot book \(id): not qualified — \(unmet.joined(separator: ", ")) not met")
        }
        let typed = Rules.trimmed(ae)
        guard let member = context.member(typed) else {
            throw .notFound("cannot book \(id): \(typed.isEmpty ? "no AE given" : "\(typed) is not on the team")")
        }
        let aeName = member.name
        guard member.canTakeMeetings else {
            throw .invalid("cannot book \(id): \(aeName) is an \(member.role.title), not an AE")
        }
        guard aeName != actor.name else {
            throw .refused("cannot book \(id): \(aeName) would be both the booker and the AE of the meeting, and an AE may never disposition a meeting they booked; book it with another AE")
        }
        guard at > now else {
            throw .invalid("cannot book \(id): the meeting time \(DateInput.format(at, calendar: context.calendar)) is in the past")
        }
        let meeting = Meeting(ae: aeName, at: at, agenda: Rules.trimmed(agenda), bookedBy: actor.name, bookedAt: now)
        return event(.booked, to: .handedOff,
                     EventPayload(definitionVersion: card.definitionVersion, meeting: meeting))
    }

    func logOutcome(_ outcome: MeetingOutcome, newTime: Date?, note: String?) throws(RuleError) -> Event {
        guard actor.isLead || actor.name == lead.owner || actor.name == lead.meeting?.ae else {
            throw .notPermitted("cannot log the meeting of \(id): only its SDR (\(lead.owner)), the meeting's AE (\(lead.meeting?.ae ?? "none")) or a team lead may")
        }
        try require(.handedOff, doing: "given a meeting outcome")
        guard let meeting = lead.meeting else { throw .refused("cannot log the meeting of \(id): no meeting is booked") }
        if meeting.outcome == .held {
            throw .refused("cannot log the meeting of \(id): it is already logged as held; give it a disposition (accept, nurture or return), or undo")
        }
        let payloadNote = Rules.optional(note)
        switch outcome {
        case .rescheduled:
            guard let newTime else {
                throw .invalid("cannot reschedule \(id): the new meeting time is required (--at \"YYYY-MM-DD HH:MM\")")
            }
            guard newTime > now else {
                throw .invalid("cannot reschedule \(id): the new time \(DateInput.format(newTime, calendar: context.calendar)) is in the past")
            }
            return event(.outcome, EventPayload(outcome: .rescheduled, newTime: newTime, note: payloadNote))
        case .held:
            guard meeting.at <= now else {
                throw .refused("cannot log \(id) as held: the meeting is at \(DateInput.format(meeting.at, calendar: context.calendar)), still to come")
            }
            return event(.outcome, EventPayload(outcome: .held, note: payloadNote))
        case .noShow, .canceled:
            if outcome == .noShow, meeting.at > now {
                throw .refused("cannot log \(id) as a no-show: the meeting is at \(DateInput.format(meeting.at, calendar: context.calendar)), still to come")
            }
            return event(.outcome, to: .queue, EventPayload(outcome: outcome, note: payloadNote))
        }
    }

    private func requireHeld(_ what: String) throws(RuleError) {
        try require(.handedOff, doing: what)
        try requireMeetingAE()
        guard lead.meeting?.outcome == .held else {
            throw .refused("cannot \(command.verb) \(id): the meeting has not been logged as held (log the outcome first)")
        }
    }

    func accept(nextStep: String, nextDate: Date, opportunity: String?, assessment: Assessment?) throws(RuleError) -> Event {
        try requireHeld("accepted")
        let step = try required(nextStep, "a next step")
        guard nextDate >= context.startOfToday else {
            throw .invalid("cannot accept \(id): the next-step date \(DateInput.format(nextDate, calendar: context.calendar)) is in the past")
        }
        let disposition = Disposition(kind: .accepted, by: actor.name, at: now, nextStep: step, nextDate: nextDate,
                                      opportunity: Rules.optional(opportunity),
                                      assessment: assessment.flatMap { $0.isEmpty ? nil : $0 })
        return event(.accepted, to: .sao, EventPayload(disposition: disposition))
    }

    func nurture(reason: String, revisit: Date) throws(RuleError) -> Event {
        try requireHeld("recycled to nurture")
        let why = try required(reason, "a reason")
        guard revisit > now else {
            throw .invalid("cannot nurture \(id): the revisit date \(DateInput.format(revisit, calendar: context.calendar)) must be in the future")
        }
        let disposition = Disposition(kind: .nurture, by: actor.name, at: now, reason: why, revisit: revisit)
        return event(.nurtured, to: .nurture, EventPayload(disposition: disposition))
    }

    func returnLead(reasons: [RejectionReason], failed: [String], note: String) throws(RuleError) -> Event {
        try require(.handedOff, doing: "returned")
        try requireMeetingAE()
        if let dispute = lead.dispute, dispute.resolution == .overturned {
            let by = dispute.resolvedBy.map { " by \($0)" } ?? ""
            throw .refused("cannot return \(id) again: its return was overturned on dispute\(by); this handoff can now only be accepted or recycled to nurture")
        }
        guard !reasons.isEmpty else {
            let codes = context.reasons.map(\.rawValue).joined(separator: ", ")
            throw .invalid("cannot return \(id): at least one reason code is required (\(codes))")
        }
        for reason in reasons where !context.reasons.contains(reason) {
            let codes = context.reasons.map(\.rawValue).joined(separator: ", ")
            throw .invalid("cannot return \(id): '\(reason.rawValue)' is not a reason code (\(codes))")
        }
        let text = try required(note, "a note for the SDR")
        // The lead was scored against a frozen version; failed criteria name its keys.
        let definition = context.definition
        var criteria: [String] = []
        for key in failed.map(Rules.trimmed) where !key.isEmpty {
            guard definition.criterion(key) != nil else {
                throw .invalid("cannot return \(id): '\(key)' is not a criterion of the SQL definition (\(definition.criteria.map(\.key).joined(separator: ", ")))")
            }
            if !criteria.contains(key) { criteria.append(key) }
        }
        for reason in reasons {
            if let key = reason.criterion, definition.criterion(key) != nil, !criteria.contains(key) { criteria.append(key) }
        }
        var unique: [RejectionReason] = []
        for reason in reasons where !unique.contains(reason) { unique.append(reason) }
        let disposition = Disposition(kind: .returned, by: actor.name, at: now, reasons: unique, failedCriteria: criteria,
                                      note: text, beforeMeeting: lead.meeting?.outcome != .held)
        return event(.returned, to: .returned, EventPayload(disposition: disposition))
    }

    func rework() throws(RuleError) -> Event {
        try requireOwner()
        switch lead.column {
        case .returned:
            if lead.disputeOpen {
                throw .refused("cannot rework \(id): its dispute is still open; wait for the team lead's ruling")
            }
            return event(.reworked, to: .queue)
        case .nurture:
            return event(.reactivated, to: .queue)
        default:
            throw .refused("cannot rework \(id): it is in \(lead.column.title); only Returned leads can be reworked and Nurture leads reactivated")
        }
    }

    func archive() throws(RuleError) -> Event {
        try requireOwner()
        try require(.returned, doing: "archived as disqualified")
        if lead.disputeOpen {
            throw .refused("cannot archive \(id): its dispute is still open")
        }
        return event(.archived, to: .archived)
    }

    func dispute(note: String) throws(RuleError) -> Event {
        guard actor.name == lead.owner || actor.isLead else {
            throw .notPermitted("cannot dispute \(id): only its SDR (\(lead.owner)) may dispute the return")
        }
        try requireOwner()
        try require(.returned, doing: "disputed")
        if let dispute = lead.dispute {
            throw .refused(dispute.isOpen
                ? "cannot dispute \(id): a dispute is already open"
                : "cannot dispute \(id): this return was already disputed and \(dispute.resolution?.rawValue ?? "resolved")")
        }
        let text = try required(note, "a note saying why the return is wrong")
        return event(.disputed, EventPayload(note: text))
    }

    func resolve(_ resolution: DisputeResolution, note: String?) throws(RuleError) -> Event {
        guard actor.isLead else {
            throw .notPermitted("cannot resolve the dispute on \(id): only a team lead rules on disputes")
        }
        guard lead.column == .returned, lead.disputeOpen else {
            throw .refused("cannot resolve the dispute on \(id): it has no open dispute")
        }
        let to: Column = resolution == .overturned ? .handedOff : .returned
        return event(.resolved, to: to, EventPayload(note: Rules.optional(note), resolution: resolution))
    }

    /// A team lead brings an archived lead back to its SDR's queue: a disqualification
    /// that was wrong, or a withdrawn lead that is wanted after all. Like a rework, a new
    /// handoff needs a new scorecard.
    func restore() throws(RuleError) -> Event {
        guard actor.isLead else {
            throw .notPermitted("cannot restore \(id): only a team lead brings an archived lead back")
        }
        try require(.archived, doing: "restored")
        return event(.restored, to: .queue)
    }
}
