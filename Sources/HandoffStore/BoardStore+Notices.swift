import HandoffCore

/// What landed for a member since an event: the events after it, read a page at a time,
/// and the cards of the leads they touch (never the whole board).
extension BoardStore {
    /// Events read per page.
    static var noticePage: Int { 2_000 }

    /// The notices for `me` in the events after `seq`. A member who has not looked for a
    /// long time is told about the newest `NoticeRead.window` events at most: the list is
    /// capped anyway, and the read stays bounded.
    public func notices(for me: String, after seq: Int64) throws -> NoticeRead {
        let newest = try lastSequence()
        var after = min(max(seq, newest - NoticeRead.window), newest)
        var notices: [Notice] = []
        var team: Team?
        while after < newest {
            let events = try self.events(after: after, limit: Self.noticePage)
            guard let last = events.last else { break }
            after = last.seq
            let ids = Array(Set(events.compactMap(\.lead)))
            // Only the pages that could hold something for me pay for their cards.
            guard events.contains(where: { $0.actor != me && $0.lead != nil }) else { continue }
            let roster = try team ?? self.team()
            team = roster
            let cards = Dictionary(try self.cards(ids: ids).map { ($0.id, $0) }, uniquingKeysWith: { $1 })
            let found = NoticeFeed.notices(for: me, team: roster, events: events, card: { cards[$0] })
            notices = NoticeFeed.merge(notices, found)
        }
        return NoticeRead(notices: notices, through: after)
    }
}
