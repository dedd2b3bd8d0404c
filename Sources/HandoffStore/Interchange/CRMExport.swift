import Foundation
import HandoffCore

/// What a write-back to a CRM wrote, and the leads it could not write because they carry
/// no record id of that CRM: named to the user, never matched by a guess.
public struct CRMExportSummary: Sendable, Equatable {
    public var exported = 0
    /// Leads with no external id at all.
    public var withoutID: [LeadID] = []
    /// Leads whose external id is not one of this CRM's (another CRM's, or a typed one).
    public var foreignID: [LeadID] = []

    public init() {}

    public var skipped: Int { withoutID.count + foreignID.count }
}

/// The write-back files: the CSV each CRM's own import takes to update existing records.
///
/// Salesforce (Data Import Wizard, Data Loader, `sf data update bulk`): the Lead object,
/// matched on `Id`, the first column; `Status` (Lead Status) and `Description` are standard
/// Lead fields; the rest are custom fields an administrator creates with these API names
/// (or leaves unmapped). HubSpot (contacts import, "update existing"): matched on
/// `Record ID`; `hs_lead_status` is the default Lead Status property; the rest are custom
/// contact properties with these internal names. See README, "Round trip with your CRM".
extension Export {
    private struct CRMColumn {
        var name: String
        var value: @Sendable (CRMRow) -> String?
    }

    /// A lead as a write-back row sees it.
    struct CRMRow {
        var lead: Lead
        var recordID: String
        var status: String
        var calendar: Calendar

        var day: (Date?) -> String? {
            { date in date.map { DateInput.format($0, calendar: calendar, time: false) } }
        }

        var disposition: String? { lead.disposition?.kind.rawValue }

        /// Why the card is where it is: the return's reason codes and failed criteria, or
        /// the nurture reason.
        var reasons: String? {
            guard let disposition = lead.disposition else { return nil }
            switch disposition.kind {
            case .returned:
                let codes = disposition.reasons.map(\.rawValue)
                let criteria = disposition.failedCriteria.map { "failed \($0)" }
                return (codes + criteria).joined(separator: "; ")
            case .nurture: return disposition.reason
            case .accepted: return nil
            }
        }

        var note: String? { lead.disposition?.note }
        var nextStep: String? { lead.disposition?.nextStep }
        var nextDate: String? { day(lead.disposition?.nextDate) }
        var revisit: String? { day(lead.disposition?.revisit) }

        /// One line for Salesforce's Description: the board's decision in words.
        var summary: String {
            var parts = ["Handoff \(lead.id): \(lead.column.title)"]
            if let disposition = lead.disposition {
                parts.append("\(disposition.kind.rawValue) by \(disposition.by) on \(day(disposition.at) ?? "")")
            }
            if let reasons, !reasons.isEmpty { parts.append("reasons: \(reasons)") }
            if let note { parts.append("note: \(note)") }
            if let nextStep { parts.append("next step: \(nextStep)" + (nextDate.map { " by \($0)" } ?? "")) }
            if let revisit { parts.append("revisit \(revisit)") }
            if let opportunity = lead.disposition?.opportunity { parts.append("opportunity \(opportunity)") }
            if let ae = lead.ae { parts.append("AE \(ae)") }
            if let outcome = lead.meeting?.outcome { parts.append("meeting \(outcome.title)") }
            return parts.joined(separator: " · ")
        }
    }

    private static let salesforceColumns: [CRMColumn] = [
        CRMColumn(name: "Id") { $0.recordID },
        CRMColumn(name: "Status") { $0.status },
        CRMColumn(name: "Description") { $0.summary },
        CRMColumn(name: "Handoff_Lead__c") { $0.lead.id.description },
        CRMColumn(name: "Handoff_Disposition__c") { $0.disposition },
        CRMColumn(name: "Handoff_Reasons__c") { $0.reasons },
        CRMColumn(name: "Handoff_Note__c") { $0.note },
        CRMColumn(name: "Handoff_AE__c") { $0.lead.ae },
        CRMColumn(name: "Handoff_Opportunity__c") { $0.lead.disposition?.opportunity },
        CRMColumn(name: "Handoff_Next_Step__c") { $0.nextStep },
        CRMColumn(name: "Handoff_Next_Step_Date__c") { $0.nextDate },
        CRMColumn(name: "Handoff_Revisit_Date__c") { $0.revisit },
        CRMColumn(name: "Handoff_Meeting_Outcome__c") { CRMMeetingOutcome.value($0.lead.meeting) },
    ]

