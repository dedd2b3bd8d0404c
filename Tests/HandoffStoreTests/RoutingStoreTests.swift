import Foundation
import HandoffCore
import HandoffStore
import Testing

/// Away periods and the rotation's facts on both stores: no table of their own, read from
/// the log, the same on SQLite and PostgreSQL.
@Suite("Routing on the store (SQLite and PostgreSQL)")
struct RoutingStoreTests {
    @Test(arguments: StoreKind.all)
    func awayPeriodsAndProposalsRoundTrip(_ kind: StoreKind) throws {
        let folder = try StoreUnderTest(kind)
        defer { folder.remove() }
        let clock = ManualClock(storeStart)
        let store = try folder.teamStore(clock: clock)

        // alex is away Thursday and Friday; ava themself records nothing.
        let away = Away(member: "alex", from: "2026-03-05", to: "2026-03-06")
        try store.execute(.setAway(away), as: "alex")
        #expect(try store.team().away == [away])
        #expect(try folder.open(clock: clock).team().away == [away], "read again from the log by a new connection")

        // Three bookings: the proposal each time takes the rotation's pick; a booking on
        // Thursday never goes to alex.
        let settings = RoutingSettings()
        var booked: [String] = []
        var ids: [LeadID] = []
        for (index, day) in [3, 5, 9].enumerated() {
            let meeting = moment(2026, 3, day, 11)
            let proposal = try store.routingProposal(team: store.team(), meetingAt: meeting, now: clock.date,
                                                     settings: settings, calendar: storeCalendar)
            let ae = try #require(proposal.ae)
            let id = try store.add("Co \(index)")
            try store.execute(.score(qualifyingScores), on: id, as: "sam")
            let applied = try store.execute(.book(ae: ae, at: meeting, agenda: "", route: proposal.route), on: id, as: "sam")
            #expect(applied.event.payload.proposedAE == ae)
            #expect(try store.history(of: id).last?.payload.proposedAE == ae, "the proposal is kept in the log")
            booked.append(ae)
            ids.append(id)
            clock.advance(by: 60)
        }
        #expect(booked == ["alex", "ava", "alex"])
        // One override: booked with ava while the rotation proposed alex.
        let override = try store.add("Override Co")
        try store.execute(.score(qualifyingScores), on: override, as: "sam")
        try store.execute(.book(ae: "ava", at: moment(2026, 3, 10, 11), agenda: "",
                                route: BookingRoute(proposed: "alex", strict: false)), on: override, as: "sam")
        let overrides = try store.routingOverrides(in: Period(since: moment(2026, 3, 2), until: moment(2026, 3, 9)))
        #expect(overrides.overrides == Ratio(1, of: 4))
        #expect(overrides.bySDR.map(\.sdr) == ["sam"])
        let facts = try store.routingFacts(since: moment(2026, 3, 2))
        #expect(facts.map(\.ae) == ["alex", "ava", "alex", "ava"])

        // An undone booking leaves the count; a booking with alex on Thursday is refused.
        try store.undo(override, as: "sam", expecting: nil)
        try store.undo(ids[2], as: "sam", expecting: nil)
        let proposal = try store.routingProposal(team: store.team(), meetingAt: moment(2026, 3, 10, 11), now: clock.date,
                                                 settings: settings, calendar: storeCalendar)
        #expect(proposal.standings.map(\.booked) == [1, 1])
        let id = try store.add("Thursday Ltd")
        try store.execute(.score(qualifyingScores), on: id, as: "sam")
        #expect(throws: RuleError.refused("cannot book \(id) with alex: alex is away 2026-03-05 to 2026-03-06 (the meeting is on 2026-03-05); book another AE")) {
            try store.execute(.book(ae: "alex", at: moment(2026, 3, 5, 15), agenda: ""), on: id, as: "sam")
        }

        // Cleared: alex may be booked on Thursday again; the log replays clean.
        try store.execute(.setAway(Away(member: "alex", from: "2026-03-05", to: "2026-03-05", cleared: true)), as: "lee")
        #expect(try store.team().away.isEmpty)
        try store.execute(.book(ae: "alex", at: moment(2026, 3, 5, 15), agenda: ""), on: id, as: "sam")
        #expect(try store.doctor().isClean)
    }

    /// The board's book form: the ledger proposes before the meeting's time is known, and
    /// the form ranks again for the meeting's day at Enter, from what the proposal kept.
    @Test(arguments: StoreKind.all)
    func theBoardsProposalRanksAgainForTheMeetingsDay(_ kind: StoreKind) throws {
        let folder = try StoreUnderTest(kind)
        defer { folder.remove() }
        let clock = ManualClock(storeStart)
        let store = try folder.teamStore(clock: clock)
        try store.execute(.setAway(Away(member: "alex", from: "2026-03-05", to: "2026-03-06")), as: "lee")
        let first = try store.add("First Co")
        try store.execute(.score(qualifyingScores), on: first, as: "sam")
        try store.execute(.book(ae: "ava", at: moment(2026, 3, 4, 11), agenda: ""), on: first, as: "sam")

        let ledger = RoutingLedger()
        let opened = try ledger.proposal(store, team: store.team(), meetingAt: nil, now: clock.date,
                                         settings: RoutingSettings(mode: .strict), calendar: storeCalendar)
        #expect(opened.ae == "alex", "alex is in on the day the form opens")
        let thursday = moment(2026, 3, 5, 15)
        let again = try #require(opened.forMeeting(at: thursday))
        #expect(again == (try store.routingProposal(team: store.team(), meetingAt: thursday, now: clock.date,
                                                    settings: RoutingSettings(mode: .strict), calendar: storeCalendar)),
                "the same answer as reading the week again")
        #expect(again.ae == "ava")
        let id = try store.add("Thursday Ltd")
        try store.execute(.score(qualifyingScores), on: id, as: "sam")
        #expect(throws: RuleError.self, "the form's first proposal would be refused on that day") {
            try store.execute(.book(ae: "alex", at: thursday, agenda: "", route: opened.route), on: id, as: "sam")
        }
        let applied = try store.execute(.book(ae: "ava", at: thursday, agenda: "", route: again.route), on: id, as: "sam")
        #expect(applied.event.payload.proposedAE == "ava")
        #expect(try store.doctor().isClean)
    }

    @Test(arguments: StoreKind.all)
    func awayIsTheLeadsOrTheMembersOwn(_ kind: StoreKind) throws {
        let folder = try StoreUnderTest(kind)
        defer { folder.remove() }
        let clock = ManualClock(storeStart)
        let store = try folder.teamStore(clock: clock)
        let away = Away(member: "alex", from: "2026-03-05", to: "2026-03-06")
        #expect(throws: RuleError.notPermitted("ava is an AE: only a team lead or alex themself records alex's away days")) {
            try store.execute(.setAway(away), as: "ava")
        }
        #expect(try store.team().away.isEmpty, "nothing changed")
        try store.execute(.setAway(away), as: "lee")
        #expect(try store.team().away == [away])
    }
}
