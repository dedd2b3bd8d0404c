import Foundation
import Testing
@testable import HandoffCore
@testable import HandoffTUI

/// A sorted column reads each card's key once instead of comparing cards (a localized
/// compare per comparison took seconds at 50,000 cards): the order must be `Card.precedes`'s.
@Suite("column sort keys")
struct ColumnSortKeyTests {
    static func cards(_ count: Int) -> [Card] {
        var random = SystemRandomNumberGenerator()
        let letters = Array("abcdefghABCDEFGH")
        return (1...count).map { id in
            let company = String((0..<Int.random(in: 1...4, using: &random)).map { _ in letters.randomElement(using: &random) ?? "a" })
            let meeting: Double? = Bool.random(using: &random) ? Double(Int.random(in: -60...60, using: &random)) : nil
            let outcome: MeetingOutcome? = [nil, .held, .noShow].randomElement(using: &random) ?? nil
            return ColumnSortTests.card(id, company, days: Double(Int.random(in: 0...5, using: &random)), meeting: meeting, outcome: outcome)
        }
    }

    @Test("every sort agrees with Card.precedes, ties in board order", arguments: [ColumnSort.age, .sla, .meeting, .company])
    func keyedOrderIsPrecedesOrder(_ sort: ColumnSort) {
        let cards = Self.cards(400)
        var model = BoardModel(cards: cards, now: ColumnSortTests.now)
        let boardOrder = model.cards(in: .handedOff).map(\.id)
        model.setSort(sort, for: .handedOff)
        let position = Dictionary(uniqueKeysWithValues: boardOrder.enumerated().map { ($1, $0) })
        let byID = Dictionary(uniqueKeysWithValues: cards.map { ($0.id, $0) })
        let expected = boardOrder.sorted { a, b in
            guard let first = byID[a], let second = byID[b] else { return false }
            return first.precedes(second, by: sort) ?? ((position[a] ?? 0) < (position[b] ?? 0))
        }
        #expect(model.cards(in: .handedOff).map(\.id) == expected)
    }

    /// The order `Card.precedes` gives the cards `model` shows in `column`, ties in board order.
    static func expected(_ model: BoardModel, _ column: Column, _ sort: ColumnSort) -> [LeadID] {
        var boardOrder = model
        boardOrder.setSort(.board, for: column)
        let cards = boardOrder.cards(in: column).map { $0 }
        let position = Dictionary(uniqueKeysWithValues: cards.enumerated().map { ($1.id, $0) })
        return cards.sorted { a, b in
            a.precedes(b, by: sort, thresholds: model.thresholds) ?? ((position[a.id] ?? 0) < (position[b.id] ?? 0))
        }.map(\.id)
    }

    /// A column's whole order is kept once worked out (`sortOrders`) and picked from after:
    /// every filter, live change, clock move and change of the SLA limits must still give
    /// `Card.precedes`'s order of exactly the cards shown.
    @Test("a kept order stays right through filters, changes and new limits", arguments: [ColumnSort.age, .sla, .meeting, .company])
    func keptOrderFollowsChanges(_ sort: ColumnSort) {
        var random = SystemRandomNumberGenerator()
        var cards = Self.cards(300)
        var model = BoardModel(cards: cards, now: ColumnSortTests.now)
        model.setSort(sort, for: .handedOff)
        func check(_ step: String) {
            let shown = model.cards(in: .handedOff).map(\.id)
            #expect(shown == Self.expected(model, .handedOff, sort), "after \(step)")
            #expect(model.count(in: .handedOff) == shown.count, "after \(step)")
        }
        check("the sort")
        for round in 0..<12 {
            switch round % 4 {
            case 0:
                let query = ["a", "b", "ab", "age:>2", "owner:sam", "age:>1 b", ""].randomElement(using: &random) ?? ""
                model.setFilter(query, onlyMine: nil)
                check("filter \(query)")
            case 1:
                // A new card, and a known one moved on: the column changes under the kept order.
                let added = ColumnSortTests.card(1_000 + round, "Ab\(round)", days: Double(round % 5), meeting: Double(round) - 6)
                var moved = cards[round]
                moved.column = .sao
                cards.append(added)
                model.update([added, moved], now: ColumnSortTests.now)
                check("a live change")
            case 2:
                // The outcome step's limit against the disposition step's: cards awaiting
                // one and the other change places.
                var limits = model.thresholds
                let hours = [1.0, 500, 6, 300][round / 4 % 4]
                limits.sla.outcome = SLALimit(warning: hours * 0.75, breach: hours)
                model.setFilter(model.filter, onlyMine: nil, thresholds: limits)
                check("an outcome limit of \(hours) h")
            default:
                model.setSort(.board, for: .handedOff)
                model.setSort(sort, for: .handedOff)
                check("the sort chosen again")
            }
        }
    }

    /// Company keys are compared eight bytes at a time after the start every key shares:
    /// names that share a long start, differ only past eight more bytes, end early or differ
    /// in case must still sort as `Card.precedes` has them.
    @Test func companiesSharingALongStartSortByTheRest() {
        var random = SystemRandomNumberGenerator()
        let suffixes = ["", "a", "aaaaaaaa", "aaaaaaaab", "aaaaaaaaa", "AAAAAAAAB", "aaaaaaaaaaaaaaaaz", "b", "Ab", "ab ", "12", "1", "10", "9"]
        let cards = (1...200).map { id in
            ColumnSortTests.card(id, "Acme Holdings International " + (suffixes.randomElement(using: &random) ?? ""), days: 1, meeting: nil)
        }
        var model = BoardModel(cards: cards, now: ColumnSortTests.now)
        model.setSort(.company, for: .handedOff)
        #expect(model.cards(in: .handedOff).map(\.id) == Self.expected(model, .handedOff, .company))
    }

    @Test func accentsSortAsTheirLetters() {
        let names = ["Zeta", "Ärzte Nord", "apex", "Beta", "École Verte"]
        let cards = names.enumerated().map { ColumnSortTests.card($0 + 1, $1, days: 1, meeting: nil) }
        var model = BoardModel(cards: cards, now: ColumnSortTests.now)
        model.setSort(.company, for: .handedOff)
        #expect(model.cards(in: .handedOff).map(\.company) == ["apex", "Ärzte Nord", "Beta", "École Verte", "Zeta"])
    }
}
