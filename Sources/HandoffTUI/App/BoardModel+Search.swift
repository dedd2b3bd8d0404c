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
        /// Where each SDR's and each AE's cards are, by the name lowercased (as `owner:` and
        /// `ae:` compare it), in board order: a field query looks its cards up instead of
        /// testing every card of a 100,000-card board at each keystroke.
        var owners: [String: [Int32]] = [:]
        var aes: [String: [Int32]] = [:]
        /// The rest of what a field query asks of each card (`BoardModel+Facts`).
        var facts = CardFacts()

        init(_ entries: [Entry]) {
            bytes.reserveCapacity(entries.count * 64)
            starts.reserveCapacity(entries.count + 1)
            facts = CardFacts(capacity: entries.count)
            for (at, entry) in entries.enumerated() {
                let card = entry.card
                Entry.appendSearchText([card.company, card.contact, card.owner, card.ae ?? "", card.id.description], to: &bytes)
                bytes.append(0)
                starts.append(bytes.count)
                let owner = card.owner.lowercased()
                let ae = card.ae?.lowercased()
                owners[owner, default: []].append(Int32(at))
                if let ae { aes[ae, default: []].append(Int32(at)) }
                facts.append(card, clock: entry.clock, ownerFolded: owner, aeFolded: ae)
            }
        }

        /// The cards a query can match, in board order, or nil when any card can: each
        /// alternative narrowed by its scarcest `owner:` or `ae:` term. Every candidate is
        /// still tested with the whole query, so this only skips cards that cannot match,
        /// unless `exact`: a query of one `owner:` or `ae:` alone is answered by the index.
        func candidates(for query: FilterQuery) -> (positions: [Int32], exact: Bool)? {
            if query.alternatives.count == 1, let terms = query.alternatives.first, terms.count == 1, let term = terms.first {
                switch term {
                case .owner(let name): return (owners[name] ?? [], true)
                case .ae(let name): return (aes[name] ?? [], true)
                default: break
                }
            }
            guard !query.alternatives.isEmpty else { return nil }
            var union = Set<Int32>()
            for terms in query.alternatives {
                var narrowest: [Int32]?
                for term in terms {
                    let hits: [Int32]
                    switch term {
                    case .owner(let name): hits = owners[name] ?? []
                    case .ae(let name): hits = aes[name] ?? []
                    default: continue
                    }
                    if narrowest.map({ hits.count < $0.count }) ?? true { narrowest = hits }
                }
                guard let narrowest else { return nil }
                union.formUnion(narrowest)
            }
            return (union.sorted(), false)
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

extension BoardModel {
    /// Lays out every column's search text now (when the user opens the filter), so the
    /// first character typed does not pay for it.
    public mutating func prepareSearch() {
        for (column, entries) in ordered where indexes[column] == nil { indexes[column] = SearchIndex(entries) }
    }
}
