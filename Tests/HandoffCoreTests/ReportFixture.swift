import Foundation
import Testing
@testable import HandoffCore

/// A UTC date, for report fixtures.
func reportDate(_ year: Int, _ month: Int, _ day: Int, _ hour: Int = 0, _ minute: Int = 0) -> Date {
    var components = DateComponents(year: year, month: month, day: day, hour: hour, minute: minute)
    components.timeZone = TimeZone(identifier: "UTC")
    return ReportBoard.calendar.date(from: components) ?? Date(timeIntervalSince1970: 0)
}

/// A board in memory for the report tests: every change goes through the real
/// `Rules.decide` (or `Undo.decide`) and `Projection.apply`, under a manual clock.
/// Team: lena (team lead), SDRs ana and sam, AEs bo and cy.
struct ReportBoard {
    static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        return calendar
    }()

    let clock: ManualClock
    var team = Team()
    var events: [Event] = []
    var leads: [LeadID: Lead] = [:]

    init(start: Date = reportDate(2026, 3, 2, 9)) throws {
        clock = ManualClock(start)
        try append(Rules.foundTeam(lead: "lena", now: start))
        for (name, role) in [("ana", Role.sdr), ("sam", .sdr), ("bo", .ae), ("cy", .ae)] {
            try run(.addMember(Member(name: name, role: role)), as: "lena")
        }
    }

    var now: Date { clock.date }

    var context: RuleContext {
        RuleContext(definition: team.definition, roster: team.members, now: clock.date, calendar: Self.calendar)
    }

    func lead(_ id: LeadID) -> Lead? { leads[id] }

    /// Moves the clock to `date` (never backwards, like the real one).
    func at(_ date: Date) {
        #expect(date >= clock.date, "the fixture's clock only moves forward")
        clock.set(date)
    }

    func advance(hours: Double) { clock.advance(by: hours * 3600) }

    @discardableResult
    mutating func run(_ command: Command, on id: LeadID? = nil, as actor: String) throws -> Event {
        var event = try Rules.decide(command, lead: id.flatMap { leads[$0] }, actor: actor, context: context)
        if event.type == .created { event.lead = LeadID(leads.count + 1) }
        return try append(event)
    }

    /// Undoes the newest change in effect on `id`.
    @discardableResult
    mutating func undo(_ id: LeadID, as actor: String) throws -> Event {
        let history = events.filter { $0.lead == id }
        guard let target = Undo.effective(history).last, let lead = leads[id] else {
            throw RuleError.refused("nothing to undo on \(id)")
        }
        return try append(Undo.decide(undoing: target, history: history, lead: lead, actor: actor, context: context))
    }

    @discardableResult
    private mutating func append(_ decided: Event) throws -> Event {
        var event = decided
        event.seq = Int64(events.count + 1)
        if let id = event.lead {
            let next: Lead = try #require(Projection.apply(event, to: leads[id]), "event #\(event.seq) does not fit \(id)")
            leads[id] = next
        } else {
            let fits = team.apply(event)
            #expect(fits)
        }
        events.append(event)
        return event
    }

    // MARK: - The loop, in a sales team's words

    mutating func add(_ company: String, owner: String = "ana") throws -> LeadID {
        let event = try run(.addLead(LeadFields(company: company, contact: "Pat Doe"), owner: owner), as: owner)
        return try #require(event.lead)
    }

    mutating func qualify(_ id: LeadID) throws {
        let owner = try #require(leads[id]?.owner)
        let met = CriterionScore(status: .met, evidence: "said so on the call")
        try run(.score(["need": met, "fit": met, "timeframe": met, "authority": met]), on: id, as: owner)
    }

    /// Scores the lead and books a meeting with `ae` at `meeting`.
    mutating func handOff(_ id: LeadID, to ae: String = "bo", at meeting: Date) throws {
        let owner = try #require(leads[id]?.owner)
        try qualify(id)
        try run(.book(ae: ae, at: meeting, agenda: "Discovery"), on: id, as: owner)
    }

    mutating func log(_ outcome: MeetingOutcome, on id: LeadID, newTime: Date? = nil) throws {
        let ae = try #require(leads[id]?.meeting?.ae)
        try run(.logOutcome(outcome, newTime: newTime, note: nil), on: id, as: ae)
    }

    mutating func accept(_ id: LeadID) throws {
        let ae = try #require(leads[id]?.meeting?.ae)
        try run(.accept(nextStep: "Diagnosis call", nextDate: clock.date.addingTimeInterval(7 * 86_400),
                        opportunity: nil, assessment: nil), on: id, as: ae)
    }

    mutating func nurture(_ id: LeadID, revisit: Date) throws {
        let ae = try #require(leads[id]?.meeting?.ae)
        try run(.nurture(reason: "Budget next year", revisit: revisit), on: id, as: ae)
    }

    mutating func giveBack(_ id: LeadID, _ reasons: [RejectionReason], failed: [String] = []) throws {
        let ae = try #require(leads[id]?.meeting?.ae)
        try run(.returnLead(reasons: reasons, failed: failed, note: "Not a fit yet"), on: id, as: ae)
    }

    /// A lead added, handed off for `meeting`, the clock moved to an hour after it, and
    /// the meeting logged held.
    mutating func heldMeeting(_ company: String, owner: String = "ana", ae: String = "bo", at meeting: Date) throws -> LeadID {
        let id = try add(company, owner: owner)
        try handOff(id, to: ae, at: meeting)
        at(meeting.addingTimeInterval(3600))
        try log(.held, on: id)
        return id
    }

    func standup(_ period: Period, settings: Thresholds = .standard, grouping: ReportGrouping = .sdr) -> Standup {
        StandupBuilder.build(events: events, leads: Array(leads.values), team: team, period: period,
                             settings: settings, grouping: grouping, now: clock.date)
    }

    func person(_ standup: Standup, _ name: String) -> Figures? {
        standup.people.first { $0.name == name }?.figures
    }
}

/// The fixture's standard week: Monday 2 March 2026 00:00 to Monday 9 March 00:00, UTC.
let reportWeek = Period(since: reportDate(2026, 3, 2), until: reportDate(2026, 3, 9))
