import Foundation
import Testing
@testable import HandoffCore

/// Issue 13, classes 5 and 6 at entry: every free-text field has a length cap and no field
/// holds a NUL, checked by `Rules.decide` (so the board, the verbs and both imports agree)
/// and, for `import --events`, on every event of the log.
@Suite("field limits and NUL at entry")
struct FieldLimitsTests {
    func refusal(_ command: Command, on id: LeadID? = nil, as actor: String = "sam",
                 _ fixture: Fixture) -> String? {
        do {
            _ = try fixture.decide(command, on: id, as: actor)
            return nil
        } catch {
            #expect(error.kind == .invalid)
            return error.description
        }
    }

    @Test func aFortyThousandCharacterTitleIsRefusedNamingTheFieldAndTheCap() throws {
        let fixture = try Fixture()
        let word = String(repeating: "w", count: 40_000)
        let message = refusal(.addLead(LeadFields(company: "Acme", contact: "Ann", title: word), owner: nil), fixture)
        #expect(message == "cannot add a lead: the title is longer than 200 characters (it has 40000)")
        // At the cap it is fine.
        let title = String(repeating: "w", count: FieldLimits.line)
        #expect(refusal(.addLead(LeadFields(company: "Acme", contact: "Ann", title: title), owner: nil), fixture) == nil)
    }

    @Test func everyFreeTextOfEveryVerbIsCapped() throws {
        var fixture = try Fixture()
        try fixture.run(.addLead(LeadFields(company: "Acme", contact: "Ann"), owner: nil), as: "sam")
        let id = LeadID(1)
        let long = String(repeating: "é", count: FieldLimits.text + 1)
        let cases: [(Command, String, String)] = [
            (.score(["need": CriterionScore(status: .met, evidence: long)]), "sam", "evidence for need"),
            (.book(ae: "alex", at: Fixture.future, agenda: long), "sam", "agenda"),
            (.logOutcome(.held, newTime: nil, note: long), "alex", "note"),
            (.accept(nextStep: long, nextDate: Fixture.future, opportunity: nil, assessment: nil), "alex", "next step"),
            (.accept(nextStep: "Demo", nextDate: Fixture.future, opportunity: nil,
                     assessment: Assessment(goodProblem: nil, bigEnoughToAct: nil, justifiesSolution: nil, risks: long)), "alex", "assessment (risks)"),
            (.nurture(reason: long, revisit: Fixture.future), "alex", "reason"),
            (.returnLead(reasons: [.other], failed: [], note: long), "alex", "note"),
            (.dispute(note: long), "sam", "note"),
            (.resolveDispute(.upheld, note: long), "lee", "note"),
            (.edit(LeadFields(company: "Acme", contact: "Ann", website: String(repeating: "w", count: 2_001)), owner: nil), "sam", "website"),
            (.edit(LeadFields(company: "Acme", contact: "Ann", city: String(repeating: "c", count: 201)), owner: nil), "sam", "city"),
        ]
        for (command, actor, field) in cases {
            let message = refusal(command, on: id, as: actor, fixture) ?? "accepted"
            #expect(message.contains("the \(field) is "), "\(command.verb): \(message)")
            #expect(message.hasPrefix("cannot \(command.verb) L-1: "), "\(message)")
        }
        let name = String(repeating: "n", count: FieldLimits.name + 1)
        #expect(refusal(.addMember(Member(name: name, role: .sdr)), as: "lee", fixture)?.contains("member name is longer than 64 characters (it has 65)") == true)
        let criteria = [Criterion(key: "need", label: "Need", required: true, guidance: long)]
        #expect(refusal(.setDefinition(criteria), as: "lee", fixture)?.contains("criterion guidance") == true)
    }

    @Test func aNulByteIsRefusedInAnyField() throws {
        var fixture = try Fixture()
        let add = refusal(.addLead(LeadFields(company: "Ac\u{0}me", contact: "Ann"), owner: nil), fixture)
        #expect(add == "cannot add a lead: the company contains a NUL byte (U+0000), which Handoff does not store")
        #expect(refusal(.addLead(LeadFields(company: "Acme", contact: "Ann", email: "a\u{0}@b.c"), owner: nil), fixture)?.contains("the email contains a NUL") == true)
        try fixture.run(.addLead(LeadFields(company: "Acme", contact: "Ann"), owner: nil), as: "sam")
        #expect(refusal(.dispute(note: "x\u{0}"), on: LeadID(1), fixture)?.contains("the note contains a NUL") == true)
        #expect(refusal(.score(["need": CriterionScore(status: .met, evidence: "\u{0}")]), on: LeadID(1), fixture)?
            .contains("contains a NUL") == true)
    }

    @Test func eventsOfAnImportedLogAreCheckedToo() {
        let event = Event(at: Fixture.start, actor: "sam", lead: LeadID(1), type: .created, from: nil, to: .queue,
                          payload: EventPayload(fields: LeadFields(company: "Acme", contact: String(repeating: "c", count: 201)), owner: "sam"))
        #expect(FieldLimits.problem(in: event) == "the contact is longer than 200 characters (it has 201)")
        var nul = event
        nul.payload = EventPayload(note: "a\u{0}b")
        #expect(FieldLimits.problem(in: nul)?.contains("the note contains a NUL") == true)
        var actor = event
        actor.payload = EventPayload()
        actor.actor = String(repeating: "a", count: 65)
        #expect(FieldLimits.problem(in: actor) == "the actor is longer than 64 characters (it has 65)")
        // The store's founding account (a log's first event) is text from the file too.
        var founding = event
        founding.payload = EventPayload(founding: Founding(account: "r\u{0}oot", personal: true))
        #expect(FieldLimits.problem(in: founding)?.contains("the founding account contains a NUL") == true)
        founding.payload = EventPayload(founding: Founding(account: String(repeating: "x", count: 100_000), personal: false))
        #expect(FieldLimits.problem(in: founding) == "the founding account is longer than 64 characters (it has 100000)")
        var fine = event
        fine.payload = EventPayload(fields: LeadFields(company: "Acme", contact: "Ann"), owner: "sam")
        #expect(FieldLimits.problem(in: fine) == nil)
    }

    /// Counted in scalars: one "character" with 10,000 combining marks is over any cap.
    @Test func stackedMarksCountAsTheScalarsTheyAre() {
        let zalgo = "a" + String(repeating: "\u{301}", count: 10_000)
        #expect(zalgo.count == 1)
        #expect(FieldLimits.problem(with: zalgo, field: "title", cap: FieldLimits.line) == "the title is longer than 200 characters (it has 10001)")
    }

    @Test func aHugeDateIsRefusedBeforeItIsRead() {
        let huge = "2026-11-24 " + String(repeating: "9", count: 1_000_000)
        let start = Date()
        do {
            _ = try DateInput.parse(huge, now: Fixture.start, calendar: utc)
            Issue.record("a 1 MB date was accepted")
        } catch {
            #expect(error.description.hasPrefix("a date is at most 64 characters (this one has 1000011)"))
            // The message does not echo the megabyte back.
            #expect(error.description.utf8.count < 300)
        }
        #expect(Date().timeIntervalSince(start) < 1)
        #expect(throws: RuleError.self) { try DateInput.parse("2026-11-24\u{0}", now: Fixture.start, calendar: utc) }
        #expect((try? DateInput.parse(String(repeating: " ", count: 40) + "today", now: Fixture.start, calendar: utc)) != nil)
    }
}
