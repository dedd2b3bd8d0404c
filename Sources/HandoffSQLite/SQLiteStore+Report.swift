import Foundation
import GRDB
import GRDBSQLite
import HandoffCore
import HandoffStore

/// Fast reads for the standup. A report reads the whole lead log (a meeting booked last
/// month is held this week; a later undo or ruling changes what an event counts for), and
/// decoding a million JSON payloads, or a hundred thousand card states, takes seconds.
/// So the log is read once, straight from SQLite's row buffers, taking from each event
/// only the facts the metrics need, kept as plain columns beside its payload
/// (`ReportColumns`, schema v6), and the cards are the replay of that log
/// (`StandupBuilder.cards`), which the tests hold to the projection.
extension SQLiteStore {
    /// The standup over `period`, as of `now` (default: the store's clock).
    public func standup(period: Period, settings: Thresholds = .standard, grouping: ReportGrouping = .sdr,
                        now: Date? = nil) throws -> Standup {
        let at = now ?? self.now()
        let parts = try reportEventParts()
        let team = try self.team()
        var standup = StandupBuilder.build(factParts: parts, team: team, period: period, settings: settings,
                                           grouping: grouping, now: at)
        standup.definition = DefinitionHealthBuilder.build(factParts: parts, history: try definitionHistory(), now: at)
        try attachCalibration(to: &standup, parts: parts, team: team)
        return standup
    }

    /// Every lead event, oldest first, reduced to what the metrics read (scoring, which
    /// moves no figure, is left out).
    ///
    /// A big log is read in a few seq ranges at once, one reader connection each. The
    /// ranges need no shared snapshot: the log is append-only, so the events up to the
    /// newest seq seen at the start read the same from any later snapshot.
    public func reportEvents() throws -> [ReportEvent] {
        try reportEventParts().flatMap { $0 }
    }

    /// The same, in consecutive seq ranges.
    func reportEventParts() throws -> [[ReportEvent]] {
        let last = try read { db in
            guard try Schema.migrator.appliedIdentifiers(db).contains(Schema.reportColumnsMigration) else {
                throw StoreError.readOnly("the store \(self.location) predates the report's columns (schema v6), and you may only read it: open it once with write access (any command) to upgrade it, then run the report")
            }
            return try Int64.fetchOne(db, sql: "SELECT MAX(seq) FROM event") ?? 0
        }
        let parts = Int64(max(1, min(4, ProcessInfo.processInfo.activeProcessorCount)))
        guard parts > 1, last >= 200_000 else {
            return [try read { db in try Self.reportEvents(db, seqs: 1...max(1, last)) }]
        }
        let size = (last + parts - 1) / parts
        let slots = (0..<parts).map { _ in ReadSlot() }
        DispatchQueue.concurrentPerform(iterations: Int(parts)) { part in
            let low = Int64(part) * size + 1
            let seqs = low...max(low, min(last, low + size - 1))
            // Each iteration writes only its own slot, and concurrentPerform returns
            // only when all are done.
            slots[part].result = Result { try self.read { db in try Self.reportEvents(db, seqs: seqs) } }
        }
        return try slots.map { slot in
            guard let result = slot.result else { throw StoreError.damaged("a part of the log was not read") }
            return try result.get()
        }
    }

    /// One range of a parallel read.
    private final class ReadSlot: @unchecked Sendable {
        var result: Result<[ReportEvent], any Error>?
    }

