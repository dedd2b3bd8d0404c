import Foundation
import GRDB
import GRDBSQLite
import HandoffCore
import HandoffStore

extension SQLiteStore {
    /// The board's cards, in board order by column (column, time in column, id), from the
    /// covering index `lead_card`: no JSON is decoded, and no table row is read.
    public func cards(_ query: LeadQuery) throws -> [Card] {
        try read { db in
            let (filter, arguments) = Rows.filter(query)
            return try Rows.cards(db, sql: "SELECT \(Rows.cardColumns) FROM lead\(filter) ORDER BY column_slug, column_since, id",
                                  arguments: arguments)
        }
    }

    /// The cards of the given leads (a live reload).
    public func cards(ids: [LeadID]) throws -> [Card] {
        guard !ids.isEmpty else { return [] }
        return try read { db in
            let marks = ids.map { _ in "?" }.joined(separator: ", ")
            return try Rows.cards(db, sql: "SELECT \(Rows.cardColumns) FROM lead WHERE id IN (\(marks))",
                                  arguments: StatementArguments(ids.map(\.number)))
        }
    }
}

extension Rows {
    /// Cards from a statement selecting `cardColumns`, stepped through SQLite's own API:
    /// at 100,000 cards GRDB's row decoding would cost more than SQLite's reading.
    static func cards(_ db: Database, sql: String, arguments: StatementArguments) throws -> [Card] {
        let statement = try db.makeStatement(sql: sql)
        try statement.setArguments(arguments)
        let raw = statement.sqliteStatement
        defer { sqlite3_reset(raw) }
        func text(_ column: Int32) -> String? {
            guard let bytes = sqlite3_column_text(raw, column) else { return nil }
            return String(cString: bytes)
        }
        func time(_ column: Int32) -> Date? {
            sqlite3_column_type(raw, column) == SQLITE_NULL ? nil : Date(timeIntervalSince1970: sqlite3_column_double(raw, column))
        }
        var cards: [Card] = []
        while true {
            let step = sqlite3_step(raw)
            if step == SQLITE_DONE { break }
            guard step == SQLITE_ROW else {
                throw DatabaseError(resultCode: ResultCode(rawValue: step),
                                    message: String(cString: sqlite3_errmsg(db.sqliteConnection)), sql: sql)
            }
            let id = Int(sqlite3_column_int64(raw, 0))
            guard let slug = text(5), let column = Column(rawValue: slug) else {
                throw StoreError.damaged("lead \(id) has an unknown column '\(text(5) ?? "")'")
            }
            cards.append(Card(id: LeadID(id), company: text(1) ?? "", contact: text(2) ?? "", owner: text(3) ?? "", ae: text(4),
                              column: column, columnSince: Date(timeIntervalSince1970: sqlite3_column_double(raw, 6)),
                              version: Int(sqlite3_column_int64(raw, 7)), rebook: sqlite3_column_int64(raw, 8) != 0,
                              disputeOpen: sqlite3_column_int64(raw, 9) != 0, revisit: time(10), meetingAt: time(11),
                              meetingOutcome: text(12).flatMap(MeetingOutcome.init(rawValue:))))
        }
        return cards
    }
}

extension SQLiteStore {
    /// Each column's count, and its first `limit` cards in board order, read in one
    /// transaction: the counts from `lead_count`, the cards that need attention from their
    /// own partial indexes, the rest from the covering index (BoardHead). What it reads
    /// does not grow with the board.
    public func boardPage(limit: Int, now: Date) throws -> BoardPage {
        try read { db in try BoardHead.page(db, limit: limit, now: now) }
    }
}
