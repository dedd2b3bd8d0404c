import Foundation
import Testing
@testable import HandoffCore
import HandoffPostgres
import HandoffSQLite
@testable import HandoffStore

/// Every path that books is held to the no-show limit as `book` is (issue 16 item 4): a
/// redo of an undone booking, and a booking in a batch, are refused past `[no_show] limit`
/// with the same sentence, on both stores.
@Suite("No-show limit on redo and batches (SQLite and PostgreSQL)")
struct NoShowRedoStoreTests {
    static let atOne = RulePolicy(noShowLimit: 1, outcomeReasonRequired: true)

    @Test(arguments: StoreKind.all)
    func aRedoOrABatchCannotRebookPastTheLimit(_ kind: StoreKind) throws {
        let folder = try StoreUnderTest(kind)
        defer { folder.remove() }
        let clock = ManualClock(storeStart)
        let store = try folder.teamStore(clock: clock)
        store.policy = .standard
        let id = try store.handOff("Acme", meeting: moment(2026, 3, 3, 11))
        clock.set(moment(2026, 3, 3, 12))
        try store.execute(NoShowStoreTests.noShow, on: id, as: "sam")
        // One no-show, limit 2: the rebook stands; sam undoes it.
        let next = clock.now().addingTimeInterval(86_400)
        try store.execute(.book(ae: "alex", at: next, agenda: "Second"), on: id, as: "sam")
        _ = try store.undoLast(as: "sam")
        #expect(try store.lead(id)?.column == .queue)

        // The limit is now 1 (config.toml changed): book refuses, and so do redo and a batch.
        store.policy = Self.atOne
        let booked = #expect(throws: RuleError.self) {
            try store.execute(.book(ae: "alex", at: next, agenda: "Second"), on: id, as: "sam")
        }
        let sentence = try #require(booked?.description)
        #expect(sentence.hasPrefix("cannot book \(id) again: its meeting was a no-show 1 time"), "\(sentence)")
        let redone = #expect(throws: RuleError.self) { _ = try store.redoLast(as: "sam") }
        #expect(redone?.description == sentence)
        let batch = try store.execute(batch: [BatchItem(.book(ae: "alex", at: next, agenda: "Second"), on: id)],
                                      as: "sam", options: BatchOptions(mode: .skipRefused, skipDuplicates: false))
        #expect(batch.outcomes.count == 1)
        if case .refused(let error)? = batch.outcomes.first {
            #expect(error.description == sentence)
        } else {
            Issue.record("the batch booked past the limit: \(batch.outcomes)")
        }
        #expect(try store.lead(id)?.column == .queue, "nothing changed")
        #expect(try store.history(of: id).last?.type == .undone)

        // Under the limit again, the same redo books.
        store.policy = .standard
        let again = try store.redoLast(as: "sam")
        #expect(again.done == [id])
        #expect(try store.lead(id)?.column == .handedOff)
        #expect(try store.doctor().problems == [])
    }
}
