import Foundation
import HandoffCore

extension Forms {
    /// `c` by a team lead: who scores the card (the marked cards) blind. Everyone on the team
    /// but the card's own SDR (`owner`, when there is one card), AEs first; tick 1 to 8.
    public static func calibrationStart(_ leads: [LeadID], team: Team, owner: String?) -> Form {
        let what = leads.count == 1 ? "\(leads[0])" : "\(leads.count) marked cards"
        let shown = leads.prefix(12).map(\.description).joined(separator: ", ") + (leads.count > 12 ? ", …" : "")
        let choices = people(team, [.ae, .lead, .sdr]).filter { $0.value != owner }
        var intro = ["Each person ticked scores it blind: against the definition it was",
                     "handed off under, without the SDR's scorecard. u takes it back."]
        if leads.count > 1 { intro.append(shown) }
        return Form(.calibrationStart(leads), title: "Calibrate \(what): who scores it blind", lead: leads.count == 1 ? leads[0] : nil,
                    intro: intro,
                    fields: [Field("with", "Scored by", kind: .multi(choices), required: true,
                                   hint: "←/→ move, Space ticks (1 to \(LeadCalibration.maximumParticipants))")])
    }

    /// `c` by a participant: the score form (`score`), blank, against the calibration's
    /// definition version; the SDR's scorecard is not shown, nor used to fill it in.
    public static func calibrationScore(_ lead: Lead, definition: Definition) -> Form {
        var blank = lead
        blank.scorecard = nil
        var form = score(blank, definition: definition)
        form.purpose = .calibrationScore
        form.title = "Calibrate \(lead.id) · \(SafeText.sanitize(lead.company)) — your blind score, SQL definition v\(definition.version)"
        form.intro = ["The SDR's scorecard is \(CalibrationBlind.notice).",
                      "Score what the handoff showed; evidence is required when met."]
        return form
    }
}

extension Update {
    /// `c`: with marked cards, a team lead's form for who scores them blind; on one card,
    /// the lead is read first (is the viewer a participant who still owes a score?).
    static func openCalibrate(_ state: inout AppState) -> [Effect] {
        if state.mode == .board, !state.marks.isEmpty {
            let targets = bulkTargets(state)
            if let reason = refusal(state, .calibrate, .startCalibration, targets) {
                state.status = StatusMessage(reason, .error)
                return []
            }
            state.mode = .form(Forms.calibrationStart(targets, team: state.team, owner: nil))
            return []
        }
        if let reason = state.permission(for: .calibrate)?.reason {
            state.status = StatusMessage(reason, .error)
            return []
        }
        guard let card = state.actionCard else {
            state.status = StatusMessage(AppState.noCardSelected, .error)
            return []
        }
        state.busy = true
        return [.loadLead(card.id, for: .calibrate)]
    }

    /// The lead as just read: a participant who still owes a score gets the blind score
    /// form; a team lead the form to start one; anyone else the rules' sentence.
    static func openCalibration(_ state: inout AppState, _ lead: Lead, definition earlier: Definition?) {
        let context = state.ruleContext
        if Rules.check(.scoreCalibration, on: lead.facts, actor: state.me, context: context).isAllowed,
           let version = lead.calibration?.definitionVersion {
            let definition = version == state.team.definition.version ? state.team.definition : earlier
            guard let definition else {
                state.status = StatusMessage("cannot score the calibration of \(lead.id): the SQL definition v\(version) it was handed off under is not in this store", .error)
                return
            }
            state.mode = .form(Forms.calibrationScore(lead, definition: definition))
            return
        }
        if let reason = state.permission(for: .calibrate, on: lead.facts)?.reason {
            state.status = StatusMessage(reason, .error)
            return
        }
        state.mode = .form(Forms.calibrationStart([lead.id], team: state.team, owner: lead.owner))
    }

    /// The start form's Enter: one card without marks is a single command (its version
    /// guards against a concurrent change); marked cards are one bulk action.
    static func submitCalibrationStart(_ state: inout AppState, _ form: inout Form, _ leads: [LeadID]) -> [Effect] {
        let names = form.field("with")?.pickedValues ?? []
        guard !names.isEmpty else {
            form.error = "tick who scores it blind (Space ticks)"
            return []
        }
        form.error = nil
        state.busy = true
        if state.marks.isEmpty, leads.count == 1, let id = form.lead {
            return [.execute(.startCalibration(with: names), lead: id, version: state.board.leads[id]?.version)]
        }
        return [.bulk(.startCalibration(with: names), leads: leads)]
    }
}
