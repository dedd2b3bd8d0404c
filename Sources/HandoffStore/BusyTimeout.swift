import Foundation

/// How long a writer waits for another's lock (a SQLite file's, a PostgreSQL database's write
/// lock) before reporting the store busy, when `$HANDOFF_BUSY_TIMEOUT` does not say.
public enum BusyTimeout {
    public static let standard: TimeInterval = 10
}
