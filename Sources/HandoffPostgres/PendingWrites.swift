import Foundation
import HandoffCore
import HandoffStore
import PostgresNIO

/// What one write transaction has decided and not yet sent: its events, each with its
/// lead's new row, sent to the server in one call (`handoff_append`) just before COMMIT,
/// or before the transaction next reads. (An exported log goes by `COPY` instead:
/// `PostgresBulkImport`.)
///
/// The events are numbered here, from the newest `seq` read under the write lock when the
/// transaction began; the server checks that they follow it, so a number is never taken
/// twice.
final class PendingWrites {
    /// The newest event number and lead id, including what is pending.
    private(set) var newestSeq: Int64
    private(set) var maxLeadID: Int
    private var entries: [Entry] = []
    private var bytes = 0

    /// Sent early when this much is pending: bounds memory and the size of one call.
    static let flushEntries = 2048
    static let flushBytes = 8 << 20

    private struct Entry {
        var event: String?
        var lead: Int?
        var row: String?
    }

    init(newestSeq: Int64, maxLeadID: Int) {
        self.newestSeq = newestSeq
        self.maxLeadID = maxLeadID
    }

    var isEmpty: Bool { entries.isEmpty }
    var isFull: Bool { entries.count >= Self.flushEntries || bytes >= Self.flushBytes }

    /// Queues `event`, numbering it.
    func append(_ event: inout Event, payload: String) {
        newestSeq += 1
        event.seq = newestSeq
        if let lead = event.lead?.number { maxLeadID = max(maxLeadID, lead) }
        let members = [
            ("seq", String(event.seq)),
            ("at", JSONText.string(PostgresRows.text(event.at))),
            ("actor", JSONText.string(event.actor)),
            ("lead", event.lead.map { String($0.number) } ?? "null"),
            ("type", JSONText.string(event.type.rawValue)),
            ("from_column", JSONText.string(event.from?.rawValue)),
            ("to_column", JSONText.string(event.to?.rawValue)),
            ("payload", JSONText.string(payload)),
        ]
        let text = JSONText.object(members)
        bytes += text.utf8.count
        entries.append(Entry(event: text, lead: event.lead?.number, row: nil))
    }

    /// Queues a lead's new row, with the event just queued on it.
    func save(_ lead: Lead, state: String) throws {
        let card = lead.card
        let text = JSONText.object([
            ("id", String(lead.id.number)),
            ("column_slug", JSONText.string(lead.column.rawValue)),
            ("owner", JSONText.string(lead.owner)),
            ("ae", JSONText.string(lead.ae)),
            ("company", JSONText.string(lead.company)),
            ("contact", JSONText.string(lead.contact)),
            ("email", JSONText.string(lead.fields.email)),
            ("external_id", JSONText.string(lead.fields.externalID)),
            ("version", String(lead.version)),
            ("updated_at", JSONText.string(PostgresRows.text(lead.updatedAt))),
            ("state", JSONText.string(state)),
            ("column_since", JSONText.number(card.columnSince.timeIntervalSince1970)),
            ("rebook", card.rebook ? "true" : "false"),
            ("dispute_open", card.disputeOpen ? "true" : "false"),
            ("revisit", card.revisit.map { JSONText.number($0.timeIntervalSince1970) } ?? "null"),
            ("meeting_at", card.meetingAt.map { JSONText.number($0.timeIntervalSince1970) } ?? "null"),
            ("meeting_outcome", JSONText.string(card.meetingOutcome?.rawValue)),
        ])
        bytes += text.utf8.count
        maxLeadID = max(maxLeadID, lead.id.number)
        if let last = entries.indices.last, entries[last].event != nil, entries[last].lead == lead.id.number,
           entries[last].row == nil {
            entries[last].row = text
        } else {
            throw StoreError.damaged("\(lead.id)'s new state comes without an event on it; nothing was changed")
        }
    }

    /// The call that sends everything pending, and forgets it; nil when nothing is pending.
    func take() -> PostgresQuery? {
        guard !entries.isEmpty else { return nil }
        var json = "["
        json.reserveCapacity(bytes + entries.count * 24)
        for (index, entry) in entries.enumerated() {
            if index > 0 { json += "," }
            json += "{\"event\":"
            json += entry.event ?? "null"
            json += ",\"lead\":"
            json += entry.row ?? "null"
            json += "}"
        }
        json += "]"
        entries.removeAll(keepingCapacity: true)
        bytes = 0
        var bindings = PostgresBindings(capacity: 1)
        bindings.append(json)
        return PostgresQuery(unsafeSQL: "SELECT handoff_append($1::json)", binds: bindings)
    }
}

/// JSON text written by hand: the server reads it with `json_populate_record`.
enum JSONText {
    static func object(_ members: [(String, String)]) -> String {
        var text = "{"
        for (index, (key, value)) in members.enumerated() {
            if index > 0 { text += "," }
            text += "\""
            text += key
            text += "\":"
            text += value
        }
        return text + "}"
    }

    static func number(_ value: Double) -> String {
        value.isFinite ? "\(value)" : "null"
    }

    /// A JSON string, or `null`.
    static func string(_ value: String?) -> String {
        guard let value else { return "null" }
        let utf8 = value.utf8
        if !utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) { return "\"" + value + "\"" }
        var bytes: [UInt8] = [0x22]
        bytes.reserveCapacity(utf8.count + 16)
        let hex = Array("0123456789abcdef".utf8)
        for byte in utf8 {
            switch byte {
            case 0x22: bytes += [0x5C, 0x22]
            case 0x5C: bytes += [0x5C, 0x5C]
            case 0x0A: bytes += [0x5C, 0x6E]
            case 0x0D: bytes += [0x5C, 0x72]
            case 0x09: bytes += [0x5C, 0x74]
            case ..<0x20: bytes += [0x5C, 0x75, 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
            default: bytes.append(byte)
            }
        }
        bytes.append(0x22)
        return String(decoding: bytes, as: UTF8.self)
    }
}
