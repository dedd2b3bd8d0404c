import Foundation
import Testing
@testable import HandoffCore

/// `Boxed`: the large optional parts of an event and a lead behind a reference. The JSON,
/// equality and value semantics must be those of the inline optionals they replaced.
@Suite("boxed parts of events and leads")
struct BoxedTests {
    let at = Date(timeIntervalSince1970: 1_780_000_000)

    func meeting(_ ae: String) -> Meeting {
        Meeting(ae: ae, at: at.addingTimeInterval(86_400), agenda: "Discovery", bookedBy: "sam", bookedAt: at)
    }

    func json<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        encoder.dateEncodingStrategy = .iso8601
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    func decoded<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(type, from: Data(text.utf8))
    }

    @Test func aNilPartIsLeftOutOfTheJSONAndAMissingOrNullKeyReadsAsNil() throws {
        let event = Event(at: at, actor: "sam", lead: LeadID(1), type: .scored, from: .queue, to: .queue)
        let text = try json(event)
        for key in ["fields", "meeting", "disposition", "restored", "member", "definition", "founding", "away", "calibration"] {
            #expect(!text.contains("\"\(key)\""), "\(key) is written while nil: \(text)")
        }
        #expect(try decoded(Event.self, text) == event)
        let withNull = text.replacingOccurrences(of: "\"payload\":{", with: "\"payload\":{\"meeting\":null,")
        #expect(withNull != text)
        #expect(try decoded(Event.self, withNull).payload.meeting == nil)
    }

    @Test func aSetPartIsWrittenAsItsValueAndReadBack() throws {
        var payload = EventPayload(meeting: meeting("ae1"))
        payload.restored = Lead(id: LeadID(4), fields: LeadFields(company: "Acme", contact: "Ann"), owner: "sam", at: at, actor: "sam")
        payload.restored?.meeting = meeting("ae2")
        let text = try json(payload)
        #expect(text.contains(#""meeting":{"ae":"ae1","agenda":"Discovery""#))
        #expect(text.contains(#""ae":"ae2""#))
        let back = try decoded(EventPayload.self, text)
        #expect(back == payload)
        #expect(back.restored?.meeting?.ae == "ae2")
    }

    @Test func aCopyNeverSharesAChange() {
        let original = Event(at: at, actor: "sam", lead: LeadID(1), type: .booked, from: .queue, to: .handedOff,
                             payload: EventPayload(meeting: meeting("ae1")))
        var copy = original
        copy.payload.meeting?.ae = "ae2"
        #expect(original.payload.meeting?.ae == "ae1")
        #expect(copy.payload.meeting?.ae == "ae2")
        #expect(copy != original)
        copy.payload.meeting?.ae = "ae1"
        // Equal by value, though the boxes differ.
        #expect(copy == original)
        copy.payload.meeting = nil
        #expect(copy != original)
        #expect(original.payload.meeting != nil)
    }

    /// Why the parts are boxed: every copy of an event or a lead moves its whole size, and
    /// an import copies each event and lead several times. Inline they were 1,808 and 864.
    @Test func anEventAndALeadStaySmallToCopy() {
        #expect(MemoryLayout<Event>.size <= 400, "an Event is \(MemoryLayout<Event>.size) bytes")
        #expect(MemoryLayout<Lead>.size <= 480, "a Lead is \(MemoryLayout<Lead>.size) bytes")
    }
}
