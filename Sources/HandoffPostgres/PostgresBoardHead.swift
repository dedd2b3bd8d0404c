import Foundation
import HandoffCore
import HandoffStore
import PostgresNIO

/// What the board's first frame reads on PostgreSQL, in one statement and one round trip
/// (issue 14): each column's count from `lead_count`, and each column's first cards in
/// board order from indexes that stop at the page. Before, the first frame read every
/// card of the board (the protocol's default `boardPage`): 100,000 rows to draw ~100.
///
/// The counts are kept by statement-level triggers with transition tables on `lead`, so
/// every path that writes a lead (`handoff_append`, the COPY of `import --events`, a
/// migration) keeps them in its own transaction, once per statement, not once per row.
/// `doctor` checks them against the leads.
enum PostgresBoardHead {
    static let migrationName = "v5: column counts and attention indexes"

    /// A card that needs attention whatever the time (`Card.needsAttention` but the
    /// revisit): the same text in the partial index and in the query, so the planner can
    /// use the index.
    static let flagged = "(rebook OR dispute_open OR (column_slug = 'handed-off' AND meeting_outcome IS NOT DISTINCT FROM 'held'))"
    /// A nurture card with a revisit date (due once the date has passed), and without.
    static let revisiting = "(column_slug = 'nurture' AND revisit IS NOT NULL)"
    static let undated = "(column_slug = 'nurture' AND revisit IS NULL)"

    static let migration: [String] = [
        "CREATE TABLE @schema.lead_count (column_slug TEXT PRIMARY KEY, n BIGINT NOT NULL)",
        "INSERT INTO @schema.lead_count (column_slug, n) SELECT column_slug, count(*) FROM @schema.lead GROUP BY column_slug",
        // One function, three triggers: a trigger with transition tables takes one event.
        // Each statement's rows are summed per column and added in one upsert.
        """
        CREATE FUNCTION @schema.handoff_count_leads() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'INSERT' THEN
                INSERT INTO @schema.lead_count AS c (column_slug, n)
                SELECT column_slug, count(*) FROM new_rows GROUP BY column_slug
                ON CONFLICT (column_slug) DO UPDATE SET n = c.n + excluded.n;
            ELSIF TG_OP = 'UPDATE' THEN
                INSERT INTO @schema.lead_count AS c (column_slug, n)
                SELECT column_slug, sum(d) FROM (
                    SELECT column_slug, 1 AS d FROM new_rows UNION ALL SELECT column_slug, -1 FROM old_rows
                ) moved GROUP BY column_slug HAVING sum(d) <> 0
                ON CONFLICT (column_slug) DO UPDATE SET n = c.n + excluded.n;
            ELSE
                INSERT INTO @schema.lead_count AS c (column_slug, n)
                SELECT column_slug, -count(*) FROM old_rows GROUP BY column_slug
                ON CONFLICT (column_slug) DO UPDATE SET n = c.n + excluded.n;
            END IF;
            RETURN NULL;
        END
        $$
        """,
        """
        CREATE TRIGGER lead_count_insert AFTER INSERT ON @schema.lead REFERENCING NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION @schema.handoff_count_leads()
        """,
        """
        CREATE TRIGGER lead_count_update AFTER UPDATE ON @schema.lead REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION @schema.handoff_count_leads()
        """,
        """
        CREATE TRIGGER lead_count_delete AFTER DELETE ON @schema.lead REFERENCING OLD TABLE AS old_rows
        FOR EACH STATEMENT EXECUTE FUNCTION @schema.handoff_count_leads()
        """,
        // A column's cards in board order; the few that need attention; nurture cards with
        // a revisit date in board order (the due ones are the oldest: found at the start),
        // without one, and by date (those not due yet are the newest few).
        "CREATE INDEX lead_in_board_order ON @schema.lead(column_slug, column_since, id)",
        "CREATE INDEX lead_flagged ON @schema.lead(column_slug, column_since, id) WHERE \(flagged)",
        "CREATE INDEX lead_nurture_dated ON @schema.lead(column_since, id) WHERE \(revisiting)",
        "CREATE INDEX lead_nurture_undated ON @schema.lead(column_since, id) WHERE \(undated)",
        "CREATE INDEX lead_revisit ON @schema.lead(revisit) WHERE \(revisiting)",
        // Every login that may read the leads may read their counts (the board's first
        // frame): logins granted before this table existed get it too.
        """
        DO $$
        DECLARE who record;
        BEGIN
            FOR who IN SELECT DISTINCT a.grantee FROM pg_class c, aclexplode(c.relacl) a
                       WHERE c.oid = '@schema.lead'::regclass AND a.privilege_type = 'SELECT' AND a.grantee <> c.relowner
            LOOP
                IF who.grantee = 0 THEN
                    GRANT SELECT ON @schema.lead_count TO PUBLIC;
                ELSE
                    EXECUTE format('GRANT SELECT ON @schema.lead_count TO %I', pg_get_userbyid(who.grantee));
                END IF;
            END LOOP;
        END
        $$
        """,
    ]

