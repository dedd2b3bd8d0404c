import Foundation
import HandoffCore

/// The leads on the board, indexed by column, with the filter applied. Rebuilt only when
/// leads, the filter or "only mine" change — never on a plain keypress.
public struct BoardModel: Sendable {
    public private(set) var leads: [LeadID: Card] = [:]
    /// Visible cards per board column, in display order.
    public private(set) var columns: [Column: [Card]] = [:]
    public private(set) var filter: String = ""
    public private(set) var onlyMine: String?
    public private(set) var now: Date

    public init(cards: [Card] = [], now: Date) {
        self.now = now
        for card in cards where card.column != .archived { leads[card.id] = card }
        rebuild()
    }

    public func cards(in column: Column) -> [Card] { columns[column] ?? [] }

    public func count(in column: Column) -> Int { columns[column]?.count ?? 0 }

    public var isEmpty: Bool { leads.isEmpty }

    /// Replaces or removes the given leads (a live update or the result of an action).
    public mutating func update(_ changed: [Card], now: Date) {
        self.now = now
        for lead in changed {
            if lead.column == .archived { leads[lead.id] = nil } else { leads[lead.id] = lead }
        }
        rebuild()
    }

    public mutating func replaceAll(_ all: [Card], now: Date) {
        self.now = now
        leads = [:]
        for lead in all where lead.column != .archived { leads[lead.id] = lead }
        rebuild()
    }

    public mutating func setFilter(_ text: String, onlyMine owner: String?) {
        guard text != filter || owner != onlyMine else { return }
        filter = text
        onlyMine = owner
        rebuild()
    }

    private mutating func rebuild() {
        let needle = SafeText.sanitize(filter).lowercased()
        var grouped: [Column: [Card]] = [:]
        for lead in leads.values where matches(lead, needle: needle) {
            grouped[lead.column, default: []].append(lead)
        }
        let now = self.now
        for (column, cards) in grouped {
            grouped[column] = cards.sorted { Self.precedes($0, $1, now: now) }
        }
        columns = grouped
    }

    private func matches(_ lead: Card, needle: String) -> Bool {
        if let owner = onlyMine, lead.owner != owner, lead.ae != owner { return false }
        guard !needle.isEmpty else { return true }
        return [lead.company, lead.contact, lead.owner, lead.ae ?? "", lead.id.description]
            .contains { $0.lowercased().contains(needle) }
    }

    /// What needs attention comes first: due revisits, rebooks, held meetings awaiting a
    /// disposition, open disputes; then the longest-waiting cards.
    static func precedes(_ a: Card, _ b: Card, now: Date) -> Bool {
        let pa = priority(a, now: now), pb = priority(b, now: now)
        if pa != pb { return pa > pb }
        if a.columnSince != b.columnSince { return a.columnSince < b.columnSince }
        return a.id < b.id
    }

    static func priority(_ card: Card, now: Date) -> Int {
        card.needsAttention(now: now) ? 1 : 0
    }
}
