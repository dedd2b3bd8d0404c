import Foundation
import Testing
@testable import HandoffCore

/// A UTC instant.
func utc(_ year: Int, _ month: Int, _ day: Int, _ hour: Int = 0, _ minute: Int = 0) -> Date {
    reportDate(year, month, day, hour, minute)
}

/// 09:00–17:30, Monday to Friday, in `zone`, with `holidays` (ISO days).
func officeHours(_ zone: String, holidays: [String] = []) throws -> BusinessHours {
    let timeZone = try #require(TimeZone(identifier: zone))
    let days = try holidays.map { text in try #require(BusinessHours.day(iso: text)) }
    return BusinessHours(open: 9 * 3600, close: 17 * 3600 + 1800, weekdays: [0, 1, 2, 3, 4], timeZone: timeZone,
                         holidays: Set(days))
}

@Suite("SLA: the business-hours calendar")
struct BusinessHoursTests {
    @Test func parisAutumnDSTChangeKeepsNineOClock() throws {
        let paris = try officeHours("Europe/Paris")
        // Fri 23 Oct 16:30 CEST (UTC+2) + 2 business hours: 1 h on Friday, 1 h on Monday
        // from 09:00 CET (UTC+1), after the clocks went back on Sunday 25th.
        let due = try #require(paris.adding(hours: 2, to: utc(2026, 10, 23, 14, 30)))
        #expect(due == utc(2026, 10, 26, 9))
        #expect(paris.hours(from: utc(2026, 10, 23, 14, 30), to: utc(2026, 10, 26, 9)) == 2)
    }

    @Test func parisSpringDSTChange() throws {
        let paris = try officeHours("Europe/Paris")
        // Fri 27 Mar 17:00 CET (16:00Z) + 1 h: 30 min on Friday, 30 min on Monday 30th at 09:00 CEST (07:00Z).
        #expect(paris.adding(hours: 1, to: utc(2026, 3, 27, 16)) == utc(2026, 3, 30, 7, 30))
    }

    @Test func newYorkAcrossBothChanges() throws {
        let newYork = try officeHours("America/New_York")
        // Fri 30 Oct 17:00 EDT (21:00Z) + 1 h → Mon 2 Nov 09:30 EST (14:30Z).
        #expect(newYork.adding(hours: 1, to: utc(2026, 10, 30, 21)) == utc(2026, 11, 2, 14, 30))
        // Fri 6 Mar 10:00 EST (15:00Z) → Mon 9 Mar 10:00 EDT (14:00Z): 7.5 h + 1 h.
        #expect(newYork.hours(from: utc(2026, 3, 6, 15), to: utc(2026, 3, 9, 14)) == 8.5)
    }

    @Test func holidaysAreSkipped() throws {
        let paris = try officeHours("Europe/Paris", holidays: ["2026-12-25"])
        // Thu 24 Dec 17:00 CET (16:00Z) + 1 h: 30 min Thursday, Christmas Friday skipped, Monday 09:30.
        #expect(paris.adding(hours: 1, to: utc(2026, 12, 24, 16)) == utc(2026, 12, 28, 8, 30))
        let plain = try officeHours("Europe/Paris")
        #expect(plain.adding(hours: 1, to: utc(2026, 12, 24, 16)) == utc(2026, 12, 25, 8, 30))
    }

    @Test func weekendSpansCountNothing() throws {
        let paris = try officeHours("Europe/Paris")
        // Fri 13 Nov 12:00 CET → Mon 16 Nov 12:00: 5.5 h + 3 h.
        #expect(paris.hours(from: utc(2026, 11, 13, 11), to: utc(2026, 11, 16, 11)) == 8.5)
        #expect(paris.hours(from: utc(2026, 11, 14, 8), to: utc(2026, 11, 15, 20)) == 0, "Saturday to Sunday")
    }

    @Test func startsOutsideTheHours() throws {
        let paris = try officeHours("Europe/Paris")
        // Tue 17 Nov 20:00 CET + 1 h → Wed 10:00; Tue 07:00 + 1 h → Tue 10:00; Sat 03:00 + 0.5 h → Mon 09:30.
        #expect(paris.adding(hours: 1, to: utc(2026, 11, 17, 19)) == utc(2026, 11, 18, 9))
        #expect(paris.adding(hours: 1, to: utc(2026, 11, 17, 6)) == utc(2026, 11, 17, 9))
        #expect(paris.adding(hours: 0.5, to: utc(2026, 11, 21, 2)) == utc(2026, 11, 23, 8, 30))
        // A full day is 8.5 h: 17 business hours from Mon 09:00 end on Tuesday at 17:30.
        #expect(paris.adding(hours: 17, to: utc(2026, 11, 16, 8)) == utc(2026, 11, 17, 16, 30))
    }

    @Test func farFutureComputationsAreBoundedAndFast() throws {
        var sparse = try officeHours("Europe/Paris")
        sparse.weekdays = [6]
        sparse.close = sparse.open + 60
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            #expect(sparse.adding(hours: 8784, to: utc(2026, 1, 1)) == nil, "beyond the walk's reach: never")
            let hours = sparse.hours(from: utc(1970, 1, 1), to: utc(2999, 1, 1))
            #expect(hours > 800 && hours < 1000, "one minute a week for 1029 years, about \(hours) h")
        }
        #expect(elapsed < .seconds(2))
    }

    @Test func indexAgreesWithTheWalk() throws {
        let hours = try officeHours("America/New_York", holidays: ["2026-07-03", "2026-11-26"])
        let centre = utc(2026, 6, 1)
        let index = BusinessHoursIndex(hours, around: centre)
        var seed: UInt64 = 42
        func next(_ bound: Int) -> Int {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((seed >> 33) % UInt64(bound))
        }
        for _ in 0..<300 {
            let start = centre.addingTimeInterval(Double(next(400 * 86_400)) - 200 * 86_400)
            let span = Double(next(200)) / 4
            let walked = try #require(hours.adding(hours: span, to: start))
            let indexed = try #require(index.adding(hours: span, to: start.timeIntervalSince1970))
            #expect(abs(indexed - walked.timeIntervalSince1970) < 0.001, "\(start) + \(span) h")
            let end = start.addingTimeInterval(Double(next(30 * 86_400)))
            let counted = try #require(index.hours(from: start.timeIntervalSince1970, to: end.timeIntervalSince1970))
            #expect(abs(counted - hours.hours(from: start, to: end)) < 0.0001)
        }
        #expect(index.adding(hours: 1, to: utc(2040, 1, 1).timeIntervalSince1970) == nil, "outside the span")
    }
}
