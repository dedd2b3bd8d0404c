import Foundation
import HandoffCore

/// JSON as the store and the command line write it: ISO 8601 dates, stable key order.
public enum Codec {
    public static func encoder(pretty: Bool = false) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = pretty ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    public static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }

    /// JSON text with every control, separator and format character escaped (`SafeText.escapingForJSON`).
    public static func string<T: Encodable>(_ value: T, pretty: Bool = false) throws -> String {
        SafeText.escapingForJSON(String(decoding: try encoder(pretty: pretty).encode(value), as: UTF8.self))
    }

    public static func decode<T: Decodable>(_ type: T.Type, from text: String) throws -> T {
        try decoder().decode(type, from: Data(text.utf8))
    }
}
