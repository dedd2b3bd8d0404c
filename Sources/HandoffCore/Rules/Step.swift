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

    /// The guards that do not depend on the input, shared with `Rules.check`.
    private var gate: Gate { Gate(verb: command.verb, lead: lead.facts, actor: actor, context: context) }

    private func required(_ text: String, _ what: String) throws(RuleError) -> String {
        let value = Rules.trimmed(text)
        guard !value.isEmpty else { throw .invalid("cannot \(command.verb) \(id): \(what) is required") }
        return value
    }

    // MARK: Transitions

    func edit(_ fields: LeadFields, owner: String?) throws(RuleError) -> Event {
        try gate.mayEdit()
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
        try gate.mayScore()
        let definition = context.definition
        // A rescore keeps what the SDR did not touch, as long as it was against this version.
        // Each given score goes straight into it: building a dictionary of the clean scores
        // and merging it in after was nearly half of what scoring cost a replayed log.
        var merged = lead.scorecard.flatMap { $0.definitionVersion == definition.version ? $0.scores : nil } ?? [:]
        for (key, score) in scores {
            guard definition.criterion(key) != nil else {
                let known = definition.criteria.map(\.key).joined(separator: ", ")
                throw .invalid("cannot score \(id): '\(key)' is not a criterion of the SQL definition v\(definition.version) (\(known))")
            }
            let evidence = Rules.trimmed(score.evidence)
            if score.status == .met, evidence.isEmpty {
                throw .invalid("cannot score \(id): '\(key)' is marked met but has no evidence; say what the prospect said or did")
            }
            merged[key] = CriterionScore(status: score.status, evidence: evidence)
        }
        guard !scores.isEmpty else { throw .invalid("cannot score \(id): no criteria given") }
        let card = Scorecard(definitionVersion: definition.version, scores: merged, scoredBy: actor.name, scoredAt: now)
        return event(.scored, EventPayload(scorecard: card, definitionVersion: definition.version))
    }

    func book(ae: String, at: Date, agenda: String, route: BookingRoute? = nil) throws(RuleError) -> Event {
        // Qualified against the current definition, so the scorecard is for this version.
        try gate.mayBook()
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
        try Routing.check(aeName, lead: id, at: at, route: route, context: context)
        let meeting = Meeting(ae: aeName, at: at, agenda: Rules.trimmed(agenda), bookedBy: actor.name, bookedAt: now)
        var payload = EventPayload(definitionVersion: context.definition.version, meeting: meeting)
        payload.proposedAE = route?.proposed
        return event(.booked, to: .handedOff, payload)
    }

    func logOutcome(_ outcome: MeetingOutcome, newTime: Date?, note: String?,
                    reason: OutcomeReason? = nil) throws(RuleError) -> Event {
        try gate.mayLogOutcome()
        guard let meeting = lead.meeting else { throw gate.noMeeting }
        let payloadNote = Rules.optional(note)
        try gate.checkOutcomeReason(reason, for: outcome)
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
            return event(.outcome, to: .queue, EventPayload(outcome: outcome, note: payloadNote, outcomeReason: reason))
        }
    }

    func accept(nextStep: String, nextDate: Date, opportunity: String?, assessment: Assessment?) throws(RuleError) -> Event {
        try gate.mayAccept()
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
        try gate.mayNurture()
        let why = try required(reason, "a reason")
        guard revisit > now else {
            throw .invalid("cannot nurture \(id): the revisit date \(DateInput.format(revisit, calendar: context.calendar)) must be in the future")
        }
        let disposition = Disposition(kind: .nurture, by: actor.name, at: now, reason: why, revisit: revisit)
        return event(.nurtured, to: .nurture, EventPayload(disposition: disposition))
    }

    func returnLead(reasons: [RejectionReason], failed: [String], note: String) throws(RuleError) -> Event {
        try gate.mayReturn()
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
        try gate.mayRework()
        return event(lead.column == .nurture ? .reactivated : .reworked, to: .queue)
    }

    func archive() throws(RuleError) -> Event {
        try gate.mayArchive()
        return event(.archived, to: .archived)
    }

    func dispute(note: String) throws(RuleError) -> Event {
        try gate.mayDispute()
        let text = try required(note, "a note saying why the return is wrong")
        return event(.disputed, EventPayload(note: text))
    }

    func resolve(_ resolution: DisputeResolution, note: String?) throws(RuleError) -> Event {
        try gate.mayResolve()
        let to: Column = resolution == .overturned ? .handedOff : .returned
        return event(.resolved, to: to, EventPayload(note: Rules.optional(note), resolution: resolution))
    }

    /// A team lead brings an archived lead back to its SDR's queue: a disqualification
    /// that was wrong, or a withdrawn lead that is wanted after all. Like a rework, a new
    /// handoff needs a new scorecard.
    func restore() throws(RuleError) -> Event {
        try gate.mayRestore()
        return event(.restored, to: .queue)
    }
}
