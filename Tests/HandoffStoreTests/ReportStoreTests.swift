import Foundation
import Testing
@testable import HandoffCore
@testable import HandoffSQLite
@testable import HandoffStore

/// The store's fast path for `handoff report`: events read from the raw payload bytes and
/// cards replayed from the log must equal what full decoding and the projection give.
@Suite("Report: the store's fast path")
struct ReportStoreTests {
    static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        return calendar
    }()

    static func at(_ day: Int, _ hour: Int) -> Date {
        calendar.date(from: DateComponents(year: 2026, month: 3, day: day, hour: hour)) ?? .distantPast
    }

    /// A store in a fresh folder, with a week of the loop in it: every event type, an
    /// undo, a dispute overturned, a lead returned twice, and text made to trip a naive
    /// reader of JSON (quotes, backslashes, key names inside notes, wide characters).
    static func week() throws -> (SQLiteStore, ManualClock, URL) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("handoff-report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let clock = ManualClock(at(2, 9))
        let store = try SQLiteStore(path: folder.appendingPathComponent("board.sqlite").path, now: clock.now, calendar: calendar)
        try store.initialize(lead: "lena")
        for (name, role) in [("ana", Role.sdr), ("sam", .sdr), ("bo", .ae), ("cy", .ae)] {
            try store.execute(.addMember(Member(name: name, role: role)), as: "lena")
        }
        let met = CriterionScore(status: .met, evidence: #"said "need":"yes" \ ok"#)
        let scores = ["need": met, "fit": met, "timeframe": met, "authority": met]
        func add(_ company: String, _ owner: String) throws -> LeadID {
            let lead = try store.execute(.addLead(LeadFields(company: company, contact: "Pat \"P\" Doe"), owner: owner), as: owner).lead
            return try #require(lead?.id)
        }
        func handOff(_ id: LeadID, _ owner: String, _ ae: String, day: Int, hour: Int) throws {
            try store.execute(.score(scores), on: id, as: owner)
            try store.execute(.book(ae: ae, at: at(day, hour), agenda: #"{"at":"never"} "ae":"x""#), on: id, as: owner)
        }
        let plain = try add("Acme", "ana")
        let quoted = try add(#"Quote "Co" \ Backslash – 東京 🚀"#, "sam")
        let twice = try add("Twice Returned Ltd", "ana")
        let disputed = try add("Disputed Inc", "sam")
        let undone = try add("Undone GmbH", "ana")
        _ = try add("Waiting Oy", "sam")
        try handOff(plain, "ana", "bo", day: 3, hour: 10)
        try handOff(quoted, "sam", "cy", day: 3, hour: 11)
        try handOff(twice, "ana", "bo", day: 3, hour: 12)
        try handOff(disputed, "sam", "bo", day: 3, hour: 13)
        try handOff(undone, "ana", "cy", day: 3, hour: 14)
        try store.execute(.logOutcome(.rescheduled, newTime: at(4, 10), note: #"moved "outcome":"held""#), on: plain, as: "bo")
        clock.set(at(3, 15))
        try store.execute(.logOutcome(.held, newTime: nil, note: "ok"), on: quoted, as: "cy")
        try store.execute(.logOutcome(.held, newTime: nil, note: nil), on: twice, as: "bo")
        try store.execute(.logOutcome(.held, newTime: nil, note: nil), on: disputed, as: "bo")
        try store.execute(.logOutcome(.noShow, newTime: nil, note: nil), on: undone, as: "ana")
        try store.undo(undone, as: "ana", expecting: nil)
        try store.execute(.logOutcome(.held, newTime: nil, note: nil), on: undone, as: "cy")
        try store.execute(.nurture(reason: #"budget "revisit":"2020-01-01T00:00:00Z""#, revisit: at(5, 0)), on: undone, as: "cy")
        try store.execute(.accept(nextStep: "Workshop", nextDate: at(10, 0), opportunity: "OPP-1",
                                  assessment: Assessment(goodProblem: "yes")), on: quoted, as: "cy")
        try store.execute(.returnLead(reasons: [.noNeed, .other], failed: ["timeframe"], note: #"no "reasons":["x"]"#), on: twice, as: "bo")
        try store.execute(.rework, on: twice, as: "ana")
        try store.execute(.score(scores), on: twice, as: "ana")
        try store.execute(.book(ae: "cy", at: at(4, 16), agenda: ""), on: twice, as: "ana")
        try store.execute(.returnLead(reasons: [.duplicate], failed: [], note: "seen"), on: twice, as: "cy")
        try store.execute(.returnLead(reasons: [.noAuthority], failed: [], note: "junior"), on: disputed, as: "bo")
        try store.execute(.dispute(note: #"the VP "resolution":"upheld" joined"#), on: disputed, as: "sam")
        clock.set(at(4, 12))
        try store.execute(.logOutcome(.held, newTime: nil, note: nil), on: plain, as: "bo")
        try store.execute(.resolveDispute(.overturned, note: nil), on: disputed, as: "lena")
        try store.execute(.accept(nextStep: "Call", nextDate: at(11, 0), opportunity: nil, assessment: nil), on: disputed, as: "bo")
        try store.execute(.edit(LeadFields(company: "Acme Renamed", contact: "Pat"), owner: "sam"), on: plain, as: "lena")
        clock.set(at(8, 9))
        return (store, clock, folder)
    }

    @Test func theFastReadEqualsTheFullDecode() throws {
        let (store, _, folder) = try Self.week()
        defer { try? FileManager.default.removeItem(at: folder) }
        let fast = try store.reportEvents()
        let slow = try store.events(after: 0, limit: nil).compactMap(ReportEvent.init).filter { $0.type != .scored }
        #expect(fast.count == slow.count)
        for (mine, theirs) in zip(fast, slow) where mine != theirs {
            Issue.record("event #\(theirs.seq) \(theirs.type): read \(mine), decoded \(theirs)")
        }
        #expect(fast.contains { $0.company == #"Quote "Co" \ Backslash – 東京 🚀"# })
    }

    @Test func theReplayedCardsEqualTheProjection() throws {
        let (store, _, folder) = try Self.week()
        defer { try? FileManager.default.removeItem(at: folder) }
        let replayed = StandupBuilder.cards(facts: try store.reportEvents()).filter { $0.column != .archived }
        let projected = try store.leads(LeadQuery()).map(ReportLead.init)
        #expect(replayed == projected)
    }

    @Test func theStandupEqualsTheOneFromWholeEventsAndLeads() throws {
        let (store, clock, folder) = try Self.week()
        defer { try? FileManager.default.removeItem(at: folder) }
        let period = Period(since: Self.at(2, 0), until: Self.at(9, 0))
        for grouping in ReportGrouping.allCases {
            let fast = try store.standup(period: period, grouping: grouping)
            let slow = StandupBuilder.build(events: try store.events(after: 0, limit: nil),
                                            leads: try store.leads(LeadQuery(includeArchived: true)),
                                            team: try store.team(), period: period, grouping: grouping, now: clock.date)
            #expect(fast == slow, "grouping \(grouping)")
        }
        let standup = try store.standup(period: period)
        #expect(standup.team.dispositions.returned == 2, "twice returned; the disputed return was overturned")
        #expect(standup.team.credits.sqls == 3)
        #expect(standup.team.credits.saos == 2)
        #expect(standup.team.meetings.showRate == Ratio(5, of: 5))
        #expect(standup.people.first { $0.name == "sam" }?.figures.credits.sqls == 2)
    }

    @Test func anEventTheFastReaderCannotReadIsDecodedInFull() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("handoff-report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try SQLiteStore(path: folder.appendingPathComponent("board.sqlite").path, now: .fixed(Self.at(2, 9)))
        // A lead created without an owner in its payload (its creator owns it).
        let log = [
            try Rules.foundTeam(lead: "lena", now: Self.at(2, 9)),
            Event(at: Self.at(2, 9), actor: "lena", lead: LeadID(1), type: .created, from: nil, to: .queue,
                  payload: EventPayload(fields: LeadFields(company: "Ownerless", contact: "Pat"))),
        ].enumerated().map { index, event in
            var numbered = event
            numbered.seq = Int64(index + 1)
            return numbered
        }
        try store.bulkLoad(log)
        let read = try store.reportEvents()
        #expect(read == log.compactMap(ReportEvent.init))
        #expect(read.first?.person == "lena")
        #expect(StandupBuilder.cards(facts: read).first?.owner == "lena")
    }

    @Test func aBulkLoadNeedsAnEmptyStoreAndNumberedEvents() throws {
        let (store, _, folder) = try Self.week()
        defer { try? FileManager.default.removeItem(at: folder) }
        let log = try store.events(after: 0, limit: nil)
        #expect(throws: RuleError.self) { try store.bulkLoad(log) }
        let copy = try SQLiteStore(path: folder.appendingPathComponent("copy.sqlite").path, now: .fixed(Self.at(8, 9)))
        var gap = log
        gap.remove(at: 3)
        #expect(throws: RuleError.self) { try copy.bulkLoad(gap) }
        let report = try copy.bulkLoad(log)
        #expect(report.events == log.count)
        #expect(try copy.doctor().isClean)
        let period = Period(since: Self.at(2, 0), until: Self.at(9, 0))
        #expect(try copy.standup(period: period) == store.standup(period: period, now: Self.at(8, 9)))
    }
}
