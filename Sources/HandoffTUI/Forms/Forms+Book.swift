import Foundation
import HandoffCore

extension Forms {
    /// The rotation's proposal on the book form: a line that says why ("Rotation: alex — 3
    /// this week of 8, next in rotation"), and the route the booking carries. Under strict
    /// routing the AE is the proposal's alone; with nobody available the form says so.
    static func routed(_ form: inout Form, _ proposal: RoutingProposal) {
        form.route = proposal.route
        form.proposal = proposal
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

extension Forms {
    /// The book form at submit. Its proposal was ranked for the day the form opened, before
    /// the meeting's time was typed; ranked again for the meeting's day, it may name another
    /// AE (the first is away that day, say). Nil when nothing changes. Otherwise the form
    /// with the new proposal, and `stop` when the SDR must look before it books: they kept
    /// the proposal (or routing is strict) and it now names someone else, or nobody. Their
    /// own pick of another AE is kept; the booking then counts as an override of the new one.
    static func replanned(_ form: Form, team: Team, now: Date) -> (form: Form, stop: Bool)? {
        guard form.purpose == .book, let proposal = form.proposal,
              let text = form.field("at")?.trimmed, !text.isEmpty,
              let at = try? DateInput.parse(text, now: now).date,
              let again = proposal.forMeeting(at: at),
              let index = form.fields.firstIndex(where: { $0.id == "ae" }) else { return nil }
        let chosen = form.fields[index].chosen
        let kept = proposal.mode == .strict || chosen == proposal.ae
        var next = form
        next.intro.removeAll { $0.hasPrefix("Rotation") }
        next.fields[index].kind = .choice(people(team, [.ae, .lead], first: again.ae))
        next.fields[index].choice = 0
        next.fields[index].hint = ""
        routed(&next, again)
        if !kept, let chosen, let pick = next.fields[index].options.firstIndex(where: { $0.value == chosen }) {
            next.fields[index].choice = pick
        }
        guard kept, again.ae != proposal.ae else { return (next, false) }
        let day = again.day ?? ""
        let reason = SafeText.sanitize(again.reason)
        if again.ae != nil {
            next.error = "On \(day) the rotation proposes \(reason); Enter books"
        } else {
            next.error = "On \(day) \(reason)" + (again.mode == .strict ? " — no meeting can be booked that day" : " — pick an AE yourself")
        }
        return (next, true)
    }
}

extension BoardApp {
    /// config.toml's `[routing]` for the book form (the board command sets it once it has
    /// read the file; a reload replaces it).
    public func route(with settings: RoutingSettings) { state.routing = settings }
}
