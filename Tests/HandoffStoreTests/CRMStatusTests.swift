import Foundation
import HandoffCore
@testable import HandoffStore
import Testing

/// Issue 13, class 9: every default status of the two CRMs a team exports from maps to a
/// place on the board, by its internal value and by its display label.
@Suite("import: the CRMs' default statuses")
struct CRMStatusTests {
    /// HubSpot's default Lead Status values (contact property `hs_lead_status`): internal
    /// value and label. Listed as the eight defaults "New, Open, In Progress, Open Deal,
    /// Unqualified, Attempted to Contact, Connected, and Bad Timing" in
    /// https://revenuereveal.co/hubspot-lead-status and
    /// https://www.default.com/post/hubspot-lead-status-lifecycle-stages.
    static let hubSpotLeadStatus: [(value: String, label: String, action: StatusMap.Action)] = [
        ("NEW", "New", .queue), ("OPEN", "Open", .queue), ("IN_PROGRESS", "In Progress", .queue),
        ("OPEN_DEAL", "Open Deal", .skip), ("UNQUALIFIED", "Unqualified", .skip),
        ("ATTEMPTED_TO_CONTACT", "Attempted to Contact", .queue), ("CONNECTED", "Connected", .queue),
        ("BAD_TIMING", "Bad Timing", .nurture),
    ]

    /// HubSpot's default Lifecycle Stage values (`lifecyclestage`): "Subscriber, Lead,
    /// Marketing Qualified Lead, Sales Qualified Lead, Opportunity, Customer, Evangelist,
    /// Other" (https://velainn.com/blog/hubspot-default-lifecycle-stages,
    /// https://whom.so/documentation/glossary-lifecycle-stage), with the internal values
    /// HubSpot's API returns.
    static let hubSpotLifecycleStage: [(value: String, label: String, action: StatusMap.Action)] = [
        ("subscriber", "Subscriber", .queue), ("lead", "Lead", .queue),
        ("marketingqualifiedlead", "Marketing Qualified Lead", .queue),
        ("salesqualifiedlead", "Sales Qualified Lead", .queue), ("opportunity", "Opportunity", .skip),
        ("customer", "Customer", .skip), ("evangelist", "Evangelist", .skip), ("other", "Other", .skip),
    ]

    /// Salesforce's default Lead Status picklist: "Open - Not Contacted, Working - Contacted,
    /// Closed - Converted, Closed - Not Converted" (the LeadStatus object,
    /// https://developer.salesforce.com/docs/platform/object-reference/references/standard-objects/object-leadstatus.html;
    /// the four defaults as described at https://m.iread.qq.com/read/1036698108/63). The API
    /// value is the label.
    static let salesforceLeadStatus: [(value: String, label: String, action: StatusMap.Action)] = [
        ("Open - Not Contacted", "Open - Not Contacted", .queue), ("Working - Contacted", "Working - Contacted", .queue),
        ("Closed - Converted", "Closed - Converted", .skip), ("Closed - Not Converted", "Closed - Not Converted", .skip),
    ]

    @Test func everyDefaultValueAndLabelIsMapped() {
        for (value, label, action) in Self.hubSpotLeadStatus + Self.hubSpotLifecycleStage + Self.salesforceLeadStatus {
            #expect(StatusMap.standard.action(for: value) == action, "\(value)")
            #expect(StatusMap.standard.action(for: label) == action, "\(label)")
            #expect(StatusMap.standard.action(for: label.uppercased()) == action, "\(label.uppercased())")
        }
    }

    @Test func aHubSpotExportWithEveryStatusImports() throws {
        var csv = "Record ID,First Name,Last Name,Email,Company Name,Lead Status\n"
        for (index, status) in (Self.hubSpotLeadStatus.map(\.label) + Self.hubSpotLeadStatus.map(\.value)).enumerated() {
            csv += "\(index + 1),Ann,Lee\(index),ann\(index)@acme.test,Acme \(index),\(status)\n"
        }
        let roster = [Member(name: "lee", role: .lead), Member(name: "sam", role: .sdr)]
        let plan = try LeadImport.plan(csv: Array(csv.utf8), settings: ImportSettings(statuses: .standard, roster: roster))
        #expect(plan.rejections.isEmpty, "\(plan.rejections)")
        #expect(plan.leads.count == 12)
        #expect(plan.skipped.count == 4)
    }
}
