import Foundation
import Testing
@testable import HandoffCore

// MARK: - Shared fixture (used by the other files of this target too)

/// A UTC Gregorian calendar, so dates and messages do not depend on the machine.
let utc: Calendar = {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC") ?? TimeZone(secondsFromGMT: 0) ?? .current
    return calendar
}()

/// A moment in UTC. The components are constants of the tests, so the fallback never runs.
func utcDate(_ year: Int, _ month: Int, _ day: Int, _ hour: Int = 0, _ minute: Int = 0) -> Date {
    utc.date(from: DateComponents(year: year, month: month, day: day, hour: hour, minute: minute)) ?? .distantPast
}

extension RuleError {
    enum Kind: String, Sendable { case refused, invalid, notPermitted, notFound, conflict }

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

/// A team and its leads, driven only through `Rules.decide`, `Undo.decide` and
/// `Projection.apply`: the code path the store runs, without the store.
struct Fixture {
    /// Monday 2 March 2026, 09:00 UTC.
    static let start = utcDate(2026, 3, 2, 9, 0)
    /// The meeting every staged lead books: Tuesday 11:00.
    static let meetingAt = utcDate(2026, 3, 3, 11, 0)
    /// Well after every staged clock.
    static let future = utcDate(2026, 4, 1, 10, 0)
    static let past = utcDate(2026, 3, 1, 10, 0)

    static let roster: [Member] = [
        Member(name: "sam", role: .sdr), Member(name: "sue", role: .sdr),
        Member(name: "alex", role: .ae), Member(name: "ava", role: .ae),
        Member(name: "lee", role: .lead),
    ]

    static let allMet: [String: CriterionScore] = [
        "need": CriterionScore(status: .met, evidence: "Spends two days a month reconciling by hand"),
        "fit": CriterionScore(status: .met, evidence: "Mid-market SaaS, 300 staff"),
        "timeframe": CriterionScore(status: .met, evidence: "Audit in Q3"),
        "authority": CriterionScore(status: .met, evidence: "Head of finance ops"),
    ]

    let clock = ManualClock(Fixture.start)
    var calendar = utc
    var team = Team()
    var leads: [LeadID: Lead] = [:]
    var log: [Event] = []

    /// Founds the team with `lee` as its lead, then lee adds the rest of the roster.
    init(roster: [Member] = Fixture.roster) throws {
        var first = try Rules.foundTeam(lead: "lee", now: clock.now())
        commit(&first)
        for member in roster where member.name != "lee" {
            try run(.addMember(member), as: "lee")
        }
    }

    var now: Date { clock.now() }

    var context: RuleContext {
        RuleContext(definition: team.definition, roster: team.members, now: now, calendar: calendar)
    }

    func lead(_ id: LeadID = LeadID(1)) -> Lead? { leads[id] }

    func history(of id: LeadID) -> [Event] { log.filter { $0.lead == id } }

    /// Decides without applying.
    func decide(_ command: Command, on id: LeadID? = nil, as actor: String) throws(RuleError) -> Event {
        try Rules.decide(command, lead: id.flatMap { leads[$0] }, actor: actor, context: context)
    }

    /// Decides and applies, as the store would.
    @discardableResult
    mutating func run(_ command: Command, on id: LeadID? = nil, as actor: String) throws(RuleError) -> Event {
        var event = try decide(command, on: id, as: actor)
        commit(&event)
        return event
    }

    /// Undoes the newest change in effect on `id` (what `handoff undo L-1` does).
    @discardableResult
    mutating func undo(_ id: LeadID = LeadID(1), as actor: String) throws(RuleError) -> Event {
        let history = history(of: id)
        guard let target = Undo.effective(history).last ?? history.last else {
            throw .notFound("no lead \(id)")
        }
        return try undo(target, on: id, as: actor)
    }

    /// Undoes a chosen event (what `handoff undo` does with the actor's own last change).
    @discardableResult
    mutating func undo(_ target: Event, on id: LeadID = LeadID(1), as actor: String) throws(RuleError) -> Event {
        guard let lead = leads[id] else { throw .notFound("no lead \(id)") }
        var event = try Undo.decide(undoing: target, history: history(of: id), lead: lead, actor: actor, context: context)
        commit(&event)
        return event
    }

    /// Numbers the event like the store, and folds it into the projection.
    mutating func commit(_ event: inout Event) {
        event.seq = Int64(log.count + 1)
        if event.type == .created { event.lead = LeadID(leads.count + 1) }
        if let id = event.lead {
            guard let next = Projection.apply(event, to: leads[id]) else {
                Issue.record("event #\(event.seq) (\(event.type)) does not fit \(id)")
                return
            }
            leads[id] = next
        } else if !team.apply(event) {
            Issue.record("team event #\(event.seq) (\(event.type)) did not apply")
        }
        log.append(event)
    }

    // MARK: Staging

    /// Adds a lead owned by `owner` and returns its id.
    @discardableResult
    mutating func addLead(_ company: String = "Acme", owner: String = "sam") throws(RuleError) -> LeadID {
        let event = try run(.addLead(LeadFields(company: company, contact: "Pat Doe", email: "pat@acme.test"), owner: nil), as: owner)
        guard let id = event.lead else { throw .notFound("no id was given to the new lead") }
        return id
    }

    /// Builds lead L-1 in `stage` by the ordinary route, moving the clock as people would.
    @discardableResult
    mutating func stage(_ stage: Stage) throws(RuleError) -> LeadID {
        let id = LeadID(1)
        for step in stage.path {
            switch step {
            case .new: try addLead()
            case .qualified: try run(.score(Fixture.allMet), on: id, as: "sam")
            case .booked: try run(.book(ae: "alex", at: Fixture.meetingAt, agenda: "Discovery: month-end close"), on: id, as: "sam")
            case .due: clock.set(Fixture.meetingAt.addingTimeInterval(3600))
            case .held: try run(.logOutcome(.held, newTime: nil, note: "Good call"), on: id, as: "alex")
            case .sao:
                try run(.accept(nextStep: "Scoping call", nextDate: Fixture.future, opportunity: "OPP-9", assessment: nil), on: id, as: "alex")
            case .nurture: try run(.nurture(reason: "Budget frozen until next FY", revisit: Fixture.future), on: id, as: "alex")
            case .returned: try run(.returnLead(reasons: [.noAuthority], failed: [], note: "Intern, not ops"), on: id, as: "alex")
            case .disputed: try run(.dispute(note: "The intern runs the project"), on: id, as: "sam")
            case .upheld: try run(.resolveDispute(.upheld, note: "Find the owner"), on: id, as: "lee")
            case .overturned: try run(.resolveDispute(.overturned, note: "Valid contact"), on: id, as: "lee")
            case .rebook: try run(.logOutcome(.noShow, newTime: nil, note: nil), on: id, as: "sam")
            case .archived: try run(.archive, on: id, as: "sam")
            }
        }
        return id
    }
}

/// Where lead L-1 stands before the command under test.
enum Stage: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case new, qualified, booked, due, held, sao, nurture, returned, disputed, upheld, overturned, rebook, archived

