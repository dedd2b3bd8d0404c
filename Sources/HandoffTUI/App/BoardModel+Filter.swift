import Foundation
import HandoffCore

/// The filter: which cards of each sorted column the needle, the query and "only mine"
/// pick, as positions into the column (`picked`), laid out again by `arrange()`.
extension BoardModel {
    /// Computes `picked` for the current needle and owner; with `previous`, only the
    /// positions already picked are tested.
    mutating func applyFilter(from previous: [Column: [Int32]]?) {
        defer { arrange() }
        guard !needle.isEmpty || onlyMine != nil || query != nil else {
            picked = nil
            return
        }
        var result: [Column: [Int32]] = [:]
        for (column, entries) in ordered {
            let owner = onlyMine
            let mine: (Int) -> Bool = { index in
                guard let owner else { return true }
                let card = entries[index].card
                return card.owner == owner || card.ae == owner
            }
            var positions: [Int32] = []
            if let query {
                let index = indexes[column] ?? SearchIndex(entries)
                indexes[column] = index
                var phrases: [String: [UInt8]] = [:]
                for terms in query.alternatives {
                    for case .text(let phrase) in terms { phrases[phrase] = Array(SafeText.sanitize(phrase).lowercased().utf8) }
                }
                let found = index.candidates(for: query)
                let states = found?.exact != true && query.asksSLA ? clockStates(column) : nil
                let candidates = found.map { $0.positions.map(Int.init) } ?? Array(entries.indices)
                for at in candidates where mine(at) {
                    if found?.exact == true {
                        positions.append(Int32(at))
                        continue
                    }
                    let extra = extras?[entries[at].card.id]
                    let matched = query.matches(entries[at].card, source: extra?.source, reasons: extra?.reasons ?? [],
                                                now: now, thresholds: thresholds, sla: states.map { $0[at] }) { phrase in
                        Self.contains(index.bytes, from: index.starts[at], to: index.starts[at + 1] - 1, phrases[phrase] ?? Array(phrase.utf8))
                    }
                    if matched { positions.append(Int32(at)) }
                }
            } else if needle.isEmpty {
                let candidates = previous.map { ($0[column] ?? []).map(Int.init) } ?? Array(entries.indices)
                for index in candidates where mine(index) { positions.append(Int32(index)) }
            } else {
                let index = indexes[column] ?? SearchIndex(entries)
                indexes[column] = index
                if let previous {
                    // A column missing from the earlier result had no match, and still has none.
                    for position in previous[column] ?? [] {
                        let at = Int(position)
                        if Self.contains(index.bytes, from: index.starts[at], to: index.starts[at + 1] - 1, needle), mine(at) {
                            positions.append(position)
                        }
                    }
                } else {
                    Self.scan(index, for: needle) { if mine($0) { positions.append(Int32($0)) } }
                }
            }
            result[column] = positions
        }
        picked = result
    }

    /// Every card's SLA state in a column at `now` under `thresholds`: one pass of the
    /// ladder over the cards' clock inputs, kept until the column, the time or the limits
    /// change, so typing on in an `is:breach` query does not work the clocks out again.
    mutating func clockStates(_ column: Column) -> [SLAState?] {
        let epoch = SLAEpoch(now: now, thresholds: thresholds)
        if slaEpoch != epoch {
            slaStates = [:]
            slaEpoch = epoch
        }
        if let states = slaStates[column] { return states }
        let ladder = SLALadder(thresholds: thresholds, around: now)
        let entries = ordered[column] ?? []
        var inputs: [SLAClockInput] = []
        inputs.reserveCapacity(entries.count)
        for at in entries.indices { inputs.append(entries[at].clock) }  // no card copied
        let states = ladder.states(inputs, now: now)
        slaStates[column] = states
        return states
    }
}

/// The moment and the limits a column's SLA states were worked out for.
struct SLAEpoch: Equatable {
    var now: Date
    var thresholds: Thresholds
}
