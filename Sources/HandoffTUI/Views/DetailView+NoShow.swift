import HandoffCore

extension DetailView {
    /// "2 of the team's limit of 2: …": the lead's no-shows (its timeline's, `NoShows.count`)
    /// and, at the limit, what its SDR is offered instead of a rebooking. Nil with none.
    static func noShowLine(_ lead: Lead, state: AppState) -> String? {
        guard let count = lead.noShows, count > 0 else { return nil }
        guard let limit = state.policy.noShowLimit else { return "\(count) (no limit set)" }
        guard count >= limit else { return "\(count) of the team's limit of \(limit)" }
        let isLead = state.team.member(state.me)?.isLead == true
        return "\(count), the team's limit of \(limit): it cannot be booked again; \(NoShows.offer(for: lead.id, actorIsLead: isLead))"
    }
}

extension DetailView {
    /// The policy as `?` states it, with the team's limit.
    static func noShowHelp(_ policy: RulePolicy) -> String {
        let limit = policy.noShowLimit.map { "after \($0) no-shows on one lead ([no_show] limit in config.toml) it cannot be booked again (b is dimmed, with why): its SDR archives it (A), a team lead may recycle it to nurture (d)" }
            ?? "no limit on no-shows is set ([no_show] limit = 0)"
        return "No-shows: o on a no-show or cancel takes a reason code (\(OutcomeReason.codes)); \(limit). Cancellations do not count."
    }
}
