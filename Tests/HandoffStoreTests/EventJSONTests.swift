import Foundation
@testable import HandoffCore
@testable import HandoffStore
import Testing

/// The direct reader of an exported event (`EventJSON`) answers only what `JSONDecoder`
/// answers: on whole generated logs, on hostile strings, and on every mutation of sample
/// events it is either unsure (and `JSONDecoder` reads the bytes) or equal to it.
@Suite("import --events: the direct event reader agrees with JSONDecoder")
struct EventJSONTests {
    static func reference(_ bytes: [UInt8]) -> Event? {
        try? Codec.decoder().decode(Event.self, from: Data(bytes))
    }

    static func fast(_ bytes: [UInt8]) -> Event? {
        bytes.withUnsafeBytes { EventJSON.fast($0) }
    }

    @Test func everyEventOfAGeneratedLogReadsAsJSONDecoderReadsIt() throws {
        let log = try ReportColumnsTests.log(leads: 300)
        var direct = 0
        for event in log {
            let bytes = Array(try StreamingJSONEncoder.string(event).utf8)
            let reference = try #require(Self.reference(bytes))
            if let fast = Self.fast(bytes) {
                #expect(fast == reference, "\(String(decoding: bytes, as: UTF8.self))")
                direct += 1
            }
            #expect(try bytes.withUnsafeBytes { try EventJSON.event($0) } == reference)
        }
        // Only the definition and the founding are left to JSONDecoder.
        let rare = log.count { $0.payload.definition != nil || $0.payload.founding != nil }
        #expect(direct == log.count - rare)
        #expect(log.contains { $0.payload.restored != nil })
    }

    /// The stores read leads' states and events' payloads through the same reader.
    @Test func storedLeadsAndPayloadsReadAsJSONDecoderReadsThem() throws {
        let log = try ReportColumnsTests.log(leads: 300)
        let leads = Array(Projection.replay(log).leads.values) + log.compactMap(\.payload.restored)
        #expect(leads.contains { $0.dispute?.resolution != nil } && leads.contains { !$0.credits.isEmpty })
        var mismatches = 0
        for lead in leads {
            let state = try StreamingJSONEncoder.string(lead)
            let reference = try Codec.decode(Lead.self, from: state)
            if EventJSON.lead(state) != reference { mismatches += 1 }
            #expect(try StoredRow.lead(lead.id.number, state: state) == reference)
        }
        for event in log {
            let payload = try StreamingJSONEncoder.string(event.payload)
            let reference = try Codec.decode(EventPayload.self, from: payload)
            if let fast = EventJSON.payload(payload), fast != reference { mismatches += 1 }
        }
        #expect(mismatches == 0)
        // Every truncation and one-byte change of a full lead: the same answer or none.
        let full = try #require(leads.max { $0.credits.count + ($0.dispute == nil ? 0 : 5) < $1.credits.count + ($1.dispute == nil ? 0 : 5) })
        let bytes = Array(try StreamingJSONEncoder.string(full).utf8)
        for index in 0..<bytes.count {
            for mutant in [Array(bytes[..<index]), Array(bytes[..<index]) + [UInt8(ascii: "}")] + Array(bytes[(index + 1)...]),
                           Array(bytes[..<index]) + [UInt8(ascii: "1")] + Array(bytes[(index + 1)...])] {
                let text = String(decoding: mutant, as: UTF8.self)
                if let fast = EventJSON.lead(text), fast != (try? Codec.decode(Lead.self, from: text)) { mismatches += 1 }
            }
        }
        #expect(mismatches == 0)
    }

