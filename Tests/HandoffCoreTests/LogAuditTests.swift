import Foundation
import Testing
@testable import HandoffCore

/// Issue 12 part 2: every event of a log is replayed through the rules with its own
/// actor and time; a log the rules would not have written is caught at the event.
@Suite("Log audit: the rules on every path into the log")
struct LogAuditTests {
    /// A board whose log holds every event type, made by the rules.
    static func everyKindOfEvent() throws -> Fixture {
        var board = try Fixture()
        try board.run(.editMember(name: "ava", role: .sdr, login: nil), as: "lee")
        try board.run(.setDefinition(Array(Definition.standard.criteria.prefix(4))), as: "lee")
        try board.run(.setAway(Away(member: "alex", from: "2029-12-22", to: "2029-12-24")), as: "alex")   // away
        try board.stage(.overturned)                        // created, scored, booked, outcome, returned, disputed, resolved
        try board.run(Action.accept.command, on: LeadID(1), as: "alex")
        try board.run(.startCalibration(with: ["alex"]), on: LeadID(1), as: "lee")                          // calibrating
        try board.run(.scoreCalibration(["need": CriterionScore(status: .notMet)]), on: LeadID(1), as: "alex")  // calibrated
        let two = try board.addLead("Globex")
        try board.run(Action.edit.command, on: two, as: "sam")
        try board.run(.score(Fixture.allMet), on: two, as: "sam")
        try board.run(.book(ae: "alex", at: Fixture.future, agenda: "Discovery"), on: two, as: "sam")
        board.clock.set(Fixture.future.addingTimeInterval(3600))
        try board.run(.logOutcome(.held, newTime: nil, note: nil), on: two, as: "alex")
        try board.run(.nurture(reason: "Budget next year", revisit: Fixture.future.addingTimeInterval(90 * 86_400)), on: two, as: "alex")
        try board.run(.rework, on: two, as: "sam")        // reactivated
        let three = try board.addLead("Initech")
        try board.run(.score(Fixture.allMet), on: three, as: "sam")
        try board.run(.book(ae: "alex", at: Fixture.future.addingTimeInterval(86_400), agenda: ""), on: three, as: "sam")
        try board.run(.reassignMeeting(ae: "lee", note: "cover"), on: three, as: "alex")   // reassigned…
        try board.run(.reassignMeeting(ae: "alex", note: nil), on: three, as: "lee")       // …and back
        try board.run(.returnLead(reasons: [.noNeed], failed: [], note: "No pain"), on: three, as: "alex")
        try board.run(.rework, on: three, as: "sam")      // reworked
        try board.undo(three, as: "sam")                   // undone
        try board.run(.archive, on: three, as: "sam")
        try board.run(.restore, on: three, as: "lee")
        let four = try board.addLead("Hooli")
        try board.undo(four, as: "sam")                    // the creation withdrawn…
        try board.undo(four, as: "sam")                    // …and brought back
        return board
    }

    @Test func aLogMadeByTheRulesPassesAndHoldsEveryEventType() throws {
        let board = try Self.everyKindOfEvent()
        #expect(Set(board.log.map(\.type)) == Set(EventType.allCases))
        #expect(LogAudit.violations(in: board.log, calendar: utc).isEmpty)
    }

    @Test("every event type maps back to the command that made it", arguments: EventType.allCases.filter { $0 != .undone })
    func eventToCommand(_ type: EventType) throws {
        let board = try Self.everyKindOfEvent()
        var team = Team()
        var leads: [LeadID: Lead] = [:]
        var checked = 0
        for event in board.log {
            defer {
                if let id = event.lead { leads[id] = Projection.apply(event, to: leads[id]) } else { team.apply(event) }
            }
            guard event.type == type, team.members.contains(where: \.isLead) else { continue }
            if type == .definition, event.payload.definition?.version == 1 { continue }
            let command = try #require(LogAudit.command(for: event, team: team))
            let context = RuleContext(definition: team.definition, roster: team.members, now: event.at, calendar: utc)
            var decided = try Rules.decide(command, lead: event.lead.flatMap { leads[$0] }, actor: event.actor, context: context)
            decided.seq = event.seq
            if type == .created { decided.lead = event.lead }
            #expect(decided == event)
            checked += 1
        }
        #expect(checked > 0 || type == .definition && board.log.filter { $0.type == .definition }.count == 1)
    }

    /// A forged event appended to an honest log, and what the audit must say about it.
    struct Forgery: Sendable, CustomTestStringConvertible {
        let name: String
        let expected: String
        let forge: @Sendable (Fixture) -> Event
        var testDescription: String { name }
    }

