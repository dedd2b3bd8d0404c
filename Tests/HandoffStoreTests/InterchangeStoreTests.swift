import Foundation
import HandoffCore
import Testing
@testable import HandoffSQLite
@testable import HandoffStore

/// A store in a scratch folder, on a clock the test moves; removed afterwards.
final class ScratchStore {
    let folder: URL
    let clock = ManualClock(Date(timeIntervalSince1970: 1_772_000_000))
    let store: SQLiteStore

    init(team: Bool = true) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("handoff-interchange-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        store = try SQLiteStore(path: folder.appendingPathComponent("board.sqlite").path, now: clock.now)
        guard team else { return }
        try store.initialize(lead: "lee")
        for member in importRoster where member.name != "lee" {
            try store.execute(.addMember(member), as: "lee")
        }
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    func leadCount() throws -> Int { try store.leads(LeadQuery(includeArchived: true)).count }

    func days(_ count: Double) -> Date { clock.date.addingTimeInterval(count * 86_400) }
}

private func lead(_ company: String, email: String? = nil, externalID: String? = nil, column: Column = .queue) -> BatchItem {
    BatchItem(.importLead(LeadFields(company: company, contact: "Pat Doe", email: email, externalID: externalID),
                          owner: nil, column: column))
}

@Suite("Interchange: batch, dedupe and rebuild")
struct InterchangeStoreTests {
    @Test func allOrNothingRollsBackAndReportsEveryRefusal() throws {
        let scratch = try ScratchStore()
        let items = [lead("Acme"), lead(""), lead("Globex"), lead("Initech", email: "nope")]
        let result = try scratch.store.execute(batch: items, as: "sam", options: BatchOptions(mode: .allOrNothing))
        #expect(!result.committed)
        #expect(result.refusals.map(\.index) == [1, 3])
        #expect(result.refusals.first?.error == .invalid("cannot add a lead: the company is empty"))
        #expect(try scratch.leadCount() == 0)
        #expect(try scratch.store.doctor().isClean)
    }

    @Test func skipRefusedCommitsTheRestAndRehearsalNothing() throws {
        let scratch = try ScratchStore()
        let items = [lead("Acme"), lead(""), lead("Globex", column: .nurture)]
        let rehearsal = try scratch.store.execute(batch: items, as: "sam", options: BatchOptions(mode: .rehearse))
        #expect(!rehearsal.committed)
        #expect(rehearsal.applied == [LeadID(1), LeadID(2)])
        #expect(try scratch.leadCount() == 0)

        let result = try scratch.store.execute(batch: items, as: "sam", options: BatchOptions(mode: .skipRefused))
        #expect(result.committed)
        #expect(result.applied == [LeadID(1), LeadID(2)])
        let leads = try scratch.store.leads(LeadQuery())
        #expect(leads.map(\.column) == [.queue, .nurture])
        #expect(leads.map(\.owner) == ["sam", "sam"])
        #expect(try scratch.store.history(of: LeadID(2)).map(\.to) == [.nurture])
        #expect(try scratch.store.doctor().isClean)
    }

    @Test func importedLeadsStartOnlyInQueueOrNurture() throws {
        let scratch = try ScratchStore()
        let result = try scratch.store.execute(batch: [lead("Acme", column: .sao)], as: "sam", options: BatchOptions(mode: .skipRefused))
        #expect(result.refusals.first?.error.description.contains("SDR queue or in Nurture") == true)
        // An AE may not import at all, as they may not add leads.
        let byAE = try scratch.store.execute(batch: [lead("Acme")], as: "alex", options: BatchOptions(mode: .skipRefused))
        #expect(byAE.refusals.first?.error.exitCode == 5)
        #expect(try scratch.leadCount() == 0)
    }

