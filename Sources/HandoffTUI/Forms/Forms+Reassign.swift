import Foundation
import HandoffCore

extension Forms {
    /// `r`: the SDR the leads go to, from the same pick list as `e`'s owner (SDRs, then team
    /// leads). A name can also be typed: its first letters pick it.
    public static func reassign(_ leads: [LeadID], team: Team, first: String?) -> Form {
        let what = leads.count == 1 ? leads[0].description : "\(leads.count) marked cards"
        let shown = leads.prefix(12).map(\.description).joined(separator: ", ") + (leads.count > 12 ? ", …" : "")
        return Form(.reassign(leads), title: "Reassign \(what) to another SDR", lead: leads.count == 1 ? leads[0] : nil,
                    intro: ["One change per card, each decided by the rules; u undoes them together.", shown],
                    fields: [Field("owner", "To (SDR)", kind: .choice(people(team, [.sdr, .lead], first: first)))])
    }
}

extension Update {
    /// The reassign form's Enter: the chosen SDR, for every lead the form was opened on.
    static func submitReassign(_ state: inout AppState, _ form: inout Form, _ leads: [LeadID]) -> [Effect] {
        guard let name = form.field("owner")?.chosen, !name.isEmpty else {
            form.error = "choose the SDR the cards go to"
            return []
        }
        form.error = nil
        state.busy = true
        return [.bulk(.reassign(to: name), leads: leads)]
    }
}
