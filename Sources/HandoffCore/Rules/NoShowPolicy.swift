import Foundation

/// The team's no-show policy as the rules apply it to new commands (config.toml's
/// `[no_show]`): a no-show or a cancellation must say why, and a lead that has missed its
/// meeting `noShowLimit` times is not booked again; its SDR is offered archive or nurture.
///
/// A replayed log (`doctor`, `import --events`) is held to `.replay`: the policy of the
/// day is not recorded in the log, and a log written before it (or under a higher limit)
/// stays valid.
public struct RulePolicy: Sendable, Equatable {
    /// No-shows on one lead after which booking it again is refused; nil: no limit.
    public var noShowLimit: Int?
    /// Whether a no-show or a cancellation must carry an `OutcomeReason`.
    public var outcomeReasonRequired: Bool

    public init(noShowLimit: Int?, outcomeReasonRequired: Bool) {
        self.noShowLimit = noShowLimit.flatMap { $0 > 0 ? $0 : nil }
        self.outcomeReasonRequired = outcomeReasonRequired
    }

    /// A new command's policy with the default limit: 2 no-shows.
    public static let standard = RulePolicy(noShowLimit: defaultNoShowLimit, outcomeReasonRequired: true)
    /// What a replayed log is held to: no limit, no required reason.
    public static let replay = RulePolicy(noShowLimit: nil, outcomeReasonRequired: false)
    public static let defaultNoShowLimit = 2
}

/// Counting a lead's no-shows, and what its SDR is offered when they reach the limit.
public enum NoShows {
    /// The no-shows of the lead's current run in the queue, from its history (oldest
    /// first): outcome events logged `no-show` that are still in effect (an undone one no
    /// longer counts: `Undo.effective`), since it last came back to the queue afresh (a
    /// rework, a reactivation from nurture, a restore from the archive). Cancellations do
    /// not count: the prospect said so in time.
    public static func count(in history: [Event]) -> Int {
        var count = 0
        for event in Undo.effective(history) {
            switch event.type {
            case .outcome where event.payload.outcome == .noShow: count += 1
            case .reworked, .reactivated, .restored: count = 0
            default: break
            }
        }
        return count
    }

    /// Whether a lead with `count` no-shows has reached `policy`'s limit.
    public static func reachedLimit(_ count: Int?, policy: RulePolicy) -> Bool {
        guard let limit = policy.noShowLimit, let count else { return false }
        return count >= limit
    }

    /// The way out for a lead at the limit, as the rules allow it to `actor`: its SDR may
    /// archive it; a team lead may archive it or recycle it to nurture.
    public static func offer(for id: LeadID, actorIsLead: Bool) -> String {
        let archive = "archive it (`handoff archive \(id)`, key A)"
        let nurture = "recycle it to nurture (`handoff nurture \(id) --reason … --revisit DATE`, key d)"
        return actorIsLead ? "\(archive) or \(nurture)" : "\(archive), or ask a team lead to \(nurture)"
    }

    /// The sentence `book` is refused with at the limit.
    public static func refusal(for id: LeadID, count: Int, limit: Int, actorIsLead: Bool) -> String {
        "cannot book \(id) again: its meeting was a no-show \(count) time\(count == 1 ? "" : "s"), the team's limit ([no_show] limit = \(limit)); \(offer(for: id, actorIsLead: actorIsLead))"
    }
}
