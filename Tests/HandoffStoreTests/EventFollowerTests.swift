import Foundation
import HandoffCore
import HandoffPostgres
import HandoffStore
import Testing

/// `EventFollower`, what `handoff watch` is built on, on both stores: the log after a
/// sequence number a page at a time, and a wait that another connection's commit ends.
@Suite("EventFollower (SQLite and PostgreSQL)")
struct EventFollowerTests {
    @Test(arguments: StoreKind.all)
    func pagesThroughTheLogAfterASeqAndWakesOnAnotherConnectionsCommit(_ kind: StoreKind) throws {
        let folder = try StoreUnderTest(kind)
        defer { folder.remove() }
        let clock = ManualClock(storeStart)
        let store = try folder.teamStore(clock: clock)
        let start = try store.lastSequence()
        for index in 0..<12 { try store.add("Company \(index)") }

        // From `start`, pages of five: 5, 5, 2, then nothing; each event once, in order.
        var follower = EventFollower(store: store, after: start, pageSize: 5)
        var sizes: [Int] = []
        var seqs: [Int64] = []
        while true {
            let page = try follower.nextPage()
            sizes.append(page.count)
            seqs += page.map(\.seq)
            guard let last = page.last else { break }
            follower.advance(to: last.seq)
        }
        #expect(sizes == [5, 5, 2, 0])
        #expect(seqs == Array((start + 1)...(start + 12)))
        #expect(follower.last == start + 12)

        // Caught up: the wait ends when another connection commits.
        if let server = store as? PostgresStore {
            let deadline = Date().addingTimeInterval(10)
            while !server.isListening, Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        }
        let other = try folder.open(clock: clock)
        let writer = Thread {
            Thread.sleep(forTimeInterval: 0.3)
            _ = try? other.execute(.addLead(LeadFields(company: "Late", contact: "Pat"), owner: "sam"), as: "sam")
        }
        writer.start()
        let waited = Date()
        #expect(try follower.waitForChange(poll: 0.01, recheck: 30) { true })
        #expect(Date().timeIntervalSince(waited) < 10, "woken by the commit, not the recheck")
        let page = try follower.nextPage()
        #expect(page.map(\.seq) == [start + 13])
        #expect(page.first?.payload.fields?.company == "Late")
    }

    @Test(arguments: StoreKind.all)
    func aWaitWithoutACommitEndsAtTheRecheckOrWhenTheTickSaysSo(_ kind: StoreKind) throws {
        let folder = try StoreUnderTest(kind)
        defer { folder.remove() }
        let store = try folder.teamStore(clock: ManualClock(storeStart))
        var follower = EventFollower(store: store, after: try store.lastSequence())
        #expect(try follower.nextPage().isEmpty)
        let started = Date()
        #expect(try follower.waitForChange(poll: 0.01, recheck: 0.3) { true })
        #expect(Date().timeIntervalSince(started) >= 0.3)
        var ticks = 0
        #expect(try !follower.waitForChange(poll: 0.01, recheck: 30) {
            ticks += 1
            return ticks < 3
        })
        #expect(ticks == 3)
        // Read once: no change counter is opened at all.
        var once = EventFollower(store: store, after: 0, follows: false)
        #expect(try once.nextPage().count == Int(try store.lastSequence()))
    }
}
