import Foundation
import HandoffCore

extension Forms {
    /// The rotation's proposal on the book form: a line that says why ("Rotation: alex — 3
    /// this week of 8, next in rotation"), and the route the booking carries. Under strict
    /// routing the AE is the proposal's alone; with nobody available the form says so.
    static func routed(_ form: inout Form, _ proposal: RoutingProposal) {
        form.route = proposal.route
        let reason = SafeText.sanitize(proposal.reason)
        switch (proposal.ae, proposal.mode) {
        case (let ae?, .strict):
            form.intro.append("Rotation (strict): \(reason)")
            if let index = form.fields.firstIndex(where: { $0.id == "ae" }) {
                form.fields[index].kind = .choice([Choice(ae)])
                form.fields[index].choice = 0
                form.fields[index].hint = "strict routing: the proposal is taken"
            }
        case (_?, .flexible):
            form.intro.append("Rotation: \(reason)")
            if let index = form.fields.firstIndex(where: { $0.id == "ae" }) {
                form.fields[index].hint = "proposed by the rotation; ←/→ picks another (counted as an override)"
            }
        case (nil, .strict):
            form.intro.append("Rotation (strict): \(reason) — no meeting can be booked now")
        case (nil, .flexible):
            form.intro.append("Rotation: \(reason) — pick an AE yourself")
        }
    }
}

extension BoardApp {
    /// config.toml's `[routing]` for the book form (the board command sets it once it has
    /// read the file; a reload replaces it).
    public func route(with settings: RoutingSettings) { state.routing = settings }
}
