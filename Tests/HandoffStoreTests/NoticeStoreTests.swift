import Foundation
import Testing
@testable import HandoffCore
@testable import HandoffStore

/// What landed for a member, read from either store the way the board reads it: the events
/// after a cursor and the cards of only their leads.
@Suite("Notices from the store (SQLite and PostgreSQL)")
struct NoticeStoreTests {
    @Test(arguments: StoreKind.all)
    func twoPeopleOnOneStoreEachHearWhatIsTheirs(_ kind: StoreKind) throws {
        let folder = try StoreUnderTest(kind)
        defer { folder.remove() }
        let clock = ManualClock(storeStart)
        let store = try folder.teamStore(clock: clock)
        let acme = try store.add("Acme")
        let alexLooked = try store.lastSequence()
        #expect(try store.notices(for: "alex", after: alexLooked) == NoticeRead(notices: [], through: alexLooked))

        // sam books Acme with alex (person A), from another connection: alex (person B) hears of it.
        let other = try folder.open(clock: clock)
        try other.execute(.score(qualifyingScores), on: acme, as: "sam")
        clock.advance(by: 60)
        let booked = try other.execute(.book(ae: "alex", at: moment(2026, 3, 3, 11), agenda: "Discovery"), on: acme, as: "sam")
        let read = try store.notices(for: "alex", after: alexLooked)
        #expect(read.through == booked.event.seq)
        #expect(read.notices == [Notice(kind: .handedToYou, lead: acme, by: "sam", at: clock.date, seq: booked.event.seq,
                                        text: "\(acme) Acme handed to you by sam")])
        #expect(try store.notices(for: "sam", after: alexLooked).notices.isEmpty, "sam's own booking")
        #expect(try store.notices(for: "ava", after: alexLooked).notices.isEmpty, "not ava's meeting")
        // Read again after what was read: nothing new.
        #expect(try store.notices(for: "alex", after: read.through).notices.isEmpty)

        // The AE returns it, sam disputes, lee rules: each hears what is theirs.
        clock.set(moment(2026, 3, 3, 12))
        try store.execute(.returnLead(reasons: [.noNeed], failed: ["need"], note: "No pain"), on: acme, as: "alex")
        let returned = try other.notices(for: "sam", after: read.through)
        #expect(returned.notices.map(\.text) == ["\(acme) Acme returned by alex (no_need)"])
        try other.execute(.dispute(note: "It is there"), on: acme, as: "sam")
        #expect(try store.notices(for: "lee", after: returned.through).notices.map(\.kind) == [.disputed])
        #expect(try store.notices(for: "alex", after: returned.through).notices.map(\.text)
            == ["\(acme) Acme: your return disputed by sam"])
        let sinceDispute = try store.lastSequence()
        try store.execute(.resolveDispute(.overturned, note: nil), on: acme, as: "lee")
        for member in ["sam", "alex"] {
            #expect(try other.notices(for: member, after: sinceDispute).notices.map(\.kind) == [.ruled])
        }
        #expect(try other.notices(for: "lee", after: sinceDispute).notices.isEmpty)
    }

    @Test(arguments: StoreKind.all)
    func aCursorBeyondTheLogOrFarBehindItStaysBounded(_ kind: StoreKind) throws {
        let folder = try StoreUnderTest(kind)
        defer { folder.remove() }
        let clock = ManualClock(storeStart)
        let store = try folder.teamStore(clock: clock)
        try store.handOff("Acme", meeting: moment(2026, 3, 3, 11))
        let newest = try store.lastSequence()
        // A store made again at the same place: a remembered cursor past its end reads nothing.
        #expect(try store.notices(for: "alex", after: newest + 500) == NoticeRead(notices: [], through: newest))
        // From the start: every page is read, and the notice found.
        let all = try store.notices(for: "alex", after: 0)
        #expect(all.through == newest)
        #expect(all.notices.map(\.kind) == [.handedToYou])
    }
}
