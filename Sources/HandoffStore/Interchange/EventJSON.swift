import Foundation
import HandoffCore

/// One exported event (`{"seq":…,"payload":{…}}`) read straight from its bytes.
///
/// Foundation's `JSONDecoder` took three quarters of `import --events` at a million
/// events: it builds a map of the whole document, then boxes every value through
/// `Codable`'s generic containers. This reads the shapes the export writes directly, in
/// one pass. It answers only when it is sure: anything else (an escape in a key, a null,
/// a number with a fraction, a duplicate or unknown key, a date in another ISO 8601 form,
/// an undo's restored lead, a definition, a founding) is read by `JSONDecoder`, so what
/// it accepts and every error it gives are `JSONDecoder`'s. `EventJSONTests` holds the
/// two equal on whole logs and on mutated events.
enum EventJSON {
    /// The event in `bytes`: `JSONDecoder`'s result, read directly when the shape allows.
    static func event(_ bytes: UnsafeRawBufferPointer) throws -> Event {
        if let event = fast(bytes) { return event }
        return try Codec.decoder().decode(Event.self, from: Data(bytes))
    }

    /// A stored lead (a `state` column), or nil when only `JSONDecoder` can say.
    static func lead(_ text: String) -> Lead? {
        whole(text) { json throws(Unsure) in try json.lead() }
    }

    /// A stored payload, or nil when only `JSONDecoder` can say.
    static func payload(_ text: String) -> EventPayload? {
        whole(text) { json throws(Unsure) in try json.payload() }
    }

    private static func whole<Value>(_ text: String, _ read: (inout FastJSON) throws(Unsure) -> Value) -> Value? {
        var text = text
        return text.withUTF8 { utf8 in
            guard let base = utf8.baseAddress else { return nil }
            var reader = FastJSON(base: base, end: utf8.count)
            guard let value = try? read(&reader) else { return nil }
            reader.skipSpace()
            return reader.index == reader.end ? value : nil
        }
    }

    /// The event, or nil when only `JSONDecoder` can say.
    static func fast(_ bytes: UnsafeRawBufferPointer) -> Event? {
        fastWithPayload(bytes)?.event
    }

    /// The event in `bytes`, and where its payload's JSON lies in them when a store may
    /// keep those bytes as the payload's text instead of encoding the payload again:
    /// a lead's event read directly, with no space between its tokens (an export's own
    /// form). Such bytes are what `payload(_:)` reads back to exactly this payload: the
    /// direct reader refused every duplicate or unknown key, every escape it is not sure
    /// of and every number or date outside the export's form, so the text a store keeps
    /// says nothing the rules did not check.
    static func eventAndPayload(_ bytes: UnsafeRawBufferPointer) throws -> (event: Event, payload: Range<Int>?) {
        if let read = fastWithPayload(bytes) { return read }
        return (try Codec.decoder().decode(Event.self, from: Data(bytes)), nil)
    }

    private static func fastWithPayload(_ bytes: UnsafeRawBufferPointer) -> (event: Event, payload: Range<Int>?)? {
        guard let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return nil }
        var reader = FastJSON(base: base, end: bytes.count)
        do {
            let event = try reader.event()
            reader.skipSpace()
            guard reader.index == reader.end else { return nil }
            return (event, reader.spaced || event.lead == nil ? nil : reader.payloadRange)
        } catch {
            return nil
        }
    }
}

/// `FastJSON` cannot be sure of what it reads: `JSONDecoder` reads it instead.
struct Unsure: Error {}

/// A cursor over one JSON value, for the shapes of an exported event.
struct FastJSON {
    let base: UnsafePointer<UInt8>
    let end: Int
    var index = 0
    /// Whether any space between tokens was skipped.
    var spaced = false
    /// Where an event's payload lay (`event()`).
    var payloadRange: Range<Int>?

    mutating func skipSpace() {
        while index < end {
            switch base[index] {
            case 0x20, 0x0A, 0x0D, 0x09:
                index += 1
                spaced = true
            default: return
            }
        }
    }

    mutating func expect(_ byte: UInt8) throws(Unsure) {
        skipSpace()
        guard index < end, base[index] == byte else { throw Unsure() }
        index += 1
    }

