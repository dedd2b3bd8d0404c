import Foundation
import HandoffCore

/// The filter: which cards of each sorted column the needle, the query and "only mine"
/// pick, as positions into the column (`picked`), laid out again by `arrange()`.
extension BoardModel {
    /// Computes `picked` for the current needle and owner; with `previous`, only the
    /// positions already picked are tested (a longer needle, or a query that `narrows` the
    /// last one, at the same board, time, limits, extras and owner: `setFilter`).
    mutating func applyFilter(from previous: [Column: [Int32]]?) {
        defer { arrange() }
        lastPass = nil
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
                // A column missing from the earlier result had no match, and still has none.
                positions = picks(query, in: column, index, within: previous.map { $0[column] ?? [] })
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
        lastPass = query.map { FilterPass(query: $0, onlyMine: onlyMine, now: now, thresholds: thresholds, board: boardVersion, extras: extrasVersion) }
    }

    /// The positions of a sorted column that `query` (and "only mine") picks, in order, among
    /// `earlier` (nil: every card). Each card is judged as `FilterQuery.matches` judges it,
    /// from the column's facts (`CardFacts`), one term at a time over the cards still in.
    mutating func picks(_ query: FilterQuery, in column: Column, _ index: SearchIndex, within earlier: [Int32]?) -> [Int32] {
        let facts = index.facts
        let count = facts.ids.count
        var base = earlier
        if base == nil, let indexed = index.candidates(for: query) {
            base = indexed.positions
            if indexed.exact { return onlyMine.map { Self.mine(indexed.positions, $0, facts) } ?? indexed.positions }
        }
        if let owner = onlyMine { base = Self.mine(base ?? Array(0..<Int32(count)), owner, facts) }
        guard !query.alternatives.isEmpty else { return base ?? Array(0..<Int32(count)) }
        var found: [[Int32]] = []
        for terms in query.alternatives {
            let tests = terms.map { Self.factTest($0, column: column, facts: facts, thresholds: thresholds) }.sorted { $0.cost < $1.cost }
            var current = base
            for test in tests {
                current = run(test, on: current, column: column, index)
                if current?.isEmpty == true { break }
            }
            // An alternative without terms matches every card.
            guard let current else { return Array(0..<Int32(count)) }
            found.append(current)
        }
        if found.count == 1 { return found[0] }
        var marks = [Bool](repeating: false, count: count)
        for positions in found { for position in positions { marks[Int(position)] = true } }
        return (0..<Int32(count)).filter { marks[Int($0)] }
    }

    /// The positions among `positions` whose card is the given person's, as SDR or AE.
    static func mine(_ positions: [Int32], _ owner: String, _ facts: CardFacts) -> [Int32] {
        guard let name = facts.names[owner] else { return [] }
        return positions.filter { facts.ownerName[Int($0)] == name || facts.aeName[Int($0)] == name }
    }

    /// The positions among `positions` (nil: all `count`) for which `test` holds, in order.
    @inline(__always)
    static func keep(_ positions: [Int32]?, _ count: Int, _ test: (Int) -> Bool) -> [Int32] {
        var kept: [Int32] = []
        if let positions {
            kept.reserveCapacity(positions.count)
            for position in positions where test(Int(position)) { kept.append(position) }
        } else {
            kept.reserveCapacity(count)
            for at in 0..<count where test(at) { kept.append(Int32(at)) }
        }
        return kept
    }

