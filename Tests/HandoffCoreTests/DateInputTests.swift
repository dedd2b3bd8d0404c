import Foundation
import Testing
@testable import HandoffCore

/// Wednesday 4 March 2026, 15:30:00 UTC.
let dateNow = utcDate(2026, 3, 4, 15, 30)

struct DateCase: Sendable, CustomTestStringConvertible {
    let input: String
    let date: Date
    let hasTime: Bool

    init(_ input: String, _ date: Date, time hasTime: Bool) {
        self.input = input
        self.date = date
        self.hasTime = hasTime
    }

    var testDescription: String { "'\(input)'" }
}

@Suite("Dates as people type them")
struct DateInputTests {
    static let accepted: [DateCase] = [
        DateCase("2026-11-24", utcDate(2026, 11, 24), time: false),
        DateCase("2026-11-24 10:00", utcDate(2026, 11, 24, 10, 0), time: true),
        DateCase("2026-11-24 9:05", utcDate(2026, 11, 24, 9, 5), time: true),
        DateCase("2026-11-24 00:00", utcDate(2026, 11, 24), time: true),
        DateCase("2026-11-24 23:59", utcDate(2026, 11, 24, 23, 59), time: true),
        DateCase("2026-11-24T10:00", utcDate(2026, 11, 24, 10, 0), time: true),
        DateCase("2026-11-24t10:00", utcDate(2026, 11, 24, 10, 0), time: true),
        DateCase("  2026-11-24   10:00  ", utcDate(2026, 11, 24, 10, 0), time: true),
        DateCase("2028-02-29", utcDate(2028, 2, 29), time: false),
        DateCase("2025-01-01 08:30", utcDate(2025, 1, 1, 8, 30), time: true),
        DateCase("today", utcDate(2026, 3, 4), time: false),
        DateCase("TODAY", utcDate(2026, 3, 4), time: false),
        DateCase("today 17:45", utcDate(2026, 3, 4, 17, 45), time: true),
        DateCase("now", dateNow, time: true),
        DateCase("tomorrow", utcDate(2026, 3, 5), time: false),
        DateCase("tomorrow 10:00", utcDate(2026, 3, 5, 10, 0), time: true),
        DateCase("Tomorrow 9:30", utcDate(2026, 3, 5, 9, 30), time: true),
        DateCase("+0d", utcDate(2026, 3, 4), time: false),
        DateCase("+2d", utcDate(2026, 3, 6), time: false),
        DateCase("+2d 10:00", utcDate(2026, 3, 6, 10, 0), time: true),
        DateCase("+30d", utcDate(2026, 4, 3), time: false),
        DateCase("+1w", utcDate(2026, 3, 11), time: false),
        DateCase("+2W 14:00", utcDate(2026, 3, 18, 14, 0), time: true),
        DateCase("+3h", utcDate(2026, 3, 4, 18, 30), time: true),
        DateCase("+12h", utcDate(2026, 3, 5, 3, 30), time: true),
        DateCase("+90m", utcDate(2026, 3, 4, 17, 0), time: true),
        DateCase("+3650d", utcDate(2036, 3, 1), time: false),
    ]

    @Test("every accepted form", arguments: accepted)
    func acceptedForms(_ testCase: DateCase) throws {
        let parsed = try DateInput.parse(testCase.input, now: dateNow, calendar: utc)
        #expect(parsed.date == testCase.date, "\(DateInput.format(parsed.date, calendar: utc))")
        #expect(parsed.hasTime == testCase.hasTime)
    }

    static let rejected = [
        "2026-02-30", "2026-13-01", "2026-00-10", "2027-02-29", "2026-04-31",
        "25:00", "2026-03-04 25:00", "2026-03-04 10:60", "tomorrow 24:00", "today -1:00",
        "next tuesday", "+d", "+2", "+2x", "+-2d", "+3651d", "+2h 10:00", "+2d 10",
        "", "   ", "soon", "2026/03/04", "2026-3-4", "26-03-04", "2026-03-04 10", "2026-03-04 10:00 pm",
        "2026-03-04x", "2026-03-04T10:00 11:00", "2026-03-04T", "tomorrow at 10:00", "now 10:00", "10:00",
        "２０２６-03-04",
    ]

