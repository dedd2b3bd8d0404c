import Foundation
import HandoffConfig
import HandoffCore
import HandoffStore

/// `report --section NAME`: which sections of the report to print.
enum ReportSectionChoice {
    /// The sections named by `values` (each a name or a comma list), in the report's order;
    /// nil when none is named (the whole report).
    static func parse(_ values: [String]) throws -> [ReportSection]? {
        guard !values.isEmpty else { return nil }
        let names = ReportSection.names
        var chosen = Set<String>()
        for value in values {
            for word in value.split(separator: ",", omittingEmptySubsequences: false) {
                let name = word.trimmingCharacters(in: .whitespaces).lowercased()
                guard ReportSection.named(name) != nil else {
                    let shown = safe(String(word.prefix(40)))
                    let hint = Suggestion.hint(for: String(name.prefix(80)), in: names)
                    throw CLIFailure(code: 2, message: "--section: '\(shown)' is not a section of the report\(hint); the sections: \(names.joined(separator: ", "))")
                }
                chosen.insert(name)
            }
        }
        return ReportSection.all.filter { chosen.contains($0.name) }
    }

    /// The report's JSON with only the top-level keys of `sections` (and when and over
    /// what it was taken), each value exactly as the whole report writes it.
    static func json(_ standup: Standup, sections: [ReportSection]) throws -> String {
        let whole = try Codec.decoder().decode([String: JSONValue].self, from: Codec.encoder().encode(standup))
        let keys = Set<String>.reportKeys(of: sections)
        return try Codec.string(whole.filter { keys.contains($0.key) }, pretty: true)
    }
}

/// Any JSON value, decoded and encoded again unchanged (numbers keep the form
/// `JSONEncoder` wrote them in: whole numbers as integers).
enum JSONValue: Codable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int.self) {
            self = .int(value)
        } else if let value = try? container.decode(Double.self) {
            self = .double(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .int(let value): try container.encode(value)
        case .double(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }
}