    /// One test over the cards still in.
    mutating func run(_ test: FactTest, on positions: [Int32]?, column: Column, _ index: SearchIndex) -> [Int32]? {
        let facts = index.facts
        let count = facts.ids.count
        switch test {
        case .never:
            return []
        case .owner(let name):
            return facts.owner.withUnsafeBufferPointer { owners in Self.keep(positions, count) { owners[$0] == name } }
        case .ae(let name):
            return facts.ae.withUnsafeBufferPointer { aes in Self.keep(positions, count) { aes[$0] == name } }
        case .flag(let flag):
            return facts.flags.withUnsafeBufferPointer { flags in Self.keep(positions, count) { flags[$0] & flag != 0 } }
        case .clock(let state):
            let states = clockStates(column)
            return states.withUnsafeBufferPointer { states in Self.keep(positions, count) { states[$0] == state } }
        case .days(let range):
            // `Card.daysInColumn`: the same subtraction of the same numbers.
            let seconds = now.timeIntervalSinceReferenceDate
            return facts.since.withUnsafeBufferPointer { since in
                Self.keep(positions, count) { range.contains(max(0, Int((seconds - since[$0]) / 86_400))) }
            }
        case .due:
            // `Card.revisitDue` in Nurture; NaN (no revisit) is never at or before now.
            let seconds = now.timeIntervalSinceReferenceDate
            return facts.revisit.withUnsafeBufferPointer { revisit in Self.keep(positions, count) { revisit[$0] <= seconds } }
        case .text(let phrase):
            guard !phrase.isEmpty else { return positions }
            if let positions, positions.count < count / 8 {
                return Self.keep(positions, count) {
                    Self.contains(index.bytes, from: index.starts[$0], to: index.starts[$0 + 1] - 1, phrase)
                }
            }
            // Most cards still in: one `memchr` pass over the column, merged with them.
            var hits: [Int32] = []
            Self.scan(index, for: phrase) { hits.append(Int32($0)) }
            guard let positions else { return hits }
            return Self.intersection(positions, hits)
        case .source(let wanted):
            return Self.keep(positions, count) { FilterQuery.sourceMatches(extras?[facts.ids[$0]]?.source, wanted) }
        case .reason(let code):
            return Self.keep(positions, count) { (extras?[facts.ids[$0]]?.reasons ?? []).contains(code) }
        }
    }

    /// The positions in both ascending lists.
    static func intersection(_ left: [Int32], _ right: [Int32]) -> [Int32] {
        var both: [Int32] = []
        var i = 0, j = 0
        while i < left.count, j < right.count {
            if left[i] < right[j] {
                i += 1
            } else if left[i] > right[j] {
                j += 1
            } else {
                both.append(left[i])
                i += 1
                j += 1
            }
        }
        return both
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
        let states: [SLAState?]
        if let clocks = indexes[column]?.facts.clocks {
            states = ladder.states(clocks, now: now)  // the column's search index keeps them end to end
        } else {
            let entries = ordered[column] ?? []
            var inputs: [SLAClockInput] = []
            inputs.reserveCapacity(entries.count)
            for at in entries.indices { inputs.append(entries[at].clock) }  // no card copied
            states = ladder.states(inputs, now: now)
        }
        slaStates[column] = states
        return states
    }
}

/// What a pass of the filter with a query was worked out for: a later query may start from
/// its result only while every part of it still holds (`BoardModel.setFilter`).
struct FilterPass: Equatable {
    var query: FilterQuery
    var onlyMine: String?
    var now: Date
    var thresholds: Thresholds
    /// `BoardModel.boardVersion` and `extrasVersion`: the cards and the leads' extras.
    var board: Int
    var extras: Int
}

/// The moment and the limits a column's SLA states were worked out for.
struct SLAEpoch: Equatable {
    var now: Date
    var thresholds: Thresholds
}

extension BoardModel {
    /// Whether `next` may be worked out from the last result: it picks a subset of what
    /// that query picked (`FilterQuery.narrows`), and the cards, the time, the limits, the
    /// leads' extras and the owner are those the result was worked out for.
    func canNarrow(to next: FilterQuery, onlyMine owner: String?) -> Bool {
        guard picked != nil, let pass = lastPass else { return false }
        let same = FilterPass(query: pass.query, onlyMine: owner, now: now, thresholds: thresholds,
                              board: boardVersion, extras: extrasVersion)
        return pass == same && next.narrows(pass.query)
    }
}
