import Foundation
import HandoffCore

extension Forms {
    /// `R`: the AE the meetings go to (cover), from the book form's pick list (AEs, then team
    /// leads) without the AE the meetings are with now (`current`, when they share one; a
    /// marked card already with the chosen AE is refused by the rules and named). A note is
    /// optional.
    public static func reassignMeeting(_ leads: [LeadID], team: Team, current: String?, version: Int?) -> Form {
        let what = leads.count == 1 ? "the meeting of \(leads[0])" : "the meetings of \(leads.count) marked cards"
        let shown = leads.prefix(12).map(\.description).joined(separator: ", ") + (leads.count > 12 ? ", …" : "")
        let choices = people(team, [.ae, .lead]).filter { $0.value != current }
        var intro = ["The SDR keeps the credit; the new AE logs the outcome and disposition. u takes it back."]
        if let current { intro.append("Now with \(SafeText.sanitize(current)).") }
        if leads.count > 1 { intro.append(shown) }
        return Form(.reassignMeeting(leads), title: "Reassign \(what) to another AE", lead: leads.count == 1 ? leads[0] : nil,
                    version: leads.count == 1 ? version : nil, intro: intro,
                    fields: [
                        Field("ae", "To (AE)", kind: .choice(choices)),
                        Field("note", "Note", hint: "why, for the timeline (optional)"),
                    ])
    }
}

extension Update {
    /// `R`: a small form for the AE the meetings go to.
    static func openReassignMeeting(_ state: inout AppState) -> [Effect] {
        let targets = bulkTargets(state)
        if let reason = refusal(state, .reassignMeeting, .reassignMeeting, targets) {
            state.status = StatusMessage(reason, .error)
            return []
        }
        // The AE the meetings are with, when they share one: no use offering it.
        let aes = Set(targets.compactMap { state.board.leads[$0]?.ae })
        let version = targets.count == 1 ? state.board.leads[targets[0]]?.version : nil
        state.mode = .form(Forms.reassignMeeting(targets, team: state.team, current: aes.count == 1 ? aes.first : nil, version: version))
        return []
    }

    /// The form's Enter: one card without marks is a single command (its version guards
    /// against a concurrent change); marked cards are one bulk action, undone as a whole.
    static func submitReassignMeeting(_ state: inout AppState, _ form: inout Form, _ leads: [LeadID]) -> [Effect] {
        guard let ae = form.field("ae")?.chosen, !ae.isEmpty else {
            form.error = "choose the AE the meetings go to"
            return []
        }
        let text = form.field("note")?.text.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        let note = text.isEmpty ? nil : text
        form.error = nil
        state.busy = true
        if state.marks.isEmpty, leads.count == 1, let id = form.lead {
            return [.execute(.reassignMeeting(ae: ae, note: note), lead: id, version: form.version)]
        }
        return [.bulk(.reassignMeeting(ae: ae, note: note), leads: leads)]
    }
}
