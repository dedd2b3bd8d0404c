import Foundation
import GRDB
import HandoffCore
import HandoffStore

extension SQLiteStore {
    /// Each board lead's source and return reasons, read from its stored state with
    /// `json_extract` instead of decoding every lead: the two fields `FilterQuery.LeadExtras`
    /// takes from a lead (`fields.source`, `disposition.reasons`), at the same paths.
    public func leadExtras() throws -> [LeadID: FilterQuery.LeadExtras] {
        try read { db in
            let (filter, arguments) = Rows.filter(LeadQuery())
            let rows = try Row.fetchCursor(db, sql: """
                SELECT id, json_extract(state, '$.fields.source') AS source,
                       json_extract(state, '$.disposition.reasons') AS reasons
                FROM lead\(filter)
                """, arguments: arguments)
            var extras: [LeadID: FilterQuery.LeadExtras] = [:]
            let decoder = JSONDecoder()
            while let row = try rows.next() {
                let id = LeadID(row["id"] as Int)
                // Read as values, never forced into a type: a tampered row is an error, not a crash.
                let sourceValue: DatabaseValue = row["source"]
                let reasonsValue: DatabaseValue = row["reasons"]
                let source = String.fromDatabaseValue(sourceValue)
                if source == nil, !sourceValue.isNull {
                    throw StoreError.damaged("lead \(id) cannot be read: its source is not text (run `handoff doctor`)")
                }
                var reasons: [String] = []
                if !reasonsValue.isNull {
                    guard let text = String.fromDatabaseValue(reasonsValue) else {
                        throw StoreError.damaged("lead \(id) cannot be read: its return reasons are not a list of codes (run `handoff doctor`)")
                    }
                    do {
                        reasons = try decoder.decode([String].self, from: Data(text.utf8))
                    } catch {
                        throw StoreError.damaged("lead \(id) cannot be read: its return reasons are not a list of codes (run `handoff doctor`)")
                    }
                }
                extras[id] = FilterQuery.LeadExtras(source: source, reasons: reasons)
            }
            return extras
        }
    }
}
