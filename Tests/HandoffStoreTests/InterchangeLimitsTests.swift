import Foundation
import Testing
@testable import HandoffCore
@testable import HandoffStore

/// Issue 13, class 4 (CSV and JSON) and class 6 (JSON output): every reader has size and
/// depth limits, checked before any recursive decoder sees the file, in linear time.
@Suite("interchange: limits of the readers, escapes of the writers")
struct InterchangeLimitsTests {
    let settings = ImportSettings(roster: [Member(name: "sam", role: .sdr)])

    func refusal(csv text: String) -> String? {
        do {
            _ = try LeadImport.plan(csv: Array(text.utf8), settings: settings)
            return nil
        } catch {
            return error.description
        }
    }

    @Test func aQuotedFieldThatNeverClosesIsRefusedAtItsLine() {
        // Ten megabytes after an unclosed quote: refused once the field passes 64 KiB.
        let text = "company,contact,note\nAcme,Ann,ok\nGlobex,Hank,\"never closed\n" + String(repeating: "more text, more lines\n", count: 500_000)
        let start = Date()
        let message = refusal(csv: text)
        #expect(message == "line 3: a quoted field opens on line 3 and runs on for more than 65536 bytes (is its closing quote missing?); nothing was imported")
        #expect(Date().timeIntervalSince(start) < 5)
    }

    @Test func fieldRowAndFieldCountLimits() {
        let big = String(repeating: "x", count: 70_000)
        #expect(refusal(csv: "company,contact\nAcme,\(big)\n") == "line 2: a field is longer than 65536 bytes; nothing was imported")
        let wide = "company,contact\n" + String(repeating: "a,", count: 2_000) + "\n"
        #expect(refusal(csv: wide) == "line 2: a row has more than 1000 fields; nothing was imported")
        let header = "company,contact," + String(repeating: "x,", count: 1_500)
        #expect(refusal(csv: header + "\n")?.hasPrefix("line 1: a row has more than 1000 fields") == true)
    }

    /// A field's plain bytes are passed in runs (`CSVReader.plainEnd`): the limits still
    /// trip at the byte they did, quoted or not, at a field's end or inside it.
    @Test func theFieldAndRowLimitsTripAtTheirExactByte() {
        var limits = CSVLimits()
        limits.maxFieldBytes = 8
        limits.maxRecordBytes = 20
        func read(_ text: String) -> [String] {
            var reader = CSVReader(bytes: Array(text.utf8), limits: limits)
            var seen: [String] = []
            while let record = reader.next() {
                seen.append(record.exceeded ?? record.fields.map { reader.string($0) ?? "?" }.joined(separator: "|"))
            }
            return seen
        }
        let longField = "a field is longer than 8 bytes"
        #expect(read("1234567,b\n") == ["1234567|b"])
        #expect(read("12345678,b\n") == [longField])
        #expect(read("1234567\n") == ["1234567"])
        #expect(read("12345678") == ["12345678"])
        #expect(read("\"123\"\"\",b\n") == ["123\"|b"])
        #expect(read("\"1234\"\"\",b\n") == [longField])
        #expect(read("\"12345\"\"\",b\n") == ["a quoted field opens on line 1 and runs on for more than 8 bytes (is its closing quote missing?)"])
        #expect(read("\"123456\",b\n") == [longField])
        #expect(read("\"1234\n567") == ["a quoted field opens on line 1 and runs on for more than 8 bytes (is its closing quote missing?)"])
        #expect(read("x,\"12\n34\"\nz\n") == ["x|12\n34", "z"])
        #expect(read("1234567,1234567,1234\n") == ["a row is longer than 20 bytes"])
        #expect(read("1234567,1234567,123\n") == ["1234567|1234567|123"])
    }

    @Test func rowCountLimit() {
        var limits = CSVLimits()
        limits.maxRecords = 3
        var reader = CSVReader(bytes: Array("a\nb\n\nc\nd\ne\n".utf8), limits: limits)
        var seen: [String?] = []
        while let record = reader.next() { seen.append(record.exceeded) }
        #expect(seen == [nil, nil, nil, "the file has more than 3 rows, the most one import takes: split it"])
    }

    @Test func deeplyNestedJSONIsRefusedBeforeFoundationRecursesIntoIt() {
        let deep = Array((String(repeating: "[", count: 200_000) + String(repeating: "]", count: 200_000)).utf8)
        do {
            _ = try LeadImport.plan(json: deep, settings: settings)
            Issue.record("accepted")
        } catch {
            #expect(error.description == "line 1: arrays and objects nest more than 32 deep")
        }
        let export = Array(#"{"format":"handoff-export","version":1,"events":["#.utf8) + deep + Array("]}".utf8)
        #expect(throws: RuleError.invalid("line 1: arrays and objects nest more than 32 deep")) {
            try Export.events(fromJSON: Data(export))
        }
        // Brackets inside strings do not count; 32 levels are fine.
        let inString = Array(("[{\"company\":\"" + String(repeating: "[", count: 100) + "\\\"[\",\"contact\":\"Ann\"}]").utf8)
        #expect(JSONLimits.problem(inString, maxBytes: 1 << 20) == nil)
        let ok = Array((String(repeating: "[", count: 32) + String(repeating: "]", count: 32)).utf8)
        #expect(JSONLimits.problem(ok, maxBytes: 1 << 20) == nil)
        #expect(JSONLimits.problem(Array("[1,2]".utf8), maxBytes: 4) == "the file is larger than 4 bytes, the limit for this kind of file")
    }

    @Test func anImportedLogWithANulOrAnOverlongFieldIsRefused() throws {
        func log(_ note: String) -> Data {
            let event = Event(seq: 1, at: Date(timeIntervalSince1970: 1_795_000_000), actor: "lee", lead: nil, type: .member,
                              from: nil, to: nil, payload: EventPayload(note: note, member: Member(name: "lee", role: .lead)))
            let body = (try? StreamingJSONEncoder.string(event)) ?? ""
            return Data("{\"format\":\"handoff-export\",\"version\":1,\"exportedAt\":\"2026-11-23T08:00:00Z\",\"leads\":[],\"events\":[\(body)]}".utf8)
        }
        #expect(throws: RuleError.invalid("line 1: event #1 cannot be imported: the note contains a NUL byte (U+0000), which Handoff does not store; nothing was imported")) {
            try Export.events(fromJSON: log("a\u{0}b"))
        }
        #expect(throws: RuleError.invalid("line 1: event #1 cannot be imported: the note is longer than 4000 characters (it has 40000); nothing was imported")) {
            try Export.events(fromJSON: log(String(repeating: "w", count: 40_000)))
        }
        #expect(try Export.events(fromJSON: log("fine")).count == 1)
    }

    @Test func jsonOutputEscapesC1BidiAndFormatCharacters() throws {
        let company = "Acme\u{85}\u{9B}31m\u{202E}gro\u{2066}\u{7F}\u{200B}"
        let fields = LeadFields(company: company, contact: "Ann")
        for json in [try StreamingJSONEncoder.string(fields), try Codec.string(fields), try Codec.string(fields, pretty: true)] {
            #expect(json.contains(#"Acme\u0085\u009b31m\u202egro\u2066\u007f\u200b"#), "\(json)")
            #expect(!json.unicodeScalars.contains { (0x7F...0x9F).contains($0.value) || $0.properties.generalCategory == .format })
            #expect(try Codec.decode(LeadFields.self, from: json) == fields)
        }
        // Plain non-ASCII text takes no escapes.
        #expect(try StreamingJSONEncoder.string("Société 日本") == "\"Société 日本\"")
    }
}
