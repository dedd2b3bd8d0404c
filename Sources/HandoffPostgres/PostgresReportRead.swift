import Foundation
import HandoffCore
import HandoffStore
import PostgresNIO

/// The report's read on PostgreSQL: the lead events' report columns (migration v4) as a
/// few large texts instead of a million rows. postgres-nio builds a `PostgresRow` per
/// result row, which cost far more than the server's scan; here the server packs each
/// range of `span` sequence numbers into one text with `string_agg`, and a tight loop over
/// its UTF-8 bytes takes it apart.
///
/// Each range is a query of its own, on the primary key's order, and all of them are sent
/// at once on the one connection (inside the read's snapshot): the server packs the next
/// range while this thread takes the last one apart. One `GROUP BY` over the whole log
/// did the same work in series, and sorted (on disk, past `work_mem`) the packed texts
/// of a million rows before aggregating them.
///
/// The encoding of one event, fields in the order of `query`'s select list, nothing
/// between them and nothing between events:
/// - `seq` and `lead`: decimal digits and `,`;
/// - a text (and `undoes`, as its decimal text): its length in characters, `:`, then
///   the text as it is (no escaping: the length says where it ends, whatever it holds);
/// - `before_meeting`: `t` or `f`;
/// - NULL (any nullable field): `-`.
///
/// Within a range the server may aggregate in any order; the decoder checks the order
/// and sorts by `seq` when it is not ascending, so the facts always come out in log
/// order. Anything that does not parse is `StoreError.damaged`, naming the event.
enum PostgresReportRead {
    /// The sequence numbers one aggregated text covers: about 50,000 events, a few MB.
    static let span: Int64 = 50_000

    private static func text(_ column: String) -> String {
        "coalesce(char_length(\(column))::text || ':' || \(column), '-')"
    }

    /// The packed text of the lead events with `low < seq <= high` (NULL when there are none).
    static func query(after low: Int64, through high: Int64) -> PostgresQuery {
        PostgresQuery(unsafeSQL: select + " AND seq > \(low) AND seq <= \(high)")
    }

    private static let select: String = {
        let texts = ["person", "company", "meeting_at", "outcome", "revisit", "resolution"].map(text).joined(separator: " || ")
        return """
            SELECT string_agg(seq::text || ',' || lead::text || ',' || \(text("type")) || \(text("at")) || \(text("to_column"))
                              || \(texts) || \(text("undoes::text")) || \(text("reasons")) || \(text("failed_criteria"))
                              || CASE WHEN before_meeting THEN 't' WHEN NOT before_meeting THEN 'f' ELSE '-' END
                              || \(text("CASE WHEN type = 'outcome' THEN payload::json->>'outcomeReason' END")), '')
            FROM event WHERE lead IS NOT NULL AND type <> 'scored'
            """
    }()

    /// The report's events, in log order, from the session's snapshot (the caller's
    /// `REPEATABLE READ` transaction).
    ///
    /// A big log is read in two halves at once when `connections` can lend a second
    /// connection without waiting (a command holds no live feed, so the feed's place is
    /// free): that connection imports this transaction's snapshot
    /// (`pg_export_snapshot`), so both halves read the same log, and two server processes
    /// pack ranges while two threads here take them apart. Without a second connection,
    /// or if it fails, this session reads every range.
    /// (`span` and `splitAt` are the tests' to make small.)
    static func eventParts(_ session: Session, connections: Connections? = nil, span: Int64 = span,
                           splitAt: Int = splitAt) throws -> [[ReportEvent]] {
        guard let last = try session.scalar(PostgresQuery(unsafeSQL: "SELECT max(seq) FROM event"), as: Int64.self),
              last > 0 else { return [] }
        let ranges = stride(from: Int64(0), to: last, by: Int(max(1, span))).map { low in SeqRange(low, min(last, low + span)) }
        guard let connections, ranges.count >= max(2, splitAt),
              let snapshot = try session.scalar(PostgresQuery(unsafeSQL: "SELECT pg_export_snapshot()"), as: String.self),
              Self.isSnapshotName(snapshot)
        else {
            return inLogOrder([try read(ranges[...], on: session)])
        }
        let later = Array(ranges[(ranges.count / 2)...])
        let other = Ahead<[ReportEvent]?> {
            try connections.withSpare { spare in
                try spare.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
                do {
                    try spare.execute("SET TRANSACTION SNAPSHOT '\(snapshot)'")
                    let facts = try read(later[...], on: spare)
                    try spare.execute("COMMIT")
                    return facts
                } catch {
                    _ = try? spare.execute("ROLLBACK")
                    throw error
                }
            }
        }
        let first: [ReportEvent]
        do {
            first = try read(ranges[..<(ranges.count / 2)], on: session)
        } catch {
            // The other half imported this transaction's snapshot: let it end first.
            _ = try? other.wait()
            throw error
        }
        // A second connection refused (the server's connection limit, say) costs time,
        // not the report: this session reads that half too.
        let second: [ReportEvent]
        if let half = (try? other.wait()).flatMap({ $0 }) {
            second = half
        } else {
            second = try read(later[...], on: session)
        }
        return inLogOrder([first, second])
    }

