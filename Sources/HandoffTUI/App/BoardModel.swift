import Foundation
import HandoffCore

/// The leads on the board, indexed by column and kept in display order, with the filter
/// applied. Built for boards of 100,000 cards, where a keypress must cost milliseconds:
///
/// - every column is kept sorted; a live change moves only the cards it touched
///   (a binary search and an insert), never re-sorts the board;
/// - each column's search text (company, contact, people, id; lowercased bytes) is laid
///   end to end when filtering starts, so a filter keystroke is one `memchr` pass; a
///   longer filter narrows the previous result instead of starting over, and erasing a
///   character goes back to a result already computed;
/// - a filtered column is a list of positions into the sorted column, not a copy of it.
///
/// Order is decided as of `sortedAt`, which moves on with `advance(to:)` (the board's
/// minute tick), not with every change: a card whose revisit falls due rises within a
/// minute, and a live change never pays for a full sort.
public struct BoardModel: Sendable {
    public private(set) var leads: [LeadID: Card] = [:]
    var ordered: [Column: [Entry]] = [:] {
        didSet { boardVersion &+= 1 }
    }
    /// Counts changes of `ordered` and of `extras`, so a filter result knows what it was
    /// worked out from (`FilterPass`).
    var boardVersion = 0
    var extrasVersion = 0
    /// What `picked` was worked out for, when by a query; nil otherwise.
    var lastPass: FilterPass?
    /// Positions the filter picked in each sorted column; nil when nothing is filtered.
    var picked: [Column: [Int32]]?
    public private(set) var filter: String = ""
    public private(set) var onlyMine: String?
    /// A query with fields or operators (`FilterQuery`); nil while the filter is plain text,
    /// which takes the substring path below.
    public private(set) var query: FilterQuery?
    /// The limits `is:breach` and `is:aging` are judged by (the board's markers').
    public private(set) var thresholds: Thresholds = .standard {
        didSet { if thresholds != oldValue { for column in Array(sortOrders.keys) { sortOrders[column]?[.sla] = nil } } }
    }
    /// Each lead's source and return reasons, for `source:` and `reason:`; read from the
    /// store when such a query is first typed, nil until then (`BoardModel+Extras`).
    public internal(set) var extras: [LeadID: FilterQuery.LeadExtras]? {
        didSet { extrasVersion &+= 1 }
    }
    /// They have been asked for and are on their way.
    var extrasRequested = false
    /// Columns sorted by something other than the board order (`ColumnSort`).
    public private(set) var sorts: [Column: ColumnSort] = [:]
    /// For those columns: the visible positions, in that sort's order.
    var arranged: [Column: [Int32]] = [:]
    /// Every card of a column in a sort's order, by position: worked out once per column
    /// and sort, and dropped with the search index when the column changes, so choosing a
    /// sort again or typing a filter over a sorted column only picks from it
    /// (`BoardModel+Sort`).
    var sortOrders: [Column: [ColumnSort: [Int32]]] = [:]
    public private(set) var now: Date
    /// The time the order was decided at (what needs attention first).
    public private(set) var sortedAt: Date
    /// While only the top of each column is loaded (the first frame of a big board): how
    /// many cards each column really holds. Nil once every card is in.
    public private(set) var totals: [Column: Int]?
    /// Results of the filters typed since the board last changed, so Backspace is free.
    private var recent: [(needle: [UInt8], picked: [Column: [Int32]]?)] = []
    var needle: [UInt8] = []
    /// Each column's search texts end to end, built when a filter first needs them and
    /// dropped when the column changes: one `memchr` pass filters a column.
    var indexes: [Column: SearchIndex] = [:]
    /// Each sorted column's SLA states as of `slaEpoch` (`is:breach`, `is:warning`), worked
    /// out once per column and moment, not at every keystroke (`BoardModel+Filter`);
    /// dropped with the column's search index when the column changes.
    var slaStates: [Column: [SLAState?]] = [:]
    var slaEpoch: SLAEpoch?

    /// A card and its place in the order.
    struct Entry: Sendable {
        var card: Card
        var key: SortKey
        /// The card's SLA step and its start, read once (`SLAClockInput`).
        var clock: SLAClockInput