    /// The statement behind `boardPage`: a row per column with cards (`kind` 0: its count),
    /// then each column's first `limit` cards in board order (`kind` 1): those that need
    /// attention at `now`, oldest in the column first, then the rest. Each part is its own
    /// constant condition, so the planner matches the partial indexes, and reads at most
    /// `limit` entries of an index past the cards it skips (the few that need attention).
    /// A column's rest is read only when fewer than `limit` of its cards need attention: a
    /// LIMIT of 0 does not run what is under it. So at any size it reads about `limit`
    /// cards a column, except Nurture's revisits not due yet (the newest few, by date)
    /// when fewer than `limit` are due.
    static func query(limit: Int, now: Date) -> PostgresQuery {
        let cards = PostgresRows.cardColumns
        func top(_ rank: Int, _ condition: String) -> String {
            "(SELECT \(rank) AS rank, \(cards) FROM lead WHERE \(condition) ORDER BY column_since, id LIMIT $1)"
        }
        func first(_ parts: [String], limit: String) -> String {
            "SELECT * FROM (\(parts.joined(separator: " UNION ALL "))) part ORDER BY column_since, id LIMIT \(limit)"
        }
        var attention: [String] = []
        var page: [String] = []
        for (index, column) in Column.board.enumerated() {
            let slug = column.rawValue
            let flaggedHere = top(0, "column_slug = '\(slug)' AND \(flagged)")
            let (urgent, rest) = column == .nurture
                ? ([flaggedHere,
                    // Due: `IS TRUE` keeps the planner from the date index here (most
                    // revisits are due, and this wants the oldest few, in board order).
                    top(0, "\(revisiting) AND (revisit <= $2) IS TRUE AND NOT \(flagged)")],
                   [top(1, "\(undated) AND NOT \(flagged)"),
                    top(1, "\(revisiting) AND revisit > $2 AND NOT \(flagged)")])
                : ([flaggedHere], [top(1, "column_slug = '\(slug)' AND NOT \(flagged)")])
            attention.append("a\(index) AS MATERIALIZED (\(first(urgent, limit: "$1")))")
            page.append("SELECT * FROM a\(index)")
            page.append("(\(first(rest, limit: "$1 - (SELECT count(*) FROM a\(index))")))")
        }
        // Ordered by kind, then the card's column, rank, column_since and id (by position:
        // a UNION orders by its output columns only).
        let sql = """
            WITH \(attention.joined(separator: ", "))
            SELECT 0 AS kind, n, column_slug, NULL::int AS rank, \(nulls) FROM lead_count WHERE n <> 0 AND column_slug <> 'archived'
            UNION ALL
            SELECT 1, NULL, NULL, * FROM (\(page.joined(separator: " UNION ALL "))) page
            ORDER BY 1, 10, 4, 11, 5
            """
        var binds = PostgresBindings()
        binds.append(limit)
        binds.append(now.timeIntervalSince1970)
        return PostgresQuery(unsafeSQL: sql, binds: binds)
    }

    /// NULLs for the card columns of a count row.
    private static let nulls = """
        NULL::bigint, NULL::text, NULL::text, NULL::text, NULL::text, NULL::text, NULL::float8, NULL::bigint, \
        NULL::boolean, NULL::boolean, NULL::float8, NULL::float8, NULL::text
        """

    /// The page from the statement's rows.
    static func page(_ rows: [PostgresRow]) throws -> BoardPage {
        var counts: [Column: Int] = [:]
        var cards: [Card] = []
        for row in rows {
            let cells = row.makeRandomAccess()
            if try cells[0].decode(Int.self) == 0 {
                let slug = try cells[2].decode(String.self)
                guard let column = Column(rawValue: slug) else { continue }
                counts[column] = try cells[1].decode(Int.self)
            } else {
                cards.append(try card(cells))
            }
        }
        // The board's column order (the statement orders columns by name).
        let position = Dictionary(uniqueKeysWithValues: Column.board.enumerated().map { ($1, $0) })
        cards = cards.enumerated().sorted { a, b in
            let (x, y) = (position[a.element.column] ?? 0, position[b.element.column] ?? 0)
            return x != y ? x < y : a.offset < b.offset
        }.map(\.element)
        let complete = cards.count == counts.values.reduce(0, +)
        return BoardPage(counts: counts, cards: cards, isComplete: complete)
    }

    /// A card from a page row: `PostgresRows.card`'s columns, after the row's four others.
    private static func card(_ cells: PostgresRandomAccessRow) throws -> Card {
        let id = try cells[4].decode(Int.self)
        let slug = try cells[9].decode(String.self)
        guard let column = Column(rawValue: slug) else {
            throw StoreError.damaged("lead \(id) has an unknown column '\(slug)'")
        }
        return Card(id: LeadID(id), company: try cells[5].decode(String.self), contact: try cells[6].decode(String.self),
                    owner: try cells[7].decode(String.self), ae: try cells[8].decode(String?.self), column: column,
                    columnSince: Date(timeIntervalSince1970: try cells[10].decode(Double.self)),
                    version: try cells[11].decode(Int.self), rebook: try cells[12].decode(Bool.self),
                    disputeOpen: try cells[13].decode(Bool.self),
                    revisit: try cells[14].decode(Double?.self).map(Date.init(timeIntervalSince1970:)),
                    meetingAt: try cells[15].decode(Double?.self).map(Date.init(timeIntervalSince1970:)),
                    meetingOutcome: try cells[16].decode(String?.self).flatMap(MeetingOutcome.init(rawValue:)))
    }

    /// Doctor's check of the kept counts against the leads themselves.
    static func check(_ session: Session) throws -> [String] {
        let rows = try session.query("""
            SELECT coalesce(k.column_slug, c.column_slug), coalesce(k.n, 0), coalesce(c.n, 0)
            FROM (SELECT column_slug, n FROM lead_count WHERE n <> 0) k
            FULL JOIN (SELECT column_slug, count(*) AS n FROM lead GROUP BY column_slug) c USING (column_slug)
            WHERE k.n IS DISTINCT FROM c.n ORDER BY 1
            """)
        return try rows.map { row in
            let (slug, kept, counted) = try row.decode((String, Int, Int).self)
            return "the board's count of \(SafeText.sanitize(slug)) is \(kept) but the column holds \(counted) (table lead_count)"
        }
    }
}
