import Foundation
import GRDB
import HandoffCore
import HandoffStore

/// What the board's first frame reads, kept small at any size (issue 14): each column's
/// count in a table of a few rows, kept by `Rows.save` (the one statement that writes a
/// lead's column, for commands, batches, imports and rebuilds) in the same transaction;
/// and the cards that need attention in two partial indexes that hold only those cards.
/// Without them the first frame read every entry of `lead_card` twice: once to count
/// each column, once to find the few cards to put on top.
enum BoardHead {
    static let migration = "v7: column counts and attention indexes"

    /// A card that needs attention whatever the time (`Card.needsAttention` but the
    /// revisit). The same text in the index and in the query: SQLite uses a partial index
    /// only for a query whose WHERE holds the index's condition.
    static let flagged = "(rebook != 0 OR dispute_open != 0 OR (column_slug = 'handed-off' AND meeting_outcome IS 'held'))"

    /// A card with a revisit date (only a nurture card has one: `Lead.card`), due once
    /// the date has passed. No column in it: with `column_slug = ?` SQLite would rather
    /// walk the column in `lead_card` than sort the few due cards.
    static let revisiting = "revisit IS NOT NULL"

    static func migrate(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE lead_count (column_slug TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID;
            INSERT INTO lead_count (column_slug, n) SELECT column_slug, count(*) FROM lead GROUP BY column_slug;
            CREATE INDEX lead_flagged ON lead(column_slug, column_since, id, company, contact, owner, ae, version,
                                              rebook, dispute_open, revisit, meeting_at, meeting_outcome)
                WHERE \(flagged);
            CREATE INDEX lead_revisit ON lead(revisit, column_since, id) WHERE \(revisiting);
            """)
    }

    /// Counts a lead saved into `column`, out of `before` (nil: a new lead). In the
    /// saving statement's transaction, from `Rows.save`, the one statement that writes a
    /// lead's column. Not a trigger: a trigger makes every lead's save keep a statement
    /// journal, several gigabytes of temporary file over a 100,000-row import.
    static func move(from before: String?, to column: String, _ db: Database) throws {
        guard before != column else { return }
        if let before {
            try db.cachedStatement(sql: "UPDATE lead_count SET n = n - 1 WHERE column_slug = ?").execute(arguments: [before])
        }
        try db.cachedStatement(sql: """
            INSERT INTO lead_count (column_slug, n) VALUES (?, 1) ON CONFLICT (column_slug) DO UPDATE SET n = n + 1
            """).execute(arguments: [column])
    }

    /// Each column's count and its first `limit` cards in board order (`boardPage`).
    static func page(_ db: Database, limit: Int, now: Date) throws -> BoardPage {
        let counts = try counts(db)
        var cards: [Card] = []
        for column in HandoffCore.Column.board where (counts[column] ?? 0) > 0 {
            cards += try firstCards(db, column: column, limit: limit, now: now, counts: counts)
        }
        // Complete only if every card came back (else the rest is read behind the frame).
        let complete = cards.count == counts.values.reduce(0, +)
        return BoardPage(counts: counts, cards: cards, isComplete: complete)
    }

    /// Each column's count (archived left out): from `lead_count`, or by counting on a
    /// store a reader cannot migrate (opened read-only before v7).
    static func counts(_ db: Database) throws -> [HandoffCore.Column: Int] {
        let kept = try db.tableExists("lead_count")
        let sql = kept
            ? "SELECT column_slug, n FROM lead_count WHERE n > 0 AND column_slug != 'archived'"
            : "SELECT column_slug, count(*) FROM lead WHERE column_slug != 'archived' GROUP BY column_slug"
        var counts: [HandoffCore.Column: Int] = [:]
        for row in try Row.fetchAll(db, sql: sql) {
            guard let column = HandoffCore.Column(rawValue: row[0]) else { continue }
            counts[column] = row[1]
        }
        return counts
    }

    /// A column's first `limit` cards in board order: those that need attention at `now`
    /// (oldest in the column first), then the rest. Reads the attention cards from the
    /// partial indexes, and the rest from `lead_card`, skipping at most the few attention
    /// cards (the rest is read only when fewer than `limit` cards need attention).
    static func firstCards(_ db: Database, column: HandoffCore.Column, limit: Int, now: Date,
                           counts: [HandoffCore.Column: Int]? = nil) throws -> [Card] {
        let time = now.timeIntervalSince1970
        var attention = try Rows.cards(db, sql: """
            SELECT \(Rows.cardColumns) FROM lead WHERE column_slug = ? AND \(flagged)
            ORDER BY column_since, id LIMIT ?
            """, arguments: [column.rawValue, limit])
        if column == .nurture {
            let flaggedIDs = Set(attention.map(\.id))
            let due = try dueRevisits(db, limit: limit, time: time, inColumn: counts.map { $0[.nurture] ?? 0 } ?? .max)
            // By id, from the table: with a column in this WHERE, SQLite would rather walk
            // the column in `lead_card` than look up the few ids.
            attention += due.filter { $0.column == .nurture && !flaggedIDs.contains($0.id) }
            attention.sort { ($0.columnSince, $0.id.number) < ($1.columnSince, $1.id.number) }
            attention = Array(attention.prefix(limit))
        }
        guard attention.count < limit else { return attention }
        let rest = try Rows.cards(db, sql: """
            SELECT \(Rows.cardColumns) FROM lead WHERE column_slug = ?
              AND NOT (\(flagged) OR (\(revisiting) AND revisit <= ?))
            ORDER BY column_since, id LIMIT ?
            """, arguments: [column.rawValue, time, limit - attention.count])
        return attention + rest
    }

    /// Nurture's first `limit` due revisits in board order. A revisit passes with time, so
    /// the due cards are the column's oldest: they are looked for among its first cards in
    /// board order (`lead_card`, step by step, at most 5 × `limit` of them), which stops at
    /// the page whatever the column holds. Only when those hold too few are all due dates
    /// read from `lead_revisit` (at a million generated leads it holds some 150,000 due
    /// cards: 1,567 reads and 6.4 MB before the first frame, when it was always read).
    static func dueRevisits(_ db: Database, limit: Int, time: TimeInterval, inColumn count: Int) throws -> [Card] {
        // Nothing due at all: one step down `lead_revisit`.
        guard try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM lead WHERE \(revisiting) AND revisit <= ?)",
                                arguments: [time]) == true else { return [] }
        let window = 5 * limit
        var near: [Card] = []
        var seen = 0
        let cursor = try Row.fetchCursor(db, sql: """
            SELECT \(Rows.cardColumns) FROM lead INDEXED BY lead_card WHERE column_slug = 'nurture' ORDER BY column_since, id
            """)
        while near.count < limit, seen < window, let row = try cursor.next() {
            seen += 1
            let revisit: Double? = row[10]
            if let revisit, revisit <= time { near.append(try Rows.card(row)) }
        }
        guard near.count < limit, seen == window, count > window else { return near }
        return try Rows.cards(db, sql: """
            SELECT \(Rows.cardColumns) FROM lead WHERE id IN (
                SELECT id FROM lead WHERE \(revisiting) AND revisit <= ? ORDER BY column_since, id LIMIT ?)
            """, arguments: [time, limit])
    }

    /// Doctor's check of the kept counts against the leads themselves.
    static func check(_ db: Database) throws -> [String] {
        guard try db.tableExists("lead_count") else { return [] }
        var kept: [String: Int] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT column_slug, n FROM lead_count WHERE n != 0") { kept[row[0]] = row[1] }
        var counted: [String: Int] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT column_slug, count(*) FROM lead GROUP BY column_slug") { counted[row[0]] = row[1] }
        return Set(kept.keys).union(counted.keys).sorted().compactMap { slug in
            let (k, c) = (kept[slug] ?? 0, counted[slug] ?? 0)
            return k == c ? nil : "the board's count of \(slug) is \(k) but the column holds \(c) (table lead_count)"
        }
    }
}