    var testDescription: String { rawValue }

    /// The steps that lead here, each a stage of its own.
    var path: [Stage] {
        switch self {
        case .new: [.new]
        case .qualified: Stage.new.path + [.qualified]
        case .booked: Stage.qualified.path + [.booked]
        case .due: Stage.booked.path + [.due]
        case .held: Stage.due.path + [.held]
        case .sao: Stage.held.path + [.sao]
        case .nurture: Stage.held.path + [.nurture]
        case .returned: Stage.held.path + [.returned]
        case .disputed: Stage.returned.path + [.disputed]
        case .upheld: Stage.disputed.path + [.upheld]
        case .overturned: Stage.disputed.path + [.overturned]
        case .rebook: Stage.due.path + [.rebook]
        case .archived: Stage.returned.path + [.archived]
        }
    }

    var column: Column {
        switch self {
        case .new, .qualified, .rebook: .queue
        case .booked, .due, .held, .overturned: .handedOff
        case .sao: .sao
        case .nurture: .nurture
        case .returned, .disputed, .upheld: .returned
        case .archived: .archived
        }
    }

    /// Whether the lead has a meeting (with alex) at this stage.
    var hasMeeting: Bool { self != .new && self != .qualified }
}

/// The commands of the closed loop, with arguments that are valid on their own.
enum Action: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case edit, score, book, held, noShow, rescheduled, canceled, accept, nurture, returnLead
    case rework, archive, dispute, uphold, overturn, restore

    var testDescription: String { rawValue }

    var command: Command {
        switch self {
        case .edit: .edit(LeadFields(company: "Acme Holdings", contact: "Pat Doe", email: "pat@acme.test"), owner: nil)
        case .score: .score(Fixture.allMet)
        case .book: .book(ae: "alex", at: Fixture.future, agenda: "Discovery")
        case .held: .logOutcome(.held, newTime: nil, note: nil)
        case .noShow: .logOutcome(.noShow, newTime: nil, note: "No answer")
        case .rescheduled: .logOutcome(.rescheduled, newTime: Fixture.future, note: "Moved by the prospect")
        case .canceled: .logOutcome(.canceled, newTime: nil, note: nil)
        case .accept: .accept(nextStep: "Scoping call", nextDate: Fixture.future, opportunity: nil, assessment: nil)
        case .nurture: .nurture(reason: "No budget this year", revisit: Fixture.future)
        case .returnLead: .returnLead(reasons: [.noNeed], failed: [], note: "No pain today")
        case .rework: .rework
        case .archive: .archive
        case .dispute: .dispute(note: "They do have the pain")
        case .uphold: .resolveDispute(.upheld, note: nil)
        case .overturn: .resolveDispute(.overturned, note: nil)
        case .restore: .restore
        }
    }

    /// Who would rightly ask: the owning SDR, the meeting's AE, or the team lead for
    /// rulings. (Before there is a meeting, the SDR logs outcomes: an AE who is not the
    /// lead's may not, see PermissionTests.)
    func actor(at stage: Stage) -> String {
        switch self {
        case .edit, .score, .book, .noShow, .rescheduled, .canceled, .rework, .archive, .dispute: "sam"
        case .held: stage.hasMeeting ? "alex" : "sam"
        case .accept, .nurture, .returnLead: "alex"
        case .uphold, .overturn, .restore: "lee"
        }
    }
}

/// What a command must do. Message fragments may say `{column}` for the lead's column title.
enum Expect: Sendable, CustomTestStringConvertible {
    case moves(Column, EventType)
    /// Recorded, the lead stays in its column.
    case stays(EventType)
    case fails(RuleError.Kind, [String])

    static func refused(_ fragments: String...) -> Expect { .fails(.refused, fragments) }

    var testDescription: String {
        switch self {
        case .moves(let column, let type): "\(type) → \(column.rawValue)"
        case .stays(let type): "\(type), stays"
        case .fails(let kind, let fragments): "\(kind.rawValue) \(fragments)"
        }
    }
}

extension Expect {
    /// Where a lead in `column` ends up, and by which event; nil for a refusal.
    func result(from column: Column) -> (Column, EventType)? {
        switch self {
        case .moves(let to, let type): (to, type)
        case .stays(let type): (column, type)
        case .fails: nil
        }
    }

    var succeeds: Bool { result(from: .queue) != nil }
}

struct TransitionCase: Sendable, CustomTestStringConvertible {
    let stage: Stage
    let action: Action
    let expect: Expect

    var testDescription: String { "\(action.rawValue) by \(action.actor(at: stage)) on \(stage.rawValue): \(expect.testDescription)" }
}

/// One row per command: the stages where it does something, and the refusal everywhere else.
func row(_ action: Action, _ special: [Stage: Expect], otherwise: Expect) -> [TransitionCase] {
    Stage.allCases.map { TransitionCase(stage: $0, action: action, expect: special[$0] ?? otherwise) }
}

let alreadyHeld = Expect.refused("already logged as held", "give it a disposition")
let notHeld = Expect.refused("the meeting has not been logged as held")
let openDispute = Expect.refused("dispute is still open")

