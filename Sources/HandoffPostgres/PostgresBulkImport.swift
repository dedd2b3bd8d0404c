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
    static func parallel(_ count: Int, _ encode: @Sendable (Range<Int>) throws -> [UInt8]) throws -> [[UInt8]] {
        let parts = max(1, min(count / 2_000, ProcessInfo.processInfo.activeProcessorCount * 2))
        let size = (count + parts - 1) / max(1, parts)
        let slots = (0..<parts).map { _ in Slot() }
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            let range = (part * size)..<min(count, (part + 1) * size)
            // Each iteration writes only its own slot.
            slots[part].result = Result { range.isEmpty ? [] : try encode(range) }
        }
        return try slots.map { slot in
            guard let result = slot.result else { throw StoreError.damaged("a part of the import was not encoded") }
            return try result.get()
        }
    }

    private final class Slot: @unchecked Sendable {
        var result: Result<[UInt8], any Error>?
    }
}

/// Rows in `COPY`'s text format: tab-separated, `\N` for NULL, backslash escapes.
struct CopyText {
    var bytes: [UInt8] = []
    /// The documents' encoder, reused row after row.
    private let json = JSONAppender()

    /// Room for `rows` rows of about `size` bytes each: the buffer is not copied as it grows.
    init(rows: Int = 0, size: Int = 0) {
        bytes.reserveCapacity(rows * size)
    }

