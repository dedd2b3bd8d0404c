import Foundation

extension Step {
    /// A team lead names who scores the lead blind (1 to 8 members, on the team, not its
    /// SDR), against the definition version it was handed off under: its scorecard's, which
    /// booking required to be the current one then. The card does not move.
    func startCalibration(with names: [String]) throws(RuleError) -> Event {
        let id = lead.id
        try Gate(verb: command.verb, lead: lead.facts, actor: actor, context: context).mayStartCalibration()
        guard let card = lead.scorecard else { throw .refused("cannot calibrate \(id): it has no scorecard") }
        guard !names.isEmpty else {
            throw .invalid("cannot calibrate \(id): name who scores it blind (--with alex,theo)")
        }
        let most = LeadCalibration.maximumParticipants
        guard names.count <= most else {
            throw .invalid("cannot calibrate \(id): \(names.count) names; a calibration takes at most \(most)")
        }
        var chosen: [String] = []
        for raw in names {
            let typed = Rules.trimmed(raw)
            guard !typed.isEmpty else { throw .invalid("cannot calibrate \(id): an empty name in the list") }
            guard let member = context.member(typed) else {
                let shown = SafeText.sanitize(typed)
                let hint = MemberName.lookalike(of: typed, among: context.roster.values).map { " (did you mean \($0.name)?)" } ?? ""
                throw .notFound("cannot calibrate \(id): \(shown) is not on the team\(hint)")
            }
            guard member.name != lead.owner else {
                throw .invalid("cannot calibrate \(id): \(member.name) is its SDR, whose scorecard the others are compared with; name someone else")
            }
            guard !chosen.contains(member.name) else {
                throw .invalid("cannot calibrate \(id): \(member.name) is named twice")
            }
            chosen.append(member.name)
        }
        let request = CalibrationRequest(with: chosen.sorted(), definitionVersion: card.definitionVersion)
        return Event(at: context.now, actor: actor.name, lead: id, type: .calibrating, from: lead.column, to: lead.column,
                     payload: EventPayload(calibration: request))
    }

    /// A participant's blind score, criterion by criterion as `score` takes them, against
    /// the calibration's definition version. The card does not move.
    func scoreCalibration(_ scores: [String: CriterionScore]) throws(RuleError) -> Event {
        let id = lead.id
        try Gate(verb: command.verb, lead: lead.facts, actor: actor, context: context).mayScoreCalibration()
        guard let calibration = lead.calibration else {
            throw .refused("cannot score the calibration of \(id): it is not being calibrated")
        }
        let version = calibration.definitionVersion
        guard let definition = context.definition(version: version) else {
            throw .refused("cannot score the calibration of \(id): the SQL definition v\(version) it was handed off under is not in this store")
        }
        var clean: [String: CriterionScore] = [:]
        for (key, score) in scores {
            guard definition.criterion(key) != nil else {
                let known = definition.criteria.map(\.key).joined(separator: ", ")
                throw .invalid("cannot score the calibration of \(id): '\(SafeText.sanitize(key))' is not a criterion of the SQL definition v\(version) (\(known))")
            }
            let evidence = Rules.trimmed(score.evidence)
            if score.status == .met, evidence.isEmpty {
                throw .invalid("cannot score the calibration of \(id): '\(key)' is marked met but has no evidence; say what the prospect said or did")
            }
            clean[key] = CriterionScore(status: score.status, evidence: evidence)
        }
        guard !clean.isEmpty else { throw .invalid("cannot score the calibration of \(id): no criteria given") }
        let card = Scorecard(definitionVersion: version, scores: clean, scoredBy: actor.name, scoredAt: context.now)
        return Event(at: context.now, actor: actor.name, lead: id, type: .calibrated, from: lead.column, to: lead.column,
                     payload: EventPayload(scorecard: card))
    }
}
