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

    @Test func accentsSortAsTheirLetters() {
        let names = ["Zeta", "Ärzte Nord", "apex", "Beta", "École Verte"]
        let cards = names.enumerated().map { ColumnSortTests.card($0 + 1, $1, days: 1, meeting: nil) }
        var model = BoardModel(cards: cards, now: ColumnSortTests.now)
        model.setSort(.company, for: .handedOff)
        #expect(model.cards(in: .handedOff).map(\.company) == ["apex", "Ärzte Nord", "Beta", "École Verte", "Zeta"])
    }
}
