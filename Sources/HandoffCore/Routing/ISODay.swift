import Foundation

/// A calendar day as people type it and away periods keep it, "2026-12-22". Fixed width,
/// so two days compare as their text does.
public enum ISODay {
    /// Whether `text` is a real day in the YYYY-MM-DD form (no 2026-02-30).
    public static func isDay(_ text: String) -> Bool { parts(text) != nil }

    /// The start of `text`'s day in `calendar`; nil when it is not a real day.
    public static func start(of text: String, calendar: Calendar) -> Date? {
        guard let (year, month, day) = parts(text) else { return nil }
        return calendar.date(from: DateComponents(year: year, month: month, day: day))
    }

    /// The day `date` falls on in `calendar`.
    public static func text(of date: Date, calendar: Calendar) -> String {
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        let year = parts.year ?? 0, month = parts.month ?? 1, day = parts.day ?? 1
        func pad(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    /// Whole days from `from` to `to` (0 for the same day); nil when either is not a day.
    public static func days(from: String, to: String) -> Int? {
        guard let start = number(from), let end = number(to) else { return nil }
        return end - start
    }

    private static func parts(_ text: String) -> (Int, Int, Int)? {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                let digit = Int(bytes[index]) - 48
                guard (0...9).contains(digit) else { return nil }
                value = value * 10 + digit
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
              year >= 1, (1...12).contains(month), day >= 1, day <= daysIn(month, year) else { return nil }
        return (year, month, day)
    }

    private static func daysIn(_ month: Int, _ year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 of the day `text` names; nil when it is not a real day (the
    /// business calendar's holidays are kept this way).
    public static func number(_ text: String) -> Int? {
        guard let (year, month, day) = parts(text) else { return nil }
        return ISODate.daysFromCivil(year, month, day)
    }
}
