import Foundation
import HandoffCore
import PostgresTestSupport
import Synchronization
import Testing
@testable import HandoffStore

/// A CSV import planned on another thread while the store writes the rows planned before
/// them (`LeadImport.stream`, `BatchFeed`): the same plan and the same board as planning
/// first and writing after, all of it or none, on both stores.
@Suite("Interchange: a CSV import planned while it is written")
struct ImportStreamTests {
    /// `rows` rows in file order; `odd(n)` replaces row n's line.
    private static func csv(_ rows: Int, odd: (Int) -> String? = { _ in nil }) -> [UInt8] {
        var text = "Lead ID,First Name,Last Name,Company,Email,Lead Status,Lead Owner\n"
        for n in 0..<rows {
            text += odd(n) ?? "id\(n),Pat,Doe,Co \(n),p\(n)@x.test,Working - Contacted,sam\n"
        }
        return Array(text.utf8)
    }

    private static func settings(_ store: any BoardStore) throws -> ImportSettings {
        ImportSettings(roster: try store.team().members)
    }

    @Test(arguments: StoreKind.all)
    func aLargeFileIsPlannedAsItIsWrittenAndEndsAsTheWholePlanWould(_ kind: StoreKind) throws {
        let folder = try StoreUnderTest(kind)
        defer { folder.remove() }
        let store = try folder.teamStore(clock: ManualClock(storeStart))
        // More rows than a block (8,192) and than the feed holds ahead of the store (8,192):
        // the planner waits for the writer, and the writer for the planner.
        let bytes = Self.csv(20_000) { n in
            n == 12_345 ? "id12345b,Pat,Doe,Co dup,p7@x.test,Working - Contacted,sam\n" : nil
        }
        let whole = try LeadImport.plan(csv: bytes, settings: Self.settings(store))
        let stream = try LeadImport.stream(csv: bytes, settings: Self.settings(store), commitsWithRejections: false)
        var seen: [Int] = []
        let result = try store.execute(feed: stream.feed, as: "lee", options: BatchOptions(mode: .allOrNothing)) { seen.append($0) }
        let plan = try stream.plan()

        #expect(plan.leads == whole.leads)
        #expect(plan.duplicates == whole.duplicates)
        #expect(plan.rows == 20_000)
        // The file's copy of row 7 is left out by the plan, with its line.
        #expect(plan.duplicates.map(\.place) == [.line(12_347)])
        let (committed, decided) = (result.committed, result.outcomes.count)
        #expect(committed)
        #expect(decided == 19_999)
        #expect(seen.first == 0 && seen.last == 19_999 && seen == seen.sorted())
        guard case .applied(let lead, let seq) = result.outcomes[12_345] else {
            Issue.record("row 12,346 was not applied")
            return
        }
        #expect(lead == LeadID(12_346) && seq > 0)
        let leads = try store.leads(LeadQuery())
        #expect(leads.count == 19_999)
        #expect(leads.first { $0.id == LeadID(1) }?.company == "Co 0")
        #expect(leads.first { $0.id == LeadID(12_346) }?.company == "Co 12346")
        #expect(leads.first { $0.id == LeadID(19_999) }?.company == "Co 19999")
        #expect(try store.doctor().problems.isEmpty)
    }

    @Test(arguments: StoreKind.all)
    func aRejectedRowLateInTheFileLeavesTheStoreAsItWasUnlessSkipped(_ kind: StoreKind) throws {
        let folder = try StoreUnderTest(kind)
        defer { folder.remove() }
        let store = try folder.teamStore(clock: ManualClock(storeStart))
        let before = try store.eventCount
        // Row 17,000 has no company and no name: rejected after 16,999 rows were written.
        let bytes = Self.csv(18_000) { n in n == 17_000 ? "id17000,,,,z@x.test,Working - Contacted,sam\n" : nil }

        let stream = try LeadImport.stream(csv: bytes, settings: Self.settings(store), commitsWithRejections: false)
        let result = try store.execute(feed: stream.feed, as: "lee", options: BatchOptions(mode: .allOrNothing), progress: nil)
        let plan = try stream.plan()
        #expect(plan.rejections.map(\.place) == [.line(17_002)])
        let (committed, decided) = (result.committed, result.outcomes.count)
        #expect(!committed)
        #expect(decided == 17_999, "every row is still decided, to report")
        #expect(try store.eventCount == before)
        #expect(try store.leads(LeadQuery()).isEmpty)

        let skipping = try LeadImport.stream(csv: bytes, settings: Self.settings(store), commitsWithRejections: true)
        let kept = try store.execute(feed: skipping.feed, as: "lee", options: BatchOptions(mode: .skipRefused), progress: nil)
        let keptCommitted = kept.committed
        #expect(keptCommitted)
        #expect(try skipping.plan().rejections.count == 1)
        #expect(try store.leads(LeadQuery()).count == 17_999)
    }

