import Foundation
import HandoffCore

/// `[export.salesforce.status]` and `[export.hubspot.status]`: the CRM status each column
/// writes back with `handoff export --format salesforce|hubspot`, for a team whose picklist
/// differs from the defaults (`CRMStatusMap.standard`).
///
///     [export.salesforce.status]
///     sao = "Closed - Converted"
///     returned = "Closed - Not Converted"
///
///     [export.hubspot.status]
///     handed_off = "IN_PROGRESS"
extension Config {
    public static var exportKeys: [String] { CRMSystem.allCases.map(\.rawValue) }
    public static var exportStatusKeys: [String] { Column.allCases.map(CRMStatusMap.key) }
    /// A picklist value is at most 255 characters in both CRMs.
    public static let crmStatusMaxLength = 255

    static func readExport(_ table: SettingsTable) throws(ConfigError) -> [CRMSystem: [Column: String]] {
        try table.refuseUnknownKeys(exportKeys, what: "expected [export.salesforce.status] or [export.hubspot.status]")
        var result: [CRMSystem: [Column: String]] = [:]
        for crm in CRMSystem.allCases {
            guard let system = try table.table(crm.rawValue, example: "[export.\(crm.rawValue).status]") else { continue }
            try system.refuseUnknownKeys(["status"], what: "expected [export.\(crm.rawValue).status]")
            guard let statuses = try system.table("status", example: "[export.\(crm.rawValue).status]") else { continue }
            let keys = exportStatusKeys
            try statuses.refuseUnknownKeys(keys, what: "the columns are \(keys.joined(separator: ", "))")
            var values: [Column: String] = [:]
            for column in Column.allCases {
                let key = CRMStatusMap.key(column)
                guard let value = statuses.table[key] else { continue }
                guard let text = value.stringValue else {
                    throw statuses.fail(key, "[export.\(crm.rawValue).status] \(key) must be the status in quotes, not \(value.kindDescription)")
                }
                let clean = text.trimmingCharacters(in: .whitespaces)
                guard !clean.isEmpty, clean.count <= crmStatusMaxLength, SafeText.isSafe(clean) else {
                    throw statuses.fail(key, "[export.\(crm.rawValue).status] \(key) must be a status of 1 to \(crmStatusMaxLength) printable characters, not \"\(Shown.text(text))\"")
                }
                values[column] = clean
            }
            result[crm] = values
        }
        return result
    }
}
