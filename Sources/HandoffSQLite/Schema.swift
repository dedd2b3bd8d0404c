import Foundation
import GRDB
import HandoffCore
import HandoffStore

/// The schema, by named migrations. The event table is the truth; `lead`, `member` and
/// `definition` are its projection, written in the same transaction.
enum Schema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: events and projection") { db in
            try db.execute(sql: """
                CREATE TABLE event (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    at TEXT NOT NULL,
                    actor TEXT NOT NULL,
                    lead INTEGER,
                    type TEXT NOT NULL,
                    from_column TEXT,
                    to_column TEXT,
                    payload TEXT NOT NULL
                );
                CREATE INDEX event_by_lead ON event(lead, seq);
                CREATE INDEX event_by_actor ON event(actor, seq);
                CREATE TRIGGER event_no_update BEFORE UPDATE ON event
                BEGIN SELECT RAISE(ABORT, 'events are append-only: UPDATE is refused'); END;
                CREATE TRIGGER event_no_delete BEFORE DELETE ON event
                BEGIN SELECT RAISE(ABORT, 'events are append-only: DELETE is refused'); END;

                CREATE TABLE lead (
                    id INTEGER PRIMARY KEY,
                    column_slug TEXT NOT NULL,
                    owner TEXT NOT NULL,
                    ae TEXT,
                    company TEXT NOT NULL,
                    contact TEXT NOT NULL,
                    email TEXT,
                    external_id TEXT,
                    version INTEGER NOT NULL,
                    updated_at TEXT NOT NULL,
                    state TEXT NOT NULL
                );
                CREATE INDEX lead_by_column ON lead(column_slug, id);
                CREATE INDEX lead_by_owner ON lead(owner);
                CREATE INDEX lead_by_email ON lead(email);
                CREATE INDEX lead_by_external_id ON lead(external_id);

                CREATE TABLE member (
                    name TEXT PRIMARY KEY,
                    role TEXT NOT NULL
                );

                CREATE TABLE definition (
                    version INTEGER PRIMARY KEY,
                    body TEXT NOT NULL
                );
                """)
        }
        migrator.registerMigration("v2: card columns") { db in
            // What the board draws, as plain columns: opening a board of 100,000 leads
            // must not decode 100,000 JSON states.
            try db.execute(sql: """
                ALTER TABLE lead ADD COLUMN column_since REAL NOT NULL DEFAULT 0;
                ALTER TABLE lead ADD COLUMN rebook INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE lead ADD COLUMN dispute_open INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE lead ADD COLUMN revisit REAL;
                ALTER TABLE lead ADD COLUMN meeting_at REAL;
                ALTER TABLE lead ADD COLUMN meeting_outcome TEXT;
                """)
            for row in try Row.fetchAll(db, sql: "SELECT id, state FROM lead") {
                try Rows.saveCard(try Rows.lead(row).card, db)
            }
        }
        migrator.registerMigration("v3: cards in board order") { db in
            // Every card column, in the board's order, as one covering index: the board
            // reads 100,000 cards from this narrow index instead of walking the table
            // (whose rows carry each lead's whole JSON state), and already ordered.
            try db.execute(sql: """
                CREATE INDEX lead_card ON lead(column_slug, column_since, id, company, contact, owner, ae, version,
                                               rebook, dispute_open, revisit, meeting_at, meeting_outcome)
                """)
        }
        migrator.registerMigration("v4: member logins") { db in
            // The account each member signs in with; members from before default to their name.
            try db.execute(sql: """
                ALTER TABLE member ADD COLUMN login TEXT;
                UPDATE member SET login = name;
                CREATE UNIQUE INDEX member_by_login ON member(login);
                """)
        }
        migrator.registerMigration(applicationIDMigration) { db in
            // What makes a file recognisable as a Handoff store before anything touches it
            // (StoreFile): set on every new store, and on the stores made before it.
            try db.execute(sql: "PRAGMA application_id = \(StoreFile.applicationID)")
        }
        migrator.registerMigration(reportColumnsMigration) { db in
            // The facts the report reads from each event, as plain columns written at
            // append (`ReportColumns`): the report reads no JSON. Filled here for the
            // events already in the store.
            try db.execute(sql: """
                ALTER TABLE event ADD COLUMN person TEXT;
                ALTER TABLE event ADD COLUMN company TEXT;
                ALTER TABLE event ADD COLUMN meeting_at TEXT;
                ALTER TABLE event ADD COLUMN outcome TEXT;
                ALTER TABLE event ADD COLUMN revisit TEXT;
                ALTER TABLE event ADD COLUMN resolution TEXT;
                ALTER TABLE event ADD COLUMN undoes INTEGER;
                ALTER TABLE event ADD COLUMN reasons TEXT;
                ALTER TABLE event ADD COLUMN failed_criteria TEXT;
                ALTER TABLE event ADD COLUMN before_meeting INTEGER;
                """)
            try Rows.fillReportColumns(db)
        }
        // Each column's count kept, and the attention cards indexed apart: what the
        // board's first frame reads stays the same at any size (BoardHead).
        migrator.registerMigration(BoardHead.migration, migrate: BoardHead.migrate)
        migrator.registerMigration(unusedKeyIndexesMigration) { db in
            try db.execute(sql: unusedKeyIndexes)
        }
        return migrator
    }

    static let applicationIDMigration = "v5: application id"

    /// The migrations that shape the tables: a read-only store needs all of these.
    static let structural: Set<String> = ["v1: events and projection", "v2: card columns", "v3: cards in board order", "v4: member logins"]

    /// The report reads these columns; a reader who may not write an older store cannot add them.
    static let reportColumnsMigration = "v6: report columns"

    static let unusedKeyIndexesMigration = "v8: no unused key indexes"

    /// v1 indexed `email` and `external_id`, but nothing reads a lead by either: duplicates
    /// are found on folded keys (`LeadKeys`), which no index of the raw text can answer, read
    /// in one scan of the table. Each index only cost every new or changed lead a B-tree
    /// insert (on PostgreSQL about a sixth of the server's time for a 100,000-row import).
    static let unusedKeyIndexes = "DROP INDEX IF EXISTS lead_by_email; DROP INDEX IF EXISTS lead_by_external_id"

    /// The schema version this build expects (`handoff --version`): its newest migration.
    static let version = 8
}

extension SQLiteStore {
    /// The schema version of the stores this build reads and writes (`handoff --version`).
    public static let schemaVersion = Schema.version
}
