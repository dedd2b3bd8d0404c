import BenchSupport
import Foundation
@testable import HandoffCore
@testable import HandoffPostgres
@testable import HandoffSQLite
@testable import HandoffStore
import PostgresTestSupport
import Testing

/// Issue 14: the PostgreSQL board's first frame reads only what it shows, in one round
/// trip: each column's count (`lead_count`, kept by triggers on `lead`) and each column's
/// first cards in board order, in one statement. Before, it read every card.
@Suite("PostgreSQL: the first frame's reads", .serialized, .enabled(if: TestCluster.isWanted))
struct PostgresBoardHeadTests {
    static let end = Date(timeIntervalSince1970: 1_773_046_800) // 2026-03-09 09:00 UTC

    /// A log of every kind of card that needs attention (held meetings awaiting a
    /// disposition, rebooks, open disputes, nurtures with passed and future revisits).
    static func log(leads: Int = 320) throws -> [Event] {
        var generator = LogGenerator(end: end, days: 60, seed: 14)
        return try Codec.decode([Event].self, from: Codec.string(try generator.log(leads: leads)))
    }

    /// The board's first `limit` cards of each column, from every card: attention at `now`
    /// first, then the longest in the column, then by id (the order `boardPage` promises).
    static func expectedTop(_ cards: [Card], limit: Int, now: Date) -> [Column: [Card]] {
        var top: [Column: [Card]] = [:]
        for column in Column.board {
            let sorted = cards.filter { $0.column == column }.sorted { a, b in
                let (x, y) = (a.needsAttention(now: now), b.needsAttention(now: now))
                if x != y { return x }
                return (a.columnSince, a.id.number) < (b.columnSince, b.id.number)
            }
            if !sorted.isEmpty { top[column] = Array(sorted.prefix(limit)) }
        }
        return top
    }

    static func byColumn(_ page: BoardPage) -> [Column: [Card]] {
        Dictionary(grouping: page.cards, by: \.column)
    }

