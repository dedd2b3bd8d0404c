import Foundation
import HandoffCore

/// Reading a stored JSON column back into a value. A row that does not decode is reported
/// as damaged with the lead (or event) it belongs to and the field that is wrong, never as
/// a raw `DecodingError`: one bad row names itself and leaves the others readable.
public enum StoredRow {
    /// The lead kept in a `lead` row's `state` column.
    public static func lead(_ id: Int, state: String) throws(StoreError) -> Lead {
        // Read directly where the direct reader is sure (`EventJSON`), else by JSONDecoder.
        if let lead = EventJSON.lead(state) { return lead }
        do {
            return try Codec.decode(Lead.self, from: state)
        } catch {
            throw .damaged("lead \(LeadID(id)) cannot be read: its stored state \(problem(error)); the other leads are not affected (run `handoff doctor`)")
        }
    }

    /// The payload kept in an `event` row.
    public static func payload(seq: Int64, type: String, json: String) throws(StoreError) -> EventPayload {
        if let payload = EventJSON.payload(json) { return payload }
        do {
            return try Codec.decode(EventPayload.self, from: json)
        } catch {
            throw .damaged("event #\(seq) (\(type)) cannot be read: its payload \(problem(error)) (run `handoff doctor`)")
        }
    }

    /// A version of the SQL definition kept in the `definition` table.
    public static func definition(_ body: String) throws(StoreError) -> Definition {
        do {
            return try Codec.decode(Definition.self, from: body)
        } catch {
            throw .damaged("the stored SQL definition cannot be read: it \(problem(error)) (run `handoff doctor`)")
        }
    }

    /// "does not decode at `fields.email`: expected text, found a number".
    static func problem(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "does not decode: \(error)" }
        switch error {
        case .typeMismatch(let type, let context):
            return "does not decode at \(path(context.codingPath)): expected \(kind(type))"
        case .valueNotFound(let type, let context):
            return "does not decode at \(path(context.codingPath)): \(kind(type)) missing (null)"
        case .keyNotFound(let key, let context):
            return "does not decode: the field \(path(context.codingPath + [key])) is missing"
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty { return "is not valid JSON" }
            return "does not decode at \(path(context.codingPath)): \(context.debugDescription)"
        @unknown default:
            return "does not decode"
        }
    }

    static func path(_ keys: [any CodingKey]) -> String {
        guard !keys.isEmpty else { return "the top level" }
        var text = ""
        for key in keys {
            if let index = key.intValue, key.stringValue.hasPrefix("Index") {
                text += "[\(index)]"
            } else {
                text += (text.isEmpty ? "" : ".") + key.stringValue
            }
        }
        return "`\(text)`"
    }

    static func kind(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "text"
        case is Int.Type, is Int64.Type, is Double.Type: "a number"
        case is Bool.Type: "true or false"
        case is Date.Type: "a date"
        default: "\(type)"
        }
    }
}

/// The leads an export or a listing could not read, each named with its field, collected
/// while the others are written.
public final class DamagedLeads {
    public private(set) var problems: [StoreError] = []

    public init() {}

    public func record(_ problem: StoreError) {
        problems.append(problem)
    }
}