    static func reportEvents(_ db: Database, seqs: ClosedRange<Int64>) throws -> [ReportEvent] {
        var events: [ReportEvent] = []
        events.reserveCapacity(Int(seqs.upperBound - seqs.lowerBound + 1))
        // GRDB's statement, stepped through SQLite's C API: the columns are read in place,
        // without a Swift value per column per row. The facts are the event's report
        // columns (`ReportColumns`, written at append), never its JSON payload.
        let statement = try db.makeStatement(sql: """
            SELECT seq, lead, type, at, to_column, person, company, meeting_at, outcome, revisit, resolution, undoes,
                   reasons, failed_criteria, before_meeting,
                   CASE WHEN type = 'outcome' THEN json_extract(payload, '$.outcomeReason') END
            FROM event
            WHERE seq BETWEEN ? AND ? AND lead IS NOT NULL AND type != 'scored'
            ORDER BY seq
            """)
        try statement.setArguments([seqs.lowerBound, seqs.upperBound])
        let handle = statement.sqliteStatement
        defer { sqlite3_reset(handle) }
        while true {
            let step = sqlite3_step(handle)
            if step == SQLITE_DONE { break }
            guard step == SQLITE_ROW else {
                throw DatabaseError(resultCode: ResultCode(rawValue: step), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
            }
            let seq = sqlite3_column_int64(handle, 0)
            guard let type = StoredNames.eventType(text(handle, 2)) else {
                throw StoreError.damaged("event #\(seq) has an unknown type")
            }
            guard let at = ISODate.date(text(handle, 3)) else {
                throw StoreError.damaged("event #\(seq) has a bad time")
            }
            var event = ReportEvent(seq: seq, at: at, lead: LeadID(Int(sqlite3_column_int64(handle, 1))), type: type,
                                    to: StoredNames.column(text(handle, 4)))
            // Most events carry none of the facts: nothing more to read.
            if sqlite3_column_type(handle, 5) != SQLITE_NULL || sqlite3_column_type(handle, 6) != SQLITE_NULL
                || sqlite3_column_type(handle, 7) != SQLITE_NULL || sqlite3_column_type(handle, 8) != SQLITE_NULL
                || sqlite3_column_type(handle, 9) != SQLITE_NULL || sqlite3_column_type(handle, 10) != SQLITE_NULL
                || sqlite3_column_type(handle, 11) != SQLITE_NULL || sqlite3_column_type(handle, 12) != SQLITE_NULL {
                let columns = ReportColumns(
                    person: string(handle, 5), company: string(handle, 6), meetingAt: string(handle, 7),
                    outcome: string(handle, 8), revisit: string(handle, 9), resolution: string(handle, 10),
                    undoes: sqlite3_column_type(handle, 11) == SQLITE_NULL ? nil : sqlite3_column_int64(handle, 11),
                    reasons: string(handle, 12), failedCriteria: string(handle, 13),
                    beforeMeeting: sqlite3_column_type(handle, 14) == SQLITE_NULL ? nil : sqlite3_column_int64(handle, 14) != 0)
                do {
                    event = try columns.fact(seq: seq, at: at, lead: event.lead, type: type, to: event.to)
                } catch {
                    throw StoreError.damaged(error.description)
                }
                // A no-show's or cancellation's reason has no column: read from the payload
                // of outcome events alone.
                if let code = string(handle, 15) {
                    guard let reason = OutcomeReason(rawValue: code) else {
                        throw StoreError.damaged("event #\(seq) has an unknown outcome reason")
                    }
                    event.outcomeReason = reason
                }
            }
            events.append(event)
        }
        return events
    }

    /// A text column as a string; nil for NULL.
    private static func string(_ handle: SQLiteStatement, _ column: Int32) -> String? {
        guard sqlite3_column_type(handle, column) != SQLITE_NULL else { return nil }
        return String(decoding: text(handle, column), as: UTF8.self)
    }

    /// A text column's bytes, valid until the next step.
    private static func text(_ handle: SQLiteStatement, _ column: Int32) -> UnsafeRawBufferPointer {
        guard let bytes = sqlite3_column_text(handle, column) else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        return UnsafeRawBufferPointer(start: bytes, count: Int(sqlite3_column_bytes(handle, column)))
    }

    // MARK: - Bulk load

    /// Appends an already-decided log to an empty store in one transaction and projects
    /// it: how the report benchmark builds a million-event store without deciding every
    /// command through the store. Events keep their order and must number 1, 2, 3…;
    /// every lead event must fit the lead before it (`Projection.apply`).
    @discardableResult
    public func bulkLoad(_ events: [Event]) throws -> DoctorReport {
        try write { db in
            let existing = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM event") ?? 0
            guard existing == 0 else {
                throw RuleError.refused("the store \(self.location) already has \(existing) events; a bulk load needs an empty store")
            }
            var leads: [LeadID: Lead] = [:]
            for (index, original) in events.enumerated() {
                var event = original
                let expected = Int64(index + 1)
                guard event.seq == expected else {
                    throw RuleError.invalid("event \(index + 1) of the log is numbered #\(event.seq): a bulk load needs #1, #2, #3…")
                }
                try Rows.insert(&event, db)
                guard event.seq == expected else {
                    throw StoreError.damaged("event #\(expected) was stored as #\(event.seq)")
                }
                if let id = event.lead {
                    guard let next = Projection.apply(event, to: leads[id]) else {
                        throw RuleError.invalid("event #\(event.seq) (\(event.type.rawValue)) does not fit \(id)")
                    }
                    leads[id] = next
                } else {
                    try self.project(event, lead: nil, db)
                }
            }
            // In id order, as `LogWriter.importEvents` writes them: the pages fill in turn.
            for id in leads.keys.sorted() {
                if let lead = leads[id] { try Rows.save(lead, db) }
            }
            return DoctorReport(events: events.count, leads: leads.count, problems: [])
        }
    }
}
