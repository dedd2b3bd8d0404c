import Foundation
import HandoffCore

extension LeadImport {
    /// Plans a JSON export: an array of lead objects, or an object holding one under
    /// `leads`, `results` (HubSpot's API, with a `properties` object per record) or
    /// `records` (Salesforce's API). Keys are matched like CSV column names.
    public static func plan(json bytes: [UInt8], settings: ImportSettings) throws(RuleError) -> ImportPlan {
        if CSVReader.utf8(bytes[...]) == nil, let bad = CSVReader.firstInvalidByte(bytes, in: bytes.indices) {
            let line = 1 + bytes[..<bad].count { $0 == UInt8(ascii: "\n") }
            throw .invalid("line \(line): not valid UTF-8: save the file as UTF-8 and import it again")
        }
        let records = try Self.records(in: bytes)
        var planner = ImportPlanner(settings: settings)
        var ignored = Set<String>()
        for (index, item) in records.enumerated() {
            planner.plan.rows += 1
            let place = RowPlace.record(index + 1)
            guard let object = item as? [String: Any] else {
                planner.reject(place, nil, "not an object with a lead's fields")
                continue
            }
            var cells: [ImportField: ImportCell] = [:]
            // Sorted, so that of two keys for one field the same one wins on every run.
            for (key, value) in flatten(object).sorted(by: { $0.key < $1.key }) {
                guard let field = ImportField(header: key) else {
                    ignored.insert(key)
                    continue
                }
                guard let text = value, cells[field]?.text.isEmpty ?? true else { continue }
                let name = SafeText.sanitize(key)
                cells[field] = ImportCell(text: text, column: "key \"\(name)\"", name: name)
            }
            planner.add(place) { cells[$0] }
        }
        planner.plan.ignoredColumns = ignored.sorted().map(SafeText.sanitize)
        return planner.plan
    }

    private static func records(in bytes: [UInt8]) throws(RuleError) -> [Any] {
        if let problem = JSONLimits.problem(bytes, maxBytes: JSONLimits.maxLeadFileBytes) {
            throw .invalid(problem)
        }
        let root: Any
        do {
            root = try JSONSerialization.jsonObject(with: Data(bytes))
        } catch {
            throw .invalid("not valid JSON: \(error.localizedDescription)")
        }
        if let list = root as? [Any] { return list }
        guard let object = root as? [String: Any] else {
            throw .invalid("expected an array of leads, or an object with a \"leads\", \"results\" or \"records\" array")
        }
        if object["format"] as? String == "handoff-export" {
            throw .invalid("this is a Handoff export: rebuild its board into an empty store with `handoff import --events FILE`")
        }
        for key in ["leads", "results", "records", "contacts"] {
            if let list = object[key] as? [Any] { return list }
        }
        throw .invalid("expected an array of leads, or an object with a \"leads\", \"results\" or \"records\" array")
    }

    /// The record's scalar values as text; HubSpot's `properties` object is lifted to the
    /// top, Salesforce's `attributes` left out.
    private static func flatten(_ object: [String: Any]) -> [String: String?] {
        var values: [String: String?] = [:]
        for (key, value) in object where key != "attributes" {
            if key == "properties", let properties = value as? [String: Any] {
                for (inner, innerValue) in properties { values[inner] = text(innerValue) }
            } else if values[key] == nil {
                values[key] = text(value)
            }
        }
        return values
    }

    private static func text(_ value: Any) -> String? {
        switch value {
        case let string as String: string
        case let flag as Bool: flag ? "true" : "false"
        case let number as NSNumber: number.stringValue
        default: nil
        }
    }
}
