import Foundation
import GRDB
import HandoffCore
@testable import HandoffSQLite
@testable import HandoffStore
import Testing

/// Issue 13, classes 2, 7 and 8 at the store: another program's database is refused
/// untouched; a Handoff store says so in its header; one damaged row names itself and
/// leaves the rest readable; doctor checks every projected column.
@Suite("store: whose file, and damaged rows")
struct StoreFileTests {
    /// Every file in the folder with its bytes.
    func snapshot(_ folder: TempFolder) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
            files[name] = try Data(contentsOf: folder.url.appendingPathComponent(name))
        }
        return files
    }

    /// Another program's SQLite file in WAL-less (rollback) mode, as most are.
    func foreignDatabase(_ path: String, applicationID: Int32 = 0) throws {
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes (body) VALUES ('mine')")
            if applicationID != 0 { try db.execute(sql: "PRAGMA application_id = \(applicationID)") }
        }
        try queue.close()
    }

    @Test(arguments: [Int32(0), 0x0F05_1A4E])
    func anotherProgramsDatabaseIsRefusedUntouched(applicationID: Int32) throws {
        let folder = try TempFolder()
        defer { folder.remove() }
        try foreignDatabase(folder.store, applicationID: applicationID)
        let before = try snapshot(folder)
        for create in [true, false] {
            let error = #expect(throws: StoreError.self) { try SQLiteStore(path: folder.store, create: create) }
            guard case .notAStore(let message) = error else {
                Issue.record("expected notAStore, got \(String(describing: error))")
                continue
            }
            #expect(message.contains("is not a Handoff store"), "\(message)")
            #expect(message.contains("nothing was changed"), "\(message)")
        }
        let after = try snapshot(folder)
        #expect(after == before, "files now: \(after.keys.sorted()) (were \(before.keys.sorted()))")
    }

    @Test func aFileThatIsNotADatabaseIsRefusedUntouched() throws {
        let folder = try TempFolder()
        defer { folder.remove() }
        try Data("company,contact\nAcme,Pat\n".utf8).write(to: URL(fileURLWithPath: folder.store))
        let before = try snapshot(folder)
        let error = #expect(throws: StoreError.self) { try SQLiteStore(path: folder.store) }
        #expect(error == .notAStore("\(folder.store) is not a Handoff store: it is not a SQLite database; nothing was changed (give --db a Handoff store, or a new path)"))
        #expect(try snapshot(folder) == before)
    }

    @Test func aNewStoreCarriesTheApplicationIDAndAnOldOneGetsIt() throws {
        let folder = try TempFolder()
        defer { folder.remove() }
        do {
            let store = try SQLiteStore(path: folder.store)
            try store.initialize(lead: "lee")
        }
        #expect(StoreFile.kind(of: folder.store) == .handoff)
        // A store made before the id: the same schema with application_id 0 and without
        // the migration that sets it. It is recognised by its schema and marked on opening.
        let queue = try DatabaseQueue(path: folder.store)
        try queue.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA application_id = 0")
            try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier = ?", arguments: [Schema.applicationIDMigration])
            try BoardHeadTests.unmigrate(db)  // v7's table came after the id
        }
        try queue.close()
        #expect(StoreFile.kind(of: folder.store) == .unmarked)
        let reopened = try SQLiteStore(path: folder.store)
        #expect(try reopened.team().members.map(\.name) == ["lee"])
        #expect(StoreFile.kind(of: folder.store) == .handoff)
        #expect(SQLiteStore.schemaVersion == 8)
    }

    @Test func aStoreANewerHandoffMigratedIsRefusedUntouched() throws {
        let folder = try TempFolder()
        defer { folder.remove() }
        do {
            let store = try SQLiteStore(path: folder.store)
            try store.initialize(lead: "lee")
        }
        // A later version's migration, as a newer handoff would leave it.
        let queue = try DatabaseQueue(path: folder.store)
        try queue.writeWithoutTransaction { db in
            try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99: from the future')")
        }
        try queue.close()
        // What the store holds: its schema, its migrations and its rows (the file's bytes
        // move with SQLite's own bookkeeping on opening, which changes nothing stored).
        func contents() throws -> [String] {
            let reader = try DatabaseQueue(path: folder.store)
            defer { try? reader.close() }
            return try reader.read { db in
                var lines = try String.fetchAll(db, sql: "SELECT name || ': ' || COALESCE(sql, '') FROM sqlite_master ORDER BY name")
                lines += try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY rowid")
                lines += try String.fetchAll(db, sql: "SELECT seq || ' ' || type || ' ' || payload FROM event ORDER BY seq")
                lines += try String.fetchAll(db, sql: "SELECT id || ' ' || state FROM lead ORDER BY id")
                return lines
            }
        }
        let before = try contents()
        let error = #expect(throws: StoreError.self) { try SQLiteStore(path: folder.store) }
        #expect(error == .unavailable("\(folder.store) was upgraded by a newer handoff (schema v99: from the future); this one knows up to v\(SQLiteStore.schemaVersion): upgrade handoff to use it; nothing was changed"))
        #expect(try contents() == before)
    }

    @Test func anEmptyFileOrABlankDatabaseBecomesAStore() throws {
        let folder = try TempFolder()
        defer { folder.remove() }
        #expect(FileManager.default.createFile(atPath: folder.store, contents: nil))
        let store = try SQLiteStore(path: folder.store)
        try store.initialize(lead: "lee")
        #expect(StoreFile.kind(of: folder.store) == .handoff)
    }

    @Test func aStoreWhoseFirstOpeningWasCutShortIsOursATableNamedEventIsNot() throws {
        let folder = try TempFolder()
        defer { folder.remove() }
        let cut = try DatabaseQueue(path: folder.store)
        try cut.write { db in try db.execute(sql: "CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY)") }
        try cut.close()
        let store = try SQLiteStore(path: folder.store)
        try store.initialize(lead: "lee")
        #expect(StoreFile.kind(of: folder.store) == .handoff)

        let other = folder.url.appendingPathComponent("calendar.sqlite").path
        let queue = try DatabaseQueue(path: other)
        try queue.write { db in try db.execute(sql: "CREATE TABLE event (id INTEGER PRIMARY KEY, title TEXT)") }
        try queue.close()
        let error = #expect(throws: StoreError.self) { try SQLiteStore(path: other) }
        if case .notAStore = error {} else { Issue.record("a calendar's event table is not a store: \(String(describing: error))") }
    }

    @Test func theStoresFilesAndLinksToThemAreRecognised() throws {
        let folder = try TempFolder()
        defer { folder.remove() }
        _ = try SQLiteStore(path: folder.store)
        let link = folder.url.appendingPathComponent("link.sqlite").path
        let hard = folder.url.appendingPathComponent("hard.sqlite").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: folder.store)
        #expect(Foundation.link(folder.store, hard) == 0)
        for candidate in [folder.store, folder.store + "-wal", folder.store + "-shm", folder.store + ".lock", link, hard,
                          folder.path + "/./board.sqlite"] {
            #expect(StoreFile.isPart(candidate, ofStoreAt: folder.store), "\(candidate)")
        }
        #expect(!StoreFile.isPart(folder.url.appendingPathComponent("board.csv").path, ofStoreAt: folder.store))
    }

    // MARK: - Class 7: one damaged row

    /// A store of three leads whose middle one has `state` replaced by raw SQL.
    func damagedStore(_ folder: TempFolder, set: String = "state = json_set(state, '$.fields.email', 42)") throws -> SQLiteStore {
        let store = try SQLiteStore(path: folder.store)
        try store.initialize(lead: "lee")
        try store.execute(.addMember(Member(name: "sam", role: .sdr)), as: "lee")
        for company in ["Acme", "Globex", "Initech"] {
            try store.execute(.addLead(LeadFields(company: company, contact: "Pat", email: "pat@\(company.lowercased()).com"), owner: "sam"),
                              as: "sam")
        }
        try store.pool.write { db in try db.execute(sql: "UPDATE lead SET \(set) WHERE id = 2") }
        return store
    }

    @Test func aDamagedLeadNamesItselfAndItsFieldAndTheRestIsRead() throws {
        let folder = try TempFolder()
        defer { folder.remove() }
        let store = try damagedStore(folder)
        let error = #expect(throws: StoreError.self) { try store.lead(LeadID(2)) }
        let message = error?.description ?? ""
        #expect(message.contains("lead L-2 cannot be read"), "\(message)")
        #expect(message.contains("`fields.email`"), "\(message)")
        #expect(try store.lead(LeadID(1))?.company == "Acme")
        let damaged = DamagedLeads()
        let leads = try store.leads(LeadQuery(), damaged: damaged)
        #expect(leads.map(\.company) == ["Acme", "Initech"])
        #expect(damaged.problems.count == 1)
        #expect(#expect(throws: StoreError.self) { try store.leads(LeadQuery()) }?.description.contains("L-2") == true)
        let exported = try store.withExportPages(LeadQuery(includeArchived: true)) { pages in
            var names: [String] = []
            try pages.leads { names += $0.map(\.company) }
            return (names, pages.damaged.problems.count)
        }
        #expect(exported.0 == ["Acme", "Initech"])
        #expect(exported.1 == 1)
        let report = try store.doctor()
        #expect(!report.isClean)
        #expect(report.problems.contains { $0.contains("lead L-2 cannot be read") && $0.contains("fields.email") }, "\(report.problems)")
        #expect(report.problems.count == 1, "\(report.problems)")
    }

    @Test func aStateThatIsNotJSONOrAColumnOfTheWrongTypeIsAProblemNotATrap() throws {
        let folder = try TempFolder()
        defer { folder.remove() }
        let store = try damagedStore(folder, set: "state = 'not json'")
        #expect(#expect(throws: StoreError.self) { try store.lead(LeadID(2)) }?.description.contains("is not valid JSON") == true)
        try store.pool.write { db in try db.execute(sql: "UPDATE lead SET version = 'seven' WHERE id = 3") }
        let report = try store.doctor()
        #expect(report.problems.contains { $0.contains("L-2") }, "\(report.problems)")
        #expect(report.problems.contains { $0.contains("L-3") && $0.contains("wrong type") }, "\(report.problems)")
    }

    @Test func doctorChecksTheColumnsImportDeduplicationReads() throws {
        let folder = try TempFolder()
        defer { folder.remove() }
        let store = try damagedStore(folder, set: "email = 'someone@else.com'")
        let report = try store.doctor()
        #expect(report.problems == ["L-2: the row's email or external id disagrees with its state (an import's duplicate check reads them)"])
        try store.pool.write { db in
            try db.execute(sql: "UPDATE lead SET email = 'pat@globex.com', external_id = 'SF-1' WHERE id = 2")
        }
        #expect(try store.doctor().problems.count == 1)
        try store.pool.write { db in try db.execute(sql: "UPDATE lead SET external_id = NULL, updated_at = '1999-01-01T00:00:00Z' WHERE id = 2") }
        #expect(try store.doctor().problems == ["L-2: the row's updated_at disagrees with its state"])
    }

    @Test func aDamagedEventPayloadIsNamedAndDoctorKeepsGoing() throws {
        let folder = try TempFolder()
        defer { folder.remove() }
        let store = try damagedStore(folder, set: "company = company")
        // Events are append-only: the trigger must go first, as it would for a hand edit.
        try store.pool.write { db in
            try db.execute(sql: "DROP TRIGGER event_no_update")
            try db.execute(sql: "UPDATE event SET payload = '{\"fields\": 7}' WHERE lead = 3")
        }
        let error = #expect(throws: StoreError.self) { try store.history(of: LeadID(3)) }
        #expect(error?.description.contains("cannot be read: its payload does not decode at `fields`") == true, "\(String(describing: error))")
        let report = try store.doctor()
        #expect(report.problems.contains { $0.contains("event #") && $0.contains("payload") }, "\(report.problems)")
    }
}
