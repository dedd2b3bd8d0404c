import Foundation
import Testing
@testable import HandoffCore
@testable import HandoffStore

/// Issue 12 part 2 on both stores: `import --events` refuses a log the rules would not
/// have written, at the first violation and writing nothing; `doctor` reports every event
/// the rules refuse, even rows written behind the store's back.
@Suite("Store: the rules replay every imported and stored event")
struct StoreRulesReplayTests {
    /// One forged event, made against an honest log (L-1 handed off to alex and held,
    /// L-2 in sam's queue), and what the rules say about it.
    struct Forgery: Sendable, CustomTestStringConvertible {
        let name: String
        let expected: String
        let make: @Sendable (_ seq: Int64, _ at: Date) -> Event
        var testDescription: String { name }
    }

    static let forgeries: [Forgery] = [
        Forgery(name: "an SDR accepts straight from the queue",
                expected: "(L-2, accepted by sam): cannot accept L-2: it is in SDR queue; only leads in Handed off can be accepted") { seq, at in
            Event(seq: seq, at: at, actor: "sam", lead: LeadID(2), type: .accepted, from: .queue, to: .sao,
                  payload: EventPayload(disposition: Disposition(kind: .accepted, by: "sam", at: at, nextStep: "Scoping",
                                                                 nextDate: at.addingTimeInterval(7 * 86_400))))
        },
        Forgery(name: "an AE books a meeting with themselves",
                expected: "(L-2, booked by alex): cannot book L-2: it belongs to sam; only its SDR or a team lead may") { seq, at in
            Event(seq: seq, at: at, actor: "alex", lead: LeadID(2), type: .booked, from: .queue, to: .handedOff,
                  payload: EventPayload(definitionVersion: 1, meeting: Meeting(ae: "alex", at: at.addingTimeInterval(86_400), agenda: "",
                                                                               bookedBy: "alex", bookedAt: at)))
        },
        Forgery(name: "the SDR dispositions her own handoff",
                expected: "(L-1, nurtured by sam): cannot nurture L-1: only the meeting's AE (alex) or a team lead may") { seq, at in
            Event(seq: seq, at: at, actor: "sam", lead: LeadID(1), type: .nurtured, from: .handedOff, to: .nurture,
                  payload: EventPayload(disposition: Disposition(kind: .nurture, by: "sam", at: at, reason: "Later",
                                                                 revisit: at.addingTimeInterval(30 * 86_400))))
        },
        Forgery(name: "a member added by a non-lead",
                expected: "(member by sam): sam is an SDR: only a team lead manages the team") { seq, at in
            Event(seq: seq, at: at, actor: "sam", lead: nil, type: .member, from: nil, to: nil,
                  payload: EventPayload(member: Member(name: "mallory", role: .lead)))
        },
        Forgery(name: "a name with control characters",
                expected: "(member by lee): team member names may not contain control, format or bidi characters (U+001B)") { seq, at in
            Event(seq: seq, at: at, actor: "lee", lead: nil, type: .member, from: nil, to: nil,
                  payload: EventPayload(member: Member(name: "ev\u{1B}]0;il", role: .sdr)))
        },
        Forgery(name: "a look-alike of a member",
                expected: "(member by lee): \u{0455}am looks like sam, who is already on the team") { seq, at in
            Event(seq: seq, at: at, actor: "lee", lead: nil, type: .member, from: nil, to: nil,
                  payload: EventPayload(member: Member(name: "\u{0455}am", role: .lead)))
        },
        Forgery(name: "an unknown actor",
                expected: "(L-2, archived by zed): zed is not on the team roster") { seq, at in
            Event(seq: seq, at: at, actor: "zed", lead: LeadID(2), type: .archived, from: .queue, to: .archived)
        },
    ]

    /// L-1 handed off to alex and held; L-2 new in sam's queue.
    func honestStore(_ folder: StoreUnderTest, clock: ManualClock) throws -> any BoardStore {
        let store = try folder.teamStore(clock: clock)
        try store.handOff("Acme", meeting: storeStart.addingTimeInterval(3600))
        clock.advance(by: 2 * 3600)
        try store.execute(.logOutcome(.held, newTime: nil, note: nil), on: LeadID(1), as: "alex")
        try store.add("Globex")
        return store
    }

    @Test(arguments: StoreKind.all, forgeries)
    func importEventsRefusesTheForgeryAndWritesNothing(_ kind: StoreKind, _ forgery: Forgery) throws {
        let source = try StoreUnderTest(.sqlite)
        defer { source.remove() }
        let clock = ManualClock(storeStart)
        var log = try honestStore(source, clock: clock).events(after: 0, limit: nil)
        let seq = Int64(log.count + 1)
        log.append(forgery.make(seq, clock.now()))
        let target = try StoreUnderTest(kind)
        defer { target.remove() }
        let store = try target.open(clock: clock)
        let error = #expect(throws: RuleError.self) { try store.importEvents(log) }
        #expect(error?.description.hasPrefix("event #\(seq) \(forgery.expected)") == true, "\(String(describing: error))")
        #expect(error?.description.hasSuffix("the rules refuse it, so nothing was imported") == true)
        #expect(error?.description.contains("\u{1B}") == false, "the message is safe to print")
        #expect(try store.events(after: 0, limit: nil).isEmpty, "nothing was written")
        #expect(try store.team().members.isEmpty)
        // The honest log itself goes in, and doctor finds it sound.
        log.removeLast()
        try store.importEvents(log)
        #expect(try store.doctor().isClean)
    }

    @Test(arguments: StoreKind.all)
    func doctorReportsEveryForgedRowWrittenBehindTheStoresBack(_ kind: StoreKind) throws {
        let folder = try StoreUnderTest(kind)
        defer { folder.remove() }
        let clock = ManualClock(storeStart)
        let store = try honestStore(folder, clock: clock)
        #expect(try store.doctor().isClean)
        var seq = try store.events(after: 0, limit: nil).count
        var expected: [String] = []
        for forgery in Self.forgeries {
            seq += 1
            let event = forgery.make(Int64(seq), clock.now())
            let payload = try StreamingJSONEncoder.string(event.payload).replacingOccurrences(of: "'", with: "''")
            func text(_ value: String?) -> String { value.map { "'\($0.replacingOccurrences(of: "'", with: "''"))'" } ?? "NULL" }
            let sql = """
                INSERT INTO event (seq, at, actor, lead, type, from_column, to_column, payload) VALUES \
                (\(seq), \(text(event.at.formatted(.iso8601))), \(text(event.actor)), \(event.lead.map { "\($0.number)" } ?? "NULL"), \
                \(text(event.type.rawValue)), \(text(event.from?.rawValue)), \(text(event.to?.rawValue)), '\(payload)')
                """
            #expect(try folder.raw(sql) == nil, "\(forgery.name)")
            expected.append("the rules refuse event #\(seq) \(forgery.expected)")
        }
        let report = try store.doctor()
        #expect(!report.isClean)
        for line in expected {
            #expect(report.problems.contains { $0.hasPrefix(line) }, "\(line)\nnot in \(report.problems)")
        }
        #expect(report.problems.filter { $0.hasPrefix("the rules refuse") }.count == Self.forgeries.count,
                "every forged row, and nothing else: \(report.problems)")
    }
}