/// Every transition of SPEC §3, from every stage.
let transitionMatrix: [TransitionCase] = [
    row(.edit, [.archived: .refused("cannot edit L-1: it is archived")], otherwise: .stays(.edited)),
    row(.score, [.new: .moves(.queue, .scored), .qualified: .moves(.queue, .scored), .rebook: .moves(.queue, .scored)],
        otherwise: .refused("cannot score L-1: it is in {column}", "only leads in SDR queue can be scored")),
    row(.book, [
        .new: .refused("cannot book L-1: not qualified", "no scorecard yet", "score it against the SQL definition v1"),
        .qualified: .moves(.handedOff, .booked), .rebook: .moves(.handedOff, .booked),
    ], otherwise: .refused("cannot book L-1: it is in {column}", "only leads in SDR queue can be booked")),
    row(.held, [
        .booked: .refused("cannot log L-1 as held", "still to come"),
        .due: .moves(.handedOff, .outcome), .held: alreadyHeld, .overturned: alreadyHeld,
    ], otherwise: .refused("cannot log the outcome of L-1: it is in {column}", "only leads in Handed off can be given a meeting outcome")),
    row(.noShow, [
        .booked: .refused("cannot log L-1 as a no-show", "still to come"),
        .due: .moves(.queue, .outcome), .held: alreadyHeld, .overturned: alreadyHeld,
    ], otherwise: .refused("cannot log the outcome of L-1: it is in {column}", "only leads in Handed off")),
    row(.rescheduled, [
        .booked: .moves(.handedOff, .outcome), .due: .moves(.handedOff, .outcome),
        .held: alreadyHeld, .overturned: alreadyHeld,
    ], otherwise: .refused("cannot log the outcome of L-1: it is in {column}", "only leads in Handed off")),
    row(.canceled, [
        .booked: .moves(.queue, .outcome), .due: .moves(.queue, .outcome),
        .held: alreadyHeld, .overturned: alreadyHeld,
    ], otherwise: .refused("cannot log the outcome of L-1: it is in {column}", "only leads in Handed off")),
    row(.accept, [.held: .moves(.sao, .accepted), .overturned: .moves(.sao, .accepted), .booked: notHeld, .due: notHeld],
        otherwise: .refused("cannot accept L-1: it is in {column}", "only leads in Handed off can be accepted")),
    row(.nurture, [.held: .moves(.nurture, .nurtured), .overturned: .moves(.nurture, .nurtured), .booked: notHeld, .due: notHeld,
                   .rebook: .fails(.notPermitted, ["cannot nurture L-1: its meeting was no-show", "only a team lead recycles such a lead"])],
        otherwise: .refused("cannot nurture L-1: it is in {column}", "only leads in Handed off can be recycled to nurture")),
    row(.returnLead, [
        .booked: .moves(.returned, .returned), .due: .moves(.returned, .returned),
        .held: .moves(.returned, .returned),
        .overturned: .refused("cannot return L-1 again: its return was overturned on dispute", "can now only be accepted or recycled to nurture"),
    ], otherwise: .refused("cannot return L-1: it is in {column}", "only leads in Handed off can be returned")),
    row(.rework, [
        .returned: .moves(.queue, .reworked), .upheld: .moves(.queue, .reworked),
        .nurture: .moves(.queue, .reactivated), .disputed: openDispute,
    ], otherwise: .refused("cannot rework L-1: it is in {column}", "only Returned leads can be reworked and Nurture leads reactivated")),
    row(.archive, [.returned: .moves(.archived, .archived), .upheld: .moves(.archived, .archived), .disputed: openDispute,
                   .rebook: .moves(.archived, .archived)],
        otherwise: .refused("cannot archive L-1: it is in {column}", "only leads in Returned can be archived as disqualified")),
    row(.dispute, [
        .returned: .moves(.returned, .disputed),
        .disputed: .refused("cannot dispute L-1: a dispute is already open"),
        .upheld: .refused("cannot dispute L-1: this return was already disputed and upheld"),
    ], otherwise: .refused("cannot dispute L-1: it is in {column}", "only leads in Returned can be disputed")),
    row(.uphold, [.disputed: .moves(.returned, .resolved)],
        otherwise: .refused("cannot resolve the dispute on L-1: it has no open dispute")),
    row(.overturn, [.disputed: .moves(.handedOff, .resolved)],
        otherwise: .refused("cannot resolve the dispute on L-1: it has no open dispute")),
    row(.restore, [.archived: .moves(.queue, .restored)],
        otherwise: .refused("cannot restore L-1: it is in {column}", "only leads in Archived can be restored")),
].flatMap { $0 }

// MARK: - The matrix

