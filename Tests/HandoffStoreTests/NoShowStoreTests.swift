import Foundation
import Testing
@testable import HandoffCore
import HandoffPostgres
import HandoffSQLite
@testable import HandoffStore

/// The no-show policy on each store: reasons recorded and read back by the report's fast
/// path, the limit counted from the history (undo included, and events written before
/// reasons existed), the way out, and the same projection and report on both.
@Suite("No-show policy (SQLite and PostgreSQL)")
struct NoShowStoreTests {
    static func reportEvents(_ store: any BoardStore) throws -> [ReportEvent] {
        if let sqlite = store as? SQLiteStore { return try sqlite.reportEvents() }
        if let postgres = store as? PostgresStore { return try postgres.reportEvents() }
        return []
    }

    /// Books `id` for the next day at 11:00 and lets that time pass.
    static func bookAndPass(_ store: any BoardStore, _ id: LeadID, clock: ManualClock) throws {
        let at = clock.now().addingTimeInterval(86_400)
        try store.execute(.book(ae: "alex", at: at, agenda: "Discovery"), on: id, as: "sam")
        clock.set(at.addingTimeInterval(3600))
    }

    static let noShow = Command.logOutcome(.noShow, newTime: nil, note: "No answer", reason: .noResponse)

    @Test(arguments: StoreKind.all)
    func theLimitHoldsUndoBringsItBackAndTheReportCountsReasons(_ kind: StoreKind) throws {
        let folder = try StoreUnderTest(kind)
        defer { folder.remove() }
        let clock = ManualClock(storeStart)
        let store = try folder.teamStore(clock: clock)
        store.policy = .standard
        let id = try store.handOff("Acme", meeting: moment(2026, 3, 3, 11))
        clock.set(moment(2026, 3, 3, 12))
        let missing = #expect(throws: RuleError.self) {
            try store.execute(.logOutcome(.noShow, newTime: nil, note: nil), on: id, as: "sam")
        }
        #expect(missing?.description.contains("a reason code is required") == true)
        try store.execute(Self.noShow, on: id, as: "sam")
        #expect(try store.history(of: id).last?.payload.outcomeReason == .noResponse)
        try Self.bookAndPass(store, id, clock: clock)
        try store.execute(Self.noShow, on: id, as: "sam")
        let at = clock.now().addingTimeInterval(86_400)
        let refusal = #expect(throws: RuleError.self) {
            try store.execute(.book(ae: "alex", at: at, agenda: "Third"), on: id, as: "sam")
        }
        #expect(refusal?.description.hasPrefix("cannot book \(id) again: its meeting was a no-show 2 times") == true)

        // Undo the second no-show: back under the limit. Canceled instead does not count.
        try store.undo(id, as: "sam", expecting: nil)
        #expect(try store.lead(id)?.column == .handedOff)
        try store.execute(.logOutcome(.canceled, newTime: nil, note: nil, reason: .conflict), on: id, as: "sam")
        try Self.bookAndPass(store, id, clock: clock)
        #expect(try store.lead(id)?.column == .handedOff)

        // The report reads the reasons from the store (its fast path) as the pure
        // recomputation from the exported log does.
        let log = try store.events(after: 0, limit: nil)
        #expect(try Self.reportEvents(store) == log.filter { $0.type != .scored }.compactMap(ReportEvent.init))
        let period = Period(since: storeStart, until: clock.now())
        let standup = try store.standup(period: period, settings: .standard, grouping: .sdr, now: clock.now())
        let recomputed = StandupBuilder.build(events: log, leads: try store.leads(LeadQuery(includeArchived: true)),
                                              team: try store.team(), period: period, now: clock.now())
        #expect(standup.shows == recomputed.shows)
        let sam = try #require(standup.shows.bySDR.first { $0.name == "sam" })
        #expect(sam.noShow == 1 && sam.canceled == 1 && sam.held == 0 && sam.showRate == Ratio(0, of: 2))
        #expect(standup.shows.byAE.first { $0.name == "alex" }?.noShow == 1)
        #expect(standup.shows.missedByReason == [MissedReason(code: "conflict", noShow: 0, canceled: 1),
                                                   MissedReason(code: "no_response", noShow: 1, canceled: 0)])
        #expect(try store.doctor().problems == [])
    }

    /// Events written before reasons and the limit existed (no `outcomeReason`, no count
    /// anywhere): the limit counts them from the history, and the report says `unrecorded`.
    @Test(arguments: StoreKind.all)
    func aStoreWithEventsFromBeforeCountsItsOldNoShows(_ kind: StoreKind) throws {
        let folder = try StoreUnderTest(kind)
        defer { folder.remove() }
        let clock = ManualClock(storeStart)
        let store = try folder.teamStore(clock: clock)
        #expect(store.policy == .replay, "a store opened without a policy decides as a replay")
        let id = try store.handOff("Old Co", meeting: moment(2026, 3, 3, 11))
        clock.set(moment(2026, 3, 3, 12))
        try store.execute(.logOutcome(.noShow, newTime: nil, note: nil), on: id, as: "sam")
        try Self.bookAndPass(store, id, clock: clock)
        try store.execute(.logOutcome(.noShow, newTime: nil, note: nil), on: id, as: "sam")
        #expect(try store.history(of: id).allSatisfy { $0.payload.outcomeReason == nil })

        // The same log, replayed into a new store, opened with the team's policy.
        let copy = try StoreUnderTest(kind)
        defer { copy.remove() }
        let reopened = try copy.open(clock: clock)
        try reopened.importEvents(try store.events(after: 0, limit: nil))
        reopened.policy = .standard
        let at = clock.now().addingTimeInterval(86_400)
        #expect(throws: RuleError.self) {
            try reopened.execute(.book(ae: "alex", at: at, agenda: "Again"), on: id, as: "sam")
        }
        // Under a limit of 3 it books; the way out is there too: the SDR archives.
        reopened.policy = RulePolicy(noShowLimit: 3, outcomeReasonRequired: true)
        try reopened.execute(.book(ae: "alex", at: at, agenda: "Again"), on: id, as: "sam")
        try reopened.undo(id, as: "sam", expecting: nil)
        try reopened.execute(.archive, on: id, as: "sam")
        #expect(try reopened.lead(id)?.column == .archived)
        let standup = try reopened.standup(period: Period(since: storeStart, until: clock.now()), settings: .standard,
                                           grouping: .ae, now: clock.now())
        #expect(standup.shows.missedByReason == [MissedReason(code: "unrecorded", noShow: 2, canceled: 0)])
        #expect(try reopened.doctor().problems == [])
    }
}
