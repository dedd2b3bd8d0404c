import Foundation
import GRDB
import HandoffStore

/// What is at a store's path before anything opens it, judged from the file's own bytes:
/// Handoff never switches on WAL, adds a table or leaves a `-wal`/`-shm` beside a file
/// that belongs to another program.
public enum StoreFile {
    /// SQLite's `PRAGMA application_id` of every Handoff store: "HAND" in ASCII
    /// (0x48414E44, 1212239428). Set when a store is created, and by migration
    /// "v5: application id" in stores made before it existed.
    public static let applicationID: Int32 = 0x4841_4E44

    /// The files SQLite and Handoff keep for the store at `path`: the database, its WAL,
    /// its shared memory and the flock that serialises opening it.
    public static func companions(of path: String) -> [String] {
        [path, path + "-wal", path + "-shm", path + ".lock"]
    }

    enum Kind: Equatable {
        /// Nothing there, or an empty file: a new store may be made in it.
        case vacant
        /// A Handoff store, by its application id.
        case handoff
        /// A SQLite database without an application id: a store made before the id, an
        /// empty database, or another program's file (decided from its schema).
        case unmarked
        /// Not ours: the reason says why.
        case foreign(String)
        /// Unreadable here (permissions, a folder): SQLite's own error will say so.
        case unknown
    }

    /// Reads the first 100 bytes (SQLite's header) of `path`; opens nothing else.
    static func kind(of path: String) -> Kind {
        var status = stat()
        guard stat(path, &status) == 0 else { return errno == ENOENT ? .vacant : .unknown }
        guard (status.st_mode & S_IFMT) == S_IFREG else { return .unknown }
        if status.st_size == 0 { return .vacant }
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return .unknown }
        defer { close(descriptor) }
        var header = [UInt8](repeating: 0, count: 100)
        let count = header.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, 100) }
        let magic = Array("SQLite format 3".utf8) + [0]
        guard count >= 16, Array(header[0..<16]) == magic else {
            return .foreign("it is not a SQLite database")
        }
        guard count == 100 else { return .foreign("it is a damaged SQLite database (its header is cut short)") }
        let id = header[68..<72].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        if id == UInt32(bitPattern: applicationID) { return .handoff }
        if id != 0 { return .foreign(String(format: "it is another program's SQLite database (application id 0x%08X)", id)) }
        return .unmarked
    }

    /// The tables and indexes of the old Handoff schema (before the application id), and
    /// the migration that made them.
    static let legacyTables: Set<String> = ["event", "lead", "member", "definition", "grdb_migrations"]

    /// Whether an unmarked SQLite file may be opened as a store: it holds no schema at all
    /// (a blank database), or it is a Handoff store made before the application id. Read
    /// as immutable: no lock, no journal, nothing written or left behind.
    static func unmarkedIsOurs(_ path: String) throws -> Bool {
        guard let encoded = path.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) else { return false }
        var configuration = Configuration()
        configuration.readonly = true
        do {
            let queue = try DatabaseQueue(path: "file:\(encoded)?mode=ro&immutable=1", configuration: configuration)
            defer { try? queue.close() }
            let names = try queue.read { db in
                try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
            }
            let tables = Set(names)
            if tables.isEmpty { return true }
            // Our tables and no others, with our migration log: a store, perhaps one whose
            // first opening was cut short after the log was made and before v1 committed.
            guard tables.isSubset(of: legacyTables), tables.contains("grdb_migrations") else { return false }
            let migrations = try queue.read { db in try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations") }
            return tables == legacyTables ? migrations.contains("v1: events and projection") : migrations.isEmpty
        } catch {
            return false
        }
    }

    /// Refuses, untouched, a file at `path` that is not a Handoff store and not empty.
    static func requireOurs(_ path: String) throws {
        let reason: String
        switch kind(of: path) {
        case .vacant, .handoff, .unknown:
            return
        case .unmarked:
            if try unmarkedIsOurs(path) { return }
            reason = "it is a SQLite database with tables of its own"
        case .foreign(let why):
            reason = why
        }
        throw StoreError.notAStore("\(path) is not a Handoff store: \(reason); nothing was changed (give --db a Handoff store, or a new path)")
    }

    /// Whether `candidate` is, or resolves to, one of the files of the store at `store`:
    /// the same device and inode (a hard link, a symbolic link, another spelling of the
    /// path), or the same real path for a file not there yet.
    public static func isPart(_ candidate: String, ofStoreAt store: String) -> Bool {
        var target = stat()
        let targetExists = stat(candidate, &target) == 0
        let resolvedCandidate = realPath(candidate)
        for file in companions(of: store) {
            var status = stat()
            if targetExists, stat(file, &status) == 0, status.st_dev == target.st_dev, status.st_ino == target.st_ino {
                return true
            }
            if let resolvedCandidate, resolvedCandidate == realPath(file) { return true }
        }
        return false
    }

    /// The absolute path with every link resolved; for a file not there yet, its folder's
    /// real path and its name.
    static func realPath(_ path: String) -> String? {
        if let resolved = realpath(path, nil) {
            defer { free(resolved) }
            return String(cString: resolved)
        }
        let url = URL(fileURLWithPath: path)
        guard let folder = realpath(url.deletingLastPathComponent().path, nil) else { return nil }
        defer { free(folder) }
        return URL(fileURLWithPath: String(cString: folder)).appendingPathComponent(url.lastPathComponent).path
    }

    /// Removes a store this process created and that still holds no event: a command that
    /// failed leaves no file behind. A store someone else has written to meanwhile stays.
    public static func removeIfUnused(_ path: String, folder: String? = nil) {
        // Still open in this process: not ours to remove, and not to be read with open/close.
        guard !OpenStoreFiles.isOpen(path) else { return }
        removeFilesIfUnused(path)
        // The folders made for it, innermost first, each only if nothing else is in it.
        guard let folder, !FileManager.default.fileExists(atPath: path) else { return }
        func parent(_ path: String) -> String { path.lastIndex(of: "/").map { String(path[..<$0]) } ?? "" }
        var current = parent(path)
        while current.hasPrefix(folder), rmdir(current) == 0, current != folder {
            current = parent(current)
        }
    }

    private static func removeFilesIfUnused(_ path: String) {
        guard let lock = try? FileLock(path: path + ".lock", readOnly: false) else { return }
        defer { lock.release() }
        // Only an empty file, or a database without an event, is removed; anything else stays.
        let kind = kind(of: path)
        var unused = kind == .vacant
        if kind == .handoff || kind == .unmarked {
            do {
                let queue = try DatabaseQueue(path: path)
                unused = try queue.read { db in
                    guard try db.tableExists("event") else { return true }
                    return try Int.fetchOne(db, sql: "SELECT count(*) FROM event") == 0
                }
                try queue.close()
            } catch {
                unused = false
            }
        }
        guard unused else { return }
        for file in companions(of: path) { unlink(file) }
    }
}

