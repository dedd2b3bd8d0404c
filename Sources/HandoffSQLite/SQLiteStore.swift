import Foundation
import GRDB
import HandoffCore
import HandoffStore
import Synchronization

/// The embedded default store: one SQLite file in WAL mode, shared by everyone who opens it.
public final class SQLiteStore: BoardStore {
    public let location: String
    let pool: DatabasePool
    let now: Now
    let calendar: Calendar
    public let isReadOnly: Bool
    /// This process made the file (it was not there): a command that fails removes it
    /// again (`StoreFile.removeIfUnused`).
    public let created: Bool
    /// The outermost folder this process made for the new store, if any.
    public let createdFolder: String?
    /// The file, as counted in `OpenStoreFiles` while this store has it open.
    let fileID: FileID?
    /// Opened lazily: only the live board asks for changes.
    let watcherBox = Mutex<ChangeWatcher?>(nil)
    let configuration: Configuration
    public let policySetting = PolicySetting()

    /// How long a writer waits for another process's lock before reporting the store busy.
    public static let defaultBusyTimeout: TimeInterval = BusyTimeout.standard
    public let busyTimeout: TimeInterval

    /// Opens (and, unless `create` is false, creates) the store at `path`. Opening and
    /// migrating are serialised across processes with an flock on `path.lock`, so several
    /// people opening a new file at the same moment do not race the migration.
    public init(path: String, now: Now = .system, calendar: Calendar = .current, create: Bool = true,
                busyTimeout: TimeInterval = SQLiteStore.defaultBusyTimeout) throws {
        self.location = path
        self.busyTimeout = busyTimeout
        self.now = now
        self.calendar = calendar
        let fileManager = FileManager.default
        let exists = fileManager.fileExists(atPath: path)
        var madeFolder: String?
        // Before any lock file, journal or pragma: another program's file stays untouched.
        let admission = FileAdmission(try OpenStoreFiles.admit(path, check: StoreFile.requireOurs))
        if !exists {
            guard create else {
                throw StoreError.unavailable("no store at \(path): run `handoff init --lead NAME` or `handoff demo`")
            }
            let folder = (path as NSString).deletingLastPathComponent
            if !folder.isEmpty {
                var missing: String?
                var ancestor = folder
                while !ancestor.isEmpty, ancestor != "/", !fileManager.fileExists(atPath: ancestor) {
                    missing = ancestor
                    // By hand: NSString's deletingLastPathComponent traps on a relative one-word path.
                    ancestor = ancestor.lastIndex(of: "/").map { String(ancestor[..<$0]) } ?? ""
                }
                madeFolder = missing
                do {
                    try fileManager.createDirectory(atPath: folder, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o2775])
                } catch {
                    throw StoreError.unavailable("cannot create the folder \(folder) for the store: \(error.localizedDescription)")
                }
            }
        }
        createdFolder = madeFolder
        let writable = exists ? access(path, W_OK) == 0 && access((path as NSString).deletingLastPathComponent.isEmpty ? "." : (path as NSString).deletingLastPathComponent, W_OK) == 0 : true
        isReadOnly = !writable
        let lock = try FileLock(path: path + ".lock", readOnly: !writable)
        defer { lock.release() }
        // Asked again under the lock: another opener (of this process or another) may have
        // made the file while we waited, and its connections must not be disturbed.
        let creating = !fileManager.fileExists(atPath: path)
        created = creating
        if creating {
            // Teammates on one host share the file: make it group-writable whatever the umask.
            let fd = open(path, O_CREAT | O_RDWR, 0o664)
            guard fd >= 0 else {
                throw StoreError.unavailable("cannot create the store at \(path): \(String(cString: strerror(errno)))")
            }
            fchmod(fd, 0o664)
            close(fd)
            admission.id = OpenStoreFiles.register(path)
            // The application id goes into the file's header before WAL is switched on:
            // written in place, every other process sees a Handoff store from the start.
            do {
                let queue = try DatabaseQueue(path: path)
                try queue.inDatabase { db in try db.execute(sql: "PRAGMA application_id = \(StoreFile.applicationID)") }
                try queue.close()
            } catch {
                throw Self.translate(error, location: path, busyTimeout: busyTimeout)
            }
        }
        var configuration = Configuration()
        configuration.busyMode = BusyWait.mode(timeout: busyTimeout)
        configuration.readonly = !writable
        configuration.label = "handoff"
        configuration.foreignKeysEnabled = true
        self.configuration = configuration
        do {
            if writable {
                pool = try DatabasePool(path: path, configuration: configuration)
                // GRDB sets synchronous=NORMAL for WAL; a handoff must survive power loss.
                try pool.barrierWriteWithoutTransaction { db in
                    try db.execute(sql: "PRAGMA synchronous = FULL")
                }
                try pool.read { db in try Self.refuseNewerSchema(db, location: path) }
                let pending = try pool.read { db in try !Schema.migrator.hasCompletedMigrations(db) }
                try Schema.migrator.migrate(pool)
                // An older store's application id lands in the WAL: copy it into the file's
                // header, where the next process looks before it opens anything (StoreFile).
                if pending {
                    try pool.writeWithoutTransaction { db in _ = try db.checkpoint(.passive) }
                }
            } else {
                pool = try Self.openReadOnly(path: path, configuration: configuration)
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw Self.translate(error, location: path, busyTimeout: busyTimeout)
        }
        fileID = admission.keep()
    }

