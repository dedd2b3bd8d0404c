import Foundation
import HandoffCore
import HandoffSQLite
import HandoffStore
import Testing

/// The `handoff demo` store: seeded through the real rules, every column and marker shown.
@Suite("demo seed")
struct DemoSeedTests {
    /// A temp folder per test, removed when the test ends.
    final class Folder {
        let url: URL

        init() throws {
            url = FileManager.default.temporaryDirectory.appendingPathComponent("handoff-demo-test-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        }

        func path(_ name: String = "demo.sqlite") -> String { url.appendingPathComponent(name).path }

        deinit { try? FileManager.default.removeItem(at: url) }
    }

    static func calendar(_ zone: String) -> Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: zone) ?? .gmt
        return calendar
    }

    static func date(_ text: String, in calendar: Calendar) throws -> Date {
        try DateInput.parseMoment(text, now: Date(timeIntervalSince1970: 0), calendar: calendar)
    }

    /// A Wednesday morning, a Thursday evening, a Monday before work (the last working day
    /// was three days ago), and a Saturday night on the other side of the world.
    static let moments: [(String, String)] = [
        ("2026-03-18 10:30", "America/New_York"),
        ("2026-09-10 19:45", "Asia/Kolkata"),
        ("2026-06-01 07:15", "Europe/Berlin"),
        ("2026-11-28 23:50", "Pacific/Auckland"),
    ]

