// Fuzz target: date input (`--at`, `--revisit`, form fields, $HANDOFF_NOW).
// Invariants: no crash; constant time for any input (it is refused past 64 bytes); a date
// that parses formats and parses again to the same minute; an error message quotes at most
// the 64 bytes the parser reads.
import Foundation
import HandoffCore

private let utc: Calendar = {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC") ?? .current
    return calendar
}()
private let now = Date(timeIntervalSince1970: 1_795_000_000)

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    linear(size, perByte: 0, "parsing a \(size)-byte date") {
        do {
            let parsed = try DateInput.parse(text, now: now, calendar: utc)
            let again = try DateInput.parse(DateInput.format(parsed.date, calendar: utc, time: parsed.hasTime), now: now, calendar: utc)
            require(Int(again.date.timeIntervalSince1970 / 60) == Int(parsed.date.timeIntervalSince1970 / 60),
                    "'\(text)' formats to a different date")
        } catch {
            let message = "\(error)"
            require(message.utf8.count <= 400, "an error message of \(message.utf8.count) bytes")
        }
    }
    return 0
}