    /// `payload`: the payload's JSON as the export had it, kept as its text when the reader
    /// allows (`EventLogReader.Batch.payloadJSON`); nil: the payload encoded.
    mutating func event(_ event: Event, _ stamp: PostgresBulkImport.Stamp, payload: ArraySlice<UInt8>? = nil) throws {
        let facts = ReportColumns(event)
        field(String(event.seq))
        field(ISODate.text(event.at))
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
        field(ISODate.text(lead.updatedAt))
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

extension Session {
    /// `COPY table (columns) FROM STDIN` with `parts` as its data, in order; waits for it.
    func copy(table: String, columns: [String], _ parts: [[UInt8]]) throws {
        try startCopy(table: table, columns: columns, parts).wait()
    }

    /// Starts `COPY table (columns) FROM STDIN` with `parts` as its data, in order; the
    /// caller waits for it (`PendingCopy.wait`) before its next statement. After `previous`:
    /// sent once that one has ended, and not at all if it failed or the connection has
    /// closed. (postgres-nio never ends a `COPY` handed to a closed connection: its task
    /// hangs, and the runtime reports a leaked continuation on stderr. A `COPY` queued in
    /// postgres-nio behind a running one did that when the server restarted mid-import.)
    func startCopy(table: String, columns: [String], _ parts: [[UInt8]], after previous: PendingCopy? = nil) -> PendingCopy {
        let connection = self.connection
        let logger = self.logger
        let pending = PendingCopy()
        // On a thread of its own, not Swift's shared pool: the caller waits here, and may
        // itself be one of the pool's few threads.
        Task(executorPreference: CopyExecutor.shared) {
            if let previous {
                await previous.outcome.ended()
                if let error = previous.outcome.error {
                    pending.outcome.end(error)
                    pending.done.signal()
                    return
                }
            }
            // Nor on a connection already closed: postgres-nio would drop it unanswered.
            guard !connection.isClosed else {
                pending.outcome.end(PostgresCopyLost())
                pending.done.signal()
                return
            }
            do {
                try await connection.copyFrom(table: table, columns: columns, logger: logger) { writer in
                    for part in parts where !part.isEmpty {
                        try await writer.write(ByteBuffer(bytes: part))
                    }
                }
                pending.outcome.end(nil)
            } catch {
                pending.outcome.end(error)
            }
            pending.done.signal()
        }
        // postgres-nio does not always end a COPY whose connection closes under it: the
        // closed connection ends the wait (the transaction is gone with it).
        connection.closeFuture.whenComplete { _ in
            pending.outcome.end(PostgresCopyLost(), unlessEnded: true)
            pending.done.signal()
        }
        return pending
    }
}

/// The `COPY`s of one import, in order on one connection, up to `depth` under way: each
/// starts the moment the one before it ends, so the server is not left waiting for the
/// caller to come back from its next window, and the caller does not wait for the server
/// before it starts on that window. The first failure is the one reported; what was
/// waiting behind it is never sent.
struct CopyPipeline {
    /// Two: one on the server and one waiting behind it. Against one at a time, a 100,000-row
    /// CSV import took 0.2–0.9 s less in 7 of 8 alternated runs (BENCHMARKS.md, session 31);
    /// each window more under way holds its text in memory a little longer.
    static let depth = 2

    private let session: Session
    private let depth: Int
    private var underWay: [PendingCopy] = []

    init(_ session: Session, depth: Int = Self.depth) {
        self.session = session
        self.depth = max(1, depth)
    }

    /// Starts a `COPY` once fewer than `depth` are under way; throws what an earlier one came to.
    mutating func send(table: String, columns: [String], _ parts: [[UInt8]]) throws {
        while underWay.count >= depth { try underWay.removeFirst().wait() }
        underWay.append(session.startCopy(table: table, columns: columns, parts, after: underWay.last))
    }

    /// Waits for every `COPY` under way, in order; throws the first failure.
    mutating func finish() throws {
        while !underWay.isEmpty { try underWay.removeFirst().wait() }
    }

    /// Lets every `COPY` under way end, whatever it came to (before a rollback).
    mutating func drain() {
        for copy in underWay { _ = try? copy.wait() }
        underWay = []
    }
}

/// A `COPY` under way on its own task.
final class PendingCopy: @unchecked Sendable {
    fileprivate let outcome = CopyOutcome()
    fileprivate let done = DispatchSemaphore(value: 0)
    private var waited = false

    /// Waits for the `COPY` to end (once); throws what it came to. A connection lost under
    /// it is closed, and `Connections` drops a closed one.
    func wait() throws {
        if !waited {
            done.wait()
            waited = true
        }
        if let error = outcome.error { throw error }
    }
}

/// The connection closed in the middle of a `COPY`.
struct PostgresCopyLost: Error, CustomStringConvertible {
    var description: String { "the connection to the server was lost during the import; nothing was imported" }
}

/// Runs a `COPY`'s task on one dedicated queue.
private final class CopyExecutor: TaskExecutor {
    static let shared = CopyExecutor()
    private let queue = DispatchQueue(label: "handoff.postgres.copy")

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        queue.async { job.runSynchronously(on: executor) }
    }
}

/// What a `COPY` on another task came to, and who waits for it to end.
fileprivate final class CopyOutcome: @unchecked Sendable {
    private let lock = NSLock()
    private var failure: (any Error)?
    private var isEnded = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    /// Ends it with `error` (nil: it succeeded); `unlessEnded`: only if nothing ended it
    /// yet (a closed connection after the `COPY` had finished is no failure of it). The
    /// first failure stays.
    func end(_ error: (any Error)?, unlessEnded: Bool = false) {
        lock.lock()
        if unlessEnded, isEnded {
            lock.unlock()
            return
        }
        if failure == nil { failure = error }
        isEnded = true
        let resumed = waiters
        waiters = []
        lock.unlock()
        for waiter in resumed { waiter.resume() }
    }

    /// Returns once it has ended, however.
    func ended() async {
        await withCheckedContinuation { (waiter: CheckedContinuation<Void, Never>) in
            lock.lock()
            if isEnded {
                lock.unlock()
                waiter.resume()
            } else {
                waiters.append(waiter)
                lock.unlock()
            }
        }
    }

    var error: (any Error)? {
        lock.lock()
        defer { lock.unlock() }
        return failure
    }
}
