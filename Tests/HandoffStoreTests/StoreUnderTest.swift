import Foundation
import GRDB
import HandoffCore
@testable import HandoffPostgres
import HandoffSQLite
import HandoffStore
import PostgresTestSupport
import Testing

/// The two implementations of the store that one suite runs against.
enum StoreKind: String, Sendable, CaseIterable, CustomTestStringConvertible {
    case sqlite
    case postgres

    var testDescription: String { rawValue }

    /// SQLite always; PostgreSQL where a server can be had, and always under CI, where a
    /// missing server fails the PostgreSQL half instead of leaving it out.
    static let all: [StoreKind] = TestCluster.isWanted ? [.sqlite, .postgres] : [.sqlite]
}

/// One empty store of either kind for one test: where it lives, and how to open it again.
/// `remove()` deletes it (the folder, or the database).
final class StoreUnderTest: Sendable {
    let kind: StoreKind
    /// The file path, or the URL with the password in it.
    let target: String
    /// What the store reports as its location (for PostgreSQL, without the password).
    let location: String
    private let folder: TempFolder?
    private let database: String?

    init(_ kind: StoreKind) throws {
        self.kind = kind
        switch kind {
        case .sqlite:
            let folder = try TempFolder()
            self.folder = folder
            database = nil
            target = folder.store
            location = folder.store
        case .postgres:
            let cluster = try TestCluster.shared()
            let (name, url) = try cluster.newDatabase()
            folder = nil
            database = name
            target = url
            location = try PostgresURL(url).redacted
        }
    }

    func open(clock: ManualClock, busyTimeout: TimeInterval = SQLiteStore.defaultBusyTimeout) throws -> any BoardStore {
        try open(now: clock.now, busyTimeout: busyTimeout)
    }

    func open(now: Now, busyTimeout: TimeInterval = SQLiteStore.defaultBusyTimeout, create: Bool = true) throws -> any BoardStore {
        switch kind {
        case .sqlite: try SQLiteStore(path: target, now: now, calendar: storeCalendar, create: create, busyTimeout: busyTimeout)
        case .postgres: try PostgresStore(target, now: now, calendar: storeCalendar, create: create, busyTimeout: busyTimeout)
        }
    }

    /// A store with the team lead `lee` and the roster. Personal: the tests play every
    /// member from one account (on PostgreSQL the server holds them to it otherwise).
    func teamStore(clock: ManualClock, busyTimeout: TimeInterval = SQLiteStore.defaultBusyTimeout) throws -> any BoardStore {
        let store = try open(clock: clock, busyTimeout: busyTimeout)
        try store.initialize(lead: "lee", founding: Founding(account: try store.account(), personal: true))
        for member in teamRoster {
            try store.execute(.addMember(member), as: "lee")
        }
        return store
    }

    /// Runs SQL on the store behind its back; the database's error message if it refuses.
    func raw(_ sql: String) throws -> String? {
        switch kind {
        case .sqlite:
            let queue = try DatabaseQueue(path: target)
            defer { try? queue.close() }
            do {
                try queue.write { db in try db.execute(sql: sql) }
                return nil
            } catch let error as DatabaseError {
                return error.message
            }
        case .postgres:
            guard let database else { return "no database" }
            do {
                try TestCluster.shared().sql(sql, database: database)
                return nil
            } catch let error as TestCluster.ClusterError {
                // psql: "ERROR:  message\nCONTEXT: …"
                let line = error.description.split(separator: "\n").first { $0.contains("ERROR:") } ?? ""
                return line.components(separatedBy: "ERROR:").last?.trimmingCharacters(in: .whitespaces)
            }
        }
    }

    func remove() {
        folder?.remove()
        if let database, let cluster = try? TestCluster.shared() { cluster.dropDatabase(database) }
    }
}
