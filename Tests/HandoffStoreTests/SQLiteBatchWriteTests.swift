import Foundation
import GRDB
import HandoffCore
@testable import HandoffSQLite
@testable import HandoffStore
import Testing

/// Issue 14: a batch's new leads go into SQLite many to a statement (`SQLiteBatchSession`),
/// their texts read in place from a `TextArena`. What that must not change: every applied
/// command's sequence number is the one stored, the log has no gap, a write between new
/// leads sees them in the store, and a failure part-way through a statement keeps nothing.
@Suite("SQLite: a batch's inserts, many rows to a statement")
struct SQLiteBatchWriteTests {
    static func create(_ number: Int) -> BatchItem {
        BatchItem(.importLead(LeadFields(company: "Company \(number)", contact: "Pat Doe", email: "c\(number)@company.test",
                                         externalID: "00Q\(number)"),
                              owner: "sam", column: number % 10 == 0 ? .nurture : .queue))
    }

    /// Rows per statement, and a count that leaves a statement part-full at the end.
    static let perStatement = SQLiteBatchSession.rowsPerStatement
    static let count = perStatement * 2 + 7

    func storedEvents(_ store: SQLiteStore) throws -> [Event] { try store.events(after: 0, limit: nil) }

    @Test func everyOutcomeNamesTheEventStoredForItAndTheLogHasNoGap() throws {
        let scratch = try ScratchStore()
        let before = try storedEvents(scratch.store)
        var items = (1...Self.count).map(Self.create)
        // Duplicates of rows already in the batch, across statement boundaries: left out.
        items.insert(Self.create(3), at: Self.perStatement - 1)
        items.insert(Self.create(Self.perStatement + 1), at: Self.perStatement * 2 + 2)
        let result = try scratch.store.execute(batch: items, as: "lee", options: BatchOptions(mode: .allOrNothing))
        #expect(result.committed)
        let stored = try storedEvents(scratch.store)
        #expect(stored.count == before.count + Self.count)
        // Numbered one after another, from where the log stood.
        #expect(stored.map(\.seq) == Array(1...Int64(stored.count)))
        let bySeq = Dictionary(uniqueKeysWithValues: stored.map { ($0.seq, $0) })
        var applied = 0
        for (item, outcome) in zip(items, result.outcomes) {
            switch outcome {
            case .applied(let lead, let seq):
                applied += 1
                let event = try #require(bySeq[seq])
                #expect(event.type == .created)
                #expect(event.lead == lead)
                guard case .importLead(let fields, _, _) = item.command else { Issue.record("not an import"); continue }
                #expect(event.payload.fields?.externalID == fields.externalID)
                let id = try #require(lead)
                let kept = try #require(try scratch.store.lead(id))
                #expect(kept.fields.externalID == fields.externalID)
                #expect(kept.version == 1)
            case .duplicate:
                continue
            case .refused(let error):
                Issue.record("refused: \(error)")
            }
        }
        #expect(applied == Self.count)
        let report = try scratch.store.doctor()
        #expect(report.problems.isEmpty, "\(report.problems)")
        #expect(report.leads == Self.count)
    }

    /// A command that is not a new lead is written where it falls: the new leads held
    /// before it are in the store first, so the rules read them and the numbers stay in order.
    @Test func aChangeToALeadMadeEarlierInTheBatchFindsItAndKeepsTheOrder() throws {
        let scratch = try ScratchStore()
        let first = try storedEvents(scratch.store).count + 1
        var items = (1...10).map(Self.create)
        // The third new lead of the batch is scored, then more leads come, then a member.
        items.append(BatchItem(.score(qualifyingScores), on: LeadID(3)))
        items += (11...(Self.perStatement + 12)).map(Self.create)
        items.append(BatchItem(.addMember(Member(name: "nia", role: .sdr))))
        items += ((Self.perStatement + 13)...(Self.perStatement + 20)).map(Self.create)
        let result = try scratch.store.execute(batch: items, as: "lee", options: BatchOptions(mode: .allOrNothing))
        #expect(result.committed)
        let seqs = result.outcomes.compactMap { outcome -> Int64? in
            if case .applied(_, let seq) = outcome { seq } else { nil }
        }
        #expect(seqs == Array(Int64(first)..<Int64(first + items.count)))
        let stored = try storedEvents(scratch.store).filter { $0.seq >= first }
        #expect(stored.map(\.seq) == seqs)
        #expect(stored[10].type == .scored && stored[10].lead == LeadID(3))
        #expect(stored[Self.perStatement + 13].type == .member)
        let scored = try #require(try scratch.store.lead(LeadID(3)))
        #expect(scored.version == 2)
        let report = try scratch.store.doctor()
        #expect(report.problems.isEmpty, "\(report.problems)")
        // The member came in the middle of the batch and the rows after it still count.
        #expect(try scratch.store.team().member("nia") != nil)
        #expect(report.leads == Self.perStatement + 20)
    }

