import Foundation
import HandoffCore
import HandoffStore
import PostgresNIO

/// The report's read on PostgreSQL: the lead events' report columns (migration v4) as a
/// few large texts instead of a million rows. postgres-nio builds a `PostgresRow` per
/// result row, which cost far more than the server's scan. So each lead event's columns
/// are packed into one text when the event is written (the generated column
/// `report_pack`, migration v8, whose expression is `packed`); the server joins each range
/// of `span` sequence numbers' texts into one with `string_agg`, and a tight loop over its
/// UTF-8 bytes takes it apart. (Packing at read time cost the server about 2 µs an event,
/// most of the read.)
///
/// Each range is a query of its own, on the primary key's order, and all of them are sent
/// at once on the one connection (inside the read's snapshot): the server joins the next
/// range while this thread takes the last one apart.
///
/// The encoding of one event, fields in the order of `packed`, nothing
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

    /// One lead event's packed text, from its columns: the expression of the generated
    /// column `report_pack` (migration v8, `PostgresReportPack`), so the server computes
    /// it once, when the event is written. NULL for what the report does not read: a team
    /// event, or a lead's `scored` event (about two in five of a log's events), which then
    /// cost neither the packing nor the bytes.
    static let packed: String = {
        let texts = ["person", "company", "meeting_at", "outcome", "revisit", "resolution"].map(text).joined(separator: " || ")
        return """
            CASE WHEN lead IS NOT NULL AND type <> 'scored' THEN
                seq::text || ',' || lead::text || ',' || \(text("type")) || \(text("at")) || \(text("to_column"))
                || \(texts) || \(text("undoes::text")) || \(text("reasons")) || \(text("failed_criteria"))
                || CASE WHEN before_meeting THEN 't' WHEN NOT before_meeting THEN 'f' ELSE '-' END
                || \(text("CASE WHEN type = 'outcome' THEN payload::json->>'outcomeReason' END"))
            END
            """
    }()

    /// The packed texts of the lead events with `low < seq <= high`, as one (NULL when
    /// there are none).
    static func query(after low: Int64, through high: Int64) -> PostgresQuery {
        PostgresQuery(unsafeSQL: """
            SELECT string_agg(report_pack, '') FROM event
            WHERE report_pack IS NOT NULL AND seq > \(low) AND seq <= \(high)
            """)
    }

    /// The report's events, in log order, from the session's snapshot (the caller's
    /// `REPEATABLE READ` transaction, which every range's query shares). Every range's
    /// query is sent at once: this thread decodes one while the server joins the next.
    /// (`span` is the tests' to make small.)
    static func events(_ session: Session, span: Int64 = span) throws -> [ReportEvent] {
        guard let last = try session.scalar(PostgresQuery(unsafeSQL: "SELECT max(seq) FROM event"), as: Int64.self),
              last > 0 else { return [] }
        let queries = stride(from: Int64(0), to: last, by: Int(max(1, span))).map { low in
            query(after: low, through: min(last, low + max(1, span)))
        }
        var facts: [ReportEvent] = []
        try session.stream(queries) { rows in
            for row in rows {
                var cells = row.makeIterator()
                // A range without lead events joins to NULL.
                guard let bytes = cells.next()?.bytes else { continue }
                try bytes.withUnsafeReadableBytes { raw in try decode(raw, into: &facts) }
            }
        }
        return inLogOrder(facts)
    }

    private static func isAscending(_ facts: [ReportEvent]) -> Bool {
        !zip(facts, facts.dropFirst()).contains { $0.seq >= $1.seq }
    }

    /// `facts` sorted by `seq` (the server may join a range in any order, and an updated
    /// row moves on disk).
    static func inLogOrder(_ facts: [ReportEvent]) -> [ReportEvent] {
        guard !isAscending(facts) else { return facts }
        // Sort (seq, index) pairs, not the events themselves: far less to move.
        var order = facts.indices.map { (seq: facts[$0].seq, index: $0) }
        order.sort { $0.seq < $1.seq }
        return order.map { facts[$0.index] }
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
