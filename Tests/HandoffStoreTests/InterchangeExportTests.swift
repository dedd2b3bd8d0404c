import Foundation
import HandoffCore
import Testing
@testable import HandoffStore

@Suite("Interchange: export")
struct InterchangeExportTests {
    @Test(arguments: ["=1+1", "+1 Corp", "-2", "@SUM(A1)", "\t=cmd", "\r=cmd", "\n=cmd", "=HYPERLINK(\"http://x.test\",\"go\")"])
    func formulaCellsAreNeutralised(_ text: String) {
        let cell = Export.cell(text)
        #expect(cell.hasPrefix("\"'"), "\(cell.debugDescription)")
        #expect(cell.hasSuffix("\""))
        // What a spreadsheet shows is the text behind a quote, never a formula.
        let inner = String(cell.dropFirst().dropLast()).replacingOccurrences(of: "\"\"", with: "\"")
        #expect(inner.hasPrefix("'"))
        #expect(SafeText.isSafe(inner))
    }

    @Test func ordinaryCellsAreLeftAloneOrQuoted() {
        #expect(Export.cell("Acme") == "Acme")
        #expect(Export.cell("Acme, Inc.") == "\"Acme, Inc.\"")
        #expect(Export.cell("Head of \"Ops\"") == "\"Head of \"\"Ops\"\"\"")
        #expect(Export.cell("Lima; Filhos") == "\"Lima; Filhos\"")
        #expect(Export.cell("a\u{1B}[31mred\u{1B}[0m") == "ared")
        // An escape sequence cannot hide a formula from the guard.
        #expect(Export.cell("\u{1B}[0m=1+1") == "\"'=1+1\"")
        #expect(Export.cell("") == "")
    }

    @Test func csvReadsBackWithTheImporter() throws {
        let scratch = try ScratchStore()
        let plan = try LeadImport.plan(csv: Fixture.bytes("hostile.csv"), settings: ImportSettings(roster: importRoster))
        _ = try scratch.store.execute(batch: plan.leads.map { BatchItem($0.command) }, as: "lee", options: BatchOptions(mode: .allOrNothing))
        let leads = try scratch.store.leads(LeadQuery())
        let csv = Export.csv(leads, now: scratch.clock.date)
        #expect(csv.hasSuffix("\r\n"))
        #expect(csv.contains("\"'=HYPERLINK(\"\"http://x.test\"\",\"\"click\"\")\""))
        #expect(csv.contains("\"'@SUM(A1)\""))
        #expect(csv.contains("\"'+1 Corp\""))
        #expect(!csv.unicodeScalars.contains { $0 == "\u{1B}" || $0 == "\u{202E}" })

        // The export imported again: the same leads, all duplicates of the board's.
        let again = try LeadImport.plan(csv: Array(csv.utf8), settings: ImportSettings(roster: importRoster))
        #expect(again.rejections.isEmpty)
        #expect(again.leads.map { $0.fields?.company } == leads.map(\.company))
        #expect(again.leads.map { $0.fields?.email } == leads.map(\.fields.email))
        let rerun = try scratch.store.execute(batch: again.leads.map { BatchItem($0.command) }, as: "lee", options: BatchOptions(mode: .allOrNothing))
        #expect(rerun.duplicateCount == leads.count)
    }

    @Test func jsonHasTheDocumentedShape() throws {
        let scratch = try ScratchStore()
        try scratch.store.execute(.addLead(LeadFields(company: "Acme", contact: "Ann"), owner: nil), as: "sam")
        let data = try Export.json(leads: try scratch.store.leads(LeadQuery()), events: try scratch.store.events(after: 0, limit: nil),
                                   at: scratch.clock.date)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["format"] as? String == "handoff-export")
        #expect(object["version"] as? Int == 1)
        let leads = try #require(object["leads"] as? [[String: Any]])
        #expect(leads.first?["id"] as? String == "L-1")
        #expect(leads.first?["column"] as? String == "queue")
        let events = try #require(object["events"] as? [[String: Any]])
        #expect(events.count == 7)
        #expect(throws: RuleError.self) { try Export.events(fromJSON: Data("{\"format\":\"other\"}".utf8)) }
        #expect(throws: RuleError.self) { try Export.events(fromJSON: Data("{\"format\":\"handoff-export\",\"version\":2,\"events\":[]}".utf8)) }
        let broken = #expect(throws: RuleError.self) {
            try Export.events(fromJSON: Data("{\"format\":\"handoff-export\",\"version\":1,\"events\":[{\"seq\":1}]}".utf8))
        }
        #expect(broken?.description.hasPrefix("line 1: the event cannot be read: ") == true, "\(String(describing: broken))")
    }
}
