import Foundation
import HandoffCore

/// Reads the few payload fields a report needs straight from the stored JSON bytes.
///
/// It looks for `"key":` by name. In JSON an unescaped `"` only ever delimits a string,
/// so `"key":` can only be a key, never text inside a value; and within each event type
/// read here, every key sought is used once (in the type's own payload shape, whatever
/// the nesting or order). When a sought key is missing, `read` says so and the caller
/// decodes the payload in full instead.
package enum ReportPayload {
    package static func needsPayload(_ type: EventType) -> Bool {
        switch type {
        case .created, .edited, .booked, .outcome, .nurtured, .returned, .resolved, .undone: true
        default: false
        }
    }

    /// Fills `event`'s payload fields; false if the bytes are not the shape expected.
    package static func read(_ json: UnsafeRawBufferPointer, into event: inout ReportEvent) -> Bool {
        switch event.type {
        case .created:
            guard let owner = string(json, Key.owner), let company = string(json, Key.company) else { return false }
            event.person = owner
            event.company = company
        case .edited:
            event.person = string(json, Key.owner)
            event.company = string(json, Key.company)
            return event.company != nil
        case .booked:
            guard let ae = string(json, Key.ae), let at = string(json, Key.at).flatMap(date) else { return false }
            event.person = ae
            event.meetingAt = at
        case .outcome:
            guard let outcome = string(json, Key.outcome).flatMap(MeetingOutcome.init(rawValue:)) else { return false }
            event.outcome = outcome
            if outcome == .rescheduled {
                guard let time = string(json, Key.newTime).flatMap(date) else { return false }
                event.meetingAt = time
            }
        case .nurtured:
            guard let revisit = string(json, Key.revisit).flatMap(date) else { return false }
            event.revisit = revisit
        case .returned:
            guard let reasons = strings(json, Key.reasons), let failed = strings(json, Key.failedCriteria),
                  let before = literal(json, Key.beforeMeeting) else { return false }
            event.returned = ReturnFacts(reasons: reasons.map(RejectionReason.init(rawValue:)), failedCriteria: failed,
                                         beforeMeeting: before == "true")
        case .resolved:
            guard let resolution = string(json, Key.resolution).flatMap(DisputeResolution.init(rawValue:)) else { return false }
            event.resolution = resolution
        case .undone:
            guard let seq = literal(json, Key.undoes).flatMap({ Int64($0) }) else { return false }
            event.undoes = seq
        default:
            break
        }
        return true
    }

    // MARK: - Keys

    private enum Key {
        static let owner = Array(#""owner":"#.utf8)
        static let company = Array(#""company":"#.utf8)
        static let ae = Array(#""ae":"#.utf8)
        static let at = Array(#""at":"#.utf8)
        static let outcome = Array(#""outcome":"#.utf8)
        static let newTime = Array(#""newTime":"#.utf8)
        static let revisit = Array(#""revisit":"#.utf8)
        static let reasons = Array(#""reasons":"#.utf8)
        static let failedCriteria = Array(#""failedCriteria":"#.utf8)
        static let beforeMeeting = Array(#""beforeMeeting":"#.utf8)
        static let resolution = Array(#""resolution":"#.utf8)
        static let undoes = Array(#""undoes":"#.utf8)
    }

    private static let quote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\")

    /// Where the value of `key` starts (after the colon and any spaces).
    private static func value(_ json: UnsafeRawBufferPointer, _ key: [UInt8]) -> Int? {
        guard let base = json.baseAddress, key.count >= 2, json.count >= key.count else { return nil }
        let second = key[1]
        var from = 0
        while from + key.count <= json.count {
            guard let hit = memchr(base + from, Int32(quote), json.count - from) else { return nil }
            let index = base.distance(to: UnsafeRawPointer(hit))
            // Most quotes fail on the next byte; only then compare the whole key.
            if index + key.count <= json.count, json[index + 1] == second, matches(json, at: index, key) {
                var start = index + key.count
                while start < json.count, json[start] == UInt8(ascii: " ") { start += 1 }
                return start
            }
            from = index + 1
        }
        return nil
    }

    private static func matches(_ text: UnsafeRawBufferPointer, at index: Int, _ bytes: [UInt8]) -> Bool {
        guard index + bytes.count <= text.count else { return false }
        for offset in 0..<bytes.count where text[index + offset] != bytes[offset] { return false }
        return true
    }

    /// A string value; nil if absent or not a string (`null` included).
    private static func string(_ json: UnsafeRawBufferPointer, _ key: [UInt8]) -> String? {
        guard let start = value(json, key), start < json.count, json[start] == quote else { return nil }
        var end = start + 1
        var escaped = false
        while end < json.count, json[end] != quote {
            if json[end] == backslash {
                escaped = true
                end += 1
            }
            end += 1
        }
        guard end < json.count else { return nil }
        let body = UnsafeRawBufferPointer(rebasing: json[(start + 1)..<end])
        guard escaped else { return String(decoding: body, as: UTF8.self) }
        let quoted = Data(UnsafeRawBufferPointer(rebasing: json[start...end]))
        return try? JSONDecoder().decode(String.self, from: quoted)
    }

    /// A number or `true`/`false` as written.
    private static func literal(_ json: UnsafeRawBufferPointer, _ key: [UInt8]) -> String? {
        guard let start = value(json, key) else { return nil }
        var end = start
        while end < json.count, ![UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]"), UInt8(ascii: " ")].contains(json[end]) {
            end += 1
        }
        guard end > start else { return nil }
        return String(decoding: UnsafeRawBufferPointer(rebasing: json[start..<end]), as: UTF8.self)
    }

    /// An array of strings.
    private static func strings(_ json: UnsafeRawBufferPointer, _ key: [UInt8]) -> [String]? {
        guard let start = value(json, key), start < json.count, json[start] == UInt8(ascii: "[") else { return nil }
        var values: [String] = []
        var index = start + 1
        while index < json.count {
            switch json[index] {
            case UInt8(ascii: "]"):
                return values
            case quote:
                var end = index + 1
                var escaped = false
                while end < json.count, json[end] != quote {
                    if json[end] == backslash {
                        escaped = true
                        end += 1
                    }
                    end += 1
                }
                guard end < json.count else { return nil }
                if escaped {
                    guard let text = try? JSONDecoder().decode(String.self, from: Data(UnsafeRawBufferPointer(rebasing: json[index...end]))) else {
                        return nil
                    }
                    values.append(text)
                } else {
                    values.append(String(decoding: UnsafeRawBufferPointer(rebasing: json[(index + 1)..<end]), as: UTF8.self))
                }
                index = end + 1
            case UInt8(ascii: ","), UInt8(ascii: " "):
                index += 1
            default:
                return nil
            }
        }
        return nil
    }

    // MARK: - Columns

    private static let typeNames: [(bytes: [UInt8], type: EventType)] = EventType.allCases.map { (Array($0.rawValue.utf8), $0) }
    private static let columnNames: [(bytes: [UInt8], column: Column)] = Column.allCases.map { (Array($0.rawValue.utf8), $0) }

    package static func eventType(_ text: UnsafeRawBufferPointer) -> EventType? {
        // Most names differ in length or first letter; the full compare settles the rest.
        guard text.count >= 3 else { return nil }
        let guess: EventType? = switch (text.count, text[0]) {
        case (7, UInt8(ascii: "c")): .created
        case (6, UInt8(ascii: "e")): .edited
        case (6, UInt8(ascii: "s")): .scored
        case (6, UInt8(ascii: "b")): .booked
        case (7, UInt8(ascii: "o")): .outcome
        case (8, UInt8(ascii: "a")): text[1] == UInt8(ascii: "c") ? .accepted : .archived
        case (8, UInt8(ascii: "n")): .nurtured
        case (8, UInt8(ascii: "r")): text[2] == UInt8(ascii: "t") ? .returned : text[2] == UInt8(ascii: "w") ? .reworked : .resolved
        case (11, UInt8(ascii: "r")): .reactivated
        case (8, UInt8(ascii: "d")): .disputed
        case (6, UInt8(ascii: "u")): .undone
        case (6, UInt8(ascii: "m")): .member
        case (10, UInt8(ascii: "d")): .definition
        default: nil
        }
        if let guess, let entry = typeNames.first(where: { $0.type == guess }), matches(text, at: 0, entry.bytes) {
            return guess
        }
        return typeNames.first { $0.bytes.count == text.count && matches(text, at: 0, $0.bytes) }?.type
    }

    package static func column(_ text: UnsafeRawBufferPointer) -> Column? {
        columnNames.first { $0.bytes.count == text.count && matches(text, at: 0, $0.bytes) }?.column
    }

    // MARK: - Dates

    /// `2026-03-09T09:00:00Z`, as the store writes every time; anything else ISO 8601
    /// goes through Foundation's parser.
    package static func date(_ text: UnsafeRawBufferPointer) -> Date? {
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
        return try? Date(String(decoding: text, as: UTF8.self), strategy: .iso8601)
    }

    package static func date(_ text: String) -> Date? {
        var copy = text
        return copy.withUTF8 { date(UnsafeRawBufferPointer($0)) }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
    private static func daysFromCivil(_ year: Int, _ month: Int, _ day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
