import Foundation
import GRDB
import GRDBSQLite
import HandoffCore
@testable import HandoffSQLite
@testable import HandoffStore
import Testing

/// Issue 14: what the board reads before its first frame does not grow with the board.
/// The counts come from `lead_count` (kept by `Rows.save`, checked by doctor), the cards that
/// need attention from partial indexes: a board of 4,000 leads costs the first frame the
/// same pages as one of 200 (before, both `lead_card` scans grew with every lead).
@Suite("SQLite: the first frame's reads")
struct BoardHeadTests {
    /// `count` leads imported as a CSV import writes them: nine in ten in the queue, the
    /// tenth in nurture (no revisit date), the shape of the store in the issue.
    static func imported(_ count: Int) throws -> ScratchStore {
        let scratch = try ScratchStore()
        let items = (1...count).map { number in
            BatchItem(.importLead(LeadFields(company: "Company \(number), Inc.", contact: "Pat Doe", email: "c\(number)@company.test"),
                                  owner: "sam", column: number % 10 == 0 ? .nurture : .queue))
        }
        let result = try scratch.store.execute(batch: items, as: "lee", options: BatchOptions(mode: .allOrNothing))
        #expect(result.committed)
        return scratch
    }

    /// The pages SQLite had to read from the file (or its WAL) for the first frame, on a
    /// connection of its own (an empty page cache) once the schema is loaded.
    static func pagesRead(_ scratch: ScratchStore) throws -> (pages: Int32, page: BoardPage) {
        let queue = try DatabaseQueue(path: scratch.store.location)
        defer { try? queue.close() }
        return try queue.read { db in
            _ = try db.tableExists("lead")
            var misses: Int32 = 0, highest: Int32 = 0
            sqlite3_db_status(db.sqliteConnection, SQLITE_DBSTATUS_CACHE_MISS, &misses, &highest, 1)
            let page = try BoardHead.page(db, limit: 100, now: scratch.clock.date)
            sqlite3_db_status(db.sqliteConnection, SQLITE_DBSTATUS_CACHE_MISS, &misses, &highest, 0)
            return (misses, page)
        }
    }

    /// Takes a store back to before migration v7 (a store made by an older build).
    static func unmigrate(_ db: Database) throws {
        try db.execute(sql: """
            DROP TABLE lead_count; DROP INDEX lead_flagged; DROP INDEX lead_revisit
            """)
        try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier = ?", arguments: [BoardHead.migration])
    }

    @Test func theFirstFrameReadsTheSamePagesAtTwentyTimesTheLeads() throws {
        let small = try Self.imported(200)
        let large = try Self.imported(4_000)
        let (smallPages, smallPage) = try Self.pagesRead(small)
        let (largePages, largePage) = try Self.pagesRead(large)
        #expect(smallPage.counts == [.queue: 180, .nurture: 20])
        #expect(largePage.counts == [.queue: 3_600, .nurture: 400])
        #expect(largePage.cards.count == 200 && !largePage.isComplete)
        // A deeper b-tree costs a page or two more; reading an index whole costs hundreds.
        #expect(largePages <= smallPages + 4, "first frame read \(smallPages) pages at 200 leads, \(largePages) at 4,000")
        // The page is what the full board shows first.
        let full = try large.store.cards(LeadQuery())
        for column in [Column.queue, .nurture] {
            #expect(largePage.cards.filter { $0.column == column }.map(\.id) == Array(full.filter { $0.column == column }.prefix(100).map(\.id)))
        }
    }

    @Test func doctorFindsACountOutOfStepAndEveryWriteKeepsThemRight() throws {
        let scratch = try Self.imported(30)
        // Moves between columns, a new lead, an undo: the counts follow every one.
        try scratch.store.execute(.rework, on: LeadID(10), as: "sam")
        try scratch.store.execute(.addLead(LeadFields(company: "Late Co", contact: "Lu"), owner: "sam"), as: "sam")
        try scratch.store.execute(.rework, on: LeadID(20), as: "sam")
        _ = try scratch.store.undo(LeadID(20), as: "sam", expecting: nil)
        #expect(try scratch.store.doctor().isClean)
        #expect(try scratch.store.boardPage(limit: 100, now: scratch.clock.date).counts == [.queue: 29, .nurture: 2])

        let queue = try DatabaseQueue(path: scratch.store.location)
        try queue.write { db in try db.execute(sql: "UPDATE lead_count SET n = n + 5 WHERE column_slug = 'queue'") }
        let report = try scratch.store.doctor()
        #expect(report.problems.contains("the board's count of queue is 34 but the column holds 29 (table lead_count)"), "\(report.problems)")

        // A store from before the kept counts gets them, counted, when it is opened.
        try queue.write(Self.unmigrate)
        try queue.close()
        let reopened = try SQLiteStore(path: scratch.store.location, now: scratch.clock.now)
        #expect(try reopened.doctor().isClean)
        #expect(try reopened.boardPage(limit: 100, now: scratch.clock.date).counts == [.queue: 29, .nurture: 2])
    }
}