    @Test func duplicatesOfTheBoardAndOfTheBatchAreNotAddedTwice() throws {
        let scratch = try ScratchStore()
        let first = [lead("Acme", email: "ann@acme.test", externalID: "00Q1"), lead("Globex", email: "bob@globex.test")]
        _ = try scratch.store.execute(batch: first, as: "sam", options: BatchOptions(mode: .allOrNothing))
        let again = [
            lead("Acme Inc", email: "someone@else.test", externalID: "00Q1"),
            lead("Globex", email: "BOB@Globex.test"),
            lead("Hooli", email: "new@hooli.test"),
            lead("Hooli", email: "new@hooli.test"),
        ]
        let result = try scratch.store.execute(batch: again, as: "sam", options: BatchOptions(mode: .allOrNothing))
        #expect(result.committed)
        #expect(result.applied == [LeadID(3)])
        #expect(result.outcomes.count == 4)
        #expect(result.outcomes.first == .duplicate(of: LeadID(1), key: .externalID))
        #expect(result.outcomes.dropFirst().first == .duplicate(of: LeadID(2), key: .email))
        #expect(result.outcomes.last == .duplicate(of: LeadID(3), key: .email))
        #expect(try scratch.leadCount() == 3)
        let plain = try scratch.store.execute(batch: [lead("Acme", externalID: "00Q1")], as: "sam",
                                              options: BatchOptions(mode: .allOrNothing, skipDuplicates: false))
        #expect(plain.applied == [LeadID(4)])
    }

    @Test func laterCommandsSeeEarlierOnesInTheSameBatch() throws {
        let scratch = try ScratchStore()
        let met = CriterionScore(status: .met, evidence: "said so")
        let items = [
            lead("Acme"),
            BatchItem(.score(["need": met]), on: LeadID(1)),
            BatchItem(.edit(LeadFields(company: "Acme Corp", contact: "Pat Doe"), owner: nil), on: LeadID(1)),
            BatchItem(.addMember(Member(name: "nia", role: .sdr))),
            BatchItem(.importLead(LeadFields(company: "Globex", contact: "Hank"), owner: "nia", column: .queue)),
            BatchItem(.rework, on: LeadID(1)),
        ]
        let result = try scratch.store.execute(batch: items, as: "lee", options: BatchOptions(mode: .skipRefused))
        #expect(result.refusals.map(\.index) == [5])
        let first = try #require(try scratch.store.lead(LeadID(1)))
        #expect(first.company == "Acme Corp" && first.version == 3 && first.scorecard?.status(of: "need") == .met)
        #expect(try scratch.store.lead(LeadID(2))?.owner == "nia")
        #expect(try scratch.store.doctor().isClean)
        // Sequence numbers come back in order, one per applied command.
        let seqs = result.outcomes.compactMap { if case .applied(_, let seq) = $0 { seq } else { nil } }
        #expect(seqs == seqs.sorted() && Set(seqs).count == 5)
    }

    @Test func aBatchLongerThanAChunk() throws {
        let scratch = try ScratchStore()
        let count = LogWriter.chunk * 2 + 10
        var items = (0..<count).map { lead("Company \($0)", email: "lead\($0)@x.test") }
        items.append(lead("Again", email: "LEAD5@x.test"))
        var seen: [Int] = []
        let result = try scratch.store.execute(batch: items, as: "sam", options: BatchOptions(mode: .allOrNothing)) { seen.append($0) }
        #expect(result.committed && result.applied.count == count)
        #expect(result.outcomes.last == .duplicate(of: LeadID(6), key: .email))
        #expect(seen.first == 0 && seen.last == items.count && seen == seen.sorted())
        #expect(try scratch.leadCount() == count)
        #expect(try scratch.store.doctor().isClean)
    }

    @Test func theFixturesThroughTheStoreAndARerunAddsNothing() throws {
        let scratch = try ScratchStore()
        for name in ["salesforce-leads.csv", "hubspot-contacts.csv", "hostile.csv"] {
            let plan = try LeadImport.plan(csv: Fixture.bytes(name), settings: ImportSettings(roster: importRoster))
            let items = plan.leads.map { BatchItem($0.command) }
            let once = try scratch.store.execute(batch: items, as: "lee", options: BatchOptions(mode: .allOrNothing))
            #expect(once.committed && once.applied.count == plan.leads.count, "\(name)")
            let twice = try scratch.store.execute(batch: items, as: "lee", options: BatchOptions(mode: .allOrNothing))
            #expect(twice.applied.isEmpty && twice.duplicateCount == plan.leads.count, "\(name)")
        }
        #expect(try scratch.leadCount() == 4 + 5 + 4)
        let nurture = try scratch.store.leads(LeadQuery(columns: [.nurture]))
        #expect(nurture.map(\.company) == ["Helio Energy"])
        #expect(try scratch.store.doctor().isClean)
    }

