import Foundation

/// Dates as people type them: `2026-11-24`, `2026-11-24 10:00`, `today`, `tomorrow 10:00`,
/// `+2d`, `+3h`, `+1w`. Everything is read in the calendar's time zone.
public enum DateInput {
    public struct Parsed: Sendable, Equatable {
        public var date: Date
        /// False for a bare day (`2026-11-24`, `+2d`): the caller decides what time means.
        public var hasTime: Bool
    }

    public static let formats = "YYYY-MM-DD, YYYY-MM-DD HH:MM, today, tomorrow [HH:MM], +Nd [HH:MM], +Nh, +Nw"

    /// The longest date anyone types (`2026-11-24 10:00` is 16); longer input is refused
    /// before it is looked at, and never echoed back whole.
    public static let maxInputLength = 64

    public static func parse(_ input: String, now: Date, calendar: Calendar = .current) throws(RuleError) -> Parsed {
        guard input.utf8.count <= maxInputLength else {
            throw .invalid("a date is at most \(maxInputLength) characters (this one has \(input.unicodeScalars.count)); use \(formats)")
        }
        if input.utf8.contains(0) { throw .invalid("a date cannot contain a NUL byte (U+0000); use \(formats)") }
        let text = input.trimmingCharacters(in: .whitespaces).lowercased()
        let parts = text.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        guard let head = parts.first, parts.count <= 2 else { throw bad(input) }
        let time: (hour: Int, minute: Int)? = try parts.count == 2 ? clock(parts[1], input: input) : nil
        var day: Date
        if head == "today" || head == "now" && parts.count == 1 {
            if head == "now" { return Parsed(date: now, hasTime: true) }
            day = calendar.startOfDay(for: now)
        } else if head == "tomorrow" {
            guard let next = calendar.date(byAdding: .day, value: 1, to: calendar.startOfDay(for: now)) else { throw bad(input) }
            day = next
        } else if head.hasPrefix("+"), let unit = head.last, let amount = Int(head.dropFirst().dropLast()),
                  amount >= 0, amount <= 3650 {
            switch unit {
            case "d", "w":
                let days = unit == "w" ? amount * 7 : amount
                guard let shifted = calendar.date(byAdding: .day, value: days, to: calendar.startOfDay(for: now)) else { throw bad(input) }
                day = shifted
            case "h", "m":
                guard time == nil else { throw bad(input) }
                let seconds = Double(amount) * (unit == "h" ? 3600 : 60)
                return Parsed(date: now.addingTimeInterval(seconds), hasTime: true)
            default:
                throw bad(input)
            }
        } else if let date = head.split(separator: "t").first.map(String.init), head.count >= 10 {
            let pieces = date.split(separator: "-").map(String.init)
            guard pieces.count == 3, pieces[0].count == 4, pieces[1].count == 2, pieces[2].count == 2,
                  let year = Int(pieces[0]), let month = Int(pieces[1]), let dayOfMonth = Int(pieces[2]) else {
                throw bad(input)
            }
            var components = DateComponents(year: year, month: month, day: dayOfMonth)
            components.calendar = calendar
            components.timeZone = calendar.timeZone
            guard (1...12).contains(month), components.isValidDate(in: calendar), let parsed = calendar.date(from: components) else {
                throw .invalid("'\(input)' is not a real date; use \(formats)")
            }
            day = parsed
            // `2026-11-24T10:00` as well as `2026-11-24 10:00`.
            let rest = head.dropFirst(10)
            if rest.hasPrefix("t") {
                guard time == nil else { throw bad(input) }
                let hm = try clock(String(rest.dropFirst()), input: input)
                return try Parsed(date: at(hm, on: day, calendar: calendar, input: input), hasTime: true)
            }
            guard rest.isEmpty else { throw bad(input) }
        } else {
            throw bad(input)
        }
        if let time {
            return try Parsed(date: at(time, on: day, calendar: calendar, input: input), hasTime: true)
        }
        return Parsed(date: day, hasTime: false)
    }

    /// Parses and requires a time of day (meetings).
    public static func parseMoment(_ input: String, now: Date, calendar: Calendar = .current) throws(RuleError) -> Date {
        let parsed = try parse(input, now: now, calendar: calendar)
        guard parsed.hasTime else {
            throw .invalid("'\(input)' has no time of day; write it as YYYY-MM-DD HH:MM or tomorrow 10:00")
        }
        return parsed.date
    }

    public static func format(_ date: Date, calendar: Calendar = .current, time: Bool = true) -> String {
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        let day = String(format: "%04d-%02d-%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0)
        return time ? day + String(format: " %02d:%02d", c.hour ?? 0, c.minute ?? 0) : day
    }

    private static func clock(_ text: String, input: String) throws(RuleError) -> (hour: Int, minute: Int) {
        let pieces = text.split(separator: ":", omittingEmptySubsequences: false)
        guard pieces.count == 2, (1...2).contains(pieces[0].count), pieces[1].count == 2,
              let hour = Int(pieces[0]), let minute = Int(pieces[1]) else { throw bad(input) }
        guard (0...23).contains(hour), (0...59).contains(minute) else {
            throw .invalid("'\(input)' has no such time of day (\(text)); use \(formats)")
        }
        return (hour, minute)
    }

    private static func at(_ time: (hour: Int, minute: Int), on day: Date, calendar: Calendar, input: String) throws(RuleError) -> Date {
        guard let date = calendar.date(bySettingHour: time.hour, minute: time.minute, second: 0, of: day) else {
            throw bad(input)
        }
        return date
    }

    private static func bad(_ input: String) -> RuleError {
        .invalid("'\(input)' is not a date; use \(formats)")
    }
}
