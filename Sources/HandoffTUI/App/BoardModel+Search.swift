import Foundation
import HandoffCore

/// The filter's byte search: each column's cards as one buffer of lowercased texts, and one
/// `memchr` pass over it per keystroke.
extension BoardModel {
    /// The search texts of a sorted column, each ended by a zero byte, and where each starts
    /// (one more start than texts, for the end).
    struct SearchIndex: Sendable {
        var bytes: [UInt8] = []
        var starts: [Int] = [0]

        init(_ entries: [Entry]) {
            bytes.reserveCapacity(entries.count * 64)
            starts.reserveCapacity(entries.count + 1)
            for entry in entries {
                let card = entry.card
                Entry.appendSearchText([card.company, card.contact, card.owner, card.ae ?? "", card.id.description], to: &bytes)
                bytes.append(0)
                starts.append(bytes.count)
            }
        }
    }

    /// Calls `found` with each text of `index` that contains `needle`, in order: one pass of
    /// `memchr` over the whole column. A match cannot cross from one text into the next,
    /// since the needle holds no zero byte.
    static func scan(_ index: SearchIndex, for needle: [UInt8], found: (Int) -> Void) {
        guard let first = needle.first else { return }
        index.bytes.withUnsafeBufferPointer { buffer in
            needle.withUnsafeBufferPointer { pin in
                guard let base = buffer.baseAddress, let pinBase = pin.baseAddress else { return }
                let last = buffer.count - pin.count
                var position = 0
                var text = 0
                while position <= last {
                    guard let hit = memchr(base + position, Int32(first), last - position + 1) else { return }
                    let at = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                    if pin.count > 1, memcmp(base + at + 1, pinBase + 1, pin.count - 1) != 0 {
                        position = at + 1
                        continue
                    }
                    while index.starts[text + 1] <= at { text += 1 }
                    found(text)
                    position = index.starts[text + 1]
                    text += 1
                }
            }
        }
    }

    /// Whether `haystack` contains `needle`, byte for byte (both already lowercased).
    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        contains(haystack, from: 0, to: haystack.count, needle)
    }

    /// Whether `haystack[start..<end]` contains `needle`.
    static func contains(_ haystack: [UInt8], from start: Int, to end: Int, _ needle: [UInt8]) -> Bool {
        guard let first = needle.first else { return true }
        guard end - start >= needle.count else { return false }
        return haystack.withUnsafeBufferPointer { hay in
            needle.withUnsafeBufferPointer { pin in
                guard let hayStart = hay.baseAddress.map({ $0 + start }), let pinStart = pin.baseAddress else { return false }
                let last = end - start - pin.count
                var index = 0
                while index <= last {
                    guard let found = memchr(hayStart + index, Int32(first), last - index + 1) else { return false }
                    let start = hayStart.distance(to: found.assumingMemoryBound(to: UInt8.self))
                    if pin.count == 1 || memcmp(hayStart + start + 1, pinStart + 1, pin.count - 1) == 0 {
                        return true
                    }
                    index = start + 1
                }
                return false
            }
        }
    }
}
