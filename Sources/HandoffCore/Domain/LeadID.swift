import Foundation

/// A short, human lead id: `L-42`.
public struct LeadID: Hashable, Sendable, Comparable, CustomStringConvertible, Codable {
    public let number: Int

    public init(_ number: Int) {
        self.number = number
    }

    /// Accepts `L-42`, `l-42`, `L42` and `42`.
    public init?(_ text: String) {
        var body = Substring(text.trimmingCharacters(in: .whitespaces))
        if body.first == "L" || body.first == "l" {
            body = body.dropFirst()
            if body.first == "-" { body = body.dropFirst() }
        }
        guard !body.isEmpty, body.allSatisfy(\.isASCII), let number = Int(body), number > 0 else {
            return nil
        }
        self.number = number
    }

    public var description: String { "L-\(number)" }

    public static func < (lhs: LeadID, rhs: LeadID) -> Bool { lhs.number < rhs.number }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Int.self) {
            self.number = number
            return
        }
        let text = try container.decode(String.self)
        guard let parsed = LeadID(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a lead id: \(text)")
        }
        self = parsed
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

