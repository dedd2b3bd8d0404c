import Foundation

/// Times as the stores write them, `2026-03-09T09:00:00Z` (UTC, whole seconds, rounded
/// down, as `JSONEncoder`'s `.iso8601` strategy writes them): both ways without
/// Foundation's formatters, which a report over a million events cannot afford.
public enum ISODate {
    /// The text of `date`; Foundation's for a year outside 0…9999.
    public static func text(_ date: Date) -> String {
        let text = String(unsafeUninitializedCapacity: 20) { buffer in
            guard let base = buffer.baseAddress, buffer.count >= 20, write(date, to: base) else { return 0 }
            return 20
        }
        return text.isEmpty ? date.formatted(.iso8601) : text
    }

    /// Appends the 20 bytes of `text(date)` to `bytes`; false (and nothing appended) for a
    /// year outside 0…9999. The stores write a date or more per event: a `String` for
    /// each, or the C library's `gmtime_r`, cost about a thousand instructions.
    public static func append(_ date: Date, to bytes: inout [UInt8]) -> Bool {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { text in
            guard let base = text.baseAddress, write(date, to: base) else { return false }
            bytes.append(contentsOf: UnsafeBufferPointer(start: base, count: 20))
            return true
        }
    }

    /// Writes the 20 bytes of `date`'s text at `text`; false for a year outside 0…9999.
    private static func write(_ date: Date, to text: UnsafeMutablePointer<UInt8>) -> Bool {
        let interval = date.timeIntervalSince1970.rounded(.down)
        // Years 0…9999 lie well inside this; beyond it `Int(_:)` could trap.
        guard interval.magnitude < 1e12 else { return false }
        let seconds = Int(interval)
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let inDay = seconds - days * 86_400
        let (year, month, day) = civil(days)
        guard (0...9999).contains(year) else { return false }
        // `value` in `count` decimal digits at `index`, zero-padded.
        @inline(__always) func digits(_ value: Int, _ count: Int, at index: Int) {
            var rest = value
            for offset in stride(from: count - 1, through: 0, by: -1) {
                text[index + offset] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
            }
        }
        digits(year, 4, at: 0)
        text[4] = UInt8(ascii: "-")
        digits(month, 2, at: 5)
        text[7] = UInt8(ascii: "-")
        digits(day, 2, at: 8)
        text[10] = UInt8(ascii: "T")
        digits(inDay / 3600, 2, at: 11)
        text[13] = UInt8(ascii: ":")
        digits(inDay / 60 % 60, 2, at: 14)
        text[16] = UInt8(ascii: ":")
        digits(inDay % 60, 2, at: 17)
        text[19] = UInt8(ascii: "Z")
        return true
    }

    /// The date of `text`: the stores' own form read directly, any other ISO 8601 through
    /// Foundation's parser.
    public static func date(_ text: String) -> Date? {
        var copy = text
        return copy.withUTF8 { date(UnsafeRawBufferPointer($0)) }
    }

    public static func date(_ text: UnsafeRawBufferPointer) -> Date? {
        if text.count == 20, text[4] == UInt8(ascii: "-"), text[7] == UInt8(ascii: "-"), text[10] == UInt8(ascii: "T"),
           text[13] == UInt8(ascii: ":"), text[16] == UInt8(ascii: ":"), text[19] == UInt8(ascii: "Z") {
            func number(_ from: Int, _ count: Int) -> Int? {
                var value = 0
                for index in from..<(from + count) {
                    let digit = Int(text[index]) - 48
                    guard (0...9).contains(digit) else { return nil }
                    value = value * 10 + digit
                }
                return value
            }
            if let year = number(0, 4), let month = number(5, 2), let day = number(8, 2), let hour = number(11, 2),
               let minute = number(14, 2), let second = number(17, 2),
               (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61 {
                let days = daysFromCivil(year, month, day)
                return Date(timeIntervalSince1970: TimeInterval(days * 86_400 + hour * 3600 + minute * 60 + second))
            }
        }
        guard text.count <= 64 else { return nil }
        return try? Date(String(decoding: text, as: UTF8.self), strategy: .iso8601)
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
    static func daysFromCivil(_ year: Int, _ month: Int, _ day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The date of a day count since 1970-01-01 (the inverse, same source).
    static func civil(_ days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