    static let forgeries: [Forgery] = [
        Forgery(name: "an SDR accepts straight from the queue",
                expected: "cannot accept L-2: it is in SDR queue; only leads in Handed off can be accepted") { board in
            let disposition = Disposition(kind: .accepted, by: "sam", at: board.now, nextStep: "Scoping", nextDate: Fixture.future)
            return Event(at: board.now, actor: "sam", lead: LeadID(2), type: .accepted, from: .queue, to: .sao,
                         payload: EventPayload(disposition: disposition))
        },
        Forgery(name: "an AE books a meeting with themselves, to disposition it",
                expected: "cannot book L-2: it belongs to sam; only its SDR or a team lead may") { board in
            let meeting = Meeting(ae: "alex", at: Fixture.future, agenda: "", bookedBy: "alex", bookedAt: board.now)
            return Event(at: board.now, actor: "alex", lead: LeadID(2), type: .booked, from: .queue, to: .handedOff,
                         payload: EventPayload(definitionVersion: 1, meeting: meeting))
        },
        Forgery(name: "a member added by a non-lead",
                expected: "sam is an SDR: only a team lead manages the team") { board in
            Event(at: board.now, actor: "sam", lead: nil, type: .member, from: nil, to: nil,
                  payload: EventPayload(member: Member(name: "mallory", role: .lead)))
        },
        Forgery(name: "a name with control characters",
                expected: "team member names may not contain control, format or bidi characters (U+001B)") { board in
            Event(at: board.now, actor: "lee", lead: nil, type: .member, from: nil, to: nil,
                  payload: EventPayload(member: Member(name: "ev\u{1B}[2Jil", role: .sdr)))
        },
        Forgery(name: "a look-alike name",
                expected: "looks like sam, who is already on the team") { board in
            Event(at: board.now, actor: "lee", lead: nil, type: .member, from: nil, to: nil,
                  payload: EventPayload(member: Member(name: "\u{0455}am", role: .lead)))
        },
        Forgery(name: "an unknown actor",
                expected: "zed is not on the team roster") { board in
            Event(at: board.now, actor: "zed", lead: LeadID(2), type: .archived, from: .queue, to: .archived)
        },
        Forgery(name: "a lead's company is blank",
                expected: "cannot add a lead: the company is empty") { board in
            Event(at: board.now, actor: "sam", lead: LeadID(9), type: .created, from: nil, to: .queue,
                  payload: EventPayload(fields: LeadFields(company: "  ", contact: "Hank"), owner: "sam"))
        },
        Forgery(name: "an SDR adds to another SDR's queue",
                expected: "an SDR adds leads only to their own queue") { board in
            Event(at: board.now, actor: "sam", lead: LeadID(9), type: .created, from: nil, to: .queue,
                  payload: EventPayload(fields: LeadFields(company: "Globex", contact: "Hank"), owner: "sue"))
        },
        Forgery(name: "a score whose recorded scorecard is not the rules'",
                expected: "the recorded event is not what the rules make of this command (the recorded scorecard differs)") { board in
            let card = Scorecard(definitionVersion: 1, scores: Fixture.allMet, scoredBy: "lee", scoredAt: board.now)
            return Event(at: board.now, actor: "sam", lead: LeadID(2), type: .scored, from: .queue, to: .queue,
                         payload: EventPayload(scorecard: card, definitionVersion: 1))
        },
        Forgery(name: "a second return after an overturn",
                expected: "cannot return L-1 again: its return was overturned on dispute by lee") { board in
            let disposition = Disposition(kind: .returned, by: "alex", at: board.now, reasons: [.noNeed], failedCriteria: ["need"],
                                          note: "Still no", beforeMeeting: false)
            return Event(at: board.now, actor: "alex", lead: LeadID(1), type: .returned, from: .handedOff, to: .returned,
                         payload: EventPayload(disposition: disposition))
        },
    ]

    /// L-1 overturned (back with alex), L-2 new in sam's queue.
    static func honestLog() throws -> Fixture {
        var board = try Fixture()
        try board.stage(.overturned)
        try board.addLead("Globex")
        return board
    }

    @Test(arguments: forgeries)
    func aForgedEventIsCaughtWithItsSeqLeadActorAndTheRule(_ forgery: Forgery) throws {
        let board = try Self.honestLog()
        var log = board.log
        var forged = forgery.forge(board)
        forged.seq = Int64(log.count + 1)
        log.append(forged)
        let found = LogAudit.violations(in: log, calendar: utc)
        #expect(found.count == 1, "\(found)")
        let violation = try #require(found.first)
        #expect(violation.seq == forged.seq)
        #expect(violation.lead == forged.lead)
        #expect(violation.actor == forged.actor)
        #expect(violation.message.contains(forgery.expected), "\(violation.message)")
        #expect(violation.description.hasPrefix("event #\(forged.seq) ("))
        #expect(!violation.description.contains("\u{1B}"), "the message is safe to print")
    }

    @Test func everyViolationIsFoundAndTheFirstOnlyWhenAsked() throws {
        let board = try Self.honestLog()
        var log = board.log
        for forgery in Self.forgeries.prefix(3) {
            var forged = forgery.forge(board)
            forged.seq = Int64(log.count + 1)
            log.append(forged)
        }
        #expect(LogAudit.violations(in: log, calendar: utc).count == 3)
        #expect(LogAudit.violations(in: log, calendar: utc, firstOnly: true).map(\.seq) == [Int64(board.log.count + 1)])
    }

    @Test func aLogMustStartWithItsFirstLeadAddingThemselves() throws {
        let board = try Self.honestLog()
        let found = LogAudit.violations(in: Array(board.log.dropFirst()), calendar: utc)
        #expect(found.first?.message == "a log starts with its first team lead adding themselves")
    }

    @Test func anUndoByNeitherItsAuthorNorALeadIsCaught() throws {
        var board = try Self.honestLog()
        let two = LeadID(2)
        let created = try #require(board.history(of: two).first)
        let lead = try #require(board.lead(two))
        var context = board.context
        context.roster["sue"] = Member(name: "sue", role: .lead)   // decided as if sue were a lead…
        var undo = try Undo.decide(undoing: created, history: board.history(of: two), lead: lead, actor: "sue", context: context)
        board.commit(&undo)                                        // …but she is an SDR in the log
        let found = LogAudit.violations(in: board.log, calendar: utc)
        #expect(found.map(\.seq) == [undo.seq])
        #expect(found.first?.message.contains("the last change was sam's; only they or a team lead may undo it") == true)
    }
}
