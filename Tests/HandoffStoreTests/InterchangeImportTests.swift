import Foundation
import HandoffCore
import Testing
@testable import HandoffStore

/// The fixture files, as bytes.
enum Fixture {
    static func bytes(_ name: String) throws -> [UInt8] {
        let url = try #require(Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures"))
        return Array(try Data(contentsOf: url))
    }
}

/// lee (team lead), sam and sue (SDRs), alex and ava (AEs).
let importRoster = [
    Member(name: "lee", role: .lead), Member(name: "sam", role: .sdr), Member(name: "sue", role: .sdr),
    Member(name: "alex", role: .ae), Member(name: "ava", role: .ae),
]

extension PlannedLead {
    var fields: LeadFields? {
        if case .importLead(let fields, _, _) = command { fields } else { nil }
    }

    var owner: String? {
        if case .importLead(_, let owner, _) = command { owner } else { nil }
    }

    var column: Column? {
        if case .importLead(_, _, let column) = command { column } else { nil }
    }
}

private func plan(_ csv: String, settings: ImportSettings = ImportSettings(roster: importRoster)) throws -> ImportPlan {
    try LeadImport.plan(csv: Array(csv.utf8), settings: settings)
}

@Suite("Interchange: import plan")
struct InterchangeImportTests {
    @Test func headersMatchWhateverTheirCaseAndPunctuation() {
        let map = HeaderMap(headers: ["LEAD_ID", "first name", "Last-Name", "E-mail", "Company / Account", "job title",
                                      "Phone Number", "Website URL", "lead source", "Lifecycle Stage", "Contact owner",
                                      "Created Date", "State/Region", "Favourite Colour"])
        #expect(map.columns(of: .externalID) == [0])
        #expect(map.columns(of: .firstName) == [1])
        #expect(map.columns(of: .lastName) == [2])
        #expect(map.columns(of: .email) == [3])
        #expect(map.columns(of: .company) == [4])
        #expect(map.columns(of: .title) == [5])
        #expect(map.columns(of: .phone) == [6])
        #expect(map.columns(of: .website) == [7])
        #expect(map.columns(of: .source) == [8])
        #expect(map.columns(of: .lifecycleStage) == [9])
        #expect(map.columns(of: .owner) == [10])
        #expect(map.columns(of: .created) == [11])
        #expect(map.columns(of: .state) == [12])
        #expect(map.ignored == ["Favourite Colour"])
        #expect(map.missing.isEmpty)
        for name in ["Record ID", "Contact ID", "Lead ID"] { #expect(ImportField(header: name) == .externalID) }
        for name in ["Account", "Company Name", "COMPANY"] { #expect(ImportField(header: name) == .company) }
        for name in ["Lead Owner", "Contact owner"] { #expect(ImportField(header: name) == .owner) }
        for name in ["Original Source", "Lead Source"] { #expect(ImportField(header: name) == .source) }
    }

    @Test func aFileWithoutCompanyOrNameIsRefusedAsAWhole() {
        let error = #expect(throws: RuleError.self) { try plan("Email,Phone\nx@y.test,1\n") }
        #expect(error?.description.contains("company column") == true)
        #expect(error?.description.contains("name column") == true)
        #expect(throws: RuleError.self) { try plan("") }
        #expect(throws: RuleError.self) {
            try LeadImport.plan(csv: [0xFF, 0xFE, 0x43, 0x00], settings: ImportSettings(roster: importRoster))
        }
    }

    @Test func salesforceExport() throws {
        let plan = try LeadImport.plan(csv: Fixture.bytes("salesforce-leads.csv"), settings: ImportSettings(roster: importRoster))
        #expect(plan.rows == 6)
        #expect(plan.rejections.isEmpty)
        #expect(plan.duplicates.isEmpty)
        #expect(plan.skipped.map(\.status) == ["Closed - Converted", "Closed - Not Converted"])
        #expect(plan.skipped.map(\.place) == [.line(4), .line(5)])
        #expect(plan.leads.map(\.place) == [.line(2), .line(3), .line(6), .line(7)])
        let first = try #require(plan.leads.first?.fields)
        #expect(first == LeadFields(
            company: "Müller Logistik GmbH", contact: "Maria Müller", title: "VP Operations",
            email: "maria.mueller@mueller-logistik.test", phone: "+49 30 1234567", source: "Web",
            externalID: "00Q5e00000A1xQ1", website: "www.mueller-logistik.test", industry: "Transportation",
            city: "Berlin", country: "Germany", status: "Open - Not Contacted", createdInCRM: "3/4/2026, 9:12 AM"))
        #expect(plan.leads[1].fields?.company == "Acme, Inc.")
        #expect(plan.leads[1].fields?.contact == "James O'Brien")
        // CRM owners who are SDRs on the team keep their leads (any case); others go to the default.
        #expect(plan.leads.map(\.owner) == ["sam", "sam", nil, "sue"])
        #expect(plan.unknownOwners == ["Dana Whitfield": 1])
        #expect(plan.leads.allSatisfy { $0.column == .queue })
    }

    @Test func hubSpotExport() throws {
        let settings = ImportSettings(owner: "sam", roster: importRoster)
        let plan = try LeadImport.plan(csv: Fixture.bytes("hubspot-contacts.csv"), settings: settings)
        #expect(plan.rows == 7)
        #expect(plan.rejections.isEmpty)
        #expect(plan.leads.map(\.place) == [.line(2), .line(3), .line(4), .line(7), .line(9)])
        // Bad Timing starts in Nurture; an open lead whose lifecycle stage is Customer is skipped.
        #expect(plan.leads.map(\.column) == [.queue, .queue, .nurture, .queue, .queue])
        #expect(plan.skipped.map(\.status) == ["Customer", "Unqualified"])
        #expect(plan.leads.map(\.owner) == ["sue", "sue", "sam", "sam", "sue"])
        #expect(plan.leads[2].fields?.email == "priya@helio.test")
        #expect(plan.leads[3].fields?.title == "Director, Customer Success")
        #expect(plan.leads[1].fields?.company == "BrightPath, LLC")
        #expect(plan.leads[4].fields?.contact == "Zoë Dubois")
    }

    @Test func hostileFile() throws {
        let plan = try LeadImport.plan(csv: Fixture.bytes("hostile.csv"), settings: ImportSettings(roster: importRoster))
        #expect(plan.rows == 11)
        #expect(plan.rejections.map(\.place) == [.line(6), .line(7), .line(12), .line(13)])
        #expect(plan.rejections.map(\.column) == [nil, "column 2 (First Name)", "column 5 (Company)", "column 4 (Email)"])
        #expect(plan.rejections[0].reason == "has 4 fields; the header has 7")
        #expect(plan.rejections[1].reason.contains("not valid UTF-8"))
        #expect(plan.duplicates.map(\.description) == ["line 9: same email as line 2", "line 10: same Lead ID as line 2"])
        #expect(plan.skipped.map(\.place) == [.line(14)])
        #expect(plan.leads.map(\.place) == [.line(2), .line(3), .line(8), .line(11)])
        let fields = plan.leads.compactMap(\.fields)
        #expect(fields[0].company == "Lima; Filhos")
        #expect(fields[0].title == "Head of \"Ops\"")
        #expect(fields[1].contact == "Multi Line Nome")
        // Escape sequences and bidi controls are gone; formulas are kept as text (export guards them).
        #expect(fields[2].contact == "Evil Name")
        #expect(fields[2].company == "=HYPERLINK(\"http://x.test\",\"click\")")
        #expect(fields[3].contact == "Rita Live")
        for field in fields {
            #expect(SafeText.isSafe(field.contact) && SafeText.isSafe(field.company) && SafeText.isSafe(field.title ?? ""))
        }
    }

    @Test func statusesAndTheConfigFile() throws {
        let csv = "Company,Name,Status\nA,Ann,Recycled\nB,Bob,BAD_TIMING\nC,Cy,closed-not-converted\nD,Di,\n"
        let strict = try plan(csv)
        #expect(strict.rejections.map(\.place) == [.line(2)])
        #expect(strict.rejections.first?.reason.contains("[import.status] \"recycled\" = \"queue\"") == true)
        #expect(strict.leads.map(\.column) == [.nurture, .queue])
        #expect(strict.skipped.map(\.status) == ["closed-not-converted"])

        // A team's [import.status] (read by HandoffConfig) laid over the standard map.
        let statuses = StatusMap.standard.overriding([(status: "recycled", action: .queue), (status: "BAD_TIMING", action: .skip)])
        let mapped = try plan(csv, settings: ImportSettings(statuses: statuses, roster: importRoster))
        #expect(mapped.rejections.isEmpty)
        #expect(mapped.leads.map(\.place) == [.line(2), .line(5)])
        #expect(mapped.skipped.map(\.status) == ["BAD_TIMING", "closed-not-converted"])

    }

    @Test func spreadsheetFormulaGuardIsTakenOff() throws {
        let imported = try plan("Company,Name,Title\n'=Acme,Ann,'-lead\n'Tis Ltd,Bob,x\n")
        #expect(imported.leads.map { $0.fields?.company } == ["=Acme", "'Tis Ltd"])
        #expect(imported.leads.first?.fields?.title == "-lead")
    }

    @Test func overlongCellsAndMissingNamesAreRejected() throws {
        let long = String(repeating: "x", count: 1001)
        let result = try plan("Company,First Name,Last Name,Title\nAcme,,,CEO\nAcme,Ann,,\(long)\n")
        #expect(result.rejections.map(\.description) == [
            "line 2, column 2 (First Name): no contact name (First Name, Last Name or Name)",
            "line 3, column 4 (Title): longer than 1000 characters",
        ])
    }

    @Test func hubSpotAPIJSON() throws {
        let plan = try LeadImport.plan(json: Fixture.bytes("hubspot-api.json"), settings: ImportSettings(roster: importRoster))
        #expect(plan.rows == 4)
        #expect(plan.leads.map(\.place) == [.record(1), .record(2)])
        #expect(plan.leads.map(\.column) == [.queue, .nurture])
        #expect(plan.leads.first?.fields?.externalID == "901")
        #expect(plan.leads.first?.fields?.title == "Rear Admiral")
        #expect(plan.skipped.map(\.status) == ["UNQUALIFIED"])
        #expect(plan.rejections.map(\.description) == ["record 4, key \"email\": 'not an email' is not an email address"])
    }

    @Test func jsonFileErrors() {
        let settings = ImportSettings(roster: importRoster)
        let invalid = #expect(throws: RuleError.self) {
            try LeadImport.plan(json: Array("[\n{\"company\": \"A\"},\n{\"company\": \"".utf8) + [0xC3, 0x28] + Array("\"}]".utf8), settings: settings)
        }
        #expect(invalid?.description.hasPrefix("line 3:") == true)
        let export = #expect(throws: RuleError.self) {
            try LeadImport.plan(json: Array("{\"format\":\"handoff-export\",\"version\":1,\"events\":[]}".utf8), settings: settings)
        }
        #expect(export?.description.contains("--events") == true)
        #expect(throws: RuleError.self) { try LeadImport.plan(json: Array("{nope".utf8), settings: settings) }
    }
}
