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

    /// SQLite copies each text before `bind` returns (`SQLITE_TRANSIENT`).
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    init(_ db: Database, sql: String) throws {
        statement = try db.cachedStatement(sql: sql)
        raw = statement.sqliteStatement
        sqlite3_reset(raw)
    }

    mutating func bind(_ text: String?) {
        index += 1
        guard var text else {
            sqlite3_bind_null(raw, index)
            return
        }
        let position = index
        _ = text.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) { chars in
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
        defer { sqlite3_reset(raw) }
        guard code == SQLITE_DONE else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code),
                                message: String(cString: sqlite3_errmsg(db.sqliteConnection)), sql: statement.sql)
        }
    }
}

/// The two writes an import makes a hundred thousand of, bound directly.
extension Rows {
    /// `insert` with the payload already encoded (a batch encodes on several cores).
    /// Statements are cached: an import inserts thousands.
    /// The report's facts go in plain columns beside the payload (`ReportColumns`, v6).
    static func insert(_ event: inout Event, payload: String, _ db: Database) throws {
        let facts = ReportColumns(event)
        var insert = try BoundStatement(db, sql: """
            INSERT INTO event (seq, at, actor, lead, type, from_column, to_column, payload,
                               person, company, meeting_at, outcome, revisit, resolution, undoes, reasons, failed_criteria,
                               before_meeting)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        insert.bind(event.seq == 0 ? nil : event.seq)
        insert.bind(ISODate.text(event.at))
        insert.bind(event.actor)
        insert.bind(event.lead?.number)
        insert.bind(event.type.rawValue)
        insert.bind(event.from?.rawValue)
        insert.bind(event.to?.rawValue)
        insert.bind(payload)
        for value in [facts.person, facts.company, facts.meetingAt, facts.outcome, facts.revisit, facts.resolution] {
            insert.bind(value)
        }
        insert.bind(facts.undoes)
        insert.bind(facts.reasons)
        insert.bind(facts.failedCriteria)
        insert.bind(facts.beforeMeeting.map { Int64($0 ? 1 : 0) })
        try insert.run(db)
        event.seq = db.lastInsertedRowID
    }

    /// A lead's first row (its `created` event is the one just appended): one INSERT, no
    /// look for the column it leaves. The caller counts it into its column (BoardHead).
    static func insertNew(_ lead: Lead, state: String, _ db: Database) throws {
        let card = lead.card
        var insert = try BoundStatement(db, sql: leadInsert)
        insert.bind(lead.id.number)
        insert.bind(lead.column.rawValue)
        insert.bind(lead.owner)
        insert.bind(lead.ae)
        insert.bind(lead.company)
        insert.bind(lead.contact)
        insert.bind(lead.fields.email)
        insert.bind(lead.fields.externalID)
        insert.bind(lead.version)
        insert.bind(ISODate.text(lead.updatedAt))
        insert.bind(state)
        insert.bind(card.columnSince.timeIntervalSince1970)
        insert.bind(card.rebook)
        insert.bind(card.disputeOpen)
        insert.bind(card.revisit?.timeIntervalSince1970)
        insert.bind(card.meetingAt?.timeIntervalSince1970)
        insert.bind(card.meetingOutcome?.rawValue)
        try insert.run(db)
    }
}