        init(_ card: Card, now: Date) {
            self.card = card
            key = SortKey(card, now: now)
            clock = SLAClockInput(card)
        }

        /// The fields, lowercased, as bytes, separated so that no match spans two fields.
        static func searchText(_ fields: [String]) -> [UInt8] {
            var bytes: [UInt8] = []
            appendSearchText(fields, to: &bytes)
            return bytes
        }

        /// ASCII is folded by hand: the common case, and a column may hold 50,000 cards.
        static func appendSearchText(_ fields: [String], to bytes: inout [UInt8]) {
            for (number, field) in fields.enumerated() {
                if number > 0 { bytes.append(1) }
                if field.utf8.allSatisfy({ $0 < 0x80 }) {
                    for byte in field.utf8 { bytes.append(byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte) }
                } else {
                    bytes.append(contentsOf: field.lowercased().utf8)
                }
            }
        }
    }

    /// What needs attention comes first: due revisits, rebooks, held meetings awaiting a
    /// disposition, open disputes; then the longest-waiting cards; then by id.
    struct SortKey: Sendable, Comparable {
        var attention: Bool
        var since: Double
        var id: Int

        init(_ card: Card, now: Date) {
            attention = card.needsAttention(now: now)
            since = card.columnSince.timeIntervalSinceReferenceDate
            id = card.id.number
        }

        static func < (a: SortKey, b: SortKey) -> Bool {
            if a.attention != b.attention { return a.attention }
            if a.since != b.since { return a.since < b.since }
            return a.id < b.id
        }
    }

    public init(cards: [Card] = [], now: Date) {
        self.now = now
        sortedAt = now
        replaceAll(cards, now: now)
    }

    /// The top of each column, with each column's real count, until `replaceAll` brings
    /// every card in.
    public init(page: BoardPage, now: Date) {
        self.init(cards: page.cards, now: now)
        if !page.isComplete { totals = page.counts }
    }

    /// Whether every card is loaded (filters and counts are then exact).
    public var isComplete: Bool { totals == nil }

    /// How many cards a column holds, for its header: the real count while only the top
    /// is loaded (`count(in:)` is what can be drawn and selected).
    public func total(in column: Column) -> Int {
        if let totals, picked == nil { return totals[column] ?? 0 }
        return count(in: column)
    }

    /// The visible cards of a column, in display order.
    public func cards(in column: Column) -> ColumnCards {
        if let sorted = arranged[column] { return ColumnCards(entries: ordered[column] ?? [], picked: sorted) }
        return ColumnCards(entries: ordered[column] ?? [], picked: picked.map { $0[column] ?? [] })
    }

    /// Sorts one column by `sort` (`.board`: the board's own order again).
    public mutating func setSort(_ sort: ColumnSort, for column: Column) {
        sorts[column] = sort == .board ? nil : sort
        arrange()
    }

    public func count(in column: Column) -> Int {
        if let sorted = arranged[column] { return sorted.count }
        if let picked { return picked[column]?.count ?? 0 }
        return ordered[column]?.count ?? 0
    }

    public var isEmpty: Bool { leads.isEmpty }

    /// Replaces or removes the given leads (a live update or the result of an action).
    public mutating func update(_ changed: [Card], now: Date) {
        self.now = now
        guard !changed.isEmpty else { return }
        for card in changed {
            if let old = leads[card.id] { remove(old) }
            if card.column == .archived {
                leads[card.id] = nil
            } else {
                leads[card.id] = card
                insert(Entry(card, now: sortedAt))
            }
        }
        recent = []
        applyFilter(from: nil)
    }

    /// Moves the clock on, and re-decides the order as of then.
    public mutating func advance(to now: Date) {
        guard now != sortedAt else { return }
        replaceAll(Array(leads.values), now: now)
    }

    public mutating func replaceAll(_ all: [Card], now: Date) {
        self.now = now
        sortedAt = now
        totals = nil
        leads = Dictionary(minimumCapacity: all.count)
        var grouped: [Column: [Entry]] = [:]
        for card in all where card.column != .archived {
            leads[card.id] = card
            grouped[card.column, default: []].append(Entry(card, now: now))
        }
        for column in Array(grouped.keys) {
            guard var entries = grouped.removeValue(forKey: column) else { continue }
            Self.order(&entries)
            grouped[column] = entries
        }
        ordered = grouped
        indexes = [:]
        sortOrders = [:]
        slaStates = [:]
        recent = []
        applyFilter(from: nil)
    }