    /// A failure part-way through a statement of many rows (here a trigger put in behind
    /// the store's back, failing as `OR FAIL` does: the rows before it in the statement
    /// stay) must still take the whole batch out with it.
    @Test func aStatementThatFailsPartWayKeepsNothingOfTheBatch() throws {
        let scratch = try ScratchStore()
        let eventsBefore = try storedEvents(scratch.store).count
        // The sixth row of the second statement of leads.
        let blocked = Self.perStatement + 6
        let queue = try DatabaseQueue(path: scratch.store.location)
        try queue.write { db in
            try db.execute(sql: """
                CREATE TRIGGER in_the_way BEFORE INSERT ON lead WHEN NEW.id = \(blocked)
                BEGIN SELECT RAISE(FAIL, 'lead row in the way'); END
                """)
        }
        #expect {
            try scratch.store.execute(batch: (1...Self.count).map(Self.create), as: "lee", options: BatchOptions(mode: .skipRefused))
        } throws: { error in
            "\(error)".contains("lead row in the way")
        }
        #expect(try storedEvents(scratch.store).count == eventsBefore)
        let rows = try queue.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM lead") ?? -1 }
        #expect(rows == 0)
        try queue.write { db in try db.execute(sql: "DROP TRIGGER in_the_way") }
        try queue.close()
        #expect(try scratch.store.doctor().problems.isEmpty)
    }

    /// A feed that says it holds only new leads keeps no copy of them to look up; given a
    /// change to a lead anyway, the batch fails whole instead of deciding it on a lead it
    /// cannot see.
    @Test func aFeedOfNewLeadsOnlyGivenAChangeFailsWhole() throws {
        let scratch = try ScratchStore()
        let before = try storedEvents(scratch.store).count
        let feed = BatchFeed(expected: 41, mayAddLeads: true, importsOnly: true)
        #expect(feed.push((1...40).map(Self.create)))
        #expect(feed.push([BatchItem(.score(qualifyingScores), on: LeadID(3))]))
        feed.end()
        #expect {
            try scratch.store.execute(feed: feed, as: "lee", options: BatchOptions(mode: .skipRefused), progress: nil)
        } throws: { error in
            "\(error)".contains("a batch of new leads only was given a change to a lead")
        }
        #expect(try storedEvents(scratch.store).count == before)
    }

    /// The arena hands out places that keep their bytes until it is reset, across chunks
    /// and for texts larger than a chunk's share.
    @Test func theArenaKeepsEveryTextUntilItIsReset() throws {
        let arena = TextArena()
        for round in 0..<2 {
            var kept: [(UnsafeRawPointer, [UInt8])] = []
            for number in 0..<400 {
                let size = number % 50 == 49 ? 40_000 : (number * 37) % 900 + 1
                let bytes = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ number &+ round) }
                let place = try #require(bytes.withUnsafeBytes { arena.copy($0) })
                kept.append((place, bytes))
            }
            for (place, bytes) in kept {
                #expect(Array(UnsafeRawBufferPointer(start: place, count: bytes.count)) == bytes)
            }
            arena.reset()
        }
        #expect([UInt8]().withUnsafeBytes { arena.copy($0) } == nil)
    }

    /// Texts that fill several chunks in one statement come back as they went in.
    @Test func longTextsInOneStatementComeBackWhole() throws {
        let scratch = try ScratchStore()
        // 32 of them are about 120 KB of text in each statement: two chunks or more.
        let path = String(repeating: "pricing/", count: 230)
        func website(_ number: Int) -> String { "https://company\(number).test/\(path)" }
        let items = (1...Self.perStatement).map { number in
            BatchItem(.importLead(LeadFields(company: "Company \(number)", contact: "Pat Doe", website: website(number)),
                                  owner: "sam", column: .queue))
        }
        let result = try scratch.store.execute(batch: items, as: "lee", options: BatchOptions(mode: .allOrNothing))
        #expect(result.committed)
        for (number, outcome) in zip(1..., result.outcomes) {
            guard case .applied(let id?, _) = outcome else { Issue.record("not applied: \(outcome)"); continue }
            let lead = try #require(try scratch.store.lead(id))
            #expect(lead.fields.website == website(number))
            #expect(lead.company == "Company \(number)")
        }
        #expect(try scratch.store.doctor().problems.isEmpty)
    }
}