    /// What `pg_export_snapshot` returns (hex digits and dashes), checked before it is
    /// written into `SET TRANSACTION SNAPSHOT`.
    static func isSnapshotName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= 64 && name.utf8.allSatisfy { byte in
            byte == UInt8(ascii: "-") || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
        }
    }

    /// At this many ranges (a log of 200,000 events or more) the read is split in two.
    static let splitAt = 4

    /// The lead events with `low < seq <= high`.
    struct SeqRange: Sendable {
        let low: Int64
        let high: Int64
        init(_ low: Int64, _ high: Int64) {
            self.low = low
            self.high = high
        }
    }

    /// The events of `ranges`, every range's query sent at once: this thread decodes one
    /// while the server packs the next.
    static func read(_ ranges: ArraySlice<SeqRange>, on session: Session) throws -> [ReportEvent] {
        var facts: [ReportEvent] = []
        try session.stream(ranges.map { query(after: $0.low, through: $0.high) }) { rows in
            for row in rows {
                var cells = row.makeIterator()
                // A range without lead events packs to NULL.
                guard let bytes = cells.next()?.bytes else { continue }
                try bytes.withUnsafeReadableBytes { raw in try decode(raw, into: &facts) }
            }
        }
        return facts
    }

    /// `parts` (consecutive ranges of `seq`, each after the one before it) in log order:
    /// each sorted by `seq` when it is not ascending already (the server may pack a range
    /// in any order, and an updated row moves on disk). Empty parts are dropped.
    static func inLogOrder(_ parts: [[ReportEvent]]) -> [[ReportEvent]] {
        parts.filter { !$0.isEmpty }.map { facts in
            guard zip(facts, facts.dropFirst()).contains(where: { $0.seq >= $1.seq }) else { return facts }
            // Sort (seq, index) pairs, not the events themselves: far less to move.
            var order = facts.indices.map { (seq: facts[$0].seq, index: $0) }
            order.sort { $0.seq < $1.seq }
            return order.map { facts[$0.index] }
        }
    }

    /// Appends the events packed in `bytes` to `facts`. Linear in the text's length.
    static func decode(_ bytes: UnsafeRawBufferPointer, into facts: inout [ReportEvent]) throws(StoreError) {
        var reader = Reader(bytes: bytes)
        while !reader.atEnd {
            let last = facts.last?.seq
            guard let seq = reader.integer() else { throw reader.damaged(after: last) }
            func bad(_ what: String) -> StoreError { StoreError.damaged("event #\(seq)'s report columns from the server are malformed (\(what))") }
            guard let lead = reader.integer(), let leadID = Int(exactly: lead) else { throw bad("lead") }
            guard case .some(let typeRange?) = reader.text(), let type = EventType(rawValue: reader.string(typeRange)) else {
                throw bad("type")
            }
            guard case .some(let atRange?) = reader.text() else { throw bad("at") }
            guard let at = ISODate.date(UnsafeRawBufferPointer(rebasing: bytes[atRange])) else {
                throw StoreError.damaged("event #\(seq) has a bad time")
            }
            guard let toRange = reader.text() else { throw bad("to_column") }
            let to = toRange.flatMap { Column(rawValue: reader.string($0)) }
            guard let person = reader.text(), let company = reader.text(), let meetingAt = reader.text(),
                  let outcome = reader.text(), let revisit = reader.text(), let resolution = reader.text() else {
                throw bad("a report column")
            }
            guard let undoesRange = reader.text() else { throw bad("undoes") }
            var undoes: Int64?
            if let undoesRange {
                guard let value = Int64(reader.string(undoesRange)) else { throw bad("undoes") }
                undoes = value
            }
            guard let reasons = reader.text(), let failed = reader.text() else { throw bad("reasons") }
            guard let before = reader.flag() else { throw bad("before_meeting") }
            // A no-show's or cancellation's reason: from the payload of outcome events alone.
            guard let reasonRange = reader.text() else { throw bad("outcome reason") }
            var outcomeReason: OutcomeReason?
            if let reasonRange {
                guard let reason = OutcomeReason(rawValue: reader.string(reasonRange)) else { throw bad("outcome reason") }
                outcomeReason = reason
            }
            let id = LeadID(leadID)
            guard person != nil || company != nil || meetingAt != nil || outcome != nil || revisit != nil
                    || resolution != nil || undoes != nil || reasons != nil else {
                facts.append(ReportEvent(seq: seq, at: at, lead: id, type: type, to: to))
                continue
            }
            func string(_ range: Range<Int>?) -> String? { range.map { reader.string($0) } }
            let columns = ReportColumns(person: string(person), company: string(company), meetingAt: string(meetingAt),
                                        outcome: string(outcome), revisit: string(revisit), resolution: string(resolution),
                                        undoes: undoes, reasons: string(reasons), failedCriteria: string(failed),
                                        beforeMeeting: before)
            do {
                var fact = try columns.fact(seq: seq, at: at, lead: id, type: type, to: to)
                fact.outcomeReason = outcomeReason
                facts.append(fact)
            } catch {
                throw StoreError.damaged(error.description)
            }
        }
    }

    /// A cursor over one aggregated text. Every read consumes what it parsed and returns
    /// nil when the bytes are not what the encoding writes.
    struct Reader {
        let bytes: UnsafeRawBufferPointer
        var position = 0

        var atEnd: Bool { position >= bytes.count }

        func damaged(after seq: Int64?) -> StoreError {
            StoreError.damaged("the report columns from the server are malformed after event #\(seq ?? 0)")
        }

        func string(_ range: Range<Int>) -> String {
            String(decoding: UnsafeRawBufferPointer(rebasing: bytes[range]), as: UTF8.self)
        }

        /// Decimal digits (an optional `-` first, at most 19 digits) ended by `terminator`.
        private mutating func number(until terminator: UInt8) -> Int64? {
            var index = position
            var negative = false
            if index < bytes.count, bytes[index] == UInt8(ascii: "-") {
                negative = true
                index += 1
            }
            let first = index
            var value: Int64 = 0
            while index < bytes.count, index - first < 19, case let byte = bytes[index], byte >= 48, byte <= 57 {
                let (times, overflow) = value.multipliedReportingOverflow(by: 10)
                let (sum, overflow2) = times.addingReportingOverflow(Int64(byte - 48))
                guard !overflow, !overflow2 else { return nil }
                value = sum
                index += 1
            }
            guard index > first, index < bytes.count, bytes[index] == terminator else { return nil }
            position = index + 1
            return negative ? -value : value
        }

        mutating func integer() -> Int64? { number(until: UInt8(ascii: ",")) }

        /// The byte range of a length-prefixed text; `.some(nil)` for NULL, nil when malformed.
        mutating func text() -> Range<Int>?? {
            guard position < bytes.count else { return nil }
            if bytes[position] == UInt8(ascii: "-") {
                position += 1
                return .some(nil)
            }
            let saved = position
            guard let count = number(until: UInt8(ascii: ":")), count >= 0, count <= bytes.count - position else {
                position = saved
                return nil
            }
            // `count` characters: each a lead byte and its UTF-8 continuation bytes.
            let start = position
            var index = start
            for _ in 0..<count {
                guard index < bytes.count else { return nil }
                index += 1
                while index < bytes.count, bytes[index] & 0xC0 == 0x80 { index += 1 }
            }
            position = index
            return .some(start..<index)
        }

        /// `t`, `f` or `-` (NULL); nil when malformed.
        mutating func flag() -> Bool?? {
            guard position < bytes.count else { return nil }
            let byte = bytes[position]
            position += 1
            switch byte {
            case UInt8(ascii: "t"): return .some(true)
            case UInt8(ascii: "f"): return .some(false)
            case UInt8(ascii: "-"): return .some(nil)
            default: return nil
            }
        }
    }
}