    static func event(note: String) -> [UInt8] {
        Array(#"{"seq":7,"at":"2026-03-09T09:00:00Z","actor":"sam","lead":"L-3","type":"disputed","from":"returned","to":"returned","payload":{"note":"\#(note)"}}"#.utf8)
    }

    @Test(arguments: [
        #"plain"#, #"caf\u00e9 \u00E9"#, #"\ud83d\ude00 and \/ and \\ and \" and \b\f\n\r\t"#, "café 😀 \u{202E}",
        #"\ud800"#, #"\udc00x"#, #"\ud83dx"#, #"\u12"#, #"\x"#, "a\u{01}b", #"\u0000"#, #"\\u0041"#,
    ])
    func hostileStringsReadAsJSONDecoderReadsThem(_ note: String) {
        let bytes = Self.event(note: note)
        let reference = Self.reference(bytes)
        if let fast = Self.fast(bytes) { #expect(fast == reference) }
        #expect((try? bytes.withUnsafeBytes { try EventJSON.event($0) }) == reference)
        // Bytes that are not UTF-8 inside a string.
        var broken = bytes
        broken.insert(0xFF, at: bytes.count - 5)
        if let fast = Self.fast(broken) { #expect(fast == Self.reference(broken)) }
    }

    @Test func everyMutationOfSampleEventsIsReadAsJSONDecoderReadsItOrLeftToIt() throws {
        let log = try ReportColumnsTests.log(leads: 40)
        var samples: [EventType: [UInt8]] = [:]
        for event in log where samples[event.type] == nil { samples[event.type] = Array(try StreamingJSONEncoder.string(event).utf8) }
        let replacements: [UInt8] = Array(#""{}[],:0-9e.n\ "#.utf8) + [0xFF, 0x0A, 0x01]
        var disagreements: [String] = []
        var tried = 0
        for bytes in samples.values {
            var mutants: [[UInt8]] = (0..<bytes.count).map { Array(bytes[..<$0]) }
            for index in stride(from: 0, to: bytes.count, by: 3) {
                for byte in replacements where byte != bytes[index] {
                    var mutant = bytes
                    mutant[index] = byte
                    mutants.append(mutant)
                }
                var doubled = bytes
                doubled.insert(bytes[index], at: index)
                mutants.append(doubled)
            }
            for mutant in mutants {
                tried += 1
                guard let fast = Self.fast(mutant) else { continue }
                if fast != Self.reference(mutant) { disagreements.append(String(decoding: mutant, as: UTF8.self)) }
            }
        }
        #expect(tried > 10_000)
        #expect(disagreements.isEmpty, "\(disagreements.prefix(3))")
    }

    @Test func datesAndNumbersOutsideTheExportsFormAreLeftToJSONDecoder() {
        func event(at: String, seq: String = "7") -> [UInt8] {
            Array(#"{"seq":\#(seq),"at":"\#(at)","actor":"sam","lead":"L-3","type":"archived","from":"returned","to":"archived","payload":{}}"#.utf8)
        }
        #expect(Self.fast(event(at: "2026-03-09T09:00:00Z")) == Self.reference(event(at: "2026-03-09T09:00:00Z")))
        for odd in ["2026-02-30T09:00:00Z", "2026-03-09T24:00:00Z", "2026-03-09T09:00:60Z", "2026-03-09 09:00:00Z",
                    "2026-03-09T09:00:00+01:00", "2026-03-09T09:00:00.5Z", "0000-01-01T00:00:00Z"] {
            #expect(Self.fast(event(at: odd)) == nil, "\(odd)")
        }
        for lead in ["L- 5", "L--5", "L-05", "L-5 ", "l-5", "5", "L5", "L-0", "L-99999999999999999999"] {
            let bytes = Array(#"{"seq":7,"at":"2026-03-09T09:00:00Z","actor":"sam","lead":"\#(lead)","type":"archived","payload":{}}"#.utf8)
            #expect(Self.fast(bytes) == nil, "\(lead)")
        }
        for odd in ["07", "7.0", "7e0", "-", "99999999999999999999", "null", "\"7\""] {
            #expect(Self.fast(event(at: "2026-03-09T09:00:00Z", seq: odd)) == nil, "\(odd)")
        }
    }

    /// An object's keys are kept on the stack, `FastJSON.maxKeys` of them: one with more is
    /// left to `JSONDecoder`, and a duplicate among them is still caught.
    @Test func anObjectWithMoreKeysThanTheStackHoldsIsLeftToJSONDecoder() {
        func scored(_ keys: [String]) -> [UInt8] {
            let scores = keys.map { #""\#($0)":{"status":"unknown","evidence":""}"# }.joined(separator: ",")
            return Array(#"{"seq":7,"at":"2026-03-09T09:00:00Z","actor":"sam","lead":"L-3","type":"scored","payload":{"scorecard":{"definitionVersion":1,"scores":{\#(scores)},"scoredBy":"sam","scoredAt":"2026-03-09T09:00:00Z"}}}"#.utf8)
        }
        let fits = (0..<FastJSON.maxKeys).map { "c\($0)" }
        #expect(Self.fast(scored(fits)) != nil)
        #expect(Self.fast(scored(fits)) == Self.reference(scored(fits)))
        let over = fits + ["extra"]
        #expect(Self.fast(scored(over)) == nil)
        #expect(Self.reference(scored(over))?.payload.scorecard?.scores.count == FastJSON.maxKeys + 1)
        #expect(Self.fast(scored(fits.dropLast() + ["c0"])) == nil)
    }
}