    /// An object's members, each key handed over unescaped; a key used twice is not sure.
    mutating func object(_ member: (inout FastJSON, Key) throws(Unsure) -> Void) throws(Unsure) {
        try expect(UInt8(ascii: "{"))
        skipSpace()
        if index < end, base[index] == UInt8(ascii: "}") {
            index += 1
            return
        }
        // The keys seen, on the stack: an array of them was an allocation per object, and
        // a scored event has nine. An object with more keys than any the export writes is
        // `JSONDecoder`'s to read.
        try withUnsafeTemporaryAllocation(of: Key.self, capacity: Self.maxKeys) { (keys) throws(Unsure) in
            var count = 0
            while true {
                let key = try self.key()
                guard count < keys.count, !keys[..<count].contains(key) else { throw Unsure() }
                keys.initializeElement(at: count, to: key)
                count += 1
                try expect(UInt8(ascii: ":"))
                try member(&self, key)
                skipSpace()
                guard index < end else { throw Unsure() }
                index += 1
                switch base[index - 1] {
                case UInt8(ascii: ","): continue
                case UInt8(ascii: "}"): return
                default: throw Unsure()
                }
            }
        }
    }

    /// The most keys an object read directly may have: a payload has 22 properties. A
    /// scorecard against a definition of more criteria than this (nothing limits their
    /// number) is read by `JSONDecoder`: the same event, only slower.
    static let maxKeys = 48

    mutating func array(_ element: (inout FastJSON) throws(Unsure) -> Void) throws(Unsure) {
        try expect(UInt8(ascii: "["))
        skipSpace()
        if index < end, base[index] == UInt8(ascii: "]") {
            index += 1
            return
        }
        while true {
            try element(&self)
            skipSpace()
            guard index < end else { throw Unsure() }
            index += 1
            switch base[index - 1] {
            case UInt8(ascii: ","): continue
            case UInt8(ascii: "]"): return
            default: throw Unsure()
            }
        }
    }

    /// A key's bytes, between its quotes; a key with an escape or a byte beyond ASCII is not sure.
    struct Key: Equatable {
        let start: UnsafePointer<UInt8>
        let count: Int

        static func == (a: Key, b: Key) -> Bool { a.count == b.count && memcmp(a.start, b.start, a.count) == 0 }

        func `is`(_ name: StaticString) -> Bool {
            name.utf8CodeUnitCount == count && memcmp(name.utf8Start, start, count) == 0
        }

        var text: String { String(decoding: UnsafeBufferPointer(start: start, count: count), as: UTF8.self) }
    }

    mutating func key() throws(Unsure) -> Key {
        try expect(UInt8(ascii: "\""))
        let start = index
        while index < end, base[index] != UInt8(ascii: "\"") {
            // Plain ASCII only: an escape or any other byte is JSONDecoder's to judge.
            guard base[index] != UInt8(ascii: "\\"), base[index] >= 0x20, base[index] < 0x80 else { throw Unsure() }
            index += 1
        }
        guard index < end else { throw Unsure() }
        index += 1
        return Key(start: base + start, count: index - 1 - start)
    }

    mutating func string() throws(Unsure) -> String {
        try expect(UInt8(ascii: "\""))
        let start = index
        var ascii = true
        while index < end {
            let byte = base[index]
            if byte == UInt8(ascii: "\"") { break }
            if byte == UInt8(ascii: "\\") { return try escaped(from: start) }
            if byte < 0x20 { throw Unsure() }
            if byte >= 0x80 { ascii = false }
            index += 1
        }
        guard index < end else { throw Unsure() }
        let text = UnsafeBufferPointer(start: base + start, count: index - start)
        index += 1
        if ascii { return String(decoding: text, as: UTF8.self) }
        guard let valid = String(validating: text, as: UTF8.self) else { throw Unsure() }
        return valid
    }

