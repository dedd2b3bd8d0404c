import HandoffPostgres
import HandoffSQLite

/// What `handoff --version` says: this build, and the store schemas it reads and writes
/// (a store with a newer schema needs a newer build).
enum Version {
    static let number = "0.1.0"

    static var text: String {
        "handoff \(number) (store schema v\(SQLiteStore.schemaVersion) for SQLite, v\(PostgresStore.schemaVersion) for PostgreSQL)"
    }
}
