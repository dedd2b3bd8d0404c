import Foundation
import HandoffCore
import HandoffStore
import PostgresNIO

/// The schema, by named migrations, as in the SQLite store: the event table is the truth;
/// `lead`, `member` and `definition` are its projection, written in the same transaction.
/// Times are kept as the same ISO 8601 text the SQLite store writes, so an event reads back
/// exactly as it was appended.
enum PostgresSchema {
    /// Advisory lock keys (class, object): one database holds one team.
    static let lockClass: Int32 = 0x4844_4F46 // "HDOF"
    static let migrationLock: Int32 = 1
    static let writeLock: Int32 = 2

    static let migrations: [(name: String, statements: [String])] = [
        ("v1: events and projection", [
            """
            CREATE TABLE event (
                seq BIGINT PRIMARY KEY,
                at TEXT NOT NULL,
                actor TEXT NOT NULL,
                lead BIGINT,
                type TEXT NOT NULL,
                from_column TEXT,
                to_column TEXT,
                payload TEXT NOT NULL
            )
            """,
            "CREATE INDEX event_by_lead ON event(lead, seq)",
            "CREATE INDEX event_by_actor ON event(actor, seq)",
            """
            CREATE FUNCTION handoff_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION 'events are append-only: % is refused', TG_OP;
            END
            $$
            """,
            """
            CREATE TRIGGER event_no_update_or_delete BEFORE UPDATE OR DELETE ON event
            FOR EACH ROW EXECUTE FUNCTION handoff_event_append_only()
            """,
            """
            CREATE TRIGGER event_no_truncate BEFORE TRUNCATE ON event
            FOR EACH STATEMENT EXECUTE FUNCTION handoff_event_append_only()
            """,
            """
            CREATE TABLE lead (
                id BIGINT PRIMARY KEY,
                column_slug TEXT NOT NULL,
                owner TEXT NOT NULL,
                ae TEXT,
                company TEXT NOT NULL,
                contact TEXT NOT NULL,
                email TEXT,
                external_id TEXT,
                version BIGINT NOT NULL,
                updated_at TEXT NOT NULL,
                state TEXT NOT NULL,
                column_since DOUBLE PRECISION NOT NULL,
                rebook BOOLEAN NOT NULL,
                dispute_open BOOLEAN NOT NULL,
                revisit DOUBLE PRECISION,
                meeting_at DOUBLE PRECISION,
                meeting_outcome TEXT
            )
            """,
            "CREATE INDEX lead_by_column ON lead(column_slug, id)",
            "CREATE INDEX lead_by_owner ON lead(owner)",
            "CREATE INDEX lead_by_ae ON lead(ae)",
            "CREATE INDEX lead_by_email ON lead(email)",
            "CREATE INDEX lead_by_external_id ON lead(external_id)",
            """
            CREATE TABLE member (
                position BIGSERIAL NOT NULL,
                name TEXT PRIMARY KEY,
                role TEXT NOT NULL
            )
            """,
            """
            CREATE TABLE definition (
                version BIGINT PRIMARY KEY,
                body TEXT NOT NULL
            )
            """,
        ]),
        ("v2: member logins", [
            // The database role each member signs in as; members from before default to their name.
            "ALTER TABLE member ADD COLUMN login TEXT",
            "UPDATE member SET login = name",
            "ALTER TABLE member ALTER COLUMN login SET NOT NULL",
            "CREATE UNIQUE INDEX member_by_login ON member(login)",
        ]),
        ("v3: writes through server-side functions", PostgresFunctions.migration),
        ("v4: report columns", PostgresReportColumns.migration),
        (PostgresBoardHead.migrationName, PostgresBoardHead.migration),
        (PostgresCover.migrationName, PostgresCover.migration),
        (PostgresCalibration.migrationName, PostgresCalibration.migration),
        (PostgresReportPack.migrationName, PostgresReportPack.migration),
        // v1 indexed `email` and `external_id`, but nothing reads a lead by either:
        // duplicates are found on folded keys (`LeadKeys`) read in one scan of the table.
        // Each index only cost every new or changed lead a B-tree insert, about 0.5 s of the
        // server's 3 s for the leads of a 100,000-row import.
        ("v9: no unused key indexes", ["DROP INDEX IF EXISTS @schema.lead_by_email, @schema.lead_by_external_id"]),
    ]

