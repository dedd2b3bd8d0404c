import Foundation
import HandoffCore
import HandoffStore
import PostgresNIO

extension PostgresStore {
    /// The booking events (booked, reassigned, undone) at or after `start`, in log order:
    /// one statement. The times are the stores' ISO text, which compares as time does.
    public func routingFacts(since start: Date, proposals: Bool) throws -> [RoutingFact] {
        let bound = ISODate.text(start.addingTimeInterval(-86_400))
        return try statement { session in
            let rows = try session.query("""
                SELECT seq, at, type, undoes,
                       CASE WHEN type = 'reassigned' THEN payload::json -> 'meeting' ->> 'ae' ELSE person END,
                       CASE WHEN \(proposals) AND type = 'booked' THEN actor END,
                       CASE WHEN \(proposals) AND type = 'booked' THEN payload::json ->> 'proposedAE' END
                FROM event
                WHERE lead IS NOT NULL AND type IN ('booked', 'reassigned', 'undone') AND at >= \(bound)
                ORDER BY seq
                """)
            return try rows.compactMap { row -> RoutingFact? in
                let (seq, text, typeName, undoes, ae, actor, proposed) =
                    try row.decode((Int64, String, String, Int64?, String?, String?, String?).self)
                guard let at = ISODate.date(text), let type = EventType(rawValue: typeName) else { return nil }
                return RoutingFact(seq: seq, at: at, type: type, ae: ae, undoes: undoes, actor: actor, proposedAE: proposed)
            }
        }
    }
}