    /// A store a newer handoff has migrated is refused before anything is written: this
    /// version would append events without the columns, counts or rows the newer schema
    /// keeps, and nothing but `doctor` would notice. GRDB's migrator alone skips the
    /// migrations it does not know.
    static func refuseNewerSchema(_ db: Database, location: String) throws {
        guard try Schema.migrator.hasBeenSuperseded(db) else { return }
        let known = Set(Schema.migrator.migrations)
        let applied = try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY rowid")
        let unknown = applied.filter { !known.contains($0) }.map { String(SafeText.sanitize($0).prefix(60)) }
        throw StoreError.unavailable(
            "\(SafeText.sanitize(location)) was upgraded by a newer handoff (schema \(unknown.joined(separator: ", "))); "
            + "this one knows up to v\(Schema.version): upgrade handoff to use it; nothing was changed")
    }

    deinit {
        // Every connection closed before the file counts as no longer open here.
        watcherBox.withLock { $0 = nil }
        try? pool.close()
        OpenStoreFiles.release(fileID)
    }

    /// A reader who may not write the folder cannot create the WAL's shared-memory file.
    /// When no WAL is pending (every writer has closed), the file alone is the whole truth
    /// and can be read as immutable.
    static func openReadOnly(path: String, configuration: Configuration) throws -> DatabasePool {
        func verified(_ pool: DatabasePool) throws -> DatabasePool {
            // The application id's migration is a header write a reader cannot make: a
            // store set up before it is read as it is.
            let applied = try pool.read { db in
                try Schema.migrator.appliedIdentifiers(db).isSuperset(of: Schema.structural)
            }
            guard applied else { throw StoreError.readOnly("the store at \(path) is read-only and was never set up") }
            return pool
        }
        do {
            return try verified(DatabasePool(path: path, configuration: configuration))
        } catch let error as DatabaseError where !FileManager.default.fileExists(atPath: path + "-wal") {
            guard [.SQLITE_CANTOPEN, .SQLITE_READONLY].contains(error.resultCode),
                  let encoded = path.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) else { throw error }
            return try verified(DatabasePool(path: "file:\(encoded)?mode=ro&immutable=1", configuration: configuration))
        }
    }

    var watcher: ChangeWatcher {
        get throws {
            try watcherBox.withLock { box in
                if let box { return box }
                let opened = try ChangeWatcher(path: location, configuration: configuration)
                box = opened
                return opened
            }
        }
    }

    /// Turns SQLite's errors into words a user can act on.
    static func translate(_ error: any Error, location: String, busyTimeout: TimeInterval) -> any Error {
        guard let databaseError = error as? DatabaseError else { return error }
        switch databaseError.resultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return StoreError.busy("the store \(location) is busy: another process has held it locked for over \(busyTimeout.formatted()) s; try again")
        case .SQLITE_READONLY:
            return StoreError.readOnly("the store \(location) is read-only for you: nothing was changed (check the file's and folder's permissions)")
        case .SQLITE_CANTOPEN, .SQLITE_PERM, .SQLITE_AUTH:
            return StoreError.unavailable("cannot open the store \(location): \(databaseError.message ?? "permission denied")")
        case .SQLITE_NOTADB, .SQLITE_CORRUPT:
            return StoreError.damaged("\(location) is not a Handoff store or is damaged: \(databaseError.message ?? "not a database")")
        case .SQLITE_FULL:
            return StoreError.unavailable("the disk holding \(location) is full: nothing was changed")
        default:
            return StoreError.unavailable("the store \(location) failed: \(databaseError.message ?? "\(databaseError.resultCode)")")
        }
    }

    /// Runs `body` and translates SQLite errors; rule errors pass through unchanged.
    func guarded<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as RuleError {
            throw error
        } catch let error as StoreError {
            throw error
        } catch {
            throw Self.translate(error, location: location, busyTimeout: busyTimeout)
        }
    }
}

/// An advisory lock on a file beside the store, held while the store is opened and migrated.
struct FileLock {
    private let descriptor: Int32

    init(path: String, readOnly: Bool) throws {
        let fd = open(path, readOnly ? O_RDONLY : (O_CREAT | O_RDWR), 0o664)
        if fd < 0 {
            // A read-only folder with no lock file: nobody can be migrating it through us.
            descriptor = -1
            return
        }
        if !readOnly { fchmod(fd, 0o664) }
        descriptor = fd
        while flock(fd, readOnly ? LOCK_SH : LOCK_EX) != 0 {
            guard errno == EINTR else {
                close(fd)
                throw StoreError.unavailable("cannot lock \(path): \(String(cString: strerror(errno)))")
            }
        }
    }

    func release() {
        guard descriptor >= 0 else { return }
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
