import Foundation
import GRDB
import GRDBSQLite
import HandoffCore
import HandoffStore

/// A cached statement whose parameters are bound through SQLite's own API and which is
/// stepped once: what an import's hundred thousand event and lead inserts cost in GRDB's
/// `StatementArguments` (an array of existentials, a dynamic cast and a `DatabaseValue` per
/// value) was more than SQLite's own work for them. Only for statements that write and
/// return no rows; every value is bound, in order, before `run`.
struct BoundStatement {
    private let statement: Statement
    private let raw: SQLiteStatement
    private var index: Int32 = 0
    /// Where texts are copied for SQLite to read in place; without one, SQLite copies them.
    private let arena: TextArena?

    /// SQLite copies each text before `bind` returns (`SQLITE_TRANSIENT`).
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    init(_ db: Database, sql: String, arena: TextArena? = nil) throws {
        statement = try db.cachedStatement(sql: sql)
        raw = statement.sqliteStatement
        self.arena = arena
        sqlite3_reset(raw)
    }

    mutating func bind(_ text: String?) {
        index += 1
        guard var text else {
            sqlite3_bind_null(raw, index)
            return
        }
        let position = index
        let arena = arena
        _ = text.withUTF8 { bytes in
            if let arena, let copy = arena.copy(UnsafeRawBufferPointer(bytes)) {
                // The arena keeps the bytes until `run` has cleared this binding.
                return sqlite3_bind_text(raw, position, copy.assumingMemoryBound(to: CChar.self), Int32(bytes.count), nil)
            }
            return bytes.withMemoryRebound(to: CChar.self) { chars in
                if chars.isEmpty {
                    // An empty text may have no buffer: bind an empty string, not NULL.
                    sqlite3_bind_text(raw, position, "", 0, Self.transient)
                } else {
                    sqlite3_bind_text(raw, position, chars.baseAddress, Int32(chars.count), Self.transient)
                }
            }
        }
    }

    mutating func bind(_ number: Int64?) {
        index += 1
        if let number { sqlite3_bind_int64(raw, index, number) } else { sqlite3_bind_null(raw, index) }
    }

    mutating func bind(_ number: Int?) { bind(number.map(Int64.init)) }

    mutating func bind(_ flag: Bool) { bind(Int64(flag ? 1 : 0)) }

    mutating func bind(_ number: Double?) {
        index += 1
        if let number { sqlite3_bind_double(raw, index, number) } else { sqlite3_bind_null(raw, index) }
    }

    /// Steps the statement once and resets it; a failure (a constraint, the disk) throws.
    func run(_ db: Database) throws {
        let code = sqlite3_step(raw)
        defer {
            sqlite3_reset(raw)
            if let arena {
                // No binding may point into the arena once it is reused.
                sqlite3_clear_bindings(raw)
                arena.reset()
            }
        }
        guard code == SQLITE_DONE else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code),
                                message: String(cString: sqlite3_errmsg(db.sqliteConnection)), sql: statement.sql)
        }
    }
}

/// The two writes an import makes a hundred thousand of, bound directly.
extension Rows {
    static let eventInsert = "INSERT INTO event " + eventColumns
    static let eventColumns = """
        (seq, at, actor, lead, type, from_column, to_column, payload,
         person, company, meeting_at, outcome, revisit, resolution, undoes, reasons, failed_criteria,
         before_meeting)
        VALUES
        """
    static let eventRow = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    static let leadRow = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"

    /// A statement of many rows that fails where a row fails, keeping the rows before it
    /// (`OR FAIL`): SQLite then keeps no journal to undo the statement alone, which an
    /// import's 100,000 rows paid for in 270,000 more writes. It runs only in a batch,
    /// whose whole transaction rolls back on any failure.
    private static let manyEvents = "INSERT OR FAIL INTO event " + eventColumns
    private static let manyLeads = "INSERT OR FAIL INTO lead " + leadColumns

    /// A batch's statements, made once for the usual number of rows: the text is long.
    private static let fullEvents = manyRows(manyEvents, eventRow, SQLiteBatchSession.rowsPerStatement)
    private static let fullLeads = manyRows(manyLeads, leadRow, SQLiteBatchSession.rowsPerStatement)

    private static func manyRows(_ head: String, _ row: String, _ count: Int) -> String {
        head + repeatElement(row, count: count).joined(separator: ", ")
    }

    /// `insert` with the payload already encoded (a batch encodes on several cores).
    /// Statements are cached: an import inserts thousands.
    /// The report's facts go in plain columns beside the payload (`ReportColumns`, v6).
    static func insert(_ event: inout Event, payload: String, _ db: Database) throws {
        var insert = try BoundStatement(db, sql: eventInsert + eventRow)
        EventRow(event, payload: payload, at: ISODate.text(event.at)).bind(to: &insert)
        try insert.run(db)
        event.seq = db.lastInsertedRowID
    }

    /// Events numbered already, in one statement: a statement's own cost (its cursors, its
    /// end, the AUTOINCREMENT counter) is paid once for them all.
    static func insert(numbered events: [EventRow], arena: TextArena, _ db: Database) throws {
        try insert(events, head: manyEvents, row: eventRow, full: fullEvents, arena: arena, db)
    }

    /// Leads' first rows (each one's `created` event is in the same batch), in one
    /// statement; no look for a column they leave. The caller counts them into their
    /// columns (BoardHead).
    static func insertNew(_ leads: [LeadRow], arena: TextArena, _ db: Database) throws {
        try insert(leads, head: manyLeads, row: leadRow, full: fullLeads, arena: arena, db)
    }

    private static func insert(_ rows: [some BoundRow], head: String, row: String, full: String, arena: TextArena,
                               _ db: Database) throws {
        guard !rows.isEmpty else { return }
        let sql = rows.count == SQLiteBatchSession.rowsPerStatement ? full : manyRows(head, row, rows.count)
        var insert = try BoundStatement(db, sql: sql, arena: arena)
        for index in rows.indices { rows[index].bind(to: &insert) }
        try insert.run(db)
    }
}