    @Test("the board has every column, every marker, and a clean log", arguments: moments)
    func seededBoard(_ moment: String, _ zone: String) throws {
        let folder = try Folder()
        let calendar = Self.calendar(zone)
        let now = try Self.date(moment, in: calendar)
        let store = try DemoSeed.seed(path: folder.path(), lead: "lee", now: now, calendar: calendar)
        let leads = try store.leads(LeadQuery(includeArchived: true))
        func count(_ column: Column) -> Int { leads.count { $0.column == column } }

        #expect((55...65).contains(leads.count))
        #expect((15...21).contains(count(.queue)), "queue: \(count(.queue))")
        #expect((10...14).contains(count(.handedOff)), "handed off: \(count(.handedOff))")
        #expect((10...14).contains(count(.sao)), "SAO: \(count(.sao))")
        #expect((6...10).contains(count(.nurture)), "nurture: \(count(.nurture))")
        #expect((6...10).contains(count(.returned)), "returned: \(count(.returned))")
        #expect((1...2).contains(count(.archived)), "archived: \(count(.archived))")
        for column in Column.board { #expect(count(column) > 0, "\(column.title) is empty") }

        // Markers.
        let rebook = leads.filter { $0.column == .queue && $0.rebook }
        #expect((2...3).contains(rebook.count))
        #expect(leads.contains { $0.disputeOpen && $0.column == .returned })
        #expect(leads.contains { $0.column == .returned && $0.dispute?.resolution == .upheld })
        let due = leads.filter { $0.revisitDue(now: now) }
        #expect((2...3).contains(due.count))
        #expect(leads.contains { $0.column == .nurture && !$0.revisitDue(now: now) })
        let breached = leads.filter {
            $0.awaitingDisposition && ($0.meeting?.at).map { now.timeIntervalSince($0) > 48 * 3600 } == true
        }
        #expect(breached.count >= 2)
        #expect(leads.contains { $0.column == .handedOff && ($0.meeting?.reschedules ?? 0) > 0 && ($0.meeting?.at ?? now) > now })
        #expect(leads.contains { $0.column == .handedOff && $0.meeting?.outcome == nil && ($0.meeting?.at ?? .distantPast) > now })
        #expect(leads.contains { $0.column == .queue && $0.scorecard == nil })
        #expect(leads.contains { $0.column == .queue && $0.scorecard.map { !$0.isQualified(against: .standard) } == true })

        // The overturned return that the AE then accepted counts for the SDR.
        let overturned = leads.filter { $0.dispute?.resolution == .overturned }
        #expect(overturned.count == 1)
        #expect(overturned.first?.column == .sao)
        #expect(overturned.first?.creditedSQLs == 1)
        #expect(overturned.first?.creditedSAOs == 1)

        // Returns are annotated.
        let returns = leads.filter { $0.column == .returned }.compactMap(\.disposition)
        #expect(returns.allSatisfy { !$0.reasons.isEmpty && !($0.note ?? "").isEmpty })
        #expect(returns.count { $0.reasons.count >= 2 && !$0.failedCriteria.isEmpty } >= 3)
        #expect(returns.contains { $0.beforeMeeting })

        // SAO cards carry next steps, some opportunities and assessments.
        let accepted = leads.filter { $0.column == .sao }.compactMap(\.disposition)
        #expect(accepted.allSatisfy { $0.kind == .accepted && !($0.nextStep ?? "").isEmpty && $0.nextDate != nil })
        #expect(accepted.count { $0.opportunity != nil } >= 3)
        #expect(accepted.count { $0.assessment != nil } >= 3)

        // Work is spread across the SDRs and both AEs.
        for sdr in DemoSeed.sdrs { #expect(leads.count { $0.owner == sdr } >= 15) }
        for ae in DemoSeed.aes { #expect(leads.count { $0.ae == ae } >= 10) }

        // The log: a real month, by the right people, never after `now`.
        let events = try store.events(after: 0, limit: nil)
        #expect(zip(events, events.dropFirst()).allSatisfy { $0.at <= $1.at })
        #expect(events.allSatisfy { $0.at <= now })
        let first = try #require(events.first)
        #expect((28...35).contains(Int(now.timeIntervalSince(first.at) / 86_400)))
        #expect(Set(events.map(\.actor)) == Set(["lee"] + DemoSeed.sdrs + DemoSeed.aes))
        #expect(events.filter { $0.type == .resolved }.allSatisfy { $0.actor == "lee" })
        #expect(events.filter { $0.type == .booked }.allSatisfy { DemoSeed.sdrs.contains($0.actor) })
        #expect(events.filter { [.accepted, .nurtured, .returned].contains($0.type) }.allSatisfy { DemoSeed.aes.contains($0.actor) })
        let spread = Set(leads.filter { $0.column == .handedOff || $0.column == .sao }.map { $0.daysInColumn(now: now) })
        #expect(spread.count >= 4)

        let report = try store.doctor()
        #expect(report.isClean, "\(report.problems)")
    }

    @Test func theTeamHasTheLeadThreeSDRsAndTwoAEs() throws {
        let folder = try Folder()
        let store = try DemoSeed.seed(path: folder.path(), lead: "lee")
        let team = try store.team()
        #expect(Set(team.members) == Set([Member(name: "lee", role: .lead)]
            + DemoSeed.sdrs.map { Member(name: $0, role: .sdr) } + DemoSeed.aes.map { Member(name: $0, role: .ae) }))
        #expect(try store.doctor().isClean)
    }

    /// `HANDOFF_USER=Maya handoff demo` was refused: "maya is already on the team, written Maya".
    @Test("a lead named like a demo member, in any case, is that member as team lead",
          arguments: [("maya", "maya"), ("alex", "alex"), ("Maya", "maya"), ("THEO", "theo")])
    func leadCollidingWithTheTeam(_ typed: String, _ name: String) throws {
        let folder = try Folder()
        let store = try DemoSeed.seed(path: folder.path(), lead: typed)
        let members = try store.team().members
        #expect(members.first { $0.name == name }?.role == .lead)
        #expect(members.count { $0.role == .sdr } >= 2)
        #expect(members.count { $0.role == .ae } >= 1)
        #expect(members.count { $0.name == name } == 1)
        let leads = try store.leads(LeadQuery(includeArchived: true))
        #expect((55...65).contains(leads.count))
        #expect(try store.doctor().isClean)
    }

    @Test func seedingTwiceIsRefusedAndChangesNothing() throws {
        let folder = try Folder()
        let path = folder.path()
        let store = try DemoSeed.seed(path: path, lead: "lee")
        let before = try store.lastSequence()
        #expect(before > 200)
        #expect {
            _ = try DemoSeed.seed(path: path, lead: "lee")
        } throws: { error in
            "\(error)".contains(path) && "\(error)".contains("already there")
        }
        #expect(try store.lastSequence() == before)
        #expect(try store.doctor().isClean)
    }

    @Test func aFolderIsRefusedAndAnEmptyFileIsSeeded() throws {
        let folder = try Folder()
        #expect(throws: RuleError.self) { _ = try DemoSeed.seed(path: folder.url.path, lead: "lee") }
        let empty = folder.path("empty.sqlite")
        #expect(FileManager.default.createFile(atPath: empty, contents: Data()))
        let store = try DemoSeed.seed(path: empty, lead: "lee")
        #expect(try store.leads(LeadQuery()).count > 50)
    }

    @Test func theSameMomentGivesTheSameStore() throws {
        let folder = try Folder()
        let calendar = Self.calendar("Europe/London")
        let now = try Self.date("2026-09-09 14:00", in: calendar)
        let one = try DemoSeed.seed(path: folder.path("one.sqlite"), lead: "lee", now: now, calendar: calendar)
        let two = try DemoSeed.seed(path: folder.path("two.sqlite"), lead: "lee", now: now, calendar: calendar)
        #expect(try one.events(after: 0, limit: nil) == two.events(after: 0, limit: nil))
    }
}
