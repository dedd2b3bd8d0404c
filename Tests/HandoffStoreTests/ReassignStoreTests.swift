import Foundation
import Testing
@testable import HandoffCore
import HandoffPostgres
import HandoffSQLite
@testable import HandoffStore

/// Reassigning meetings (cover), once for each store: the same events, cards, undo and redo,
/// a bulk action taken back whole, and a log that `doctor` and `import --events` replay.
@Suite("Reassigning meetings (SQLite and PostgreSQL)")
struct ReassignStoreTests {
    static func reportEvents(_ store: any BoardStore) throws -> [ReportEvent] {
        if let sqlite = store as? SQLiteStore { return try sqlite.reportEvents() }
        if let postgres = store as? PostgresStore { return try postgres.reportEvents() }
        return []
    }

    @Test(arguments: StoreKind.all)
    func aMeetingMovesKeepsItsBookingAndUndoRedoWalkIt(_ kind: StoreKind) throws {
        let folder = try StoreUnderTest(kind)
        defer { folder.remove() }
        let clock = ManualClock(storeStart)
        let store = try folder.teamStore(clock: clock)
        let id = try store.handOff("Acme", meeting: moment(2026, 3, 3, 11))
        let booked = try #require(try store.lead(id)?.meeting)

        let applied = try store.execute(.reassignMeeting(ae: "ava", note: "alex is out"), on: id, as: "alex")
        #expect(Describe.applied(applied, calendar: storeCalendar) == "\(id) meeting reassigned to ava (from alex) · now in Handed off (v4)")
        let meeting = try #require(try store.lead(id)?.meeting)
        #expect(meeting.ae == "ava" && meeting.bookedBy == "sam" && meeting.bookedAt == booked.bookedAt && meeting.at == booked.at)
        #expect(try store.cards(ids: [id]).map(\.ae) == ["ava"])
        let event = try #require(try store.history(of: id).last)
        #expect(event.type == .reassigned && event.payload.previousAE == "alex" && event.payload.note == "alex is out")
        #expect(event.summary == "reassigned the meeting from alex to ava")
        // The report's column (PostgreSQL: derived by the server) names the new AE.
        #expect(try Self.reportEvents(store).last { $0.type == .reassigned }?.person == "ava")

        // alex's hold on it has ended; ava logs and decides it, and sam keeps the credit.
        #expect(throws: RuleError.notPermitted("cannot reassign the meeting of \(id): only the meeting's AE (ava) or a team lead may")) {
            try store.execute(.reassignMeeting(ae: "alex", note: nil), on: id, as: "alex")
        }
        let undone = try store.undoLast(as: "alex")
        #expect(undone.done == [id])
        #expect(try store.lead(id)?.meeting?.ae == "alex")
        let redone = try store.redoLast(as: "alex")
        #expect(redone.done == [id])
        #expect(try store.lead(id)?.meeting?.ae == "ava")
        clock.set(moment(2026, 3, 3, 12))
        try store.execute(.logOutcome(.held, newTime: nil, note: nil), on: id, as: "ava")
        try store.execute(.accept(nextStep: "Demo", nextDate: moment(2026, 3, 10), opportunity: nil, assessment: nil), on: id, as: "ava")
        #expect(try store.lead(id)?.credits == [Credit(sdr: "sam", handoff: 1, sao: true)])
        #expect(try store.doctor().problems == [])

        // The log replays through the rules into a new store of the same kind.
        let copy = try StoreUnderTest(kind)
        defer { copy.remove() }
        let log = try store.events(after: 0, limit: nil)
        let imported = try copy.open(clock: clock)
        try imported.importEvents(log)
        #expect(try imported.lead(id)?.meeting?.ae == "ava")
        #expect(try imported.doctor().problems == [])
    }

    @Test(arguments: StoreKind.all)
    func severalMeetingsMoveAsOneBulkActionAndUndoTakesThemBack(_ kind: StoreKind) throws {
        let folder = try StoreUnderTest(kind)
        defer { folder.remove() }
        let clock = ManualClock(storeStart)
        let store = try folder.teamStore(clock: clock)
        let meeting = moment(2026, 3, 3, 11)
        let first = try store.handOff("Acme", meeting: meeting)
        let second = try store.handOff("Globex", meeting: meeting, owner: "sue")
        let withAva = try store.handOff("Initech", meeting: meeting, ae: "ava")
        let queued = try store.add("Hooli")
        let before = try store.lastSequence()

        let bulk = try store.bulk(.reassignMeeting(ae: "ava", note: "cover"), on: [first, second, withAva, queued], as: "lee")
        #expect(bulk.done == [first, second])
        #expect(bulk.refused == [
            BulkOutcome.Refusal(withAva, "cannot reassign the meeting of \(withAva): it is already with ava"),
            BulkOutcome.Refusal(queued, "cannot reassign the meeting of \(queued): it is in SDR queue; only leads in Handed off can be reassigned to another AE"),
        ])
        #expect(bulk.summary.hasPrefix("2 reassigned to AE ava, 2 refused: "))
        #expect(bulk.cards.map(\.ae) == ["ava", "ava"])
        let events = try store.events(after: before, limit: nil)
        #expect(events.map(\.type) == [.reassigned, .reassigned])
        let group = events.first?.payload.group
        #expect(group != nil && events.allSatisfy { $0.payload.group == group && $0.payload.previousAE == "alex" })

        let undone = try store.undoLast(as: "lee")
        #expect(undone.done == [first, second] && undone.refused.isEmpty)
        #expect(try store.cards(ids: [first, second]).map(\.ae) == ["alex", "alex"])
        #expect(try store.doctor().problems == [])
    }
}