    @Test("bad input is invalid and lists the formats", arguments: rejected)
    func rejectedForms(_ input: String) {
        let error = #expect(throws: RuleError.self) { try DateInput.parse(input, now: dateNow, calendar: utc) }
        #expect(error?.kind == .invalid)
        #expect(error?.description.contains(DateInput.formats) == true, "\(String(describing: error))")
        #expect(error?.description.contains("'\(input)'") == true, "the message quotes the input: \(String(describing: error))")
    }

    @Test func theFormatsListEveryForm() {
        for form in ["YYYY-MM-DD", "YYYY-MM-DD HH:MM", "today", "tomorrow", "+Nd", "+Nh", "+Nw"] {
            #expect(DateInput.formats.contains(form))
        }
    }

    @Test func aMomentNeedsATimeOfDay() throws {
        #expect(try DateInput.parseMoment("tomorrow 10:00", now: dateNow, calendar: utc) == utcDate(2026, 3, 5, 10, 0))
        #expect(try DateInput.parseMoment("+2h", now: dateNow, calendar: utc) == utcDate(2026, 3, 4, 17, 30))
        for bare in ["2026-11-24", "tomorrow", "+2d", "today"] {
            let error = #expect(throws: RuleError.self) { try DateInput.parseMoment(bare, now: dateNow, calendar: utc) }
            #expect(error == .invalid("'\(bare)' has no time of day; write it as YYYY-MM-DD HH:MM or tomorrow 10:00"))
        }
        #expect(throws: RuleError.self) { try DateInput.parseMoment("next tuesday", now: dateNow, calendar: utc) }
    }

    @Test func datesAreReadInTheCalendarsTimeZone() throws {
        var newYork = Calendar(identifier: .gregorian)
        newYork.timeZone = try #require(TimeZone(identifier: "America/New_York"))
        // 10:00 EST is 15:00 UTC.
        #expect(try DateInput.parse("2026-11-24 10:00", now: dateNow, calendar: newYork).date == utcDate(2026, 11, 24, 15, 0))
        // `today` is the local day: 4 March 01:00 UTC is still 3 March in New York.
        let lateEvening = utcDate(2026, 3, 4, 1, 0)
        #expect(try DateInput.parse("today", now: lateEvening, calendar: newYork).date == utcDate(2026, 3, 3, 5, 0))
        // Across the spring-forward night (8 March 2026), `+1d 10:00` is 10:00 EDT = 14:00 UTC.
        let saturday = utcDate(2026, 3, 7, 17, 0)
        #expect(try DateInput.parse("+1d 10:00", now: saturday, calendar: newYork).date == utcDate(2026, 3, 8, 14, 0))
        #expect(DateInput.format(utcDate(2026, 3, 8, 14, 0), calendar: newYork) == "2026-03-08 10:00")
    }

    @Test(arguments: ["2026-11-24 10:00", "2026-01-05 00:00", "2030-12-31 23:59"])
    func formatRoundTrips(_ text: String) throws {
        let parsed = try DateInput.parse(text, now: dateNow, calendar: utc)
        #expect(DateInput.format(parsed.date, calendar: utc) == text)
        #expect(DateInput.format(parsed.date, calendar: utc, time: false) == String(text.prefix(10)))
    }
}

@Suite("The clock")
struct ClockTests {
    @Test func nowIsWholeSeconds() {
        let clock = ManualClock(Date(timeIntervalSince1970: 1_000.75))
        #expect(clock.now() == Date(timeIntervalSince1970: 1_000))
        clock.advance(by: 0.5)
        #expect(clock.now() == Date(timeIntervalSince1970: 1_001))
        clock.set(dateNow)
        #expect(clock.now() == dateNow)
        #expect(Now.fixed(Date(timeIntervalSince1970: 5.9))() == Date(timeIntervalSince1970: 5))
    }
}
