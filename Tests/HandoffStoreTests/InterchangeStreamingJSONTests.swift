import Foundation
import HandoffCore
import Testing
@testable import HandoffStore

/// Shapes the store's own types do not use, but `encode(to:)` may.
private enum Shape: Codable, Equatable {
    case circle(radius: Double)
    case polygon([Int], name: String?)
    case empty
}

private struct Nested: Codable, Equatable {
    var title: String
    var tags: [String: [Int]]
    var shapes: [Shape]
    var when: Date
    var ratio: Double
    var flag: Bool?

    enum CodingKeys: String, CodingKey { case title, inner, shapes, when, ratio, flag }
    enum InnerKeys: String, CodingKey { case tags }

    init(title: String, tags: [String: [Int]], shapes: [Shape], when: Date, ratio: Double, flag: Bool?) {
        self.title = title
        self.tags = tags
        self.shapes = shapes
        self.when = when
        self.ratio = ratio
        self.flag = flag
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        title = try container.decode(String.self, forKey: .title)
        let inner = try container.nestedContainer(keyedBy: InnerKeys.self, forKey: .inner)
        tags = try inner.decode([String: [Int]].self, forKey: .tags)
        shapes = try container.decode([Shape].self, forKey: .shapes)
        when = try container.decode(Date.self, forKey: .when)
        ratio = try container.decode(Double.self, forKey: .ratio)
        flag = try container.decodeIfPresent(Bool.self, forKey: .flag)
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(title, forKey: .title)
        var inner = container.nestedContainer(keyedBy: InnerKeys.self, forKey: .inner)
        try inner.encode(tags, forKey: .tags)
        // Back to the outer container after the nested one: the nested one must be closed.
        try container.encode(shapes, forKey: .shapes)
        try container.encode(when, forKey: .when)
        try container.encode(ratio, forKey: .ratio)
        try container.encodeIfPresent(flag, forKey: .flag)
    }
}

private struct UsesSuper: Codable, Equatable {
    var value: Int
    enum CodingKeys: String, CodingKey { case value }
    init(value: Int) { self.value = value }
    init(from decoder: any Decoder) throws {
        value = try decoder.container(keyedBy: CodingKeys.self).decode(Int.self, forKey: .value)
    }
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(value, forKey: .value)
        _ = container.superEncoder()
    }
}

private struct Numbers: Codable, Equatable {
    var int64: Int64
    var int32: Int32
    var uint: UInt
    var uint64: UInt64
    var float: Float
    var flag: Bool
    var optional: Int?
    var none: Int?
}

private struct Special: Codable, Equatable {
    var blob: Data
    var link: URL
    var amount: Decimal
}

private struct Nothing: Codable, Equatable {
    func encode(to encoder: any Encoder) throws {}
    init() {}
    init(from decoder: any Decoder) throws {}
}

private func roundTrip<T: Codable & Equatable>(_ value: T) throws -> T {
    try Codec.decoder().decode(T.self, from: StreamingJSONEncoder.data(value))
}

/// Expects the same JSON value as Foundation's encoder writes, whatever the key order.
private func expectSameAsFoundation<T: Encodable>(_ value: T, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let ours = try StreamingJSONEncoder.data(value)
    let theirs = try Codec.encoder().encode(value)
    func canonical(_ data: Data) throws -> Data {
        let object = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        return try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .fragmentsAllowed])
    }
    let same = try canonical(ours) == canonical(theirs)
    #expect(same, "\(String(decoding: ours, as: UTF8.self))\n\(String(decoding: theirs, as: UTF8.self))", sourceLocation: sourceLocation)
}

@Suite("Interchange: the store's JSON encoder")
struct InterchangeStreamingJSONTests {
    @Test func textNumbersAndDates() throws {
        for text in ["", "plain", "quote \" backslash \\ slash /", "tab\tline\nreturn\r", "\u{0}\u{1B}[31m\u{7F}", "Zoë 李 👩‍👩‍👧 \u{202E}"] {
            #expect(try roundTrip([text]) == [text])
            try expectSameAsFoundation(["k": text])
        }
        let date = Date(timeIntervalSince1970: 1_772_000_000)
        #expect(try StreamingJSONEncoder.string([date]) == String(decoding: try Codec.encoder().encode([date]), as: UTF8.self))
        #expect(try roundTrip([Date(timeIntervalSince1970: -86_400 * 400)]) == [Date(timeIntervalSince1970: -86_400 * 400)])
        #expect(try roundTrip([0.1, -2.5, 3, 1e300, .leastNonzeroMagnitude]) == [0.1, -2.5, 3, 1e300, .leastNonzeroMagnitude])
        #expect(try roundTrip([Int.min, 0, Int.max]) == [Int.min, 0, Int.max])
        #expect(throws: EncodingError.self) { try StreamingJSONEncoder.data([Double.nan]) }
    }

    @Test func nestedContainersEnumsAndOddShapes() throws {
        let value = Nested(title: "x", tags: ["a": [1, 2], "b": []], shapes: [.circle(radius: 1.5), .polygon([1, 2, 3], name: nil), .empty],
                           when: Date(timeIntervalSince1970: 86_400), ratio: 0.25, flag: nil)
        #expect(try roundTrip(value) == value)
        try expectSameAsFoundation(value)
        #expect(try roundTrip(UsesSuper(value: 3)) == UsesSuper(value: 3))
        #expect(try StreamingJSONEncoder.string(Nothing()) == "{}")
        #expect(try roundTrip([Nothing(), Nothing()]) == [Nothing(), Nothing()])
        #expect(try roundTrip(["k": nil, "l": 1] as [String: Int?]) == ["k": nil, "l": 1])
        // Every number type and flag the one cast (`SpecialJSONValue`) writes itself.
        let numbers = Numbers(int64: -7, int32: 8, uint: 9, uint64: 10, float: 0.5, flag: true, optional: 11, none: nil)
        #expect(try roundTrip(numbers) == numbers)
        try expectSameAsFoundation(numbers)
        #expect(try StreamingJSONEncoder.string([Int64.max]) == "[9223372036854775807]")
        // What Foundation special-cases is encoded by Foundation, as before.
        let special = Special(blob: Data([0, 1, 255]), link: try #require(URL(string: "https://example.test/a?b=1")),
                              amount: try #require(Decimal(string: "12.50")))
        #expect(try roundTrip(special) == special)
        try expectSameAsFoundation(special)
    }

    @Test func everyEventAndLeadOfABoard() throws {
        let scratch = try ScratchStore()
        let plan = try LeadImport.plan(csv: Fixture.bytes("hostile.csv"), settings: ImportSettings(roster: importRoster))
        _ = try scratch.store.execute(batch: plan.leads.map { BatchItem($0.command) }, as: "lee", options: BatchOptions(mode: .allOrNothing))
        try scratch.store.execute(.score(["need": CriterionScore(status: .met, evidence: "said \"it hurts\"")]), on: LeadID(1), as: "lee")
        try scratch.store.undo(LeadID(1), as: "lee", expecting: nil)
        for event in try scratch.store.events(after: 0, limit: nil) {
            #expect(try roundTrip(event) == event)
            try expectSameAsFoundation(event)
        }
        for lead in try scratch.store.leads(LeadQuery(includeArchived: true)) {
            #expect(try roundTrip(lead) == lead)
            try expectSameAsFoundation(lead)
        }
    }
}
