import Foundation
import HandoffCore
import HandoffStore
import PostgresNIO

/// `import --events` on PostgreSQL: an exported log into an empty store, by `COPY`.
///
/// In the write transaction and under the write lock, the client checks the log batch by
/// batch as it streams in, as on SQLite (`LogImport`: the order, every event decided by
/// the rules through `LogAudit`, a replay that fits), and each checked batch goes to the
/// event table (with its report columns from `ReportColumns`) in a `COPY` that runs while
/// the next batch is read and checked; then the replayed leads, the roster and definition
/// as the server's own `handoff_project_team` projects them, and the boards' wake-up. One
/// transaction: a refusal or failure anywhere, a lost connection included, leaves the
/// store as it was.
///
/// Writing the tables directly takes INSERT on them, which only the schema's owner has
/// (migration v3 took it from every login), so this is the owner's alone.
enum PostgresBulkImport {
    static let eventColumns = ["seq", "at", "actor", "lead", "type", "from_column", "to_column", "payload", "recorded_by",
                               "recorded_at"] + ReportColumns.names
    static let leadColumns = ["id", "column_slug", "owner", "ae", "company", "contact", "email", "external_id", "version",
                              "updated_at", "state", "column_since", "rebook", "dispute_open", "revisit", "meeting_at",
                              "meeting_outcome"]
    /// Leads encoded and sent per `COPY` statement: bounds the memory an import holds, and
    /// each window is encoded while the one before it is sent.
    static let window = 10_000

    /// The log from `source`, batch by batch: checked (`LogImport`), then `COPY`d while the
    /// client reads and checks the next batch; then the replayed leads, the team's
    /// projection and the wake-up. The caller's transaction holds it all.
    static func run(_ source: EventSource, _ session: Session) throws -> DoctorReport {
        let stamp = try ownerStamp(session)
        var log = LogImport()
        var copies = CopyPipeline(session)
        var lastSeq: Int64?
        let leads: [LeadID: Lead]
        do {
            while let batch = try source.next() {
                // The batch is encoded on other threads while this one checks it; nothing
                // of it is sent before the check has passed.
                let encoding = Ahead {
                    try parallel(batch.events.count) { range in
                        var text = CopyText(rows: range.count, size: 640)
                        for index in range { try text.event(batch.events[index], stamp, payload: batch.payloadJSON(index)) }
                        return text.bytes
                    }
                }
                try log.check(batch)
                try copies.send(table: "event", columns: eventColumns, try encoding.wait())
                lastSeq = batch.events.last?.seq ?? lastSeq
            }
            leads = try log.finish()
            // In id order, a window at a time, each window encoded while the ones before it
            // are sent. The ids are sorted, not the leads: a lead is a kilobyte to move.
            let ids = leads.keys.sorted()
            for start in stride(from: 0, to: ids.count, by: window) {
                let slice = ids[start..<min(ids.count, start + window)].compactMap { leads[$0] }
                let parts = try parallel(slice.count) { range in
                    var text = CopyText(rows: range.count, size: 896)
                    for lead in slice[range] { try text.lead(lead) }
                    return text.bytes
                }
                try copies.send(table: "lead", columns: leadColumns, parts)
            }
            try copies.finish()
        } catch {
            // A refusal while a COPY is on the wire: let it end before the transaction rolls back.
            copies.drain()
            throw error
        }
        // The roster and the definition, as the server projects them (and a personal
        // founding, for the login importing it), then the wake-up, delivered on commit.
        try session.execute("""
            DO $$
            DECLARE e event;
            BEGIN
                FOR e IN SELECT * FROM event WHERE lead IS NULL ORDER BY seq LOOP
                    PERFORM handoff_project_team(e, session_user);
                END LOOP;
            END
            $$
            """)
        if let lastSeq {
            try session.query("SELECT pg_notify('handoff_events', \(String(lastSeq)))")
        }
        return DoctorReport(events: log.count, leads: leads.count, problems: [])
    }

    /// Who writes the import, and when; refused unless the caller owns the schema.
    static func ownerStamp(_ session: Session) throws -> Stamp {
        let rows = try session.query("""
            SELECT pg_has_role(session_user, c.relowner, 'MEMBER'), session_user::text, pg_get_userbyid(c.relowner)::text,
                   now()::text
            FROM pg_class c WHERE c.oid = 'event'::regclass
            """)
        guard let (isOwner, caller, owner, now) = try rows.first?.decode((Bool, String, String, String).self) else {
            throw StoreError.damaged("the store has no event table")
        }
        guard isOwner else {
            throw RuleError.notPermitted("only the store's owner (\(owner)) may import a log, not \(caller)")
        }
        return Stamp(caller: caller, now: now)
    }

    struct Stamp: Sendable {
        var caller: String
        var now: String
    }