    /// A board that has been through every kind of event.
    private func busyBoard() throws -> ScratchStore {
        let scratch = try ScratchStore()
        let store = scratch.store
        let met = Dictionary(uniqueKeysWithValues: ["need", "fit", "timeframe", "authority"].map {
            ($0, CriterionScore(status: .met, evidence: "heard on the call"))
        })
        for company in ["Acme", "Globex", "Initech", "Umbrella", "Hooli", "Stark"] {
            try store.execute(.addLead(LeadFields(company: company, contact: "Pat Doe", email: "pat@\(company.lowercased()).test"), owner: nil), as: "sam")
        }
        _ = try store.execute(batch: [lead("Wayne", externalID: "00Q9", column: .nurture)], as: "sue", options: BatchOptions(mode: .allOrNothing))
        for number in 1...4 {
            try store.execute(.score(met), on: LeadID(number), as: "sam")
            try store.execute(.book(ae: "alex", at: scratch.days(1), agenda: "Discovery"), on: LeadID(number), as: "sam")
        }
        try store.execute(.returnLead(reasons: [.noNeed], failed: [], note: "No pain we solve"), on: LeadID(3), as: "alex")
        try store.execute(.dispute(note: "They said it hurts"), on: LeadID(3), as: "sam")
        try store.execute(.resolveDispute(.overturned, note: "Listen to the recording"), on: LeadID(3), as: "lee")
        scratch.clock.advance(by: 2 * 86_400)
        for number in [1, 2] { try store.execute(.logOutcome(.held, newTime: nil, note: "Good call"), on: LeadID(number), as: "alex") }
        try store.execute(.logOutcome(.noShow, newTime: nil, note: nil), on: LeadID(4), as: "sam")
        try store.execute(.accept(nextStep: "Demo for the team", nextDate: scratch.days(3), opportunity: "OPP-7", assessment: nil), on: LeadID(1), as: "alex")
        try store.execute(.nurture(reason: "Budget next quarter", revisit: scratch.days(60)), on: LeadID(2), as: "alex")
        try store.undo(LeadID(5), as: "sam", expecting: nil)
        try store.execute(.rework, on: LeadID(7), as: "sue")
        try store.execute(.setDefinition(Array(Definition.standard.criteria.prefix(4))), as: "lee")
        try store.execute(.edit(LeadFields(company: "Stark Industries", contact: "Pepper", city: "Malibu"), owner: "sue"), on: LeadID(6), as: "lee")
        return scratch
    }

    @Test func anExportRebuildsTheSameBoard() throws {
        let original = try busyBoard()
        let leads = try original.store.leads(LeadQuery(includeArchived: true))
        let data = try Export.json(leads: leads, events: try original.store.events(after: 0, limit: nil), at: original.clock.date)
        let events = try Export.events(fromJSON: data)
        #expect(events.count == Int(try original.store.lastSequence()))

        let copy = try ScratchStore(team: false)
        let rebuilt = try copy.store.importEvents(events)
        #expect(rebuilt.leads == leads.count)
        #expect(try copy.store.leads(LeadQuery(includeArchived: true)) == leads)
        #expect(try copy.store.team() == original.store.team())
        #expect(try copy.store.doctor().isClean)
        // The copy goes on where the original left off.
        #expect(try copy.store.lastSequence() == original.store.lastSequence())
        let next = try copy.store.execute(.addLead(LeadFields(company: "Next", contact: "Ned"), owner: nil), as: "sam")
        #expect(next.lead?.id == LeadID(leads.count + 1))
        #expect(next.event.seq == (try original.store.lastSequence()) + 1)
    }

    @Test func aRebuildNeedsAnEmptyStoreAndALogThatFits() throws {
        let original = try busyBoard()
        let events = try original.store.events(after: 0, limit: nil)
        let busy = #expect(throws: RuleError.self) { try original.store.importEvents(events) }
        #expect(busy?.description.contains("not empty") == true)

        let withoutCreation = events.filter { !($0.type == .created && $0.lead == LeadID(1)) }
        #expect(throws: RuleError.self) { try ScratchStore(team: false).store.importEvents(withoutCreation) }
        #expect(throws: RuleError.self) { try ScratchStore(team: false).store.importEvents(events.reversed()) }
        #expect(throws: RuleError.self) { try ScratchStore(team: false).store.importEvents([]) }
        let leadEventsOnly = events.filter { $0.lead != nil }
        #expect(throws: RuleError.self) { try ScratchStore(team: false).store.importEvents(leadEventsOnly) }

        let refused = try ScratchStore(team: false)
        _ = try? refused.store.importEvents(withoutCreation)
        #expect(try refused.store.lastSequence() == 0)
    }
}