    private static let hubspotColumns: [CRMColumn] = [
        CRMColumn(name: "Record ID") { $0.recordID },
        CRMColumn(name: "hs_lead_status") { $0.status },
        CRMColumn(name: "handoff_meeting_outcome") { CRMMeetingOutcome.value($0.lead.meeting) },
        CRMColumn(name: "handoff_lead") { $0.lead.id.description },
        CRMColumn(name: "handoff_disposition") { $0.disposition },
        CRMColumn(name: "handoff_reasons") { $0.reasons },
        CRMColumn(name: "handoff_note") { $0.note },
        CRMColumn(name: "handoff_ae") { $0.lead.ae },
        CRMColumn(name: "handoff_opportunity") { $0.lead.disposition?.opportunity },
        CRMColumn(name: "handoff_next_step") { $0.nextStep },
        CRMColumn(name: "handoff_next_step_date") { $0.nextDate },
        CRMColumn(name: "handoff_revisit_date") { $0.revisit },
    ]

    private static func crmColumns(_ crm: CRMSystem) -> [CRMColumn] {
        switch crm {
        case .salesforce: salesforceColumns
        case .hubspot: hubspotColumns
        }
    }

    /// The column names of a write-back file, in order.
    public static func crmColumnNames(_ crm: CRMSystem) -> [String] { crmColumns(crm).map(\.name) }

    static func crmHeader(_ crm: CRMSystem) -> String {
        crmColumns(crm).map { cell($0.name) }.joined(separator: ",") + "\r\n"
    }

    /// The row of a lead that carries this CRM's record id; nil (and why, in `summary`)
    /// for any other lead.
    static func crmRow(_ lead: Lead, crm: CRMSystem, statuses: CRMStatusMap, calendar: Calendar,
                       summary: inout CRMExportSummary) -> String? {
        guard let recordID = crm.recordID(lead.fields.externalID) else {
            if lead.fields.externalID == nil { summary.withoutID.append(lead.id) } else { summary.foreignID.append(lead.id) }
            return nil
        }
        summary.exported += 1
        let row = CRMRow(lead: lead, recordID: recordID, status: statuses.status(lead), calendar: calendar)
        return crmColumns(crm).map { cell($0.value(row) ?? "") }.joined(separator: ",") + "\r\n"
    }

    /// The whole file for `leads` (tests, small boards): RFC 4180, CRLF, every cell sanitised
    /// and guarded against formulas like the board's own CSV.
    public static func crmCSV(_ leads: [Lead], crm: CRMSystem, statuses: CRMStatusMap? = nil,
                              calendar: Calendar = .current) -> (csv: String, summary: CRMExportSummary) {
        var summary = CRMExportSummary()
        var out = crmHeader(crm)
        for lead in leads {
            if let row = crmRow(lead, crm: crm, statuses: statuses ?? .standard(crm), calendar: calendar, summary: &summary) {
                out += row
            }
        }
        return (out, summary)
    }

    /// The write-back file a page of leads at a time, to `write`.
    public static func writeCRM(_ pages: ExportPages, crm: CRMSystem, statuses: CRMStatusMap, calendar: Calendar = .current,
                                to write: (Data) throws -> Void) throws -> CRMExportSummary {
        var summary = CRMExportSummary()
        try write(Data(crmHeader(crm).utf8))
        try pages.leads { leads in
            var chunk = ""
            for lead in leads {
                if let row = crmRow(lead, crm: crm, statuses: statuses, calendar: calendar, summary: &summary) { chunk += row }
            }
            try write(Data(chunk.utf8))
        }
        return summary
    }

    /// Whether `prefix` starts a previous write-back file for `crm` (its header row).
    public static func isCRMExport(_ prefix: [UInt8], crm: CRMSystem) -> Bool {
        let body = prefix.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(prefix.dropFirst(3)) : prefix
        return body.starts(with: Array(crmHeader(crm).utf8))
    }
}
