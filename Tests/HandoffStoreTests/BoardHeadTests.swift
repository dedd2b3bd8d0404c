import BenchSupport
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

    /// Nurture cards whose revisit has passed need attention; at a million generated leads
    /// some 150,000 are due, and the first frame read all their dates (1,567 reads, 6.4 MB)
    /// to put the oldest 100 on top. Now it looks among the column's oldest first.
    @Test func dueRevisitsCostTheFirstFrameTheSameAtAHundredTimesTheLeads() throws {
        let small = try Self.imported(200)
        let large = try Self.imported(20_000)
        for scratch in [small, large] {
            // Every nurture card's revisit passed a day before it arrived there (behind the
            // store's back: only the dates matter to this read).
            let queue = try DatabaseQueue(path: scratch.store.location)
            try queue.write { db in try db.execute(sql: "UPDATE lead SET revisit = column_since - 86400 WHERE column_slug = 'nurture'") }
            try queue.close()
        }
        let (smallPages, _) = try Self.pagesRead(small)
        let (largePages, largePage) = try Self.pagesRead(large)
        #expect(largePage.counts == [.queue: 18_000, .nurture: 2_000])
        #expect(largePage.cards.filter { $0.column == .nurture }.map(\.id.number) == (1...100).map { $0 * 10 })
        #expect(largePages <= smallPages + 6, "first frame read \(smallPages) pages at 200 leads, \(largePages) at 20,000")
    }

    /// The page is the full board's top in every column, for every limit and moment: the
    /// due revisits found among the oldest nurture cards, or (too few there) by date.
    @Test func thePageIsTheTopOfTheFullBoardOfAGeneratedLog() throws {
        let end = Date(timeIntervalSince1970: 1_773_046_800)
        var generator = LogGenerator(end: end, days: 60, seed: 14)
        let log = try Codec.decode([Event].self, from: Codec.string(try generator.log(leads: 320)))
        let scratch = try ScratchStore(team: false)
        try scratch.store.importEvents(log)
        let all = try scratch.store.cards(LeadQuery())
        #expect(all.filter { $0.column == .nurture }.count > 20)
        for now in [end.addingTimeInterval(-40 * 86_400), end.addingTimeInterval(-20 * 86_400), end, end.addingTimeInterval(30 * 86_400)] {
            for limit in [1, 2, 3, 5, 12, 100] {
                let page = try scratch.store.boardPage(limit: limit, now: now)
                for column in Column.board {
                    let expected = all.filter { $0.column == column }.sorted { a, b in
                        let (x, y) = (a.needsAttention(now: now), b.needsAttention(now: now))
                        return x != y ? x : (a.columnSince, a.id.number) < (b.columnSince, b.id.number)
                    }.prefix(limit)
                    #expect(page.cards.filter { $0.column == column } == Array(expected), "\(column) limit \(limit) at \(now)")
                }
            }
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
