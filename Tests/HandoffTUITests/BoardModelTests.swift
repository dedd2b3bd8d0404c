import Foundation
import Testing
@testable import HandoffCore
@testable import HandoffTUI

/// The indexed board model against the obvious one: after any mix of live changes, filter
/// keystrokes (typed and erased), "only mine" and clock ticks, every column shows exactly
/// the cards a full sort-and-scan would, in the same order.
@Suite("board model: indexed order and incremental filter")
struct BoardModelTests {
    static let start = Date(timeIntervalSince1970: 1_773_046_800)
    static let columns: [Column] = [.queue, .handedOff, .sao, .nurture, .returned, .archived]
    static let companies = ["Acme", "Zeta Labs", "Müller GmbH", "ÉCOLE Ltd", "北京科技", "acme north", "Delta 77", "Omega"]
    static let people = ["sam", "sue", "alex", "ava"]

    struct Random {
        var state: UInt64
        mutating func below(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
    }

    static func card(_ id: Int, _ random: inout Random, now: Date) -> Card {
        let column = columns[random.below(columns.count)]
        let since = now.addingTimeInterval(-Double(random.below(20)) * 86_400)
        return Card(id: LeadID(id), company: "\(companies[random.below(companies.count)]) \(random.below(100))",
                    contact: "Contact \(random.below(50))", owner: people[random.below(2)],
                    ae: column == .queue ? nil : people[2 + random.below(2)], column: column, columnSince: since,
                    version: 1, rebook: random.below(10) == 0, disputeOpen: random.below(15) == 0,
                    revisit: column == .nurture ? now.addingTimeInterval(Double(random.below(10) - 5) * 86_400) : nil,
                    meetingAt: nil, meetingOutcome: nil)
    }

    /// The obvious model: every card, filtered by lowercased substring, sorted as the board sorts.
    static func expected(_ cards: [LeadID: Card], filter: String, mine: String?, sortedAt: Date) -> [Column: [LeadID]] {
        let needle = filter.lowercased()
        var result: [Column: [LeadID]] = [:]
        for column in Column.board {
            result[column] = cards.values
                .filter { $0.column == column }
                .filter { card in mine.map { card.owner == $0 || card.ae == $0 } ?? true }
                .filter { card in
                    needle.isEmpty || [card.company, card.contact, card.owner, card.ae ?? "", card.id.description]
                        .contains { $0.lowercased().contains(needle) }
                }
                .sorted { a, b in
                    let (x, y) = (a.needsAttention(now: sortedAt), b.needsAttention(now: sortedAt))
                    if x != y { return x }
                    if a.columnSince != b.columnSince { return a.columnSince < b.columnSince }
                    return a.id < b.id
                }
                .map(\.id)
        }
        return result
    }

    static func shown(_ model: BoardModel) -> [Column: [LeadID]] {
        var result: [Column: [LeadID]] = [:]
        for column in Column.board { result[column] = model.cards(in: column).map(\.id) }
        return result
    }

    @Test("random changes, filters and ticks agree with a full sort and scan", arguments: [1, 2, 3, 4, 5, 6])
    func agreesWithTheObviousModel(seed: UInt64) {
        var random = Random(state: seed)
        var now = Self.start
        var truth: [LeadID: Card] = [:]
        var initial: [Card] = []
        for id in 1...300 {
            let card = Self.card(id, &random, now: now)
            initial.append(card)
            if card.column != .archived { truth[card.id] = card }
        }
        var model = BoardModel(cards: initial, now: now)
        var filter = ""
        var mine: String?
        for step in 0..<400 {
            switch random.below(6) {
            case 0:
                // A live change: a few cards edited, moved, archived or added.
                var changed: [Card] = []
                for _ in 0..<(1 + random.below(4)) {
                    let card = Self.card(1 + random.below(330), &random, now: now)
                    changed.append(card)
                    truth[card.id] = card.column == .archived ? nil : card
                }
                model.update(changed, now: now)
            case 1:
                filter += ["a", "c", "m", "e", " ", "7", "ü", "É", "北", "1"][random.below(10)]
            case 2:
                if !filter.isEmpty { filter.removeLast() }
            case 3:
                filter = ""
            case 4:
                mine = random.below(3) == 0 ? nil : Self.people[random.below(4)]
            default:
                now = now.addingTimeInterval(Double(random.below(3)) * 86_400)
                model.advance(to: now)
            }
            model.setFilter(filter, onlyMine: mine)
            let expected = Self.expected(truth, filter: SafeText.sanitize(filter), mine: mine, sortedAt: model.sortedAt)
            let shown = Self.shown(model)
            #expect(shown == expected, "step \(step): filter '\(filter)', mine \(mine ?? "-")")
            if shown != expected { return }
            for column in Column.board { #expect(model.count(in: column) == expected[column]?.count) }
        }
    }

    @Test("typing narrows, erasing goes back, and both equal a fresh filter")
    func typingAndErasing() {
        var random = Random(state: 99)
        let cards = (1...500).map { Self.card($0, &random, now: Self.start) }
        var typed = BoardModel(cards: cards, now: Self.start)
        for prefix in ["a", "ac", "acm", "acme", "acm", "ac", "a", ""] {
            typed.setFilter(prefix, onlyMine: nil)
            var fresh = BoardModel(cards: cards, now: Self.start)
            fresh.setFilter(prefix, onlyMine: nil)
            #expect(Self.shown(typed) == Self.shown(fresh), "filter '\(prefix)'")
        }
    }

    @Test("case folding: ASCII by hand, the rest through Unicode")
    func caseFolding() {
        #expect(BoardModel.Entry.searchText(["ACME Inc", "Zoë"]) == Array("acme inc\u{1}zoë".utf8))
        #expect(BoardModel.Entry.searchText(["ÉCOLE"]) == Array("école".utf8))
        #expect(BoardModel.contains(Array("north acme".utf8), Array("acme".utf8)))
        #expect(!BoardModel.contains(Array("acm".utf8), Array("acme".utf8)))
        #expect(BoardModel.contains(Array("aaab".utf8), Array("aab".utf8)))
        // A match never spans two fields.
        #expect(!BoardModel.contains(BoardModel.Entry.searchText(["ab", "cd"]), Array("bc".utf8)))
    }

    @Test("the selection is found where it was, and elsewhere when it moved")
    func hintedLookup() {
        var random = Random(state: 7)
        let cards = (1...50).map { Self.card($0, &random, now: Self.start) }
        let model = BoardModel(cards: cards, now: Self.start)
        let column = Column.board.max { model.count(in: $0) < model.count(in: $1) } ?? .queue
        let shown = model.cards(in: column)
        guard shown.count > 2 else { return }
        let id = shown[2].id
        #expect(shown.index(of: id, hint: 2) == 2)
        #expect(shown.index(of: id, hint: 0) == 2)
        #expect(shown.index(of: id, hint: 999) == 2)
        #expect(shown.index(of: LeadID(9_999), hint: 2) == nil)
    }
}
