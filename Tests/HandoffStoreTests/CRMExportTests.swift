import Foundation
import HandoffCore
@testable import HandoffStore
import Testing

/// Issue 17 item 4: `export --format salesforce|hubspot`, the files each CRM's own import
/// takes to update the records the board's leads were imported from.
@Suite("Interchange: write back to the CRM")
struct CRMExportTests {
    static let utc: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        return calendar
    }()

    static let day = Date(timeIntervalSince1970: 1_795_000_000)

    static func lead(_ number: Int, id externalID: String?, column: Column = .queue) -> Lead {
        var lead = Lead(id: LeadID(number), fields: LeadFields(company: "Acme \(number)", contact: "Ann \(number)", externalID: externalID),
                        owner: "sam", at: day, actor: "sam")
        lead.column = column
        return lead
    }

    /// A lead in every place a card can be, each with what that place records.
    static func board(id: (Int) -> String?) -> [Lead] {
        var queue = lead(1, id: id(1))
        queue.rebook = true
        queue.meeting = Meeting(ae: "alex", at: day, agenda: "Intro", bookedBy: "sam", bookedAt: day, outcome: .noShow)
        var handedOff = lead(2, id: id(2), column: .handedOff)
        handedOff.meeting = Meeting(ae: "alex", at: day, agenda: "Intro", bookedBy: "sam", bookedAt: day, reschedules: 1)
        var sao = lead(3, id: id(3), column: .sao)
        sao.meeting = Meeting(ae: "ava", at: day, agenda: "Intro", bookedBy: "sam", bookedAt: day, outcome: .held)
        sao.disposition = Disposition(kind: .accepted, by: "ava", at: day, nextStep: "Demo with the CFO",
                                      nextDate: day.addingTimeInterval(7 * 86_400), opportunity: "OPP-0042")
        var nurture = lead(4, id: id(4), column: .nurture)
        nurture.meeting = Meeting(ae: "alex", at: day, agenda: "Intro", bookedBy: "sam", bookedAt: day, outcome: .held)
        nurture.disposition = Disposition(kind: .nurture, by: "alex", at: day, reason: "Budget frozen until Q3",
                                          revisit: day.addingTimeInterval(90 * 86_400))
        var returned = lead(5, id: id(5), column: .returned)
        returned.meeting = Meeting(ae: "alex", at: day, agenda: "Intro", bookedBy: "sam", bookedAt: day, outcome: .canceled)
        returned.disposition = Disposition(kind: .returned, by: "alex", at: day, reasons: [.noAuthority, .notICP],
                                           failedCriteria: ["authority"], note: "Intern at a 12-person shop", beforeMeeting: true)
        var archived = lead(6, id: id(6), column: .archived)
        archived.disposition = returned.disposition
        return [queue, handedOff, sao, nurture, returned, archived]
    }

    static let salesforceIDs = ["00Q5e00000A1xQ1", "00Q5e00000A1xQ2EAJ", "00Q5e00000A1xQ3", "00Q5e00000A1xQ4", "00Q5e00000A1xQ5", "00Q5e00000A1xQ6"]

    /// Rows of an RFC 4180 file, read by this test's own parser (not the app's reader).
    static func parse(_ text: String) -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var quoted = false
        var chars = Array(text.unicodeScalars)[...]
        while let c = chars.popFirst() {
            if quoted {
                if c == "\"" {
                    if chars.first == "\"" { field.unicodeScalars.append("\""); chars.removeFirst() } else { quoted = false }
                } else { field.unicodeScalars.append(c) }
            } else if c == "\"" {
                quoted = true
            } else if c == "," {
                row.append(field); field = ""
            } else if c == "\r", chars.first == "\n" {
                chars.removeFirst(); row.append(field); rows.append(row); row = []; field = ""
            } else { field.unicodeScalars.append(c) }
        }
        if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
        return rows
    }

    /// Column name → value, for every data row.
    static func records(_ csv: String) -> [[String: String]] {
        let rows = parse(csv)
        guard let header = rows.first else { return [] }
        return rows.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
    }

    // MARK: - The documented column names

    /// Salesforce: an update is matched on `Id`, which must be the first column for
    /// `sf data update bulk` ("The first column of every line in the CSV file must be an ID",
    /// https://developer.salesforce.com/docs/platform/salesforce-cli-reference/guide/cli_reference_data_update_bulk.html;
    /// "The ID field of the record is required in the CSV file for an update operation",
    /// https://help.salesforce.com/s/articleView?id=ind.prepare_csv_files.htm).
    /// `Id`, `Status` and `Description` are standard Lead fields (Lead field reference:
    /// https://developer.salesforce.com/docs/platform/field-reference/references/field-reference/salesforce-field-reference-lead.html).
    /// Everything else is a custom field: API names end in `__c`, start with a letter, hold
    /// letters, digits and single underscores, and are at most 40 characters before `__c`.
    @Test func salesforceHeaderIsTheLeadObjectsUpdateShape() {
        let header = Self.parse(Export.crmCSV([], crm: .salesforce).csv).first
        #expect(header == ["Id", "Status", "Description", "Handoff_Lead__c", "Handoff_Disposition__c", "Handoff_Reasons__c",
                           "Handoff_Note__c", "Handoff_AE__c", "Handoff_Opportunity__c", "Handoff_Next_Step__c",
                           "Handoff_Next_Step_Date__c", "Handoff_Revisit_Date__c", "Handoff_Meeting_Outcome__c"])
        let standardLeadFields: Set = ["Id", "Status", "Description"]
        for name in header ?? [] where !standardLeadFields.contains(name) {
            let base = name.dropLast(3)
            #expect(name.hasSuffix("__c"), "\(name)")
            #expect(base.count <= 40 && base.first?.isLetter == true && !base.contains("__") && base.last != "_", "\(name)")
            #expect(base.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }, "\(name)")
        }
    }

    /// HubSpot: an import updates existing contacts matched on `Record ID` ("To deduplicate
    /// via import, you can include Record IDs", https://knowledge.hubspot.com/articles/kcs_article/contacts/deduplication-of-contacts-companies-deals-tickets);
    /// columns map to properties by their headers (https://knowledge.hubspot.com/import-and-export/understand-the-import-tool).
    /// `hs_lead_status` is the default Lead Status contact property; the rest are custom
    /// contact properties, whose internal names are lower case letters, digits and
    /// underscores, start with a letter, and never take HubSpot's own `hs_` prefix.
    @Test func hubspotHeaderIsTheContactImportsUpdateShape() {
        let header = Self.parse(Export.crmCSV([], crm: .hubspot).csv).first
        #expect(header == ["Record ID", "hs_lead_status", "handoff_meeting_outcome", "handoff_lead", "handoff_disposition",
                           "handoff_reasons", "handoff_note", "handoff_ae", "handoff_opportunity", "handoff_next_step",
                           "handoff_next_step_date", "handoff_revisit_date"])
        for name in (header ?? []).dropFirst(2) {
            #expect(!name.hasPrefix("hs_") && name.first?.isLetter == true, "\(name)")
            #expect(name.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_") }, "\(name)")
        }
    }

    // MARK: - Status mapping

    @Test func salesforceStatusForEveryColumnAndDisposition() {
        let (csv, summary) = Export.crmCSV(Self.board { Self.salesforceIDs[$0 - 1] }, crm: .salesforce, calendar: Self.utc)
        #expect(summary.exported == 6 && summary.skipped == 0)
        let rows = Self.records(csv)
        #expect(rows.map { $0["Status"] } == ["Working", "Working", "Converted", "Nurture", "Unqualified", "Unqualified"])
        // 15-character ids get their checksum; an 18-character one is kept.
        #expect(rows.map { $0["Id"] } == ["00Q5e00000A1xQ1EAJ", "00Q5e00000A1xQ2EAJ", "00Q5e00000A1xQ3EAJ",
                                           "00Q5e00000A1xQ4EAJ", "00Q5e00000A1xQ5EAJ", "00Q5e00000A1xQ6EAJ"])
        #expect(rows.map { $0["Handoff_Disposition__c"] } == ["", "", "accepted", "nurture", "returned", "returned"])
        #expect(rows[2]["Handoff_Next_Step__c"] == "Demo with the CFO")
        #expect(rows[2]["Handoff_Next_Step_Date__c"] == DateInput.format(Self.day.addingTimeInterval(7 * 86_400), calendar: Self.utc, time: false))
        #expect(rows[2]["Handoff_Opportunity__c"] == "OPP-0042")
        #expect(rows[2]["Handoff_AE__c"] == "ava")
        #expect(rows[3]["Handoff_Reasons__c"] == "Budget frozen until Q3")
        #expect(rows[3]["Handoff_Revisit_Date__c"] == DateInput.format(Self.day.addingTimeInterval(90 * 86_400), calendar: Self.utc, time: false))
        #expect(rows[4]["Handoff_Reasons__c"] == "no_authority; not_icp; failed authority")
        #expect(rows[4]["Handoff_Note__c"] == "Intern at a 12-person shop")
        #expect(rows.map { $0["Handoff_Lead__c"] } == ["L-1", "L-2", "L-3", "L-4", "L-5", "L-6"])
        #expect(rows[4]["Description"]?.contains("returned by alex") == true)
        #expect(rows[4]["Description"]?.contains("reasons: no_authority; not_icp; failed authority") == true)
        #expect(rows[2]["Description"]?.contains("next step: Demo with the CFO by") == true)
    }

    @Test func hubspotStatusAndMeetingOutcomeForEveryColumn() {
        let (csv, summary) = Export.crmCSV(Self.board { "\(900 + $0)" }, crm: .hubspot, calendar: Self.utc)
        #expect(summary.exported == 6)
        let rows = Self.records(csv)
        #expect(rows.map { $0["Record ID"] } == ["901", "902", "903", "904", "905", "906"])
        #expect(rows.map { $0["hs_lead_status"] } == ["IN_PROGRESS", "CONNECTED", "OPEN_DEAL", "BAD_TIMING", "UNQUALIFIED", "UNQUALIFIED"])
        // hs_meeting_outcome's values (https://developers.hubspot.com/docs/api/crm/meetings).
        #expect(rows.map { $0["handoff_meeting_outcome"] } == ["NO_SHOW", "RESCHEDULED", "COMPLETED", "COMPLETED", "CANCELED", ""])
        #expect(rows[2]["handoff_next_step"] == "Demo with the CFO" && rows[2]["handoff_opportunity"] == "OPP-0042")
        var fresh = Self.lead(7, id: "907", column: .handedOff)
        fresh.meeting = Meeting(ae: "alex", at: Self.day, agenda: "Intro", bookedBy: "sam", bookedAt: Self.day)
        #expect(Self.records(Export.crmCSV([fresh], crm: .hubspot).csv).first?["handoff_meeting_outcome"] == "SCHEDULED")
    }

    @Test func aTeamsOwnPicklistValuesReplaceTheDefaults() {
        let map = CRMStatusMap.standard(.salesforce).overriding([.sao: "Closed - Converted", .returned: "Closed - Not Converted"])
        let rows = Self.records(Export.crmCSV(Self.board { Self.salesforceIDs[$0 - 1] }, crm: .salesforce, statuses: map).csv)
        #expect(rows.map { $0["Status"] } == ["Working", "Working", "Closed - Converted", "Nurture", "Closed - Not Converted", "Unqualified"])
    }

    // MARK: - Only the CRM's own records

    @Test func leadsWithoutTheCRMsIdAreNamedAndNotWritten() {
        let ids: [String?] = ["00Q5e00000A1xQ1", nil, "51", "0035e00000B2yR7", "00Q5e00000A1xQ2XXX", "  ", "00Q5e00000A1xQ3"]
        let leads = ids.enumerated().map { Self.lead($0.offset + 1, id: $0.element) }
        let (salesforce, sf) = Export.crmCSV(leads, crm: .salesforce)
        #expect(Self.records(salesforce).map { $0["Handoff_Lead__c"] } == ["L-1", "L-7"])
        #expect(sf.withoutID == [LeadID(2)])
        // A HubSpot id, a Contact (003…), a bad checksum, blanks: none is a Salesforce Lead.
        #expect(sf.foreignID == [LeadID(3), LeadID(4), LeadID(5), LeadID(6)])
        let (hubspot, hs) = Export.crmCSV(leads, crm: .hubspot)
        #expect(Self.records(hubspot).map { $0["Record ID"] } == ["51"])
        #expect(hs.exported == 1 && hs.withoutID == [LeadID(2)] && hs.foreignID.count == 5)
    }

    @Test func salesforceIdsAreCheckedAndCompleted() {
        // The example of Salesforce's own article on the 15 → 18 conversion.
        #expect(SalesforceID.checksum(Array("a0D30000001n7Pi".unicodeScalars)) == "EAI")
        #expect(SalesforceID.lead("00Q5e00000A1xQ1") == "00Q5e00000A1xQ1EAJ")
        #expect(SalesforceID.lead("00Q5e00000A1xQ1eaj") == "00Q5e00000A1xQ1EAJ")
        #expect(SalesforceID.lead("00QAAAAAAAAAAAA") == "00QAAAAAAAAAAAA255")
        for bad in ["00Q5e00000A1xQ1EAK", "00Q5e00000A1xQ", "00Q5e00000A1xQ1E", "001A0000006Vm9r", "00Q5e00000A1x-1", "00Q5e00000A1xQ１"] {
            #expect(SalesforceID.lead(bad) == nil, "\(bad)")
        }
        #expect(HubSpotID.record("51") == "51")
        for bad in ["0", "051", "-5", "5.0", "12345678901234567890", ""] { #expect(HubSpotID.record(bad) == nil, "\(bad)") }
    }

    // MARK: - Hostile text

    @Test(arguments: [CRMSystem.salesforce, .hubspot])
    func hostileTextIsSanitisedGuardedAndQuoted(_ crm: CRMSystem) {
        var lead = Self.board { crm == .salesforce ? Self.salesforceIDs[$0 - 1] : "\(900 + $0)" }[4]
        lead.disposition?.note = "=HYPERLINK(\"http://evil.test\",\"x\")"
        lead.disposition?.failedCriteria = []
        lead.disposition?.reasons = [RejectionReason(rawValue: "@SUM(A1)")]
        lead.meeting?.ae = "+alex\u{1B}[31m\u{202E}"
        var second = Self.board { crm == .salesforce ? Self.salesforceIDs[$0 - 1] : "\(900 + $0)" }[2]
        second.disposition?.nextStep = "Call back,\r\n\"then\" demo\u{1B}]0;pwned\u{07}"
        second.disposition?.opportunity = "-1+1"
        let (csv, _) = Export.crmCSV([lead, second], crm: crm)
        #expect(!csv.unicodeScalars.contains { $0 == "\u{1B}" || $0 == "\u{202E}" || $0 == "\u{07}" })
        let rows = Self.parse(csv)
        #expect(rows.count == 3 && rows.allSatisfy { $0.count == rows[0].count }, "\(rows)")
        let cells = rows.dropFirst().flatMap { $0 }
        // No cell a spreadsheet (or the CRM's preview) would run as a formula.
        #expect(!cells.contains { ["=", "+", "-", "@"].contains($0.first.map(String.init) ?? "") }, "\(cells)")
        #expect(cells.contains("'=HYPERLINK(\"http://evil.test\",\"x\")"))
        #expect(cells.contains("'+alex"))
        #expect(cells.contains("'-1+1"))
        #expect(cells.contains("Call back, \"then\" demo"))
    }

    // MARK: - Streaming

    @Test func pagesAreWrittenAsTheyComeAndMatchTheWholeFile() throws {
        let leads = (1...2_500).map { Self.lead($0, id: $0 % 3 == 0 ? nil : "\($0)") }
        var chunks: [Data] = []
        let pages = ExportPages(leads: { body in
            for start in stride(from: 0, to: leads.count, by: 1_000) { try body(Array(leads[start..<min(start + 1_000, leads.count)])) }
        }, events: { _ in })
        let summary = try Export.writeCRM(pages, crm: .hubspot, statuses: .standard(.hubspot)) { chunks.append($0) }
        #expect(chunks.count == 4)
        let whole = Export.crmCSV(leads, crm: .hubspot)
        #expect(String(decoding: chunks.reduce(Data(), +), as: UTF8.self) == whole.csv)
        #expect(summary == whole.summary && summary.exported == 1_667 && summary.withoutID.count == 833)
        #expect(Export.isCRMExport(Array(whole.csv.utf8.prefix(4096)), crm: .hubspot))
        #expect(!Export.isCRMExport(Array(whole.csv.utf8.prefix(4096)), crm: .salesforce))
        #expect(!Export.isExport(Array(whole.csv.utf8.prefix(4096)), json: false))
    }
}
