import Foundation
import HandoffCore

// What a batch holds between its rules and its multi-row statements (`SQLiteBatchSession`):
// the rows' values, and the bytes of their texts while a statement reads them.

/// A row's values, bound in its statement's column order.
protocol BoundRow {
    func bind(to insert: inout BoundStatement)
}

/// An event's row as a batch holds it until its statement: the values to bind, not the
/// event (a copy of an event, or of a lead below, retains every string it holds).
struct EventRow: BoundRow {
    /// Nil for SQLite to number.
    let seq: Int64?
    let at: String
    let actor: String
    let lead: Int?
    let type: String
    let from: String?
    let to: String?
    let payload: String
    let facts: ReportColumns

    init(_ event: Event, payload: String, at: String) {
        seq = event.seq == 0 ? nil : event.seq
        self.at = at
        actor = event.actor
        lead = event.lead?.number
        type = event.type.rawValue
        from = event.from?.rawValue
        to = event.to?.rawValue
        self.payload = payload
        facts = ReportColumns(event)
    }

    func bind(to insert: inout BoundStatement) {
        insert.bind(seq)
        insert.bind(at)
        insert.bind(actor)
        insert.bind(lead)
        insert.bind(type)
        insert.bind(from)
        insert.bind(to)
        insert.bind(payload)
        insert.bind(facts.person)
        insert.bind(facts.company)
        insert.bind(facts.meetingAt)
        insert.bind(facts.outcome)
        insert.bind(facts.revisit)
        insert.bind(facts.resolution)
        insert.bind(facts.undoes)
        insert.bind(facts.reasons)
        insert.bind(facts.failedCriteria)
        insert.bind(facts.beforeMeeting.map { Int64($0 ? 1 : 0) })
    }
}

/// A new lead's row as a batch holds it until its statement (`EventRow`).
struct LeadRow: BoundRow {
    let id: Int
    let column: String
    let owner: String
    let ae: String?
    let company: String
    let contact: String
    let email: String?
    let externalID: String?
    let version: Int
    let updatedAt: String
    let state: String
    let columnSince: Double
    let rebook: Bool
    let disputeOpen: Bool
    let revisit: Double?
    let meetingAt: Double?
    let meetingOutcome: String?

    init(_ lead: Lead, state: String, updatedAt: String) {
        let card = lead.card
        id = lead.id.number
        column = lead.column.rawValue
        owner = lead.owner
        ae = lead.ae
        company = lead.company
        contact = lead.contact
        email = lead.fields.email
        externalID = lead.fields.externalID
        version = lead.version
        self.updatedAt = updatedAt
        self.state = state
        columnSince = card.columnSince.timeIntervalSince1970
        rebook = card.rebook
        disputeOpen = card.disputeOpen
        revisit = card.revisit?.timeIntervalSince1970
        meetingAt = card.meetingAt?.timeIntervalSince1970
        meetingOutcome = card.meetingOutcome?.rawValue
    }

    func bind(to insert: inout BoundStatement) {
        insert.bind(id)
        insert.bind(column)
        insert.bind(owner)
        insert.bind(ae)
        insert.bind(company)
        insert.bind(contact)
        insert.bind(email)
        insert.bind(externalID)
        insert.bind(version)
        insert.bind(updatedAt)
        insert.bind(state)
        insert.bind(columnSince)
        insert.bind(rebook)
        insert.bind(disputeOpen)
        insert.bind(revisit)
        insert.bind(meetingAt)
        insert.bind(meetingOutcome)
    }
}

/// Bytes a statement's texts are copied into until it has run, so that SQLite reads them
/// in place (`SQLITE_STATIC`) instead of copying each into an allocation of its own and
/// freeing it again: an import binds a million texts. Chunks are kept between statements;
/// a text too large for a chunk gets its own block, freed at `reset`.
final class TextArena {
    private static let chunkSize = 64 * 1024
    private var chunks: [UnsafeMutableRawBufferPointer] = []
    private var large: [UnsafeMutableRawBufferPointer] = []
    /// The chunk being filled, and how much of it is used.
    private var current = 0
    private var used = 0

    init() {}

    deinit {
        for block in chunks { block.deallocate() }
        for block in large { block.deallocate() }
    }

    /// A copy of `bytes` that stays where it is until `reset`; nil for no bytes.
    func copy(_ bytes: UnsafeRawBufferPointer) -> UnsafeRawPointer? {
        let count = bytes.count
        guard count > 0 else { return nil }
        if count > Self.chunkSize / 4 {
            let block = UnsafeMutableRawBufferPointer.allocate(byteCount: count, alignment: 1)
            block.copyMemory(from: bytes)
            large.append(block)
            return UnsafeRawPointer(block.baseAddress)
        }
        if current < chunks.count, used + count > chunks[current].count {
            current += 1
            used = 0
        }
        if current == chunks.count {
            chunks.append(UnsafeMutableRawBufferPointer.allocate(byteCount: Self.chunkSize, alignment: 1))
        }
        let target = UnsafeMutableRawBufferPointer(rebasing: chunks[current][used..<(used + count)])
        target.copyMemory(from: bytes)
        used += count
        return UnsafeRawPointer(target.baseAddress)
    }

    /// Everything copied so far may be overwritten: the statement that read it has run
    /// and its bindings are cleared.
    func reset() {
        for block in large { block.deallocate() }
        large.removeAll(keepingCapacity: true)
        current = 0
        used = 0
    }
}
