import Foundation
import GRDB
import HandoffCore
import HandoffStore

extension SQLiteStore {
    /// The booking events (booked, reassigned, undone) at or after `start`, in log order.
    /// Events are appended in time order, so the first one to read is found by halving the
    /// log on `seq` (a few lookups of the primary key) with a day's slack for clocks that
    /// disagree, rather than by reading every event's time.
    public func routingFacts(since start: Date, proposals: Bool) throws -> [RoutingFact] {
        let bound = ISODate.text(start.addingTimeInterval(-86_400))
        return try read { db in
            var low: Int64 = 0
            var high = try Int64.fetchOne(db, sql: "SELECT MAX(seq) FROM event") ?? 0
            let atOf = try db.makeStatement(sql: "SELECT seq, at FROM event WHERE seq >= ? ORDER BY seq LIMIT 1")
            // The first seq whose time is at or after `bound` is in (low, high].
            while low < high {
                let middle = low + (high - low) / 2 + 1
                guard let row = try Row.fetchOne(atOf, arguments: [middle]) else { break }
                let seq: Int64 = row[0], at: String = row[1]
                if at < bound { low = seq } else { high = middle - 1 }
            }
            let rows = try Row.fetchAll(db, sql: """
                SELECT seq, at, type, undoes,
                       CASE WHEN type = 'reassigned' THEN json_extract(payload, '$.meeting.ae') ELSE person END,
                       CASE WHEN ? AND type = 'booked' THEN actor END,
                       CASE WHEN ? AND type = 'booked' THEN json_extract(payload, '$.proposedAE') END
                FROM event
                WHERE seq > ? AND lead IS NOT NULL AND type IN ('booked', 'reassigned', 'undone') AND at >= ?
                ORDER BY seq
                """, arguments: [proposals, proposals, low, bound])
            return rows.compactMap { row -> RoutingFact? in
                let text: String = row[1], typeName: String = row[2]
                guard let at = ISODate.date(text), let type = EventType(rawValue: typeName) else { return nil }
                return RoutingFact(seq: row[0], at: at, type: type, ae: row[4], undoes: row[3], actor: row[5], proposedAE: row[6])
            }
        }
    }
}
