import Foundation

/// What landed for a member, from the events since they last looked and the board's cards
/// (who owns each lead, who its AE is, its company). Pure: the board calls it on the events
/// of each refresh only, never on the whole board.
public enum NoticeFeed {
    /// The most notices a list keeps: older ones fall off the end.
    public static let cap = 50

    /// The notices `events` carry for `me`, newest first, one per lead and kind, at most
    /// `cap`. Nothing `me` did notifies `me`. `card` answers for a lead as it stands now
    /// (nil: not on the board, e.g. archived since).
    public static func notices(for me: String, team: Team, events: [Event],
                               card: (LeadID) -> Card?) -> [Notice] {
        let isTeamLead = team.member(me)?.role == .lead
        var found: [Notice] = []
        for event in events where event.actor != me {
            guard let id = event.lead else { continue }
            let current = card(id)
            if let notice = notice(event, id: id, card: current, me: me, isTeamLead: isTeamLead) {
                found.append(notice)
            }
        }
        return merge([], found)
    }

    /// `old` and `new` as one list: newest first, the newest of each lead and kind, at most `cap`.
    public static func merge(_ old: [Notice], _ new: [Notice], cap: Int = NoticeFeed.cap) -> [Notice] {
        var seen: Set<String> = []
        var result: [Notice] = []
        for notice in (old + new).sorted(by: Notice.newerFirst) {
            guard seen.insert("\(notice.lead.number) \(notice.kind.rawValue)").inserted else { continue }
            result.append(notice)
            if result.count == cap { break }
        }
        return result
    }

    /// The notice one event carries for `me`, if any.
    static func notice(_ event: Event, id: LeadID, card: Card?, me: String, isTeamLead: Bool) -> Notice? {
        let owner = card?.owner
        let ae = event.payload.meeting?.ae ?? card?.ae
        let name = card.map { " " + $0.company } ?? ""
        let by = event.actor
        func make(_ kind: Notice.Kind, _ text: String) -> Notice {
            Notice(kind: kind, lead: id, by: by, at: event.at, seq: event.seq, text: text)
        }
        // By the type's raw value, as the log spells it (`reassigned`: a meeting moved to
        // another AE, who is told).
        switch event.type.rawValue {
        case "booked":
            guard ae == me else { return nil }
            return make(.handedToYou, "\(id)\(name) handed to you by \(by)")
        case "reassigned":
            guard event.payload.meeting?.ae == me else { return nil }
            return make(.reassignedToYou, "\(id)\(name) reassigned to you by \(by)")
        case "returned":
            guard owner == me else { return nil }
            let reasons = event.payload.disposition?.reasons.map(\.rawValue) ?? []
            return make(.returned, "\(id)\(name) returned by \(by)" + (reasons.isEmpty ? "" : " (\(reasons.joined(separator: ", ")))"))
        case "disputed":
            if isTeamLead { return make(.disputed, "\(id)\(name): return disputed by \(by), yours to rule on") }
            if ae == me { return make(.disputed, "\(id)\(name): your return disputed by \(by)") }
            guard owner == me else { return nil }
            return make(.disputed, "\(id)\(name): return disputed for you by \(by)")
        case "resolved":
            guard owner == me || ae == me else { return nil }
            let ruling = event.payload.resolution?.rawValue ?? "ruled on"
            return make(.ruled, "\(id)\(name): dispute \(ruling) by \(by)")
        case "outcome":
            guard owner == me || ae == me else { return nil }
            let outcome = event.payload.outcome?.title ?? "logged"
            return make(.outcome, "\(id)\(name): meeting logged \(outcome) by \(by)")
        default:
            return nil
        }
    }

    /// The status line's sentence for what just landed: `2 new for you: L-7 handed to you
    /// by sam · L-9 returned by alex`, the newest first.
    public static func headline(_ notices: [Notice]) -> String? {
        guard !notices.isEmpty else { return nil }
        let lead = notices.count == 1 ? "1 new for you: " : "\(notices.count) new for you: "
        return lead + notices.sorted(by: Notice.newerFirst).map(\.text).joined(separator: " · ")
    }
}
