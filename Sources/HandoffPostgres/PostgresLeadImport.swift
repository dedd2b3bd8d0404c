import Foundation
import HandoffCore
import HandoffStore
import PostgresNIO

/// `import` (CSV or JSON leads) on PostgreSQL by the store's owner: every row decided by the
/// rules exactly as `LogWriter.batch` decides it (`DecidingBatch`), window by window, and each
/// window's new events (with their report columns) and leads sent to the tables in `COPY`
/// streams while the next window is decided, in the write transaction and under the write
/// lock. All of it or none: a refused row under all-or-nothing, or any failure of the server
/// or the connection, rolls the whole transaction back.
///
/// `COPY` needs INSERT on the tables, which only the schema's owner has (migration v3 took
/// it from every login): any other login imports through `handoff_append`, whose checks
/// stand between a login and the tables, as every other change of theirs does. The owner
/// could write the tables directly anyway, so nothing the server checks is skipped for
/// anyone who could not skip it already. It reuses `import --events`'s `COPY` writer
/// (`CopyText`, `PostgresBulkImport.parallel`, `Session.startCopy`).
enum PostgresLeadImport {
    /// Whether this batch goes by `COPY`: only new leads (an import), more than a few of
    /// them, and written (a rehearsal is decided the usual way, through the server's checks).
    static func applies(to feed: BatchFeed, options: BatchOptions) -> Bool {
        options.mode != .rehearse && feed.importsOnly && feed.expected >= 64
    }

    /// Leads decided, encoded and sent per `COPY`: the client decides and encodes the next
    /// window while the server takes this one, and holds only a few windows' text. The
    /// server waits for the first window and the client for the last, so small windows
    /// overlap the two better: 2,500 rows against 10,000 took 0.2 s less of a 100,000-row
    /// import in 7 of 8 alternated runs, and 30 MB less memory (BENCHMARKS.md).
    static let window = 2_500

    /// The batch by `COPY`, or nil when the login is not the store's owner (the caller then
    /// takes the usual path). Throws `LogWriter.RollBack` for a batch that must not commit.
    static func run(_ feed: BatchFeed, as actor: String, options: BatchOptions, progress: ((Int) -> Void)?,
                    location: String, now: Date, calendar: Calendar, _ session: Session) throws -> BatchResult? {
        guard applies(to: feed, options: options), let stamp = try ownerStamp(session) else { return nil }
        guard let pending = session.pending else { throw StoreError.damaged("an import outside a write transaction") }
        let reads = PostgresSession(session)
        var batch = try DecidingBatch(feed, as: actor, options: options, progress: progress, location: location,
                                      now: now, calendar: calendar, reads)
        // Numbered from the newest event read under the write lock, as `PendingWrites` numbers them.
        var seq = pending.newestSeq
        var copies = CopyPipeline(session)
        do {
            while var entries = try batch.decide(next: window, reads) {
                // After a refusal an all-or-nothing batch only decides the rest, to report it.
                guard batch.commits, !entries.isEmpty else { continue }
                guard entries.allSatisfy({ $0.event.lead != nil && $0.lead != nil }) else {
                    throw StoreError.damaged("an imported lead came without its row; nothing was imported")
                }
                for position in entries.indices {
                    seq += 1
                    entries[position].event.seq = seq
                    batch.outcomes[entries[position].index] = .applied(lead: entries[position].event.lead, seq: seq)
                }
                let decided = entries
                // Each part writes its events and their leads with one encoder: a lead's
                // state reuses the fields its `created` event's payload has just written.
                let parts = try PostgresBulkImport.parallel(decided.count) { range in
                    let encoder = JSONAppender(reusingFields: true)
                    var events = CopyText(rows: range.count, size: 640, encoder: encoder)
                    var leads = CopyText(rows: range.count, size: 896, encoder: encoder)
                    for entry in decided[range] {
                        try events.event(entry.event, stamp)
                        if let lead = entry.lead { try leads.lead(lead) }
                    }
                    return (events: events.bytes, leads: leads.bytes)
                }
                try copies.send(table: "event", columns: PostgresBulkImport.eventColumns, parts.map(\.events))
                try copies.send(table: "lead", columns: PostgresBulkImport.leadColumns, parts.map(\.leads))
            }
            try copies.finish()
        } catch {
            // A failure while a COPY is on the wire: let it end before the transaction rolls back.
            copies.drain()
            throw error
        }
        try batch.rollBackUnlessCommitted()
        // The boards' wake-up, delivered on commit.
        if seq > pending.newestSeq { try session.query("SELECT pg_notify('handoff_events', \(String(seq)))") }
        progress?(batch.outcomes.count)
        return batch.result
    }

    /// Who is importing and the server's time, when the login is (a member of) the role that
    /// owns the tables; nil for any other login.
    private static func ownerStamp(_ session: Session) throws -> PostgresBulkImport.Stamp? {
        let rows = try session.query("""
            SELECT pg_has_role(session_user, c.relowner, 'MEMBER'), session_user::text, now()::text
            FROM pg_class c WHERE c.oid = 'event'::regclass
            """)
        guard let (isOwner, caller, now) = try rows.first?.decode((Bool, String, String).self) else {
            throw StoreError.damaged("the store has no event table")
        }
        return isOwner ? PostgresBulkImport.Stamp(caller: caller, now: now) : nil
    }
}
