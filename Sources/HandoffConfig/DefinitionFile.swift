import Foundation
import HandoffCore

/// The SQL definition as a TOML file a team lead edits:
///
///     [[criteria]]
///     key = "need"
///     label = "Need"
///     required = true
///     guidance = "An objectively defined pain that we solve."
public enum DefinitionFile {
    /// Reads the criteria; every mistake is reported with the file and line.
    public static func criteria(fromTOML text: String, file: String) throws(RuleError) -> [Criterion] {
        try criteria(fromTOML: Array(text.utf8), file: file)
    }

    /// The same from the file's bytes: over 1 MiB, nested past 64 levels or not UTF-8 is refused.
    public static func criteria(fromTOML bytes: [UInt8], file: String) throws(RuleError) -> [Criterion] {
        let document: TOMLTable
        do {
            document = try TOML.parse(utf8: bytes)
        } catch {
            throw .invalid("\(Shown.text(file, limit: 200)):\(error.line): \(error.message)")
        }
        let file = Shown.text(file, limit: 200)
        for key in document.keys where key != "criteria" && key != "version" {
            throw .invalid("\(file):\(document.line(of: key) ?? 1): unknown key '\(Shown.text(key))'"
                + "\(Suggestion.hint(for: key, in: ["criteria", "version"])) (expected [[criteria]] tables)")
        }
        guard let list = document["criteria"]?.arrayValue, !list.isEmpty else {
            throw .invalid("\(file): no [[criteria]] tables: a definition needs at least one criterion")
        }
        var criteria: [Criterion] = []
        for (index, value) in list.enumerated() {
            guard let table = value.tableValue else {
                throw .invalid("\(file):\(document.line(of: "criteria") ?? 1): criteria must be [[criteria]] tables")
            }
            func line(_ key: String) -> Int { table.line(of: key) ?? document.line(of: "criteria") ?? 1 }
            let place = "criterion \(index + 1)"
            let fields = ["key", "label", "required", "guidance"]
            for key in table.keys where !fields.contains(key) {
                throw .invalid("\(file):\(line(key)): \(place) has an unknown field '\(Shown.text(key))'"
                    + "\(Suggestion.hint(for: key, in: fields)) (key, label, required, guidance)")
            }
            guard let keyValue = table["key"] else {
                throw .invalid("\(file): \(place) has no key")
            }
            guard let key = keyValue.stringValue else {
                throw .invalid("\(file):\(line("key")): \(place): key must be a string, not \(keyValue.kindDescription)")
            }
            let label = table["label"]?.stringValue ?? key.capitalized
            var required = true
            if let value = table["required"] {
                guard let flag = value.boolValue else {
                    throw .invalid("\(file):\(line("required")): \(place) ('\(Shown.text(key))'): required must be true or false, not \(value.kindDescription)")
                }
                required = flag
            }
            if let value = table["label"], value.stringValue == nil {
                throw .invalid("\(file):\(line("label")): \(place) ('\(Shown.text(key))'): label must be a string")
            }
            if let value = table["guidance"], value.stringValue == nil {
                throw .invalid("\(file):\(line("guidance")): \(place) ('\(Shown.text(key))'): guidance must be a string")
            }
            criteria.append(Criterion(key: key, label: label, required: required,
                                      guidance: table["guidance"]?.stringValue ?? ""))
        }
        let problems = Definition(version: 0, criteria: criteria).problems()
        guard problems.isEmpty else { throw .invalid("\(file): " + problems.joined(separator: "; ")) }
        return criteria
    }

    public static func toml(_ definition: Definition) -> String {
        var lines = ["# Handoff SQL definition v\(definition.version)", "# Edit, then: handoff definition set FILE.toml", ""]
        for criterion in definition.criteria {
            lines += [
                "[[criteria]]",
                "key = \(TOMLWriter.quote(criterion.key))",
                "label = \(TOMLWriter.quote(criterion.label))",
                "required = \(criterion.required)",
                "guidance = \(TOMLWriter.quote(criterion.guidance))",
                "",
            ]
        }
        return lines.joined(separator: "\n")
    }
}
