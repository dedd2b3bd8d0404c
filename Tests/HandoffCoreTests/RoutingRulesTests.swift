import Foundation
import Testing
@testable import HandoffCore

/// Away periods and strict routing through `Rules.decide`, the one rules path.
@Suite("Routing: away periods and strict booking in the rules")
struct RoutingRulesTests {
    let now = utcDate(2026, 3, 4, 10, 0)
    let members = [Member(name: "lee", role: .lead), Member(name: "maya", role: .sdr),
                   Member(name: "alex", role: .ae), Member(name: "jordan", role: .ae)]

    func context(away: [Away] = []) -> RuleContext {
        var context = RuleContext(definition: .standard, roster: members, now: now, calendar: utc)
        context.away = away
        return context
    }

    func refusal(_ command: Command, as actor: String, lead: Lead? = nil, away: [Away] = []) -> String? {
        do {
            _ = try Rules.decide(command, lead: lead, actor: actor, context: context(away: away))
            return nil
        } catch {
            return error.description
        }
    }

    /// A lead of maya's, qualified against the standard definition.
    var qualified: Lead {
        var lead = Lead(id: LeadID(7), fields: LeadFields(company: "Acme", contact: "Dana"), owner: "maya", at: now, actor: "maya")
        let scores = Dictionary(uniqueKeysWithValues: Definition.standard.criteria.filter(\.required).map {
            ($0.key, CriterionScore(status: .met, evidence: "yes"))
        })
        lead.scorecard = Scorecard(definitionVersion: Definition.standard.version, scores: scores, scoredBy: "maya", scoredAt: now)
        return lead
    }

    @Test("a team lead or the AE themself records an away period; the team projects it")
    func recordAndProject() throws {
        let away = Away(member: "alex", from: "2026-12-22", to: "2027-01-02")
        let event = try Rules.decide(.setAway(away), lead: nil, actor: "alex", context: context())
        #expect(event.type == .away && event.lead == nil && event.payload.away == away)
        var team = Team(members: members)
        let recorded = team.apply(event)
        #expect(recorded)
        #expect(team.awayPeriod(of: "alex", on: "2026-12-31") == away)
        #expect(team.awayPeriod(of: "alex", on: "2027-01-03") == nil)
        let clear = try Rules.decide(.setAway(Away(member: "alex", from: "2026-12-01", to: "2026-12-31", cleared: true)),
                                     lead: nil, actor: "lee", context: context(away: team.away))
        let cleared = team.apply(clear)
        #expect(cleared)
        #expect(team.away.isEmpty)
    }

    @Test("bad away periods are refused with one clear sentence")
    func badPeriods() {
        func away(_ member: String, _ from: String, _ to: String, cleared: Bool? = nil) -> Command {
            .setAway(Away(member: member, from: from, to: to, cleared: cleared))
        }
        #expect(refusal(away("alex", "2026-12-22", "2027-01-02"), as: "jordan")
                == "jordan is an AE: only a team lead or alex themself records alex's away days")
        #expect(refusal(away("maya", "2026-12-22", "2027-01-02"), as: "lee")
                == "maya is an SDR: only AEs and team leads take meetings, so only their away days count")
        #expect(refusal(away("sam", "2026-12-22", "2027-01-02"), as: "lee") == "sam is not on the team")
        #expect(refusal(away("alex", "2026-13-01", "2027-01-02"), as: "lee")
                == "'2026-13-01' is not a day: write it as YYYY-MM-DD, like 2026-12-22")
        #expect(refusal(away("alex", "2026-02-29", "2026-03-02"), as: "lee")?.contains("not a day") == true)
        #expect(refusal(away("alex", "2027-01-02", "2026-12-22"), as: "lee")
                == "the away period ends (2026-12-22) before it starts (2027-01-02)")
        #expect(refusal(away("alex", "2026-01-01", "2026-02-01"), as: "lee")?.contains("is over already") == true)
        #expect(refusal(away("alex", "2026-12-01", "2027-12-31"), as: "lee")?.contains("at most 366 days") == true)
        #expect(refusal(away("alex", "2026-12-01", "2026-12-31", cleared: true), as: "lee")
                == "alex has no away days between 2026-12-01 and 2026-12-31 to clear")
        let existing = [Away(member: "alex", from: "2026-12-22", to: "2027-01-02")]
        #expect(refusal(away("alex", "2026-12-22", "2027-01-02"), as: "lee", away: existing)
                == "alex is already away 2026-12-22 to 2027-01-02")
    }

    @Test("a booking records the proposal; strict routing refuses another AE, flexible records the override")
    func strictAndFlexible() throws {
        let strict = BookingRoute(proposed: "alex", strict: true, reason: "alex — 0 this week, next in rotation")
        let at = utcDate(2026, 3, 5, 10)
        #expect(refusal(.book(ae: "jordan", at: at, agenda: "", route: strict), as: "maya", lead: qualified)
                == "cannot book L-7 with jordan: routing is strict and the rotation proposes alex (alex — 0 this week, next in rotation); leave the AE out to take the proposal")
        let taken = try Rules.decide(.book(ae: "alex", at: at, agenda: "", route: strict), lead: qualified, actor: "maya",
                                     context: context())
        #expect(taken.payload.proposedAE == "alex")
        let flexible = BookingRoute(proposed: "alex", strict: false)
        let override = try Rules.decide(.book(ae: "jordan", at: at, agenda: "", route: flexible), lead: qualified,
                                        actor: "maya", context: context())
        #expect(override.payload.proposedAE == "alex" && override.payload.meeting?.ae == "jordan")
        let nobody = BookingRoute(proposed: nil, strict: true, reason: "nobody available: the team has no AE")
        #expect(refusal(.book(ae: "alex", at: at, agenda: "", route: nobody), as: "maya", lead: qualified)
                == "cannot book L-7: routing is strict and the rotation has nobody available: the team has no AE")
    }

    @Test("a meeting is not booked with an AE away on its day")
    func awayAEIsNotBooked() {
        let away = [Away(member: "alex", from: "2026-03-05", to: "2026-03-06")]
        #expect(refusal(.book(ae: "alex", at: utcDate(2026, 3, 5, 10), agenda: ""), as: "maya", lead: qualified, away: away)
                == "cannot book L-7 with alex: alex is away 2026-03-05 to 2026-03-06 (the meeting is on 2026-03-05); book another AE")
        #expect(refusal(.book(ae: "alex", at: utcDate(2026, 3, 9, 10), agenda: ""), as: "maya", lead: qualified, away: away) == nil)
    }

    @Test("the log audit replays away events and recorded proposals")
    func auditReplays() throws {
        let founding = try Rules.foundTeam(lead: "lee", now: now)
        var events = [founding]
        var team = Team()
        team.apply(founding)
        for member in members.dropFirst() {
            let ctx = RuleContext(definition: .standard, roster: team.members, now: now, calendar: utc)
            let event = try Rules.decide(.addMember(member), lead: nil, actor: "lee", context: ctx)
            team.apply(event)
            events.append(event)
        }
        let away = try Rules.decide(.setAway(Away(member: "alex", from: "2026-12-22", to: "2027-01-02")), lead: nil,
                                    actor: "alex", context: context())
        events.append(away)
        for (index, _) in events.enumerated() { events[index].seq = Int64(index + 1) }
        #expect(LogAudit.violations(in: events, calendar: utc).isEmpty)
        var forged = away
        forged.actor = "jordan"
        forged.seq = Int64(events.count + 1)
        #expect(LogAudit.violations(in: events + [forged], calendar: utc).first?.message.contains("only a team lead or alex") == true)
    }
}
