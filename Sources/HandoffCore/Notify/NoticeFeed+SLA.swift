import Foundation

extension NoticeFeed {
    /// The SLA ladder's warnings and breaches on `cards` that tell `me` (the step's owner at
    /// the warning; the owner and the team leads at the breach), each at the time its clock
    /// crossed the mark: one a card (a breach says all a warning would), the newest `cap`.
    /// Cards that are not `me`'s are passed over unread unless `me` is a team lead (told of
    /// every breach). A glance (no dates) sorts out the cards; only the newest `cap` are
    /// worked out in full. Derived from the clock: nothing is logged.
    public static func slaNotices(for me: String, cards: some Sequence<Card>, ladder: SLALadder, now: Date) -> [Notice] {
        let isTeamLead = ladder.leads.contains(me)
        // Each card that tells me something, with how many hours ago its mark was crossed.
        var told: [(card: Card, hoursAgo: Double)] = []
        for card in cards {
            let mine = card.owner == me || card.ae == me
            guard mine || isTeamLead, let glance = ladder.glance(card, now: now), glance.state != .ok else { continue }
            // The step's owner hears of both; the team leads, of a breach.
            let owner = ladder.running(card, now: now)?.owner == me
            let limit = ladder.limit(glance.step)
            let elapsed = limit.breach - glance.hoursToBreach
            if glance.state == .breach, owner || isTeamLead {
                told.append((card, elapsed - limit.breach))
            } else if glance.state == .warning, owner {
                told.append((card, elapsed - limit.warning))
            }
        }
        told.sort { $0.hoursAgo < $1.hoursAgo }
        var found: [Notice] = []
        for (card, _) in told.prefix(cap) {
            guard let clock = ladder.clock(for: card, now: now),
                  let mark = clock.told.last(where: { $0.people.contains(me) }) else { continue }
            let breach = mark.state == .breach
            let step = clock.step.title
            let text = breach
                ? "\(card.id) \(card.company): SLA breached (\(step)), \(hoursText(clock.hoursPastBreach)) over"
                : "\(card.id) \(card.company): SLA warning (\(step)), \(hoursText(clock.hoursToBreach)) left"
            found.append(Notice(kind: breach ? .slaBreach : .slaWarning, lead: card.id, by: nil,
                                at: mark.at ?? now, seq: 0, text: text))
        }
        return merge([], found)
    }

    /// "40m", "6h", "2d 3h".
    static func hoursText(_ hours: Double) -> String {
        let minutes = Int((hours * 60).rounded())
        if minutes < 60 { return "\(max(minutes, 0))m" }
        let whole = minutes / 60
        if whole < 48 { return "\(whole)h" }
        return whole % 24 == 0 ? "\(whole / 24)d" : "\(whole / 24)d \(whole % 24)h"
    }
}
