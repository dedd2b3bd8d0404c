import Foundation

extension NoticeFeed {
    /// The SLA ladder's warnings and breaches on `cards` that tell `me` (the step's owner at
    /// the warning; the owner and the team leads at the breach), each at the time its clock
    /// crossed the mark. Cards that are not `me`'s are passed over unread unless `me` is a
    /// team lead (told of every breach). Derived from the clock: nothing is logged.
    public static func slaNotices(for me: String, cards: some Sequence<Card>, ladder: SLALadder, now: Date) -> [Notice] {
        let isTeamLead = ladder.leads.contains(me)
        var found: [Notice] = []
        for card in cards where isTeamLead || card.owner == me || card.ae == me {
            // The glance first (no dates): most cards are fine, and cost nothing more.
            guard let glance = ladder.glance(card, now: now), glance.state != .ok,
                  let clock = ladder.clock(for: card, now: now) else { continue }
            // A breach says all a warning would have: one line a card.
            if let told = clock.told.last(where: { $0.people.contains(me) }) {
                let breach = told.state == .breach
                let step = clock.step.title
                let text = breach
                    ? "\(card.id) \(card.company): SLA breached (\(step)), \(hoursText(clock.hoursPastBreach)) over"
                    : "\(card.id) \(card.company): SLA warning (\(step)), \(hoursText(clock.hoursToBreach)) left"
                found.append(Notice(kind: breach ? .slaBreach : .slaWarning, lead: card.id, by: nil,
                                    at: told.at ?? now, seq: 0, text: text))
            }
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