    @Test func thePageIsTheTopOfTheFullBoardAndTheSameAsSQLites() throws {
        let log = try Self.log()
        let folder = try TempFolder()
        defer { folder.remove() }
        let sqlite = try SQLiteStore(path: folder.store, now: .fixed(Self.end), calendar: storeCalendar)
        try sqlite.importEvents(log)
        let database = try StoreUnderTest(.postgres)
        defer { database.remove() }
        let postgres = try PostgresStore(database.target, now: .fixed(Self.end), calendar: storeCalendar)
        try postgres.importEvents(log)

        // An open dispute on both (the generator's are resolved within two days).
        var disputed = false
        for card in try sqlite.cards(LeadQuery(columns: [.returned])) where !disputed {
            // A return the rules let its SDR dispute (not one disputed before).
            guard (try? sqlite.execute(.dispute(note: "The need was stated"), on: card.id, as: card.owner)) != nil else { continue }
            try postgres.execute(.dispute(note: "The need was stated"), on: card.id, as: card.owner)
            disputed = true
        }
        let all = try postgres.cards(LeadQuery())
        // Not vacuous: each kind of attention is on the board, and nurture revisits fall
        // on both sides of the moments below.
        #expect(all.contains { $0.awaitingDisposition } && all.contains { $0.rebook } && all.contains { $0.disputeOpen })
        let revisits = all.compactMap(\.revisit)
        #expect(revisits.contains { $0 <= Self.end } && revisits.contains { $0 > Self.end })

        for now in [Self.end, Self.end.addingTimeInterval(20 * 86_400), Self.end.addingTimeInterval(-10 * 86_400)] {
            for limit in [3, 12, 100, 1_000] {
                let page = try postgres.boardPage(limit: limit, now: now)
                let expected = Self.expectedTop(all, limit: limit, now: now)
                #expect(Self.byColumn(page) == expected, "limit \(limit) at \(now)")
                var counts: [Column: Int] = [:]
                for card in all { counts[card.column, default: 0] += 1 }
                #expect(page.counts == counts)
                #expect(page.isComplete == (page.cards.count == all.count))
                // Columns in board order, as SQLite gives them.
                #expect(page.cards.map(\.column) == page.cards.map(\.column).sorted {
                    Column.board.firstIndex(of: $0) ?? 0 < Column.board.firstIndex(of: $1) ?? 0
                })
                let other = try sqlite.boardPage(limit: limit, now: now)
                #expect(Self.byColumn(other) == Self.byColumn(page), "SQLite and PostgreSQL differ: limit \(limit) at \(now)")
                #expect(other.counts == page.counts && other.isComplete == page.isComplete)
            }
        }
    }

    /// What the board reads before its first frame takes one round trip each, counted by
    /// a proxy between the store and the server (before: three each, BEGIN and COMMIT
    /// around the statement; and the page read every card).
    @Test func eachReadBeforeTheFirstFrameIsOneRoundTrip() throws {
        let database = try StoreUnderTest(.postgres)
        defer { database.remove() }
        let clock = ManualClock(storeStart)
        _ = try database.teamStore(clock: clock)
        guard var parts = URLComponents(string: database.target), let port = parts.port else {
            Issue.record("cannot read \(database.location)")
            return
        }
        let proxy = try DelayProxy(port: port, delay: 0)
        defer { proxy.stop() }
        parts.host = "127.0.0.1"
        parts.port = proxy.port
        let store = try PostgresStore(try #require(parts.string), now: clock.now, calendar: storeCalendar)
        for number in 1...30 { try store.execute(.addLead(LeadFields(company: "Co \(number)", contact: "Pat"), owner: "sam"), as: "sam") }
        let reads: [(String, () throws -> Void)] = [
            ("team", { _ = try store.team() }),
            ("account", { _ = try store.account() }),
            ("founding", { _ = try store.founding() }),
            ("write grant", { _ = try store.missingWriteGrant() }),
            ("who this login is (roster, login, founding, grant, newest event)", { _ = try store.identityFacts() }),
            ("last sequence", { _ = try store.lastSequence() }),
            ("board page", { _ = try store.boardPage(limit: 5, now: clock.date) }),
        ]
        for (name, read) in reads {
            proxy.resetCounts()
            try read()
            #expect(proxy.counts.total == 1, "\(name): \(proxy.counts.roundTrips)")
        }
        // The page is the page: five cards of thirty, and the count.
        let page = try store.boardPage(limit: 5, now: clock.date)
        #expect(page.cards.count == 5 && page.counts == [.queue: 30] && !page.isComplete)
        // The one statement says what the four reads say.
        let facts = try store.identityFacts()
        let (team, account, founding) = (try store.team(), try store.account(), try store.founding())
        let (grant, newest) = (try store.missingWriteGrant(), try store.lastSequence())
        #expect(facts.team == team && facts.account == account && facts.founding == founding)
        #expect(facts.missingWriteGrant == grant && facts.sequence == newest && newest > 30)
    }

    @Test func theCountsFollowEveryWriteAndDoctorNamesATamperedOne() throws {
        let database = try StoreUnderTest(.postgres)
        defer { database.remove() }
        let clock = ManualClock(storeStart)
        let store = try database.teamStore(clock: clock)
        // A batch, single commands, a move and its undo.
        let items = (1...40).map { number in
            BatchItem(.importLead(LeadFields(company: "Import \(number)", contact: "Pat", email: "p\(number)@x.test"),
                                  owner: "sam", column: number % 4 == 0 ? .nurture : .queue))
        }
        #expect(try store.execute(batch: items, as: "lee", options: BatchOptions(mode: .allOrNothing)).committed)
        try store.execute(.addLead(LeadFields(company: "Late Co", contact: "Lu"), owner: "sam"), as: "sam")
        try store.execute(.rework, on: LeadID(4), as: "sam")
        try store.execute(.rework, on: LeadID(8), as: "sam")
        _ = try store.undo(LeadID(8), as: "sam", expecting: nil)
        #expect(try store.boardPage(limit: 100, now: clock.date).counts == [.queue: 32, .nurture: 9])
        #expect(try store.doctor().isClean)

        #expect(try database.raw("UPDATE lead_count SET n = n + 5 WHERE column_slug = 'queue'") == nil)
        let problems = try store.doctor().problems
        #expect(problems.contains("the board's count of queue is 37 but the column holds 32 (table lead_count)"), "\(problems)")
    }

    /// A store from before v5 gets the counts, counted, when its owner opens it; a login
    /// granted SELECT on the leads before the table existed may read the counts too.
    @Test func theMigrationCountsAnOlderStoreAndGrantsWhoMayReadTheLeads() throws {
        let database = try StoreUnderTest(.postgres)
        defer { database.remove() }
        let clock = ManualClock(storeStart)
        let store = try database.teamStore(clock: clock)
        for number in 1...12 { try store.execute(.addLead(LeadFields(company: "Co \(number)", contact: "Pat"), owner: "sam"), as: "sam") }
        let cluster = try TestCluster.shared()
        let name = try #require(database.target.split(separator: "/").last.map { String($0.split(separator: "?")[0]) })
        let login = "viewer_\(UUID().uuidString.prefix(6).lowercased())"
        try cluster.role(login, password: "viewerpw")
        defer { cluster.dropRole(login, database: name) }
        try cluster.script("""
            DROP TRIGGER lead_count_insert ON lead; DROP TRIGGER lead_count_update ON lead; DROP TRIGGER lead_count_delete ON lead;
            DROP FUNCTION handoff_count_leads(); DROP TABLE lead_count;
            DROP INDEX lead_in_board_order; DROP INDEX lead_flagged; DROP INDEX lead_revisit;
            DROP INDEX lead_nurture_dated; DROP INDEX lead_nurture_undated;
            DELETE FROM handoff_migration WHERE name = '\(PostgresBoardHead.migrationName)';
            GRANT USAGE ON SCHEMA public TO \(login); GRANT SELECT ON lead TO \(login);
            """, database: name)
        #expect(cluster.sql("SELECT count(*) FROM lead_count", as: login, password: "viewerpw", database: name).status != 0)

        let reopened = try PostgresStore(database.target, now: clock.now, calendar: storeCalendar)
        #expect(try reopened.boardPage(limit: 5, now: clock.date).counts == [.queue: 12])
        #expect(try reopened.doctor().isClean)
        let read = cluster.sql("SELECT n FROM lead_count WHERE column_slug = 'queue'", as: login, password: "viewerpw", database: name)
        #expect(read.status == 0 && read.output == "12", "\(read.output)")
    }
}