@Suite("Transitions of SPEC §3")
struct TransitionTests {
    @Test("every command from every stage", arguments: transitionMatrix)
    func matrix(_ testCase: TransitionCase) throws {
        var board = try Fixture()
        let id = try board.stage(testCase.stage)
        let before = try #require(board.lead(id))
        #expect(before.column == testCase.stage.column, "the fixture did not reach \(testCase.stage)")
        let actor = testCase.action.actor(at: testCase.stage)
        if let (column, type) = testCase.expect.result(from: before.column) {
            let event = try board.run(testCase.action.command, on: id, as: actor)
            #expect(event.type == type)
            #expect(event.from == before.column)
            #expect(event.to == column)
            #expect(event.actor == actor)
            #expect(event.lead == id)
            #expect(event.at == board.now)
            let after = try #require(board.lead(id))
            #expect(after.column == column)
            #expect(after.version == before.version + 1)
            #expect(after.lastActor == actor)
            #expect(after.lastEvent == type)
            #expect(after.columnSince == (column == before.column ? before.columnSince : board.now))
        } else if case .fails(let kind, let fragments) = testCase.expect {
            let error = #expect(throws: RuleError.self) {
                try board.decide(testCase.action.command, on: id, as: actor)
            }
            guard let error else { return }
            #expect(error.kind == kind, "\(error)")
            #expect(error.description.contains("L-1"), "the message names the lead: \(error)")
            for fragment in fragments {
                let expected = fragment.replacingOccurrences(of: "{column}", with: before.column.title)
                #expect(error.description.contains(expected), "'\(error)' should say '\(expected)'")
            }
        }
    }

    @Test("the matrix covers every command from every stage")
    func matrixIsComplete() {
        #expect(transitionMatrix.count == Stage.allCases.count * Action.allCases.count)
        for action in Action.allCases {
            #expect(transitionMatrix.filter { $0.action == action }.count == Stage.allCases.count)
        }
    }

    @Test("every stage is built by the ordinary route", arguments: Stage.allCases)
    func stagesAreReal(_ stage: Stage) throws {
        var board = try Fixture()
        let id = try board.stage(stage)
        let lead = try #require(board.lead(id))
        #expect(lead.column == stage.column)
        #expect(lead.version == stage.path.filter { $0 != .due }.count)
        #expect(lead.owner == "sam")
        #expect(board.log.compactMap(\.lead).allSatisfy { $0 == id })
    }

    // MARK: Add

    @Test func addLeadStartsInTheQueueOwnedByItsSDR() throws {
        var board = try Fixture()
        let event = try board.run(.addLead(LeadFields(company: "  Acme  ", contact: " Pat ", title: "  ", email: " PAT@Acme.Test "), owner: nil), as: "sam")
        #expect(event.type == .created)
        #expect(event.from == nil)
        #expect(event.to == .queue)
        let lead = try #require(board.lead())
        #expect(lead.column == .queue)
        #expect(lead.owner == "sam")
        #expect(lead.company == "Acme")
        #expect(lead.contact == "Pat")
        #expect(lead.fields.title == nil)
        #expect(lead.fields.email == "pat@acme.test")
        #expect(lead.version == 1)
        #expect(lead.scorecard == nil)
        #expect(lead.handoffs == 0)
    }

    @Test func aTeamLeadAddsALeadForAnSDR() throws {
        var board = try Fixture()
        try board.run(.addLead(LeadFields(company: "Acme", contact: "Pat"), owner: "sue"), as: "lee")
        #expect(board.lead()?.owner == "sue")
    }

    @Test(arguments: [
        (LeadFields(company: " ", contact: "Pat"), "the company is empty"),
        (LeadFields(company: "Acme", contact: ""), "the contact is empty"),
        (LeadFields(company: "Acme", contact: "Pat", email: "pat at acme"), "'pat at acme' is not an email address"),
        (LeadFields(company: String(repeating: "A", count: 201), contact: "Pat"), "the company is longer than 200 characters"),
    ])
    func addLeadNeedsCompanyAndContact(_ fields: LeadFields, _ message: String) throws {
        let board = try Fixture()
        let error = #expect(throws: RuleError.self) { try board.decide(.addLead(fields, owner: nil), as: "sam") }
        #expect(error?.kind == .invalid)
        #expect(error?.description.contains("cannot add a lead: \(message)") == true, "\(String(describing: error))")
    }

    @Test func addLeadOwnerMustBeAnSDROnTheTeam() throws {
        let board = try Fixture()
        let stranger = #expect(throws: RuleError.self) {
            try board.decide(.addLead(LeadFields(company: "Acme", contact: "Pat"), owner: "zed"), as: "lee")
        }
        #expect(stranger == .notFound("cannot add a lead: zed is not on the team"))
        let ae = #expect(throws: RuleError.self) {
            try board.decide(.addLead(LeadFields(company: "Acme", contact: "Pat"), owner: "alex"), as: "lee")
        }
        #expect(ae == .invalid("cannot add a lead: alex is an AE, and leads are owned by SDRs"))
    }

    @Test func aCommandOnAMissingLeadIsNotFound() throws {
        let board = try Fixture()
        let error = #expect(throws: RuleError.self) { try board.decide(.score(Fixture.allMet), on: LeadID(9), as: "sam") }
        #expect(error?.kind == .notFound)
    }

    // MARK: Score

    @Test func scoringRecordsTheScorecardAgainstTheCurrentVersion() throws {
        var board = try Fixture()
        let id = try board.addLead()
        var scores = Fixture.allMet
        scores["budget"] = CriterionScore(status: .unknown)
        scores["need"] = CriterionScore(status: .met, evidence: "  Manual close  ")
        let event = try board.run(.score(scores), on: id, as: "sam")
        #expect(event.payload.definitionVersion == 1)
        let card = try #require(board.lead(id)?.scorecard)
        #expect(card.definitionVersion == 1)
        #expect(card.scoredBy == "sam")
        #expect(card.scoredAt == Fixture.start)
        #expect(card.scores["need"] == CriterionScore(status: .met, evidence: "Manual close"))
        #expect(card.status(of: "budget") == .unknown)
        #expect(card.isQualified(against: board.team.definition))
    }

    @Test func metNeedsEvidence() throws {
        var board = try Fixture()
        let id = try board.addLead()
        let error = #expect(throws: RuleError.self) {
            try board.decide(.score(["need": CriterionScore(status: .met, evidence: "   ")]), on: id, as: "sam")
        }
        #expect(error == .invalid("cannot score L-1: 'need' is marked met but has no evidence; say what the prospect said or did"))
        // Not met and unknown need no evidence.
        try board.run(.score(["need": CriterionScore(status: .notMet), "fit": CriterionScore(status: .unknown)]), on: id, as: "sam")
        #expect(board.lead(id)?.scorecard?.status(of: "need") == .notMet)
    }

    @Test func anUnknownCriterionKeyIsInvalid() throws {
        var board = try Fixture()
        let id = try board.addLead()
        let error = #expect(throws: RuleError.self) {
            try board.decide(.score(["champion": CriterionScore(status: .met, evidence: "x")]), on: id, as: "sam")
        }
        #expect(error == .invalid("cannot score L-1: 'champion' is not a criterion of the SQL definition v1 (need, fit, timeframe, authority, budget)"))
        let empty = #expect(throws: RuleError.self) { try board.decide(.score([:]), on: id, as: "sam") }
        #expect(empty == .invalid("cannot score L-1: no criteria given"))
        #expect(board.lead(id)?.scorecard == nil)
    }

    @Test func rescoringKeepsWhatWasNotTouchedOnTheSameVersion() throws {
        var board = try Fixture()
        let id = try board.addLead()
        try board.run(.score(["need": CriterionScore(status: .met, evidence: "pain"), "fit": CriterionScore(status: .notMet)]), on: id, as: "sam")
        try board.run(.score(["fit": CriterionScore(status: .met, evidence: "ICP")]), on: id, as: "sam")
        let card = try #require(board.lead(id)?.scorecard)
        #expect(card.status(of: "need") == .met)
        #expect(card.status(of: "fit") == .met)
        #expect(card.unmetRequired(in: board.team.definition) == ["timeframe", "authority"])
    }

    @Test func rescoringAfterANewDefinitionStartsAfresh() throws {
        var board = try Fixture()
        let id = try board.addLead()
        try board.run(.score(Fixture.allMet), on: id, as: "sam")
        var criteria = Definition.standard.criteria
        criteria.append(Criterion(key: "champion", label: "Champion", required: true, guidance: "Someone inside sells for us"))
        try board.run(.setDefinition(criteria), as: "lee")
        #expect(board.team.definition.version == 2)
        try board.run(.score(["champion": CriterionScore(status: .met, evidence: "Pat")]), on: id, as: "sam")
        let card = try #require(board.lead(id)?.scorecard)
        #expect(card.definitionVersion == 2)
        #expect(card.scores.keys.sorted() == ["champion"])
    }

    // MARK: Book

    @Test func bookingHandsOffWithTheMeeting() throws {
        var board = try Fixture()
        let id = try board.stage(.qualified)
        let event = try board.run(.book(ae: " alex ", at: Fixture.meetingAt, agenda: "  Discovery  "), on: id, as: "sam")
        #expect(event.payload.definitionVersion == 1)
        let lead = try #require(board.lead(id))
        #expect(lead.column == .handedOff)
        #expect(lead.handoffs == 1)
        #expect(lead.ae == "alex")
        #expect(lead.cardOwner == "alex")
        #expect(lead.meeting == Meeting(ae: "alex", at: Fixture.meetingAt, agenda: "Discovery", bookedBy: "sam", bookedAt: Fixture.start))
        #expect(lead.rebook == false)
    }

    @Test func bookingNeedsAScorecard() throws {
        var board = try Fixture()
        let id = try board.addLead()
        let error = #expect(throws: RuleError.self) { try board.decide(Action.book.command, on: id, as: "sam") }
        #expect(error == .refused("cannot book L-1: not qualified — it has no scorecard yet; score it against the SQL definition v1 first"))
    }

    @Test func bookingNeedsEveryRequiredCriterionMet() throws {
        var board = try Fixture()
        let id = try board.addLead()
        try board.run(.score([
            "need": CriterionScore(status: .notMet),
            "fit": CriterionScore(status: .met, evidence: "ICP"),
            "timeframe": CriterionScore(status: .met, evidence: "Q3"),
            "authority": CriterionScore(status: .unknown),
            "budget": CriterionScore(status: .notMet),
        ]), on: id, as: "sam")
        let error = #expect(throws: RuleError.self) { try board.decide(Action.book.command, on: id, as: "sam") }
        #expect(error == .refused("cannot book L-1: not qualified — need, authority not met"))
        // Budget is optional: met required criteria are enough.
        try board.run(.score(["need": CriterionScore(status: .met, evidence: "pain"), "authority": CriterionScore(status: .met, evidence: "VP")]), on: id, as: "sam")
        try board.run(Action.book.command, on: id, as: "sam")
        #expect(board.lead(id)?.column == .handedOff)
    }

    @Test func aScorecardOfAnOlderDefinitionVersionCannotBeBooked() throws {
        var board = try Fixture()
        let id = try board.stage(.qualified)
        var criteria = Definition.standard.criteria
        criteria[4].required = true // budget becomes required
        try board.run(.setDefinition(criteria), as: "lee")
        let error = #expect(throws: RuleError.self) { try board.decide(Action.book.command, on: id, as: "sam") }
        #expect(error == .refused("cannot book L-1: its scorecard is for SQL definition v1; rescore it against v2"))
        try board.run(.score(Fixture.allMet.merging(["budget": CriterionScore(status: .met, evidence: "40k")]) { a, _ in a }), on: id, as: "sam")
        try board.run(Action.book.command, on: id, as: "sam")
        #expect(board.lead(id)?.column == .handedOff)
    }

    @Test func bookingNeedsAnAEOnTheTeam() throws {
        var board = try Fixture()
        let id = try board.stage(.qualified)
        let unknown = #expect(throws: RuleError.self) {
            try board.decide(.book(ae: "zed", at: Fixture.future, agenda: ""), on: id, as: "sam")
        }
        #expect(unknown == .notFound("cannot book L-1: zed is not on the team"))
        let none = #expect(throws: RuleError.self) {
            try board.decide(.book(ae: "  ", at: Fixture.future, agenda: ""), on: id, as: "sam")
        }
        #expect(none == .notFound("cannot book L-1: no AE given"))
        let sdr = #expect(throws: RuleError.self) {
            try board.decide(.book(ae: "sue", at: Fixture.future, agenda: ""), on: id, as: "sam")
        }
        #expect(sdr == .invalid("cannot book L-1: sue is an SDR, not an AE"))
        // A team lead may take the meeting.
        try board.run(.book(ae: "lee", at: Fixture.future, agenda: ""), on: id, as: "sam")
        #expect(board.lead(id)?.ae == "lee")
    }

    @Test func bookingNeedsAFutureTime() throws {
        var board = try Fixture()
        let id = try board.stage(.qualified)
        let past = #expect(throws: RuleError.self) {
            try board.decide(.book(ae: "alex", at: Fixture.past, agenda: ""), on: id, as: "sam")
        }
        #expect(past == .invalid("cannot book L-1: the meeting time 2026-03-01 10:00 is in the past"))
        let rightNow = #expect(throws: RuleError.self) {
            try board.decide(.book(ae: "alex", at: board.now, agenda: ""), on: id, as: "sam")
        }
        #expect(rightNow?.kind == .invalid)
        try board.run(.book(ae: "alex", at: board.now.addingTimeInterval(60), agenda: ""), on: id, as: "sam")
        #expect(board.lead(id)?.column == .handedOff)
    }

    // MARK: Outcome

    @Test func heldBeforeTheMeetingTimeIsRefused() throws {
        var board = try Fixture()
        let id = try board.stage(.booked)
        let error = #expect(throws: RuleError.self) { try board.decide(Action.held.command, on: id, as: "alex") }
        #expect(error == .refused("cannot log L-1 as held: the meeting is at 2026-03-03 11:00, still to come"))
        board.clock.set(Fixture.meetingAt)
        try board.run(.logOutcome(.held, newTime: nil, note: "  went well "), on: id, as: "alex")
        let meeting = try #require(board.lead(id)?.meeting)
        #expect(meeting.outcome == .held)
        #expect(meeting.outcomeNote == "went well")
        #expect(meeting.outcomeAt == Fixture.meetingAt)
        #expect(board.lead(id)?.awaitingDisposition == true)
    }

    @Test func heldTwiceIsRefused() throws {
        var board = try Fixture()
        let id = try board.stage(.held)
        let error = #expect(throws: RuleError.self) { try board.decide(Action.held.command, on: id, as: "alex") }
        #expect(error == .refused("cannot log the meeting of L-1: it is already logged as held; give it a disposition (accept, nurture or return), or undo"))
    }

    @Test func rescheduledNeedsANewFutureTime() throws {
        var board = try Fixture()
        let id = try board.stage(.booked)
        let missing = #expect(throws: RuleError.self) {
            try board.decide(.logOutcome(.rescheduled, newTime: nil, note: nil), on: id, as: "alex")
        }
        #expect(missing == .invalid("cannot reschedule L-1: the new meeting time is required (--at \"YYYY-MM-DD HH:MM\")"))
        let past = #expect(throws: RuleError.self) {
            try board.decide(.logOutcome(.rescheduled, newTime: Fixture.past, note: nil), on: id, as: "alex")
        }
        #expect(past == .invalid("cannot reschedule L-1: the new time 2026-03-01 10:00 is in the past"))
        let later = utcDate(2026, 3, 5, 15, 30)
        try board.run(.logOutcome(.rescheduled, newTime: later, note: "prospect travelling"), on: id, as: "alex")
        let lead = try #require(board.lead(id))
        #expect(lead.column == .handedOff)
        #expect(lead.meeting?.at == later)
        #expect(lead.meeting?.outcome == nil)
        #expect(lead.meeting?.reschedules == 1)
        #expect(lead.rebook == false)
        // The new time counts: held is refused before it, allowed after.
        board.clock.set(utcDate(2026, 3, 4, 12))
        #expect(throws: RuleError.self) { try board.decide(Action.held.command, on: id, as: "alex") }
        board.clock.set(utcDate(2026, 3, 5, 16))
        try board.run(Action.held.command, on: id, as: "alex")
        #expect(board.lead(id)?.meeting?.outcome == .held)
    }

    @Test(arguments: [MeetingOutcome.noShow, .canceled])
    func noShowAndCanceledGoBackToTheQueueToRebook(_ outcome: MeetingOutcome) throws {
        var board = try Fixture()
        let id = try board.stage(.due)
        let event = try board.run(.logOutcome(outcome, newTime: nil, note: "no answer"), on: id, as: "sam")
        #expect(event.from == .handedOff)
        #expect(event.to == .queue)
        var lead = try #require(board.lead(id))
        #expect(lead.column == .queue)
        #expect(lead.rebook)
        #expect(lead.meeting?.outcome == outcome)
        #expect(lead.scorecard != nil, "the scorecard stands; the SDR only books again")
        #expect(lead.credits.isEmpty)
        // Rebooking clears the flag and counts a second handoff.
        try board.run(.book(ae: "ava", at: Fixture.future, agenda: "Second try"), on: id, as: "sam")
        lead = try #require(board.lead(id))
        #expect(lead.column == .handedOff)
        #expect(lead.rebook == false)
        #expect(lead.handoffs == 2)
        #expect(lead.meeting?.ae == "ava")
        #expect(lead.meeting?.outcome == nil)
    }

    @Test func canceledIsAllowedBeforeTheMeetingButNoShowIsNot() throws {
        var board = try Fixture()
        let id = try board.stage(.booked)
        let noShow = #expect(throws: RuleError.self) { try board.decide(Action.noShow.command, on: id, as: "sam") }
        #expect(noShow == .refused("cannot log L-1 as a no-show: the meeting is at 2026-03-03 11:00, still to come"))
        try board.run(Action.canceled.command, on: id, as: "alex")
        #expect(board.lead(id)?.column == .queue)
        #expect(board.lead(id)?.rebook == true)
    }

    // MARK: Accept and nurture

    @Test func acceptRecordsTheDisposition() throws {
        var board = try Fixture()
        let id = try board.stage(.held)
        let assessment = Assessment(goodProblem: "yes", bigEnoughToAct: "yes", justifiesSolution: "probably", risks: "procurement")
        try board.run(.accept(nextStep: " Scoping call ", nextDate: Fixture.future, opportunity: " OPP-1 ", assessment: assessment), on: id, as: "alex")
        let lead = try #require(board.lead(id))
        #expect(lead.column == .sao)
        #expect(lead.cardOwner == "alex")
        let disposition = try #require(lead.disposition)
        #expect(disposition.kind == .accepted)
        #expect(disposition.by == "alex")
        #expect(disposition.nextStep == "Scoping call")
        #expect(disposition.nextDate == Fixture.future)
        #expect(disposition.opportunity == "OPP-1")
        #expect(disposition.assessment == assessment)
    }

    @Test func acceptNeedsANextStepAndADateNotInThePast() throws {
        var board = try Fixture()
        let id = try board.stage(.held)
        let noStep = #expect(throws: RuleError.self) {
            try board.decide(.accept(nextStep: "  ", nextDate: Fixture.future, opportunity: nil, assessment: nil), on: id, as: "alex")
        }
        #expect(noStep == .invalid("cannot accept L-1: a next step is required"))
        let yesterday = #expect(throws: RuleError.self) {
            try board.decide(.accept(nextStep: "Call", nextDate: utcDate(2026, 3, 2, 23, 59), opportunity: nil, assessment: nil), on: id, as: "alex")
        }
        #expect(yesterday == .invalid("cannot accept L-1: the next-step date 2026-03-02 23:59 is in the past"))
        // Earlier today is fine: a day is enough for a next step.
        try board.run(.accept(nextStep: "Call", nextDate: utcDate(2026, 3, 3, 0, 0), opportunity: "", assessment: Assessment()), on: id, as: "alex")
        #expect(board.lead(id)?.disposition?.opportunity == nil)
        #expect(board.lead(id)?.disposition?.assessment == nil)
    }

    @Test func nurtureNeedsAReasonAndAFutureRevisit() throws {
        var board = try Fixture()
        let id = try board.stage(.held)
        let noReason = #expect(throws: RuleError.self) {
            try board.decide(.nurture(reason: " ", revisit: Fixture.future), on: id, as: "alex")
        }
        #expect(noReason == .invalid("cannot nurture L-1: a reason is required"))
        let pastRevisit = #expect(throws: RuleError.self) {
            try board.decide(.nurture(reason: "later", revisit: Fixture.past), on: id, as: "alex")
        }
        #expect(pastRevisit == .invalid("cannot nurture L-1: the revisit date 2026-03-01 10:00 must be in the future"))
        try board.run(.nurture(reason: "Budget next year", revisit: Fixture.future), on: id, as: "alex")
        let lead = try #require(board.lead(id))
        #expect(lead.column == .nurture)
        #expect(lead.disposition?.kind == .nurture)
        #expect(lead.disposition?.reason == "Budget next year")
        #expect(lead.disposition?.revisit == Fixture.future)
        #expect(lead.revisitDue(now: board.now) == false)
        #expect(lead.revisitDue(now: Fixture.future))
    }

    @Test(arguments: [Action.accept, .nurture])
    func dispositionNeedsAHeldMeeting(_ action: Action) throws {
        var board = try Fixture()
        let id = try board.stage(.due)
        let error = #expect(throws: RuleError.self) { try board.decide(action.command, on: id, as: "alex") }
        #expect(error == .refused("cannot \(action.command.verb) L-1: the meeting has not been logged as held (log the outcome first)"))
    }

    // MARK: Return

    @Test func returnNeedsKnownReasonCodes() throws {
        var board = try Fixture()
        let id = try board.stage(.held)
        let codes = RejectionReason.defaults.map(\.rawValue).joined(separator: ", ")
        let none = #expect(throws: RuleError.self) {
            try board.decide(.returnLead(reasons: [], failed: [], note: "n"), on: id, as: "alex")
        }
        #expect(none == .invalid("cannot return L-1: at least one reason code is required (\(codes))"))
        let unknown = #expect(throws: RuleError.self) {
            try board.decide(.returnLead(reasons: [.noNeed, RejectionReason(rawValue: "too_small")], failed: [], note: "n"), on: id, as: "alex")
        }
        #expect(unknown == .invalid("cannot return L-1: 'too_small' is not a reason code (\(codes))"))
    }

    @Test func returnNeedsANote() throws {
        var board = try Fixture()
        let id = try board.stage(.held)
        let error = #expect(throws: RuleError.self) {
            try board.decide(.returnLead(reasons: [.duplicate], failed: [], note: "  \n"), on: id, as: "alex")
        }
        #expect(error == .invalid("cannot return L-1: a note for the SDR is required"))
    }

    @Test func failedCriteriaMustBeKnown() throws {
        var board = try Fixture()
        let id = try board.stage(.held)
        let error = #expect(throws: RuleError.self) {
            try board.decide(.returnLead(reasons: [.other], failed: ["vibes"], note: "n"), on: id, as: "alex")
        }
        #expect(error == .invalid("cannot return L-1: 'vibes' is not a criterion of the SQL definition (need, fit, timeframe, authority, budget)"))
    }

    @Test(arguments: [
        ([RejectionReason.noAuthority], [String](), ["authority"]),
        ([.noNeed], [], ["need"]),
        ([.notICP], [], ["fit"]),
        ([.noTimeframe], [], ["timeframe"]),
        ([.duplicate], [], []),
        ([.other], ["budget", " budget "], ["budget"]),
        ([.noAuthority, .noNeed, .noAuthority], ["need"], ["need", "authority"]),
    ])
    func reasonsNameTheirCriteria(_ reasons: [RejectionReason], _ failed: [String], _ criteria: [String]) throws {
        var board = try Fixture()
        let id = try board.stage(.held)
        try board.run(.returnLead(reasons: reasons, failed: failed, note: " wrong person "), on: id, as: "alex")
        let disposition = try #require(board.lead(id)?.disposition)
        #expect(disposition.kind == .returned)
        #expect(disposition.failedCriteria == criteria)
        var unique: [RejectionReason] = []
        for reason in reasons where !unique.contains(reason) { unique.append(reason) }
        #expect(disposition.reasons == unique)
        #expect(disposition.note == "wrong person")
        #expect(disposition.beforeMeeting == false)
        #expect(disposition.by == "alex")
    }

    @Test(arguments: [Stage.booked, .due])
    func aReturnBeforeTheMeetingIsMarked(_ stage: Stage) throws {
        var board = try Fixture()
        let id = try board.stage(stage)
        try board.run(.returnLead(reasons: [.existingCustomer], failed: [], note: "Already a customer"), on: id, as: "alex")
        let lead = try #require(board.lead(id))
        #expect(lead.column == .returned)
        #expect(lead.disposition?.beforeMeeting == true)
        #expect(lead.credits.isEmpty)
    }

    // MARK: Rework, reactivate, archive

    @Test func reworkClearsTheHandoffAndNeedsANewScorecard() throws {
        var board = try Fixture()
        let id = try board.stage(.returned)
        let event = try board.run(.rework, on: id, as: "sam")
        #expect(event.type == .reworked)
        let lead = try #require(board.lead(id))
        #expect(lead.column == .queue)
        #expect(lead.scorecard == nil)
        #expect(lead.meeting == nil)
        #expect(lead.disposition == nil)
        #expect(lead.dispute == nil)
        #expect(lead.rebook == false)
        #expect(lead.handoffs == 1)
        let error = #expect(throws: RuleError.self) { try board.decide(Action.book.command, on: id, as: "sam") }
        #expect(error?.description.contains("no scorecard yet") == true)
        try board.run(.score(Fixture.allMet), on: id, as: "sam")
        try board.run(Action.book.command, on: id, as: "sam")
        #expect(board.lead(id)?.handoffs == 2)
    }

    @Test func reactivatingANurtureLeadKeepsTheScorecard() throws {
        var board = try Fixture()
        let id = try board.stage(.nurture)
        let event = try board.run(.rework, on: id, as: "sam")
        #expect(event.type == .reactivated)
        let lead = try #require(board.lead(id))
        #expect(lead.column == .queue)
        #expect(lead.scorecard != nil)
        #expect(lead.disposition == nil)
        #expect(lead.meeting == nil)
        #expect(lead.credits.count == 1, "the earned credit stays")
    }

    @Test func anOpenDisputeBlocksReworkAndArchive() throws {
        var board = try Fixture()
        let id = try board.stage(.disputed)
        let rework = #expect(throws: RuleError.self) { try board.decide(.rework, on: id, as: "sam") }
        #expect(rework == .refused("cannot rework L-1: its dispute is still open; wait for the team lead's ruling"))
        let archive = #expect(throws: RuleError.self) { try board.decide(.archive, on: id, as: "lee") }
        #expect(archive == .refused("cannot archive L-1: its dispute is still open"))
    }

    @Test func archiveIsOnlyFromReturnedByItsSDROrALead() throws {
        var board = try Fixture()
        let id = try board.stage(.returned)
        #expect(throws: RuleError.notPermitted("cannot archive L-1: it belongs to sam; only its SDR or a team lead may")) {
            try board.decide(.archive, on: id, as: "sue")
        }
        try board.run(.archive, on: id, as: "lee")
        let lead = try #require(board.lead(id))
        #expect(lead.column == .archived)
        #expect(!Column.board.contains(lead.column))
        #expect(lead.disposition?.kind == .returned, "the archive keeps the record")
    }

    // MARK: Dispute and resolve

    @Test func onlyTheOwningSDRDisputes() throws {
        var board = try Fixture()
        let id = try board.stage(.returned)
        for actor in ["sue", "alex", "ava"] {
            let error = #expect(throws: RuleError.self) { try board.decide(Action.dispute.command, on: id, as: actor) }
            #expect(error == .notPermitted("cannot dispute L-1: only its SDR (sam) may dispute the return"))
        }
        let noNote = #expect(throws: RuleError.self) { try board.decide(.dispute(note: " "), on: id, as: "sam") }
        #expect(noNote == .invalid("cannot dispute L-1: a note saying why the return is wrong is required"))
        try board.run(.dispute(note: "  They do have the pain  "), on: id, as: "sam")
        let dispute = try #require(board.lead(id)?.dispute)
        #expect(dispute.note == "They do have the pain")
        #expect(dispute.by == "sam")
        #expect(dispute.isOpen)
        #expect(board.lead(id)?.disputeOpen == true)
    }

    @Test func aReturnIsDisputedOnce() throws {
        var board = try Fixture()
        let id = try board.stage(.upheld)
        let error = #expect(throws: RuleError.self) { try board.decide(Action.dispute.command, on: id, as: "sam") }
        #expect(error == .refused("cannot dispute L-1: this return was already disputed and upheld"))
    }

    @Test func onlyATeamLeadResolves() throws {
        var board = try Fixture()
        let id = try board.stage(.disputed)
        for actor in ["sam", "sue", "alex", "ava"] {
            let error = #expect(throws: RuleError.self) { try board.decide(Action.overturn.command, on: id, as: actor) }
            #expect(error == .notPermitted("cannot resolve the dispute on L-1: only a team lead rules on disputes"))
        }
    }

    @Test func upholdKeepsTheReturn() throws {
        var board = try Fixture()
        let id = try board.stage(.disputed)
        try board.run(.resolveDispute(.upheld, note: "Find the owner"), on: id, as: "lee")
        let lead = try #require(board.lead(id))
        #expect(lead.column == .returned)
        #expect(lead.disposition?.kind == .returned)
        #expect(lead.dispute?.resolution == .upheld)
        #expect(lead.dispute?.resolvedBy == "lee")
        #expect(lead.dispute?.resolutionNote == "Find the owner")
        #expect(lead.disputeOpen == false)
        try board.run(.rework, on: id, as: "sam")
        #expect(board.lead(id)?.column == .queue)
    }

    @Test func overturnSendsTheLeadBackForTheAEToAcceptAndCreditCounts() throws {
        var board = try Fixture()
        let id = try board.stage(.disputed)
        let event = try board.run(.resolveDispute(.overturned, note: nil), on: id, as: "lee")
        #expect(event.to == .handedOff)
        var lead = try #require(board.lead(id))
        #expect(lead.column == .handedOff)
        #expect(lead.disposition == nil)
        #expect(lead.dispute?.resolution == .overturned)
        #expect(lead.meeting?.outcome == .held)
        #expect(lead.awaitingDisposition)
        #expect(lead.credits.isEmpty)
        try board.run(Action.accept.command, on: id, as: "alex")
        lead = try #require(board.lead(id))
        #expect(lead.column == .sao)
        #expect(lead.credits == [Credit(sdr: "sam", handoff: 1, sao: true)])
        #expect(lead.creditedSQLs == 1)
        #expect(lead.creditedSAOs == 1)
    }

    @Test func aSecondReturnAfterAnOverturnIsRefusedAndSaysWhy() throws {
        var board = try Fixture()
        let id = try board.stage(.overturned)
        let error = #expect(throws: RuleError.self) {
            try board.decide(.returnLead(reasons: [.noTimeframe], failed: [], note: "No date after all"), on: id, as: "alex")
        }
        #expect(error == .refused("cannot return L-1 again: its return was overturned on dispute by lee; this handoff can now only be accepted or recycled to nurture"))
        #expect(board.lead(id)?.column == .handedOff)
    }

    // MARK: Edit

    @Test func editChangesFieldsAndOnlyALeadReassigns() throws {
        var board = try Fixture()
        let id = try board.addLead()
        let same = #expect(throws: RuleError.self) {
            try board.decide(.edit(LeadFields(company: "Acme", contact: "Pat Doe", email: "pat@acme.test"), owner: nil), on: id, as: "sam")
        }
        #expect(same == .refused("nothing to change on L-1"))
        let reassign = #expect(throws: RuleError.self) {
            try board.decide(.edit(LeadFields(company: "Acme", contact: "Pat Doe"), owner: "sue"), on: id, as: "sam")
        }
        #expect(reassign == .notPermitted("cannot reassign L-1 to sue: only a team lead reassigns leads"))
        let toAE = #expect(throws: RuleError.self) {
            try board.decide(.edit(LeadFields(company: "Acme", contact: "Pat Doe"), owner: "alex"), on: id, as: "lee")
        }
        #expect(toAE == .invalid("cannot reassign L-1: alex is an AE, and leads are owned by SDRs"))
        try board.run(.edit(LeadFields(company: "Acme", contact: "Pat Doe", email: "pat@acme.test"), owner: "sue"), on: id, as: "lee")
        #expect(board.lead(id)?.owner == "sue")
        #expect(board.lead(id)?.company == "Acme")
    }

    // MARK: Definition

    @Test func definitionChangesAreCheckedAndVersioned() throws {
        var board = try Fixture()
        let unchanged = #expect(throws: RuleError.self) { try board.decide(.setDefinition(Definition.standard.criteria), as: "lee") }
        #expect(unchanged == .refused("the SQL definition is unchanged (still v1)"))
        let bad = #expect(throws: RuleError.self) {
            try board.decide(.setDefinition([Criterion(key: "Need!", label: " ", required: false, guidance: "")]), as: "lee")
        }
        #expect(bad?.kind == .invalid)
        #expect(bad?.description.contains("at least one criterion must be required") == true)
        #expect(bad?.description.contains("key 'Need!' may hold only a-z, 0-9, _ and -") == true)
        #expect(bad?.description.contains("has an empty label") == true)
        let empty = #expect(throws: RuleError.self) { try board.decide(.setDefinition([]), as: "lee") }
        #expect(empty?.description.contains("a definition needs at least one criterion") == true)
        try board.run(.setDefinition(Array(Definition.standard.criteria.prefix(2))), as: "lee")
        #expect(board.team.definition.version == 2)
        #expect(board.team.definition.requiredKeys == ["need", "fit"])
    }
}
