import Foundation
import HandoffCore

extension BoardModel {
    /// The sorted columns' positions: what the filter picked (or all), in the sort's order.
    /// Ties keep the board order. Run after every change of `picked` or `ordered`.
    /// A column's whole order is worked out once (`sortOrder`); after that a sort chosen
    /// again, or a filter keystroke, costs one pass over the column.
    mutating func arrange() {
        arranged = [:]
        for (column, sort) in sorts {
            let order = sortOrder(sort, in: column)
            guard let picked else {
                arranged[column] = order
                continue
            }
            let positions = picked[column] ?? []
            let count = ordered[column]?.count ?? 0
            // Positions are distinct and in the column: as many as it holds is all of them.
            if positions.count == count {
                arranged[column] = order
                continue
            }
            var kept = [Bool](repeating: false, count: count)
            for position in positions { kept[Int(position)] = true }
            arranged[column] = order.filter { kept[Int($0)] }
        }
    }

    /// Every position of `column` in `sort`'s order, from `sortOrders` or worked out now.
    /// Each card's key is read once (not at every comparison: a localized string compare
    /// per comparison took seconds on a column of 50,000), in `Card.precedes`'s order.
    mutating func sortOrder(_ sort: ColumnSort, in column: Column) -> [Int32] {
        if let order = sortOrders[column]?[sort] { return order }
        let entries = ordered[column] ?? []
        let order: [Int32]
        if sort == .company {
            let index = indexes[column] ?? SearchIndex(entries)
            indexes[column] = index
            order = Self.byCompany(entries, index)
        } else {
            order = Self.byTime(sort, entries, thresholds)
        }
        sortOrders[column, default: [:]][sort] = order
        return order
    }

    /// Age, SLA left or meeting: the time each sort reads, earliest first; no time last.
    static func byTime(_ sort: ColumnSort, _ entries: [Entry], _ thresholds: Thresholds) -> [Int32] {
        var keyed: [(time: Double, position: Int32)] = []
        keyed.reserveCapacity(entries.count)
        for position in entries.indices {
            // Read in place: a copy of each card would cost more than the sort.
            let time: Date? = switch sort {
            case .age: entries[position].card.columnSince
            case .sla: entries[position].card.slaDeadline(thresholds: thresholds)
            case .meeting: entries[position].card.meetingAt
            case .board, .company: nil
            }
            keyed.append((time?.timeIntervalSinceReferenceDate ?? .infinity, Int32(position)))
        }
        keyed.sort { $0.time != $1.time ? $0.time < $1.time : $0.position < $1.position }
        return keyed.map(\.position)
    }

    /// Company A to Z, any case: the search index's lowercased bytes (the company is the
    /// first field), or for a name beyond ASCII its letters folded to their base.
    /// Names often share a start ("Company 1…", "Company 2…"): each key's first eight bytes
    /// after the part all share are compared as one number, the bytes only on a tie.
    static func byCompany(_ entries: [Entry], _ index: SearchIndex) -> [Int32] {
        var keys: [UInt8] = []
        keys.reserveCapacity(entries.count * 24)
        var spans: [(prefix: UInt64, start: Int, end: Int, position: Int32)] = []
        spans.reserveCapacity(entries.count)
        for position in entries.indices {
            let start = keys.count
            var end = index.starts[position]
            var ascii = true
            while end < index.bytes.count, index.bytes[end] > 1 {
                if index.bytes[end] >= 0x80 { ascii = false }
                end += 1
            }
            if ascii {
                keys.append(contentsOf: index.bytes[index.starts[position]..<end])
            } else {
                let company = entries[position].card.company
                keys.append(contentsOf: company.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil).lowercased().utf8)
            }
            spans.append((0, start, keys.count, Int32(position)))
        }
        keys.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            // The start every key shares.
            var shared = spans.first.map { $0.end - $0.start } ?? 0
            for span in spans.dropFirst() where shared > 0 {
                shared = min(shared, span.end - span.start)
                var same = 0
                while same < shared, base[span.start + same] == base[spans[0].start + same] { same += 1 }
                shared = same
            }
            // Big-endian, zero past the end: a shorter key sorts first, as below (the index
            // keeps no byte under 2 in a key).
            for at in spans.indices {
                var prefix: UInt64 = 0
                let from = spans[at].start + shared
                for offset in 0..<8 {
                    let byte = from + offset < spans[at].end ? UInt64(base[from + offset]) : 0
                    prefix = prefix << 8 | byte
                }
                spans[at].prefix = prefix
            }
            spans.sort { a, b in
                if a.prefix != b.prefix { return a.prefix < b.prefix }
                let common = min(a.end - a.start, b.end - b.start)
                let order = memcmp(base + a.start, base + b.start, common)
                if order != 0 { return order < 0 }
                if a.end - a.start != b.end - b.start { return a.end - a.start < b.end - b.start }
                return a.position < b.position
            }
        }
        return spans.map(\.position)
    }
}