    public mutating func setFilter(_ text: String, onlyMine owner: String?, thresholds: Thresholds? = nil) {
        let newLimits = thresholds.map { $0 != self.thresholds } ?? false
        if let thresholds { self.thresholds = thresholds }
        guard text != filter || owner != onlyMine || (newLimits && query != nil) else {
            // New SLA limits move the deadlines a column sorted by SLA left is in order of.
            if newLimits, sorts.values.contains(.sla) { arrange() }
            return
        }
        // A query with fields or operators is matched card by card; the caller has parsed
        // it already (a query that does not parse is shown as an error and never set).
        let parsed = FilterQuery.isPlainText(text) ? nil : try? FilterQuery.parse(text)
        if parsed != nil || query != nil {
            // Typing on usually tightens the query: then only what it showed is tested again.
            let narrowing = parsed.map { canNarrow(to: $0, onlyMine: owner) } ?? false
            filter = text
            onlyMine = owner
            query = parsed
            recent = []
            needle = parsed == nil ? Array(SafeText.sanitize(text).lowercased().utf8) : []
            applyFilter(from: narrowing ? picked : nil)
            return
        }
        let narrowing = owner == onlyMine
        filter = text
        onlyMine = owner
        let next = Array(SafeText.sanitize(text).lowercased().utf8)
        guard narrowing else {
            recent = []
            needle = next
            applyFilter(from: nil)
            return
        }
        // Erasing: a result computed moments ago.
        if let earlier = recent.lastIndex(where: { $0.needle == next }) {
            picked = recent[earlier].picked
            lastPass = nil
            recent.removeSubrange((earlier + 1)...)
            needle = next
            arrange()
            return
        }
        // Typing on: only what matched the shorter filter can match the longer one.
        let previous = needle.isEmpty || Self.contains(next, needle) ? picked : nil  // nil: scan all
        if recent.last?.needle != needle { recent.append((needle, picked)) }
        needle = next
        applyFilter(from: previous)
    }

    // MARK: - Order

    /// Sorts a column. The store hands cards over already by time in column and id, so
    /// usually only the cards needing attention have to move to the front (a stable
    /// partition, linear); anything else is sorted.
    static func order(_ entries: inout [Entry]) {
        let byTime = zip(entries, entries.dropFirst()).allSatisfy { a, b in
            a.key.since < b.key.since || (a.key.since == b.key.since && a.key.id < b.key.id)
        }
        guard byTime else {
            entries.sort { $0.key < $1.key }
            return
        }
        guard entries.contains(where: \.key.attention) else { return }
        entries = entries.filter(\.key.attention) + entries.filter { !$0.key.attention }
    }

    private mutating func insert(_ entry: Entry) {
        let column = entry.card.column
        var entries = ordered[column] ?? []
        ordered[column] = nil  // keep the array unique, so the insert does not copy it
        indexes[column] = nil
        sortOrders[column] = nil
        slaStates[column] = nil
        entries.insert(entry, at: Self.position(of: entry.key, in: entries))
        ordered[column] = entries
    }

    private mutating func remove(_ card: Card) {
        guard var entries = ordered[card.column] else { return }
        ordered[card.column] = nil
        indexes[card.column] = nil
        sortOrders[card.column] = nil
        slaStates[card.column] = nil
        let key = SortKey(card, now: sortedAt)
        let index = Self.position(of: key, in: entries)
        if index < entries.count, entries[index].card.id == card.id {
            entries.remove(at: index)
        } else if let index = entries.firstIndex(where: { $0.card.id == card.id }) {
            entries.remove(at: index)
        }
        ordered[card.column] = entries
    }

    /// The first position whose key is not below `key`.
    private static func position(of key: SortKey, in entries: [Entry]) -> Int {
        var low = 0, high = entries.count
        while low < high {
            let middle = (low + high) / 2
            if entries[middle].key < key { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
