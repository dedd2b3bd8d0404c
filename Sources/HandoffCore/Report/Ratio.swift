/// A share that always carries what it was taken of: "62 % (18/29)". A rate over nothing
/// says so instead of dividing by zero.
public struct Ratio: Sendable, Equatable, Hashable {
    public var numerator: Int
    public var denominator: Int

    public init(_ numerator: Int, of denominator: Int) {
        self.numerator = numerator
        self.denominator = denominator
    }

    public static let empty = Ratio(0, of: 0)

    public var isEmpty: Bool { denominator == 0 }

    /// 0…1, or nil when there is nothing to divide by.
    public var fraction: Double? {
        denominator == 0 ? nil : Double(numerator) / Double(denominator)
    }

    /// Whole percent, rounded half up; nil when empty.
    public var percent: Int? {
        guard denominator > 0 else { return nil }
        return Int((Double(numerator) * 100 / Double(denominator)).rounded())
    }

    /// "62 % (18/29)", or "— (0/0: none in period)".
    public var percentText: String {
        guard let percent else { return "— (0/0: none in period)" }
        return "\(percent) % (\(numerator)/\(denominator))"
    }

    /// "62 %" or "—", for narrow table cells whose header names the denominator.
    public var shortText: String {
        percent.map { "\($0) %" } ?? "—"
    }

    /// "18/29".
    public var countText: String { "\(numerator)/\(denominator)" }

    /// Counts one more case; `hit` says whether it goes into the numerator too.
    public mutating func count(_ hit: Bool) {
        denominator += 1
        if hit { numerator += 1 }
    }
}

extension Ratio: Codable {
    private enum CodingKeys: String, CodingKey {
        case numerator, denominator, percent, text
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        numerator = try container.decode(Int.self, forKey: .numerator)
        denominator = try container.decode(Int.self, forKey: .denominator)
    }

    /// Numerator and denominator always; `percent` is null for an empty ratio, and `text`
    /// is what the text report prints.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(numerator, forKey: .numerator)
        try container.encode(denominator, forKey: .denominator)
        if let fraction {
            try container.encode((fraction * 1000).rounded() / 10, forKey: .percent)
        } else {
            try container.encodeNil(forKey: .percent)
        }
        try container.encode(percentText, forKey: .text)
    }
}