    /// The rest of a string that holds an escape, from its first byte at `start`.
    private mutating func escaped(from start: Int) throws(Unsure) -> String {
        var bytes = Array(UnsafeBufferPointer(start: base + start, count: index - start))
        while true {
            guard index < end else { throw Unsure() }
            let byte = base[index]
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                guard let text = String(validating: bytes, as: UTF8.self) else { throw Unsure() }
                return text
            case UInt8(ascii: "\\"):
                guard index < end else { throw Unsure() }
                let kind = base[index]
                index += 1
                switch kind {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): bytes.append(kind)
                case UInt8(ascii: "b"): bytes.append(0x08)
                case UInt8(ascii: "f"): bytes.append(0x0C)
                case UInt8(ascii: "n"): bytes.append(0x0A)
                case UInt8(ascii: "r"): bytes.append(0x0D)
                case UInt8(ascii: "t"): bytes.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try hex4()
                    if (0xD800..<0xDC00).contains(scalar) {
                        // A surrogate pair, or nothing this reader is sure of.
                        guard index + 1 < end, base[index] == UInt8(ascii: "\\"), base[index + 1] == UInt8(ascii: "u") else {
                            throw Unsure()
                        }
                        index += 2
                        let low = try hex4()
                        guard (0xDC00..<0xE000).contains(low) else { throw Unsure() }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    } else if (0xDC00..<0xE000).contains(scalar) {
                        throw Unsure()
                    }
                    guard let unicode = Unicode.Scalar(scalar) else { throw Unsure() }
                    bytes.append(contentsOf: String(unicode).utf8)
                default:
                    throw Unsure()
                }
            default:
                guard byte >= 0x20 else { throw Unsure() }
                bytes.append(byte)
            }
        }
    }

    private mutating func hex4() throws(Unsure) -> UInt32 {
        guard index + 4 <= end else { throw Unsure() }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = base[index]
            index += 1
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw Unsure()
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    /// A whole number without fraction or exponent, within 18 digits.
    mutating func int() throws(Unsure) -> Int {
        skipSpace()
        var negative = false
        if index < end, base[index] == UInt8(ascii: "-") {
            negative = true
            index += 1
        }
        let start = index
        var value = 0
        while index < end, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(base[index]) {
            guard index - start < 18 else { throw Unsure() }
            value = value * 10 + Int(base[index] - UInt8(ascii: "0"))
            index += 1
        }
        let digits = index - start
        guard digits > 0, digits <= 18, !(digits > 1 && base[start] == UInt8(ascii: "0")) else { throw Unsure() }
        if index < end, [UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E")].contains(base[index]) { throw Unsure() }
        return negative ? -value : value
    }

    mutating func bool() throws(Unsure) -> Bool {
        skipSpace()
        if literal("true") { return true }
        if literal("false") { return false }
        throw Unsure()
    }

    private mutating func literal(_ word: StaticString) -> Bool {
        let count = word.utf8CodeUnitCount
        guard index + count <= end, memcmp(base + index, word.utf8Start, count) == 0 else { return false }
        index += count
        return true
    }

    /// `2026-03-09T09:00:00Z`, a real day and time; other ISO 8601 forms are not sure.
    mutating func date() throws(Unsure) -> Date {
        try expect(UInt8(ascii: "\""))
        guard index + 21 <= end, base[index + 20] == UInt8(ascii: "\"") else { throw Unsure() }
        let text = UnsafeRawBufferPointer(start: base + index, count: 20)
        guard text[4] == UInt8(ascii: "-"), text[7] == UInt8(ascii: "-"), text[10] == UInt8(ascii: "T"),
              text[13] == UInt8(ascii: ":"), text[16] == UInt8(ascii: ":"), text[19] == UInt8(ascii: "Z") else { throw Unsure() }
        func number(_ from: Int, _ count: Int) throws(Unsure) -> Int {
            var value = 0
            for offset in from..<(from + count) {
                let digit = Int(text[offset]) - 48
                guard (0...9).contains(digit) else { throw Unsure() }
                value = value * 10 + digit
            }
            return value
        }
        let year = try number(0, 4), month = try number(5, 2), day = try number(8, 2)
        let hour = try number(11, 2), minute = try number(14, 2), second = try number(17, 2)
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let days = month == 2 ? (leap ? 29 : 28) : (month == 4 || month == 6 || month == 9 || month == 11 ? 30 : 31)
        // Years of the Gregorian calendar only: Foundation reads earlier ones otherwise.
        guard (1583...9999).contains(year), (1...12).contains(month), (1...days).contains(day), hour < 24, minute < 60, second < 60,
              let date = ISODate.date(text) else { throw Unsure() }
        index += 21
        return date
    }

    mutating func raw<Value: RawRepresentable>(_ type: Value.Type) throws(Unsure) -> Value where Value.RawValue == String {
        guard let value = Value(rawValue: try string()) else { throw Unsure() }
        return value
    }
}
