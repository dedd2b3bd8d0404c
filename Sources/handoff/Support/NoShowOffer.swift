import HandoffCore
import HandoffStore

/// What the command line says when a no-show brings a lead to the team's limit: it cannot
/// be booked again, and what its SDR (or a team lead) may do instead.
enum NoShowOffer {
    static func afterOutcome(_ applied: Applied, store: any BoardStore, policy: RulePolicy) throws -> String? {
        guard applied.event.payload.outcome == .noShow, let id = applied.event.lead,
              let limit = policy.noShowLimit else { return nil }
        let count = NoShows.count(in: try store.history(of: id))
        guard count >= limit else { return nil }
        let isLead = try store.team().member(applied.event.actor)?.isLead == true
        return safe("\(id) has missed its meeting \(count) times, the team's limit ([no_show] limit = \(limit)): it cannot be booked again; \(NoShows.offer(for: id, actorIsLead: isLead))")
    }
}
