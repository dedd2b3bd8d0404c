import HandoffCore

/// The outcome form's part of the no-show policy: the reason picker, and the warning when
/// a no-show now would reach the team's limit.
extension Forms {
    /// "choose…" first: a reason is picked on purpose, never left at a default.
    static let outcomeReasons = [Choice("", "choose a reason")]
        + OutcomeReason.allCases.map { Choice($0.rawValue, "\($0.rawValue) — \($0.meaning)") }

    static func noShowWarning(_ lead: Lead, policy: RulePolicy) -> [String] {
        guard let limit = policy.noShowLimit, let count = lead.noShows, count + 1 >= limit else { return [] }
        let before = count == 0 ? "no no-show yet" : "\(count) no-show\(count == 1 ? "" : "s") already"
        return ["\(lead.id) has \(before): a no-show now reaches the team's limit of \(limit) ([no_show] limit), and it cannot be booked again — its SDR may archive it (A), a team lead may recycle it to nurture."]
    }
}
