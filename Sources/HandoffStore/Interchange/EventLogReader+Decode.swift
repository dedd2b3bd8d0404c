import Foundation
import HandoffCore

extension EventLogReader {
    /// The events cut out of the file into `arena`, decoded in parts on every core, each
    /// checked against the field limits (no NUL, no text longer than the board takes).
    /// The first bad one, by position, is the error, with its line.
    /// Each event comes with where its payload lies in its bytes, when a store may keep them.
    static func decode(_ arena: [UInt8], _ ranges: [Range<Int>], _ lines: [Int]) throws(RuleError)
        -> (events: [Event], payloads: [Range<Int>?]) {
        let count = ranges.count
        let parts = max(1, min(count / 500, ProcessInfo.processInfo.activeProcessorCount * 2))
        let size = (count + parts - 1) / parts
        let slots = (0..<parts).map { _ in DecodedPart() }
        arena.withUnsafeBytes { bytes in
            let bytes = UncheckedBytes(bytes: bytes)
            DispatchQueue.concurrentPerform(iterations: parts) { part in
                let slot = slots[part]
                slot.events.reserveCapacity(size)
                slot.payloads.reserveCapacity(size)
                for index in (part * size)..<min(count, (part + 1) * size) {
                    let range = ranges[index]
                    do {
                        let (event, payload) = try EventJSON.eventAndPayload(UnsafeRawBufferPointer(rebasing: bytes.bytes[range]))
                        if let problem = FieldLimits.problem(in: event) {
                            slot.failure = (index, "event #\(event.seq) cannot be imported: \(problem)")
                            return
                        }
                        slot.events.append(event)
                        slot.payloads.append(payload)
                    } catch {
                        let reason = (error as? DecodingError).map(Export.describe) ?? "\(error)"
                        slot.failure = (index, "the event cannot be read: \(reason)")
                        return
                    }
                }
            }
        }
        if let (index, message) = slots.compactMap(\.failure).min(by: { $0.0 < $1.0 }) {
            throw .invalid("line \(lines[index]): \(message); nothing was imported")
        }
        if slots.count == 1 { return (slots[0].events, slots[0].payloads) }
        var events: [Event] = []
        var payloads: [Range<Int>?] = []
        events.reserveCapacity(count)
        payloads.reserveCapacity(count)
        for slot in slots {
            events += slot.events
            payloads += slot.payloads
        }
        return (events, payloads)
    }
}

/// One part's events, written by that part alone.
private final class DecodedPart: @unchecked Sendable {
    var events: [Event] = []
    var payloads: [Range<Int>?] = []
    var failure: (Int, String)?
}

/// The batch's bytes, read (never written) by every part at once.
private struct UncheckedBytes: @unchecked Sendable {
    let bytes: UnsafeRawBufferPointer
}
