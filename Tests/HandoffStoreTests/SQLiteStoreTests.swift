import Foundation
import GRDB
import Synchronization
import Testing
@testable import HandoffCore
@testable import HandoffStore

// MARK: - Helpers

let storeCalendar: Calendar = {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC") ?? TimeZone(secondsFromGMT: 0) ?? .current
    return calendar
}()

/// A moment in UTC. The components are constants of the tests, so the fallback never runs.
func moment(_ year: Int, _ month: Int, _ day: Int, _ hour: Int = 0, _ minute: Int = 0) -> Date {
    storeCalendar.date(from: DateComponents(year: year, month: month, day: day, hour: hour, minute: minute)) ?? .distantPast
}

/// Monday 2 March 2026, 09:00 UTC.
let storeStart = moment(2026, 3, 2, 9)

let teamRoster: [Member] = [
    Member(name: "sam", role: .sdr), Member(name: "sue", role: .sdr),
    Member(name: "alex", role: .ae), Member(name: "ava", role: .ae),
]

let qualifyingScores: [String: CriterionScore] = [
    "need": CriterionScore(status: .met, evidence: "Manual month-end close"),
    "fit": CriterionScore(status: .met, evidence: "Mid-market SaaS"),
    "timeframe": CriterionScore(status: .met, evidence: "Audit in Q3"),
    "authority": CriterionScore(status: .met, evidence: "Head of finance ops"),
    // Optional in the standard definition; met so that a stricter definition still qualifies.
    "budget": CriterionScore(status: .met, evidence: "40k approved"),
]

/// A unique folder under the temporary directory for one test. `remove()` also undoes the
/// permission changes a test made, so the folder can always be deleted.
struct TempFolder {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("handoff-store-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    var path: String { url.path }
    var store: String { url.appendingPathComponent("board.sqlite").path }

    func remove() {
        if isRoot {
            _ = chattr("-i", path)
            _ = chattr("-i", store)
        }
        chmod(path, 0o755)
        chmod(store, 0o644)
        try? FileManager.default.removeItem(at: url)
    }
}

let isRoot = getuid() == 0

/// Sets or clears a file attribute with chattr(1); false when that is not possible here.
@discardableResult
func chattr(_ flag: String, _ path: String) -> Bool {
    guard FileManager.default.isExecutableFile(atPath: "/usr/bin/chattr") else { return false }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/chattr")
    process.arguments = [flag, path]
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    do {
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus == 0
    } catch {
        return false
    }
}

/// Opens a store on `path` with a hand-moved clock and UTC.
func openStore(_ path: String, clock: ManualClock, busyTimeout: TimeInterval = SQLiteStore.defaultBusyTimeout) throws -> SQLiteStore {
    try SQLiteStore(path: path, now: clock.now, calendar: storeCalendar, busyTimeout: busyTimeout)
}

/// A store with the team lead `lee` and the roster.
func teamStore(_ path: String, clock: ManualClock, busyTimeout: TimeInterval = SQLiteStore.defaultBusyTimeout) throws -> SQLiteStore {
    let store = try openStore(path, clock: clock, busyTimeout: busyTimeout)
    try store.initialize(lead: "lee")
    for member in teamRoster {
        try store.execute(.addMember(member), as: "lee")
    }
    return store
}

/// Runs `body` on a thread of its own: SQLite blocks while it waits for a lock, and that
/// must not hold up the cooperative pool the other tests run on.
func onThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread {
            do {
                continuation.resume(returning: try body())
            } catch {
                continuation.resume(throwing: error)
            }
        }
        thread.start()
    }
}

extension SQLiteStore {
    @discardableResult
    func add(_ company: String, as actor: String = "sam", owner: String? = nil) throws -> LeadID {
        let applied = try execute(.addLead(LeadFields(company: company, contact: "Pat Doe"), owner: owner), as: actor)
        guard let id = applied.event.lead else { throw StoreError.damaged("the new lead has no id") }
        return id
    }

    /// Adds, scores and books a lead with alex at `meeting`.
    @discardableResult
    func handOff(_ company: String, meeting: Date, owner: String = "sam", ae: String = "alex") throws -> LeadID {
        let id = try add(company, as: owner)
        try execute(.score(qualifyingScores), on: id, as: owner)
        try execute(.book(ae: ae, at: meeting, agenda: "Discovery"), on: id, as: owner)
        return id
    }

