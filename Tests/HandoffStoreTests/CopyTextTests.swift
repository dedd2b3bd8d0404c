import Foundation
@testable import HandoffCore
@testable import HandoffPostgres
@testable import HandoffStore
import Testing

/// The rows `import` and `import --events` send in `COPY`'s text format: every field, and
/// the JSON documents written straight into the rows, read back as they went in whatever
/// the text holds and wherever in an eight-byte word the byte to escape falls.
@Suite("PostgreSQL: COPY text rows")
struct CopyTextTests {
    /// `COPY`'s text format read back: rows of fields, nil for `\N`.
    static func rows(_ bytes: [UInt8]) -> [[String?]] {
        var rows: [[String?]] = []
        var row: [String?] = []
        var field: [UInt8] = []
        var isNull = false
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case 0x09, 0x0A:
                row.append(isNull ? nil : String(decoding: field, as: UTF8.self))
                field = []
                isNull = false
                if byte == 0x0A {
                    rows.append(row)
                    row = []
                }
            case 0x5C:
                index += 1
                switch bytes[index] {
                case UInt8(ascii: "N"): isNull = true
                case UInt8(ascii: "n"): field.append(0x0A)
                case UInt8(ascii: "r"): field.append(0x0D)
                case UInt8(ascii: "t"): field.append(0x09)
                default: field.append(bytes[index])
                }
            default:
                field.append(byte)
            }
            index += 1
        }
        #expect(row.isEmpty && field.isEmpty, "the rows did not end with a newline")
        return rows
    }

    /// Texts with each byte COPY escapes, and JSON's own escapes, at every offset of two words.
    static var texts: [String] {
        var texts = ["", "plain", "Zoë 李 👩‍👩‍👧", "\\", "\\\\", "a\tb\nc\rd", "quote \" and \\ backslash", "\u{1}\u{1B}[31m"]
        for special in ["\\", "\t", "\n", "\r", "\"", "\u{7}"] {
            for offset in 0..<17 {
                texts.append(String(repeating: "x", count: offset) + special + String(repeating: "y", count: 19 - offset))
            }
        }
        return texts
    }

    @Test func eventsAndLeadsReadBackAsTheyWentIn() throws {
        let stamp = PostgresBulkImport.Stamp(caller: "own\\er\t1", now: "2026-12-02 01:00:00+00")
        var text = CopyText(rows: 4, size: 64)
        var expected: [(event: Event, lead: Lead)] = []
        for (index, value) in Self.texts.enumerated() {
            let fields = LeadFields(company: "Co " + value, contact: value + " Doe", title: value, email: "x\(index)@co.test")
            let event = Event(seq: Int64(index + 1), at: Date(timeIntervalSince1970: 1_795_000_000), actor: "le\\e",
                              lead: LeadID(index + 1), type: .created, from: nil, to: .queue,
                              payload: EventPayload(fields: fields, owner: "sam"))
            let lead = try #require(Projection.apply(event, to: nil))
            try text.event(event, stamp)
            try text.lead(lead)
            expected.append((event, lead))
        }
        let rows = Self.rows(text.bytes)
        #expect(rows.count == expected.count * 2)
        for (index, (event, lead)) in expected.enumerated() {
            let eventRow = rows[index * 2], leadRow = rows[index * 2 + 1]
            #expect(eventRow.count == PostgresBulkImport.eventColumns.count)
            #expect(leadRow.count == PostgresBulkImport.leadColumns.count)
            #expect(eventRow[0] == String(event.seq) && eventRow[2] == "le\\e" && eventRow[5] == nil && eventRow[6] == "queue")
            #expect(eventRow[8] == stamp.caller)
            // The documents are the encoder's JSON, byte for byte, and decode to the values.
            #expect(eventRow[7] == (try StreamingJSONEncoder.string(event.payload)), "\(index)")
            #expect(try Codec.decode(EventPayload.self, from: eventRow[7] ?? "") == event.payload)
            #expect(leadRow[4] == lead.company && leadRow[5] == lead.contact && leadRow[6] == lead.fields.email)
            #expect(leadRow[10] == (try StreamingJSONEncoder.string(lead)), "\(index)")
            #expect(try Codec.decode(Lead.self, from: leadRow[10] ?? "") == lead)
        }
    }

    /// The CSV import writes a part's events and their leads with one encoder, and a lead's
    /// state reuses the fields its `created` event just wrote. A lead whose fields differ
    /// from the event's in any one field (here the last, then the first) is written anew.
    @Test func aLeadReusingItsEventsFieldsIsTheEncodersJSON() throws {
        let stamp = PostgresBulkImport.Stamp(caller: "lee", now: "2026-12-02 01:00:00+00")
        let encoder = JSONAppender(reusingFields: true)
        var events = CopyText(rows: 4, size: 64, encoder: encoder)
        var leads = CopyText(rows: 4, size: 64, encoder: encoder)
        var expected: [(event: Event, lead: Lead)] = []
        for (index, value) in Self.texts.enumerated() {
            let fields = LeadFields(company: "Co " + value, contact: value + " Doe", title: value, email: "x\(index)@co.test",
                                    createdInCRM: index % 2 == 0 ? "3/4/2026" : nil)
            let event = Event(seq: Int64(index + 1), at: Date(timeIntervalSince1970: 1_795_000_000), actor: "lee",
                              lead: LeadID(index + 1), type: .created, from: nil, to: .queue,
                              payload: EventPayload(fields: fields, owner: "sam"))
            var lead = try #require(Projection.apply(event, to: nil))
            switch index % 3 {
            case 1: lead.fields.createdInCRM = "other"
            case 2: lead.fields.company += "!"
            default: break
            }
            try events.event(event, stamp)
            try leads.lead(lead)
            expected.append((event, lead))
        }
        let eventRows = Self.rows(events.bytes), leadRows = Self.rows(leads.bytes)
        #expect(eventRows.count == expected.count && leadRows.count == expected.count)
        for (index, (event, lead)) in expected.enumerated() {
            #expect(eventRows[index][7] == (try StreamingJSONEncoder.string(event.payload)), "\(index)")
            #expect(leadRows[index][10] == (try StreamingJSONEncoder.string(lead)), "\(index)")
            #expect(try Codec.decode(Lead.self, from: leadRows[index][10] ?? "") == lead)
        }
    }
}
