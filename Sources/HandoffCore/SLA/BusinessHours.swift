import Foundation

/// The team's working week: the hours of a day, the days of a week and the holidays, in one
/// time zone. SLA clocks count only the seconds inside it (`[sla]` in config.toml). Days
/// are counted as whole local civil days since 1970-01-01, so a day is a day whatever its
/// length (23 or 25 hours across a DST change); each day's window is converted to absolute
/// time with the zone's offset *for that day*, which is what keeps 09:00 at 09:00 in
/// summer and in winter.
public struct BusinessHours: Sendable, Equatable {
    /// Seconds after local midnight: the window's start and end (end ≤ 86 400, start < end).
    public var open: Int
    public var close: Int
    /// Monday = 0 … Sunday = 6.
    public var weekdays: Set<Int>
    public var timeZone: TimeZone
    /// Local days (since 1970-01-01) that are not worked.
    public var holidays: Set<Int>

    /// The most holidays a calendar may list (a parser limit, and what keeps lookups cheap).
    public static let holidayLimit = 1000
    /// How far a computation walks day by day before it calls a deadline "never" (about 12
    /// years): bounds every call whatever the dates it is given.
    public static let dayLimit = 4400

    public init(open: Int, close: Int, weekdays: Set<Int>, timeZone: TimeZone, holidays: Set<Int> = []) {
        self.open = open
        self.close = close
        self.weekdays = weekdays
        self.timeZone = timeZone
        self.holidays = holidays
    }

    /// The local day of an ISO date, `2026-12-25` (exactly that form, a real date); nil otherwise.
    public static func day(iso text: String) -> Int? {
        ISODay.number(text)
    }

    /// The ISO date of a local day.
    public static func isoText(day: Int) -> String {
        let (year, month, date) = ISODate.civil(day)
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(year)-\(two(month))-\(two(date))"
    }

    /// Business seconds in a full day (the nominal window).
    public var windowSeconds: Int { close - open }

    public func isBusinessDay(_ day: Int) -> Bool {
        weekdays.contains(Self.weekday(day)) && !holidays.contains(day)
    }

    /// Monday = 0 … Sunday = 6 (1970-01-01 was a Thursday).
    public static func weekday(_ day: Int) -> Int {
        ((day % 7) + 7 + 3) % 7
    }

    /// The local day `time` falls on.
    public func day(of time: Double) -> Int {
        let offset = Double(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: time)))
        return Int(((time + offset) / 86_400).rounded(.down))
    }

    /// Absolute time of a local wall-clock moment: `seconds` after local midnight of `day`.
    public func absolute(day: Int, seconds: Int) -> Double {
        let local = Double(day) * 86_400 + Double(seconds)
        let first = Double(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: local)))
        let guess = local - first
        let second = Double(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: guess)))
        return second == first ? guess : local - second
    }

    /// The day's business window in absolute seconds; nil when the day is not worked.
    public func window(day: Int) -> (start: Double, end: Double)? {
        guard isBusinessDay(day) else { return nil }
        return (absolute(day: day, seconds: open), absolute(day: day, seconds: close))
    }

    /// `time` plus `hours` of business time; nil when that lies beyond `dayLimit` days.
    /// Walks day by day (O(days), never O(minutes)).
    public func adding(hours: Double, to time: Date) -> Date? {
        guard hours > 0 else { return time }
        var left = hours * 3600
        let start = time.timeIntervalSince1970
        var day = self.day(of: start)
        for _ in 0..<Self.dayLimit {
            if let window = window(day: day) {
                let from = max(start, window.start)
                if from < window.end {
                    if left <= window.end - from { return Date(timeIntervalSince1970: from + left) }
                    left -= window.end - from
                }
            }
            day += 1
        }
        return nil
    }

    /// Business hours from `a` to `b` (0 when `b` is not after `a`). Beyond `dayLimit`
    /// days the rest is counted at the nominal week's rate, so the call stays bounded.
    public func hours(from a: Date, to b: Date) -> Double {
        let start = a.timeIntervalSince1970, end = b.timeIntervalSince1970
        guard end > start else { return 0 }
        var total = 0.0
        var day = self.day(of: start)
        let last = self.day(of: end)
        var walked = 0
        while day <= last && walked < Self.dayLimit {
            if let window = window(day: day) {
                let from = max(start, window.start), to = min(end, window.end)
                if to > from { total += to - from }
            }
            day += 1
            walked += 1
        }
        if day <= last {
            total += Double(last - day + 1) / 7 * Double(weekdays.count * windowSeconds)
        }
        return total / 3600
    }
}