    var eventCount: Int {
        get throws { try events(after: 0, limit: nil).count }
    }
}

/// Holds threads until all of them have arrived, so they start at once.
final class StartGate: Sendable {
    private let arrived = Atomic<Int>(0)

    func arrive(waitingFor count: Int) {
        arrived.add(1, ordering: .sequentiallyConsistent)
        while arrived.load(ordering: .sequentiallyConsistent) < count { usleep(100) }
    }
}

extension RuleError {
    enum Kind: Sendable { case refused, invalid, notPermitted, notFound, conflict }

    var kind: Kind {
        switch self {
        case .refused: .refused
        case .invalid: .invalid
        case .notPermitted: .notPermitted
        case .notFound: .notFound
        case .conflict: .conflict
        }
    }
}

extension StoreError {
    var isBusy: Bool { if case .busy = self { true } else { false } }
    var isReadOnly: Bool { if case .readOnly = self { true } else { false } }
}

// MARK: - Tests

@Suite("SQLite store")
struct SQLiteStoreTests {
    @Test func initializeOnceThenRefuse() throws {
        let folder = try TempFolder()
        defer { folder.remove() }
        let clock = ManualClock(storeStart)
        let store = try openStore(folder.store, clock: clock)
        for name in ["", "mary ann"] {
            let bad = #expect(throws: RuleError.self) { try store.initialize(lead: name) }
            #expect(bad?.kind == .invalid)
        }
        let early = #expect(throws: StoreError.self) { try store.add("Acme") }
        #expect(early == .notInitialized("the store \(folder.store) has no team yet: run `handoff init --lead NAME` (or `handoff demo`)"))
        #expect(try store.lastSequence() == 0)

        let applied = try store.initialize(lead: " lee ")
        #expect(applied.event.type == .member)
        #expect(applied.event.actor == "lee")
        #expect(applied.lead == nil)
        let team = try store.team()
        #expect(team.members == [Member(name: "lee", role: .lead)])
        #expect(team.definition == .standard)
        #expect(try store.eventCount == 2, "the first lead and the standard definition")

        let again = #expect(throws: RuleError.self) { try store.initialize(lead: "lin") }
        #expect(again == .refused("the store \(folder.store) already has a team (team lead: lee)"))
        let reopened = try openStore(folder.store, clock: clock)
        #expect(throws: RuleError.refused("the store \(folder.store) already has a team (team lead: lee)")) {
            try reopened.initialize(lead: "lee")
        }
        #expect(try reopened.eventCount == 2)
        #expect(try reopened.team() == team)
    }

    @Test func theFullLoopPersistsAndSurvivesReopening() throws {
        let folder = try TempFolder()
        defer { folder.remove() }
        let clock = ManualClock(storeStart)
        let meeting = moment(2026, 3, 3, 11)
        let revisit = moment(2026, 6, 1)
        let next = moment(2026, 3, 10)
        var expectedLeads: [Lead] = []
        var expectedHistory: [LeadID: [Event]] = [:]
        var expectedTeam = Team()
        do {
            let store = try teamStore(folder.store, clock: clock)
            let accepted = try store.handOff("Acme", meeting: meeting)
            let nurtured = try store.handOff("Globex", meeting: meeting)
            let returned = try store.handOff("Initech", meeting: meeting, owner: "sue", ae: "ava")
            clock.set(moment(2026, 3, 3, 12))
            for (id, ae) in [(accepted, "alex"), (nurtured, "alex"), (returned, "ava")] {
                let held = try store.execute(.logOutcome(.held, newTime: nil, note: "Good call"), on: id, as: ae)
                #expect(held.lead?.meeting?.outcome == .held)
            }
            let sao = try store.execute(.accept(nextStep: "Scoping", nextDate: next, opportunity: "OPP-1", assessment: nil),
                                        on: accepted, as: "alex", expecting: 4)
            #expect(sao.lead?.column == .sao)
            #expect(sao.lead?.version == 5)
            try store.execute(.nurture(reason: "Budget next FY", revisit: revisit), on: nurtured, as: "alex")
            try store.execute(.returnLead(reasons: [.noAuthority], failed: [], note: "Wrong person"), on: returned, as: "ava")
            try store.execute(.dispute(note: "Right person"), on: returned, as: "sue")
            try store.execute(.resolveDispute(.overturned, note: nil), on: returned, as: "lee")
            try store.execute(.accept(nextStep: "Demo", nextDate: next, opportunity: nil, assessment: nil), on: returned, as: "ava")

            let board = try store.leads(LeadQuery())
            #expect(board.map(\.column) == [.sao, .nurture, .sao])
            #expect(board.map(\.creditedSQLs) == [1, 1, 1])
            #expect(board.map(\.creditedSAOs) == [1, 0, 1])
            #expect(try store.lead(nurtured)?.disposition?.revisit == revisit)
            expectedLeads = try store.leads(LeadQuery(includeArchived: true))
            for lead in expectedLeads { expectedHistory[lead.id] = try store.history(of: lead.id) }
            expectedTeam = try store.team()
            #expect(try store.doctor().isClean)
        }
        // A new store on the same file sees exactly what was written.
        let reopened = try openStore(folder.store, clock: clock)
        #expect(try reopened.leads(LeadQuery(includeArchived: true)) == expectedLeads)
        for (id, history) in expectedHistory {
            #expect(try reopened.history(of: id) == history)
            #expect(try reopened.lead(id)?.version == history.count)
        }
        #expect(try reopened.team() == expectedTeam)
        #expect(try reopened.history(of: LeadID(3)).map(\.type) ==
                [.created, .scored, .booked, .outcome, .returned, .disputed, .resolved, .accepted])
        let report = try reopened.doctor()
        #expect(report.isClean, "\(report.problems)")
        #expect(report.leads == 3)
        #expect(report.events == (try reopened.eventCount))
        #expect(Int(try reopened.lastSequence()) == report.events)
    }

    @Test func queriesFilterByColumnAndPerson() throws {
        let folder = try TempFolder()
        defer { folder.remove() }
        let clock = ManualClock(storeStart)
        let store = try teamStore(folder.store, clock: clock)
        try store.add("Queue Co")
        try store.handOff("Handed Co", meeting: moment(2026, 3, 4, 10), owner: "sue", ae: "ava")
        let withdrawn = try store.add("Gone Co")
        try store.undo(withdrawn, as: "sam", expecting: nil)
        #expect(try store.leads(LeadQuery()).map(\.company) == ["Queue Co", "Handed Co"])
        #expect(try store.leads(LeadQuery(includeArchived: true)).count == 3)
        #expect(try store.leads(LeadQuery(columns: [.archived])).map(\.company) == ["Gone Co"])
        #expect(try store.leads(LeadQuery(columns: [.handedOff])).map(\.company) == ["Handed Co"])
        #expect(try store.leads(LeadQuery(owner: "ava")).map(\.company) == ["Handed Co"], "an AE sees the meetings they hold")
        #expect(try store.leads(LeadQuery(owner: "sam")).map(\.company) == ["Queue Co"])
        #expect(try store.leads(LeadQuery(columns: [.sao, .nurture])).isEmpty)
        let last = try store.lastSequence()
        #expect(try store.events(after: last - 2, limit: nil).count == 2)
        #expect(try store.events(after: 0, limit: 3).map(\.seq) == [1, 2, 3])
        #expect(try store.history(of: LeadID(42)).isEmpty)
        #expect(try store.lead(LeadID(42)) == nil)
        let missing = #expect(throws: RuleError.self) { try store.execute(.rework, on: LeadID(42), as: "sam") }
        #expect(missing == .notFound("no lead L-42"))
        let noID = #expect(throws: RuleError.self) { try store.execute(.rework, on: nil, as: "sam") }
        #expect(noID?.kind == .invalid)
    }

    @Test func doctorIsCleanAfterALongScriptedHistory() throws {
        let folder = try TempFolder()
        defer { folder.remove() }
        let clock = ManualClock(storeStart)
        let store = try teamStore(folder.store, clock: clock)
        func meeting() -> Date { clock.date.addingTimeInterval(86_400) }
        func afterMeeting() { clock.advance(by: 86_400 + 3_600) }
        func later() -> Date { clock.date.addingTimeInterval(30 * 86_400) }
        for round in 0..<6 {
            let sdr = round.isMultiple(of: 2) ? "sam" : "sue"
            let ae = round.isMultiple(of: 3) ? "alex" : "ava"
            // Accepted after a reschedule.
            let a = try store.handOff("Accepted \(round)", meeting: meeting(), owner: sdr, ae: ae)
            try store.execute(.logOutcome(.rescheduled, newTime: meeting().addingTimeInterval(3_600), note: "moved"), on: a, as: ae)
            // No-show, rebook, canceled, rebook, held, nurture, reactivate.
            let n = try store.handOff("Nurtured \(round)", meeting: meeting(), owner: sdr, ae: ae)
            // Returned before the meeting, disputed, overturned.
            let t = try store.handOff("Triage \(round)", meeting: meeting(), owner: sdr, ae: ae)
            try store.execute(.returnLead(reasons: [.noTimeframe], failed: ["budget"], note: "No date"), on: t, as: ae)
            try store.execute(.dispute(note: "They gave a date"), on: t, as: sdr)
            try store.execute(.resolveDispute(.overturned, note: "Date in notes"), on: t, as: "lee")
            // Undone twice, then undone down to its creation.
            let u = try store.add("Undone \(round)", as: sdr)
            try store.execute(.score(qualifyingScores), on: u, as: sdr)
            try store.execute(.edit(LeadFields(company: "Undone \(round) Ltd", contact: "Pat Doe"), owner: nil), on: u, as: sdr)
            try store.undo(u, as: sdr, expecting: nil)
            try store.undo(nil, as: sdr, expecting: nil)
            try store.undo(u, as: "lee", expecting: 5)
            afterMeeting()
            try store.execute(.logOutcome(.held, newTime: nil, note: nil), on: a, as: ae)
            try store.execute(.accept(nextStep: "Scope", nextDate: later(), opportunity: nil, assessment: nil), on: a, as: ae)
            try store.execute(.logOutcome(.noShow, newTime: nil, note: nil), on: n, as: sdr)
            try store.execute(.book(ae: ae, at: meeting(), agenda: "Rebook"), on: n, as: sdr)
            try store.execute(.logOutcome(.canceled, newTime: nil, note: nil), on: n, as: ae)
            try store.execute(.book(ae: ae, at: meeting(), agenda: "Rebook again"), on: n, as: sdr)
            try store.execute(.logOutcome(.held, newTime: nil, note: nil), on: t, as: ae)
            afterMeeting()
            try store.execute(.logOutcome(.held, newTime: nil, note: nil), on: n, as: sdr)
            try store.execute(.nurture(reason: "Later", revisit: later()), on: n, as: ae)
            try store.execute(.accept(nextStep: "Demo", nextDate: later(), opportunity: nil, assessment: nil), on: t, as: ae)
            try store.execute(.rework, on: n, as: sdr)
            // Held, undone by the lead, held again, returned, upheld, reworked, archived.
            let r = try store.handOff("Returned \(round)", meeting: meeting(), owner: sdr, ae: ae)
            afterMeeting()
            try store.execute(.logOutcome(.held, newTime: nil, note: nil), on: r, as: ae)
            try store.undo(r, as: "lee", expecting: nil)
            try store.execute(.logOutcome(.held, newTime: nil, note: "again"), on: r, as: ae)
            try store.execute(.returnLead(reasons: [.noNeed, .other], failed: [], note: "No pain"), on: r, as: ae)
            try store.execute(.dispute(note: "Pain is real"), on: r, as: sdr)
            try store.execute(.resolveDispute(.upheld, note: nil), on: r, as: "lee")
            if round.isMultiple(of: 2) {
                try store.execute(.archive, on: r, as: sdr)
            } else {
                try store.execute(.rework, on: r, as: sdr)
                try store.execute(.score(qualifyingScores), on: r, as: sdr)
            }
            if round == 3 {
                var criteria = Definition.standard.criteria
                criteria[4].required = true
                try store.execute(.setDefinition(criteria), as: "lee")
                try store.execute(.addMember(Member(name: "nia", role: .sdr)), as: "lee")
                try store.execute(.edit(LeadFields(company: "Nurtured 3", contact: "Pat Doe"), owner: "nia"), on: n, as: "lee")
            }
        }
        let report = try store.doctor()
        #expect(report.isClean, "\(report.problems)")
        #expect(report.events == (try store.eventCount))
        #expect(report.leads == 30)
        let board = try store.leads(LeadQuery(includeArchived: true))
        #expect(board.filter { $0.column == .sao }.count == 12)
        #expect(board.filter { $0.column == .archived }.count == 9)
        #expect(board.filter { $0.column == .queue }.count == 9)
        #expect(board.reduce(0) { $0 + $1.creditedSQLs } == 18)
        #expect(board.reduce(0) { $0 + $1.creditedSAOs } == 12)
        #expect(try store.team().definition.version == 2)
        // A fresh store on the file agrees.
        #expect(try openStore(folder.store, clock: clock).doctor() == report)
    }

    @Test func aStaleVersionIsAConflictAndNothingIsWritten() throws {
        let folder = try TempFolder()
        defer { folder.remove() }
        let clock = ManualClock(storeStart)
        let store = try teamStore(folder.store, clock: clock)
        let id = try store.handOff("Acme", meeting: moment(2026, 3, 3, 11))
        clock.set(moment(2026, 3, 3, 12))
        let seen = try #require(try store.lead(id))
        #expect(seen.version == 3)
        // Alex logs the meeting; sam, still looking at version 3, logs a no-show.
        try store.execute(.logOutcome(.held, newTime: nil, note: nil), on: id, as: "alex", expecting: 3)
        let current = try #require(try store.lead(id))
        let count = try store.eventCount
        let error = #expect(throws: RuleError.self) {
            try store.execute(.logOutcome(.noShow, newTime: nil, note: nil), on: id, as: "sam", expecting: seen.version)
        }
        #expect(error == .conflict("L-1 was changed by alex (logged the meeting) since you looked: it is now in Handed off, version 4 (you had version 3); nothing was changed"))
        #expect(error?.exitCode == 4)
        #expect(try store.eventCount == count)
        #expect(try store.lead(id) == current)
        // Undo checks the version too.
        let undo = #expect(throws: RuleError.self) { try store.undo(id, as: "lee", expecting: 3) }
        #expect(undo?.kind == .conflict)
        #expect(undo?.description.contains("now in Handed off") == true)
        #expect(try store.eventCount == count)
        // A refused command writes nothing either.
        #expect(throws: RuleError.self) { try store.execute(.archive, on: id, as: "sam", expecting: 4) }
        #expect(try store.eventCount == count)
        #expect(try store.doctor().isClean)
    }

    @Test func refusalsAndStrangersWriteNothing() throws {
        let folder = try TempFolder()
        defer { folder.remove() }
        let clock = ManualClock(storeStart)
        let store = try teamStore(folder.store, clock: clock)
        let id = try store.add("Acme")
        let count = try store.eventCount
        let lead = try store.lead(id)
        let stranger = #expect(throws: RuleError.self) { try store.execute(.score(qualifyingScores), on: id, as: "zed") }
        #expect(stranger?.kind == .notPermitted)
        #expect(stranger?.exitCode == 5)
        let refused = #expect(throws: RuleError.self) { try store.execute(.book(ae: "alex", at: moment(2026, 4, 1), agenda: ""), on: id, as: "sam") }
        #expect(refused?.kind == .refused)
        #expect(refused?.exitCode == 3)
        let invalid = #expect(throws: RuleError.self) { try store.execute(.addLead(LeadFields(company: "", contact: "x"), owner: nil), as: "sam") }
        #expect(invalid?.kind == .invalid)
        let ae = #expect(throws: RuleError.self) { try store.execute(.addLead(LeadFields(company: "Globex", contact: "x"), owner: nil), as: "alex") }
        #expect(ae?.kind == .notPermitted)
        #expect(try store.eventCount == count)
        #expect(try store.lead(id) == lead)
        #expect(try store.leads(LeadQuery(includeArchived: true)).count == 1)
    }

    @Test func eventsCannotBeUpdatedOrDeletedBehindTheStoresBack() throws {
        let folder = try TempFolder()
        defer { folder.remove() }
        let clock = ManualClock(storeStart)
        let store = try teamStore(folder.store, clock: clock)
        try store.add("Acme")
        let before = try store.events(after: 0, limit: nil)
        let raw = try DatabaseQueue(path: folder.store)
        for (sql, message) in [
            ("UPDATE event SET actor = 'mallory' WHERE seq = 1", "events are append-only: UPDATE is refused"),
            ("DELETE FROM event WHERE seq = 1", "events are append-only: DELETE is refused"),
            ("DELETE FROM event", "events are append-only: DELETE is refused"),
        ] {
            let error = #expect(throws: DatabaseError.self) {
                try raw.write { db in try db.execute(sql: sql) }
            }
            #expect(error?.message == message, "\(sql)")
        }
        try raw.close()
        #expect(try store.events(after: 0, limit: nil) == before)
        #expect(try store.doctor().isClean)
    }

    @Test func doctorNoticesAProjectionEditedBehindTheStoresBack() throws {
        let folder = try TempFolder()
        defer { folder.remove() }
        let clock = ManualClock(storeStart)
        let store = try teamStore(folder.store, clock: clock)
        try store.add("Acme")
        let raw = try DatabaseQueue(path: folder.store)
        try raw.write { db in try db.execute(sql: "UPDATE lead SET column_slug = 'sao' WHERE id = 1") }
        try raw.close()
        let report = try store.doctor()
        #expect(report.problems == ["L-1: the row's columns disagree with its state"])
    }

    @Test(.timeLimit(.minutes(2)))
    func eightWritersOnOneNewFile() async throws {
        let folder = try TempFolder()
        defer { folder.remove() }
        let path = folder.url.appendingPathComponent("shared/board.sqlite").path
        let writers = 8
        let perWriter = 50
        let ready = StartGate()
        let results = try await withThrowingTaskGroup(of: (worker: Int, ids: [LeadID], founded: Bool).self) { group in
            for worker in 0..<writers {
                group.addTask {
                    try await onThread {
                        // Everyone starts at once: opening, creating and migrating the new file race too.
                        ready.arrive(waitingFor: writers)
                        let store = try SQLiteStore(path: path, now: .system, calendar: storeCalendar)
                        var founded = false
                        do {
                            try store.initialize(lead: "lee")
                            founded = true
                        } catch RuleError.refused {
                            // Someone else founded the team first; it is committed.
                        }
                        var ids: [LeadID] = []
                        for n in 0..<perWriter {
                            let applied = try store.execute(.addLead(LeadFields(company: "W\(worker)-\(n)", contact: "C"), owner: nil), as: "lee")
                            if let id = applied.event.lead { ids.append(id) }
                        }
                        return (worker, ids, founded)
                    }
                }
            }
            var all: [(worker: Int, ids: [LeadID], founded: Bool)] = []
            for try await result in group { all.append(result) }
            return all
        }
        #expect(results.count == writers)
        #expect(results.filter(\.founded).count == 1, "exactly one writer founds the team")
        let ids = results.flatMap(\.ids)
        #expect(ids.count == writers * perWriter)
        #expect(Set(ids).count == ids.count, "lead ids are unique")
        #expect(Set(ids.map(\.number)) == Set(1...(writers * perWriter)))
        let store = try SQLiteStore(path: path, now: .system, calendar: storeCalendar)
        #expect(try store.eventCount == writers * perWriter + 2)
        #expect(try store.lastSequence() == Int64(writers * perWriter + 2))
        let leads = try store.leads(LeadQuery())
        #expect(leads.count == writers * perWriter)
        for result in results {
            let mine = Set(result.ids)
            let companies = Set(leads.filter { mine.contains($0.id) }.map(\.company))
            #expect(companies == Set((0..<perWriter).map { "W\(result.worker)-\($0)" }))
        }
        let report = try store.doctor()
        #expect(report.isClean, "\(report.problems)")
        #expect(try store.team().members == [Member(name: "lee", role: .lead)])
    }

    @Test func aReadOnlyFileGivesReadOnlyAndNothingChanges() throws {
        let folder = try TempFolder()
        defer { folder.remove() }
        let clock = ManualClock(storeStart)
        let id: LeadID
        do {
            let store = try teamStore(folder.store, clock: clock)
            id = try store.add("Acme")
        }
        #expect(chmod(folder.store, 0o444) == 0)
        #expect(chmod(folder.path, 0o555) == 0)
        if isRoot {
            // Root writes through 0444 files and 0555 folders: there, the permission bits alone
            // cannot make the store read-only. An immutable file and folder stop root too, and
            // access(2) reports them not writable, which is what the store checks. Where
            // chattr is not allowed (no CAP_LINUX_IMMUTABLE), this part cannot be tested as root.
            guard chattr("+i", folder.store), chattr("+i", folder.path) else {
                withKnownIssue("chattr +i is not permitted here; read-only cannot be simulated as root") {
                    Issue.record("skipped")
                }
                return
            }
        }
        #expect(access(folder.store, W_OK) != 0)
        let store = try openStore(folder.store, clock: clock)
        #expect(store.isReadOnly)
        #expect(try store.leads(LeadQuery()).map(\.company) == ["Acme"], "reading still works")
        let count = try store.eventCount
        let add = #expect(throws: StoreError.self) { try store.add("Globex") }
        #expect(add?.isReadOnly == true, "\(String(describing: add))")
        #expect(add?.description.contains("read-only") == true)
        let undo = #expect(throws: StoreError.self) { try store.undo(id, as: "sam", expecting: nil) }
        #expect(undo?.isReadOnly == true)
        let initialize = #expect(throws: StoreError.self) { try store.initialize(lead: "lee") }
        #expect(initialize?.isReadOnly == true)
        #expect(try store.eventCount == count)
        #expect(try store.doctor().isClean)
    }

    @Test func aLockedStoreIsBusyAndNothingChanges() throws {
        let folder = try TempFolder()
        defer { folder.remove() }
        let clock = ManualClock(storeStart)
        let store = try teamStore(folder.store, clock: clock, busyTimeout: 0.3)
        #expect(store.busyTimeout == 0.3)
        try store.add("Acme")
        let count = try store.eventCount
        var configuration = Configuration()
        configuration.busyMode = .immediateError
        let holder = try DatabaseQueue(path: folder.store, configuration: configuration)
        // Another connection holds BEGIN EXCLUSIVE for as long as the store tries to write.
        try holder.inTransaction(.exclusive) { _ in
            let error = #expect(throws: StoreError.self) { try store.add("Globex") }
            #expect(error?.isBusy == true, "\(String(describing: error))")
            #expect(error?.description == "the store \(folder.store) is busy: another process has held it locked for over 0.3 s; try again")
            let undo = #expect(throws: StoreError.self) { try store.undo(nil, as: "sam", expecting: nil) }
            #expect(undo?.isBusy == true)
            // Readers are not blocked in WAL mode, and see nothing new.
            #expect((try? store.eventCount) == count)
            return .rollback
        }
        try holder.close()
        #expect(try store.eventCount == count)
        #expect(try store.leads(LeadQuery()).map(\.company) == ["Acme"])
        try store.add("Globex")
        #expect(try store.eventCount == count + 1)
        #expect(try store.doctor().isClean)
    }

    @Test func theDefaultBusyTimeoutIsTenSeconds() throws {
        let folder = try TempFolder()
        defer { folder.remove() }
        let store = try SQLiteStore(path: folder.store)
        #expect(SQLiteStore.defaultBusyTimeout == 10)
        #expect(store.busyTimeout == 10)
    }

    @Test func walModeAndFullSynchronousOnTheWriter() throws {
        let folder = try TempFolder()
        defer { folder.remove() }
        let clock = ManualClock(storeStart)
        // The store that created the file, then another one that opens it as it is.
        for store in [try teamStore(folder.store, clock: clock), try openStore(folder.store, clock: clock)] {
            let journal = try store.pool.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
            #expect(journal == "wal")
            let synchronous = try store.pool.writeWithoutTransaction { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") }
            #expect(synchronous == 2, "FULL: a handoff must survive a power cut")
            let foreignKeys = try store.pool.writeWithoutTransaction { db in try Int.fetchOne(db, sql: "PRAGMA foreign_keys") }
            #expect(foreignKeys == 1)
        }
    }

    @Test func aNewFileIsGroupWritable() throws {
        let folder = try TempFolder()
        defer { folder.remove() }
        let path = folder.url.appendingPathComponent("team/board.sqlite").path
        _ = try SQLiteStore(path: path)
        func permissions(_ path: String) throws -> Int {
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            return try #require(attributes[.posixPermissions] as? NSNumber).intValue & 0o7777
        }
        let file = try permissions(path)
        #expect(file & 0o664 == 0o664, "board.sqlite is \(String(file, radix: 8))")
        let lock = try permissions(path + ".lock")
        #expect(lock & 0o664 == 0o664, "board.sqlite.lock is \(String(lock, radix: 8))")
        let created = try permissions((path as NSString).deletingLastPathComponent)
        #expect(created & 0o2770 == 0o2770, "the folder the store made is \(String(created, radix: 8))")
    }

    @Test func noStoreAndNotAStore() throws {
        let folder = try TempFolder()
        defer { folder.remove() }
        let missing = #expect(throws: StoreError.self) { try SQLiteStore(path: folder.store, create: false) }
        #expect(missing == .unavailable("no store at \(folder.store): run `handoff init --lead NAME` or `handoff demo`"))
        #expect(!FileManager.default.fileExists(atPath: folder.store))
        try Data("company,contact\nAcme,Pat\n".utf8).write(to: URL(fileURLWithPath: folder.store))
        let garbage = #expect(throws: StoreError.self) { try SQLiteStore(path: folder.store) }
        if case .damaged = garbage {} else { Issue.record("a CSV file is not a store: \(String(describing: garbage))") }
        #expect(try String(contentsOfFile: folder.store, encoding: .utf8) == "company,contact\nAcme,Pat\n", "and it is left alone")
    }

    @Test func undoWithoutALeadUndoesTheActorsOwnLastChange() throws {
        let folder = try TempFolder()
        defer { folder.remove() }
        let clock = ManualClock(storeStart)
        let store = try teamStore(folder.store, clock: clock)
        let first = try store.add("Acme", as: "sam")
        let scored = try store.execute(.score(qualifyingScores), on: first, as: "sam")
        let other = try store.add("Globex", as: "sue")
        let undone = try store.undo(nil, as: "sam", expecting: nil)
        #expect(undone.event.type == .undone)
        #expect(undone.event.lead == first)
        #expect(undone.event.payload.undoes == scored.event.seq)
        #expect(undone.lead?.scorecard == nil)
        #expect(undone.lead?.column == .queue)
        // Again: the creation, which withdraws the lead; then there is nothing left of sam's.
        let withdrawn = try store.undo(nil, as: "sam", expecting: nil)
        #expect(withdrawn.lead?.column == .archived)
        let nothing = #expect(throws: RuleError.self) { try store.undo(nil, as: "sam", expecting: nil) }
        #expect(nothing == .refused("nothing to undo: sam has no change still in effect"))
        #expect(try store.lead(other)?.column == .queue, "sue's lead is untouched")
        #expect(try store.history(of: first).count == 4, "nothing is deleted")

        // When someone acted on the lead since, sam is told who.
        let booked = try store.handOff("Initech", meeting: moment(2026, 3, 3, 11))
        clock.set(moment(2026, 3, 3, 12))
        try store.execute(.logOutcome(.held, newTime: nil, note: nil), on: booked, as: "alex")
        let since = #expect(throws: RuleError.self) { try store.undo(nil, as: "sam", expecting: nil) }
        #expect(since == .refused("cannot undo on L-3: it was changed since by alex (logged the meeting); undo theirs first or act on the card as it is"))
        let theirs = #expect(throws: RuleError.self) { try store.undo(booked, as: "sam", expecting: nil) }
        #expect(theirs?.kind == .notPermitted)
        #expect(theirs?.description.contains("alex's") == true)
        let stranger = #expect(throws: RuleError.self) { try store.undo(nil, as: "zed", expecting: nil) }
        #expect(stranger?.kind == .notPermitted)
        let missing = #expect(throws: RuleError.self) { try store.undo(LeadID(99), as: "lee", expecting: nil) }
        #expect(missing == .notFound("no lead L-99"))
        // A lead may undo anyone's change; then sam's own is the newest again.
        try store.undo(booked, as: "lee", expecting: nil)
        let rebooked = try store.undo(nil, as: "sam", expecting: nil)
        #expect(rebooked.lead?.column == .queue)
        #expect(rebooked.lead?.meeting == nil)
        #expect(try store.doctor().isClean)
    }
}