    @Test(arguments: StoreKind.all)
    func aRowOverALimitStopsTheImportWithItsLineAndNothingIsKept(_ kind: StoreKind) throws {
        let folder = try StoreUnderTest(kind)
        defer { folder.remove() }
        let store = try folder.teamStore(clock: ManualClock(storeStart))
        let before = try store.eventCount
        // A record over the 1 MiB cap, after two blocks were planned and written.
        let huge = String(repeating: "x", count: CSVLimits.maxRecordBytes + 10)
        let bytes = Self.csv(20_000) { n in n == 19_000 ? "id19000,Pat,Doe,\(huge),p@x.test,Working - Contacted,sam\n" : nil }
        let stream = try LeadImport.stream(csv: bytes, settings: Self.settings(store), commitsWithRejections: true)
        let thrown = #expect(throws: RuleError.self) {
            try store.execute(feed: stream.feed, as: "lee", options: BatchOptions(mode: .skipRefused), progress: nil)
        }
        #expect(thrown?.description.contains("line 19002") == true)
        #expect(throws: RuleError.self) { try stream.plan() }
        #expect(try store.eventCount == before)
        #expect(try store.leads(LeadQuery()).isEmpty)
        #expect(try store.doctor().problems.isEmpty)
    }

    /// PostgreSQL tries a transaction once more after a connection lost before COMMIT; a
    /// file's rows already taken from its planner cannot be taken again, so the import
    /// must fail whole rather than commit only the rows after the loss.
    @Test(.enabled(if: TestCluster.isWanted), .timeLimit(.minutes(2)))
    func aConnectionLostHalfWayFailsTheWholeImportOnPostgreSQL() throws {
        let folder = try StoreUnderTest(.postgres)
        defer { folder.remove() }
        let store = try folder.teamStore(clock: ManualClock(storeStart))
        let before = try store.eventCount
        // The server drops the importing connection in the second window of 10,000 leads.
        for statement in [
            "CREATE FUNCTION kill_me() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_terminate_backend(pg_backend_pid()); RETURN NEW; END $$",
            "CREATE TRIGGER kill_me BEFORE INSERT ON lead FOR EACH ROW WHEN (NEW.id = 15000) EXECUTE FUNCTION kill_me()",
        ] {
            let failure = try folder.raw(statement)
            try #require(failure == nil, "\(failure ?? "")")
        }
        let stream = try LeadImport.stream(csv: Self.csv(25_000), settings: Self.settings(store), commitsWithRejections: false)
        let thrown = #expect(throws: StoreError.self) {
            try store.execute(feed: stream.feed, as: "lee", options: BatchOptions(mode: .allOrNothing), progress: nil)
        }
        #expect(thrown?.description.contains("nothing was imported") == true, "\(thrown.map(String.init(describing:)) ?? "")")
        _ = try? stream.plan()
        let reopened = try folder.open(clock: ManualClock(storeStart))
        #expect(try reopened.eventCount == before)
        #expect(try reopened.leads(LeadQuery()).isEmpty)
    }

    @Test func theWholeFileIsCheckedBeforeAThreadStarts() throws {
        let settings = ImportSettings(roster: importRoster)
        #expect(throws: RuleError.invalid("the file is empty: there is no header row")) {
            try LeadImport.stream(csv: [], settings: settings, commitsWithRejections: false)
        }
        let noCompany = Array("First Name,Email\nPat,p@x.test\n".utf8)
        #expect(throws: RuleError.self) { try LeadImport.stream(csv: noCompany, settings: settings, commitsWithRejections: false) }
    }
}

@Suite("BatchFeed: items between two threads")
struct BatchFeedTests {
    private static func items(_ range: Range<Int>) -> [BatchItem] {
        range.map { BatchItem(.addLead(LeadFields(company: "Co \($0)", contact: "Pat"), owner: nil)) }
    }

    @Test func itemsComeInOrderAndTheEndSaysWhetherToCommit() throws {
        let feed = BatchFeed(expected: 10, mayAddLeads: true, limit: 4)
        let producer = Thread {
            for start in stride(from: 0, to: 10, by: 3) { feed.push(Self.items(start..<min(10, start + 3))) }
            feed.end(commits: false)
        }
        producer.start()
        var taken: [BatchItem] = []
        while let next = try feed.take(upTo: 4) { taken += next }
        #expect(taken == Self.items(0..<10))
        #expect(!feed.commits)

        let ready = BatchFeed(Self.items(0..<3))
        #expect(ready.mayAddLeads && ready.expected == 3 && ready.commits)
        #expect(try ready.take(upTo: 10) == Self.items(0..<3))
        #expect(try ready.take(upTo: 10) == nil)
    }

    @Test func aProducerFailureIsThrownToTheConsumer() throws {
        let feed = BatchFeed(expected: 5, mayAddLeads: true)
        feed.push(Self.items(0..<2))
        feed.end(failure: RuleError.invalid("line 9: too long"))
        #expect(throws: RuleError.invalid("line 9: too long")) { try feed.take(upTo: 8) }
        #expect(!feed.commits)
    }

    @Test(.timeLimit(.minutes(1)))
    func askingForMoreThanTheFeedHoldsTakesWhatItHolds() throws {
        // PostgreSQL's import asks for windows of 10,000; a producer stops at its limit.
        let feed = BatchFeed(expected: 30, mayAddLeads: true, limit: 4)
        Thread {
            for start in stride(from: 0, to: 30, by: 2) { feed.push(Self.items(start..<(start + 2))) }
            feed.end()
        }.start()
        var sizes: [Int] = []
        var taken: [BatchItem] = []
        while let next = try feed.take(upTo: 10) {
            sizes.append(next.count)
            taken += next
        }
        #expect(taken == Self.items(0..<30))
        // In several takes, each what the producer could hold, not a wait for all ten.
        #expect(sizes.count > 1)
    }

    @Test func cancellingReleasesAProducerWaitingForRoom() throws {
        let feed = BatchFeed(expected: 100, mayAddLeads: true, limit: 2)
        feed.push(Self.items(0..<2))
        let released = DispatchSemaphore(value: 0)
        let outcome = Mutex<Bool?>(nil)
        Thread {
            // Full: this waits until the consumer takes or cancels.
            let pushed = feed.push(Self.items(2..<4))
            outcome.withLock { $0 = pushed }
            released.signal()
        }.start()
        #expect(released.wait(timeout: .now() + 0.3) == .timedOut)
        feed.cancel()
        #expect(released.wait(timeout: .now() + 5) == .success)
        #expect(outcome.withLock { $0 } == false)
        #expect(try feed.take(upTo: 1) == nil)
    }
}