/// A file's identity: its device and inode, whatever path names it.
struct FileID: Hashable {
    let device: UInt64
    let inode: UInt64

    init?(_ path: String) {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        device = UInt64(status.st_dev)
        inode = UInt64(status.st_ino)
    }
}

/// The store files this process has open, with how many stores hold each. SQLite's POSIX
/// locks belong to the process, and any close() of the file drops them all: a file open
/// here is never read with open/close again (it was checked when first opened), or two
/// stores in one process could corrupt each other's view of the log.
enum OpenStoreFiles {
    nonisolated(unsafe) private static var counts: [FileID: Int] = [:]
    private static let lock = NSLock()

    /// Runs `check` on `path` unless this process has the file open, and counts one more
    /// holder, in one step: no other store of this process opens it in between.
    static func admit(_ path: String, check: (String) throws -> Void) throws -> FileID? {
        lock.lock()
        defer { lock.unlock() }
        let id = FileID(path)
        if let id, counts[id] != nil {
            counts[id, default: 0] += 1
            return id
        }
        try check(path)
        guard let id else { return nil }
        counts[id, default: 0] += 1
        return id
    }

    /// Counts a holder of a file just created.
    static func register(_ path: String) -> FileID? {
        lock.lock()
        defer { lock.unlock() }
        guard let id = FileID(path) else { return nil }
        counts[id, default: 0] += 1
        return id
    }

    static func release(_ id: FileID?) {
        guard let id else { return }
        lock.lock()
        defer { lock.unlock() }
        guard let count = counts[id] else { return }
        counts[id] = count > 1 ? count - 1 : nil
    }

    static func isOpen(_ path: String) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        return FileID(path).map { counts[$0] != nil } ?? false
    }
}

/// Releases an admitted file unless `keep` hands it over (a store whose opening failed).
final class FileAdmission {
    var id: FileID?

    init(_ id: FileID?) {
        self.id = id
    }

    func keep() -> FileID? {
        defer { id = nil }
        return id
    }

    deinit {
        OpenStoreFiles.release(id)
    }
}
