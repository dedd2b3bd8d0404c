import Foundation
import GRDB
import HandoffCore

extension SQLiteStore {
    /// The board's cards, read from plain columns: no JSON is decoded.
    public func cards(_ query: LeadQuery) throws -> [Card] {
        try read { db in
            let (filter, arguments) = Rows.filter(query)
            var cards: [Card] = []
            let rows = try Row.fetchCursor(db, sql: "SELECT \(Rows.cardColumns) FROM lead\(filter)", arguments: arguments)
            while let row = try rows.next() { cards.append(try Rows.card(row)) }
            return cards
        }
    }

    /// The cards of the given leads (a live reload).
    public func cards(ids: [LeadID]) throws -> [Card] {
        guard !ids.isEmpty else { return [] }
        return try read { db in
            let marks = ids.map { _ in "?" }.joined(separator: ", ")
            return try Row.fetchAll(db, sql: "SELECT \(Rows.cardColumns) FROM lead WHERE id IN (\(marks))",
                                    arguments: StatementArguments(ids.map(\.number))).map(Rows.card)
        }
    }
}
