import Foundation
import HandoffSQLite
import HandoffStore
import Synchronization

/// The store file this run created, if any: a command that fails leaves no file it made
/// (a refused `init`, an `import --events` of a bad log into a new path), so the next
/// `handoff` finds no half-made store without a team.
enum CreatedStore {
    private static let made = Mutex<(path: String, folder: String?)?>(nil)

    static func record(_ store: any BoardStore) {
        guard let sqlite = store as? SQLiteStore, sqlite.created else { return }
        made.withLock { $0 = (sqlite.location, sqlite.createdFolder) }
    }

    /// Runs `body`; if it throws, removes the store this run created, unless it holds an
    /// event by then (someone else's, written meanwhile).
    static func removingOnFailure(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch {
            if let created = made.withLock({ $0 }) { StoreFile.removeIfUnused(created.path, folder: created.folder) }
            throw error
        }
    }
}
