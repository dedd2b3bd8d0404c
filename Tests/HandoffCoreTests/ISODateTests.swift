import Foundation
@testable import HandoffCore
import Testing

/// The stores' time text (`ISODate`), written without Foundation's formatter, against
/// `JSONEncoder`'s `.iso8601`, which every document the stores write must match.
@Suite("Stores: times written as JSONEncoder writes them")
struct ISODateTests {
    private static func foundation(_ date: Date) throws -> String {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        let quoted = String(decoding: try encoder.encode(date), as: UTF8.self)
        return String(quoted.dropFirst().dropLast())
    }

    @Test func everyDayOfFourCenturiesAndEachSecondOfADayReadAsJSONEncoderWritesThem() throws {
        // 1900…2300 day by day (leap years, 1900 and 2100 that are not, 2000 that is), at
        // an odd second of the day, and fractions that round down.
        let start = try #require(ISODate.date("1900-01-01T00:00:00Z")).timeIntervalSince1970
        for day in stride(from: 0, to: 146_097, by: 1) {
            let date = Date(timeIntervalSince1970: start + Double(day) * 86_400 + Double(day % 86_400) + 0.75)
            let text = ISODate.text(date)
            #expect(text == (try Self.foundation(date)), "day \(day)")
            #expect(ISODate.date(text)?.timeIntervalSince1970 == date.timeIntervalSince1970.rounded(.down))
        }
        for second in stride(from: 0, to: 86_400, by: 7) {
            let date = Date(timeIntervalSince1970: Double(1_780_000_000 - 1_780_000_000 % 86_400 + second))
            #expect(ISODate.text(date) == (try Self.foundation(date)))
        }
    }

    @Test func theEdgesOfFourDigitYearsAndBeyond() throws {
        let first = try #require(ISODate.date("0000-01-01T00:00:00Z"))
        let last = try #require(ISODate.date("9999-12-31T23:59:59Z"))
        #expect(ISODate.text(first) == "0000-01-01T00:00:00Z")
        #expect(ISODate.text(last) == "9999-12-31T23:59:59Z")
        #expect(ISODate.text(Date(timeIntervalSince1970: -0.5)) == "1969-12-31T23:59:59Z")
        // Outside 0…9999, or far beyond any date, the direct writer declines and the text
        // is Foundation's; nothing traps.
        for outside in [first.addingTimeInterval(-1), last.addingTimeInterval(1), Date(timeIntervalSince1970: 1e18),
                        Date(timeIntervalSince1970: -1e18)] {
            var bytes: [UInt8] = [1]
            #expect(!ISODate.append(outside, to: &bytes))
            #expect(bytes == [1])
            #expect(ISODate.text(outside) == outside.formatted(.iso8601))
        }
        var bytes: [UInt8] = [1]
        #expect(ISODate.append(last, to: &bytes))
        #expect(bytes == [1] + Array("9999-12-31T23:59:59Z".utf8))
    }
}