    /// `count` items encoded in parts on every core, in order.
    static func parallel<Part: Sendable>(_ count: Int, _ encode: @Sendable (Range<Int>) throws -> Part) throws -> [Part] {
        let parts = max(1, min(count / 2_000, ProcessInfo.processInfo.activeProcessorCount * 2))
        let size = (count + parts - 1) / max(1, parts)
        let slots = (0..<parts).map { _ in Slot<Part>() }
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            let range = (part * size)..<min(count, (part + 1) * size)
            // Each iteration writes only its own slot.
            slots[part].result = Result { try encode(range) }
        }
        return try slots.map { slot in
            guard let result = slot.result else { throw StoreError.damaged("a part of the import was not encoded") }
            return try result.get()
        }
    }

    private final class Slot<Part>: @unchecked Sendable {
        var result: Result<Part, any Error>?
    }
}

/// Rows in `COPY`'s text format: tab-separated, `\N` for NULL, backslash escapes.
struct CopyText {
    var bytes: [UInt8] = []
    /// The documents' encoder, reused row after row (and shared by the texts given it).
    private let json: JSONAppender

    /// Room for `rows` rows of about `size` bytes each: the buffer is not copied as it grows.
    init(rows: Int = 0, size: Int = 0, encoder: JSONAppender = JSONAppender()) {
        json = encoder
        bytes.reserveCapacity(rows * size)
    }

    /// `payload`: the payload's JSON as the export had it, kept as its text when the reader
    /// allows (`EventLogReader.Batch.payloadJSON`); nil: the payload encoded.
    mutating func event(_ event: Event, _ stamp: PostgresBulkImport.Stamp, payload: ArraySlice<UInt8>? = nil) throws {
        let facts = ReportColumns(event)
        field(String(event.seq))
        field(date: event.at)
        field(event.actor)
        field(event.lead.map { String($0.number) })
        field(event.type.rawValue)
        field(event.from?.rawValue)
        field(event.to?.rawValue)
        if let payload {
            field(bytes: payload)
        } else {
            try field(json: event.payload)
        }
        field(stamp.caller)
        field(stamp.now)
        field(facts.person)
        field(facts.company)
        field(facts.meetingAt)
        field(facts.outcome)
        field(facts.revisit)
        field(facts.resolution)
        field(facts.undoes.map { String($0) })
        field(facts.reasons)
        field(facts.failedCriteria)
        field(facts.beforeMeeting.map { $0 ? "t" : "f" }, last: true)
    }

    mutating func lead(_ lead: Lead) throws {
        let card = lead.card
        field(String(lead.id.number))
        field(lead.column.rawValue)
        field(lead.owner)
        field(lead.ae)
        field(lead.company)
        field(lead.contact)
        field(lead.fields.email)
        field(lead.fields.externalID)
        field(String(lead.version))
        field(date: lead.updatedAt)
        try field(json: lead)
        field(JSONText.number(card.columnSince.timeIntervalSince1970))
        field(card.rebook ? "t" : "f")
        field(card.disputeOpen ? "t" : "f")
        field(card.revisit.map { JSONText.number($0.timeIntervalSince1970) })
        field(card.meetingAt.map { JSONText.number($0.timeIntervalSince1970) })
        field(card.meetingOutcome?.rawValue, last: true)
    }

    private mutating func field(_ value: String?, last: Bool = false) {
        if var value {
            value.withUTF8 { append(escaping: $0) }
        } else {
            // Byte by byte: an array literal here was an allocation per NULL.
            bytes.append(0x5C)
            bytes.append(UInt8(ascii: "N"))
        }
        bytes.append(last ? 0x0A : 0x09)
    }

    /// A time as the stores write it (`ISODate`), straight into the row (never the last column).
    private mutating func field(date: Date) {
        if ISODate.append(date, to: &bytes) { bytes.append(0x09) } else { field(ISODate.text(date)) }
    }

    /// A text field given as its UTF-8 bytes (never the last column).
    private mutating func field(bytes text: ArraySlice<UInt8>) {
        text.withUnsafeBufferPointer { append(escaping: $0) }
        bytes.append(0x09)
    }

    /// A document's JSON, written straight into the rows (never the last column). JSON
    /// holds no raw tab, newline or return, but it has backslashes of its own: the part
    /// written is escaped again in place when it holds one.
    private mutating func field<T: Encodable>(json value: T) throws {
        let mark = bytes.count
        try json.append(value, to: &bytes)
        let clean = bytes.withUnsafeBufferPointer { all in
            UTF8Bytes.copyPlainPrefix(all, from: mark) == all.count
        }
        if !clean {
            let written = Array(bytes[mark...])
            bytes.removeSubrange(mark...)
            written.withUnsafeBufferPointer { append(escaping: $0) }
        }
        bytes.append(0x09)
    }

    private mutating func append(escaping utf8: UnsafeBufferPointer<UInt8>) {
        var start = 0
        while true {
            // Most values need no escape: each plain run at once.
            let end = UTF8Bytes.copyPlainPrefix(utf8, from: start)
            if end > start { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<end])) }
            guard end < utf8.count else { return }
            bytes.append(0x5C)
            switch utf8[end] {
            case 0x0A: bytes.append(UInt8(ascii: "n"))
            case 0x0D: bytes.append(UInt8(ascii: "r"))
            case 0x09: bytes.append(UInt8(ascii: "t"))
            default: bytes.append(0x5C)
            }
            start = end + 1
        }
    }
}