    /// Whether the database holds a Handoff store at all.
    static func exists(_ session: Session) throws -> Bool {
        try session.scalar("SELECT to_regclass('handoff_migration') IS NOT NULL", as: Bool.self) ?? false
    }

    /// Applies the missing migrations. Clients starting at once queue on a session advisory
    /// lock, so each migration runs exactly once; each runs in its own transaction.
    static func migrate(_ session: Session) throws {
        try session.query("SELECT pg_advisory_lock(\(lockClass), \(migrationLock))")
        defer { _ = try? session.query("SELECT pg_advisory_unlock(\(lockClass), \(migrationLock))") }
        try requireOwner(session)
        let schema = try quotedSchema(session)
        try session.execute("""
            CREATE TABLE IF NOT EXISTS handoff_migration (
                name TEXT PRIMARY KEY,
                applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
            )
            """)
        let applied = Set(try session.query("SELECT name FROM handoff_migration").map { try $0.decode(String.self) })
        for migration in migrations where !applied.contains(migration.name) {
            try session.execute("BEGIN")
            do {
                for statement in migration.statements {
                    try session.execute(statement.replacingOccurrences(of: "@schema", with: schema))
                }
                try session.query("INSERT INTO handoff_migration (name) VALUES (\(migration.name))")
                try session.execute("COMMIT")
            } catch {
                _ = try? session.execute("ROLLBACK")
                throw error
            }
        }
    }

    /// The first few tables (or views) already in the schema a new store would be made in
    /// that are not Handoff's own (another client may be creating those this moment): a
    /// database that has them belongs to another program.
    static func foreignTables(_ session: Session) throws -> [String] {
        try session.query("""
            SELECT table_name::text FROM information_schema.tables
            WHERE table_schema = current_schema()
              AND table_name NOT IN ('handoff_migration', 'handoff_setting', 'event', 'lead', 'member', 'definition')
            ORDER BY table_name LIMIT 5
            """).map { try $0.decode(String.self) }
    }

    /// Only the schema's owner (or a member of its role) changes an existing store's schema:
    /// the functions it creates run with the owner's rights, so a team login must not be
    /// the one that creates them.
    static func requireOwner(_ session: Session) throws {
        guard try exists(session) else { return }
        let rows = try session.query("""
            SELECT pg_get_userbyid(relowner), pg_has_role(session_user, relowner, 'MEMBER')
            FROM pg_class WHERE oid = to_regclass('handoff_migration')
            """)
        guard let row = rows.first else { return }
        let (owner, isOwner) = try row.decode((String, Bool).self)
        let missing = try pending(session)
        guard isOwner || missing.isEmpty else {
            throw StoreError.unavailable("this store's schema needs an upgrade (\(missing.joined(separator: ", "))) that only its owner, \(SafeText.sanitize(owner)), can make: ask them to run `handoff doctor` on it once")
        }
    }

    /// The migrations not applied yet.
    static func pending(_ session: Session) throws -> [String] {
        let applied = Set(try session.query("SELECT name FROM handoff_migration").map { try $0.decode(String.self) })
        return migrations.map(\.name).filter { !applied.contains($0) }
    }

    /// The schema the store's tables live in, as a quoted identifier. A name that would need
    /// more than double quotes is refused rather than escaped into function bodies.
    static func quotedSchema(_ session: Session) throws -> String {
        let name = try session.scalar("SELECT current_schema()", as: String.self) ?? ""
        let allowed = name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_" || $0 == "$" }
        guard !name.isEmpty, allowed, name.unicodeScalars.first.map({ !("0"..."9").contains($0) && $0 != "$" }) ?? false else {
            throw StoreError.unavailable("the store's schema '\(SafeText.sanitize(name))' is not a plain name (letters, digits, _): keep the store in a schema such as public")
        }
        return "\"\(name)\""
    }

    /// Whether every migration has been applied (`exists`: already asked, one round trip fewer).
    static func isCurrent(_ session: Session, exists known: Bool? = nil) throws -> Bool {
        guard try known ?? exists(session) else { return false }
        let applied = Set(try session.query("SELECT name FROM handoff_migration").map { try $0.decode(String.self) })
        return migrations.allSatisfy { applied.contains($0.name) }
    }
}

extension PostgresStore {
    /// The schema version of the databases this build reads and writes (`handoff --version`).
    public static var schemaVersion: Int { PostgresSchema.migrations.count }
}
