import Foundation
import Testing
@testable import HandoffCore

/// The rotation (issue 16 item 1), pure: a team, the week's booking facts, a clock.
@Suite("Routing: round robin at booking")
struct RoutingTests {
    /// Wednesday 4 March 2026, 10:00 UTC; the week runs from Monday 2 March 00:00.
    let now = utcDate(2026, 3, 4, 10, 0)

    func team(_ aes: [String], away: [Away] = []) -> Team {
        var team = Team(members: [Member(name: "lee", role: .lead), Member(name: "maya", role: .sdr)]
                        + aes.map { Member(name: $0, role: .ae) })
        team.away = away
        return team
    }

    func booked(_ ae: String, _ seq: Int64, at: Date? = nil) -> RoutingFact {
        RoutingFact(seq: seq, at: at ?? utcDate(2026, 3, 2, 9).addingTimeInterval(Double(seq) * 60), type: .booked, ae: ae)
    }

    func propose(_ team: Team, _ facts: [RoutingFact], settings: RoutingSettings = RoutingSettings(),
                 meetingAt: Date? = nil) -> RoutingProposal {
        Routing.propose(team: team, facts: facts, meetingAt: meetingAt, now: now, settings: settings, calendar: utc)
    }

    @Test func theWeekStartsOnMondayInTheCalendarsZone() {
        let week = Routing.week(containing: now, calendar: utc)
        #expect(week.start == utcDate(2026, 3, 2))
        #expect(week.end == utcDate(2026, 3, 9))
    }

    @Test("fewest bookings this week first; the reason says how many and of what cap")
    func fewestFirst() {
        let facts = [booked("alex", 1), booked("alex", 2), booked("jordan", 3)]
        let proposal = propose(team(["alex", "jordan"]), facts, settings: RoutingSettings(weeklyCap: 8))
        #expect(proposal.ae == "jordan")
        #expect(proposal.reason == "jordan — 1 this week of 8, next in rotation")
    }

    @Test("a tie goes to whoever was booked least recently, then roster order")
    func tiesGoToLeastRecent() {
        let facts = [booked("jordan", 1), booked("alex", 2)]
        #expect(propose(team(["alex", "jordan"]), facts).ae == "jordan")
        #expect(propose(team(["alex", "jordan"]), []).ae == "alex")
        #expect(propose(team(["sam", "alex"]), []).ae == "sam")
    }

    @Test("bookings before this week do not count")
    func lastWeekIsForgotten() {
        let facts = [booked("alex", 1, at: utcDate(2026, 2, 27)), booked("alex", 2, at: utcDate(2026, 3, 1, 23)),
                     booked("jordan", 3)]
        let proposal = propose(team(["alex", "jordan"]), facts)
        #expect(proposal.ae == "alex")
        #expect(proposal.reason.hasPrefix("alex — 0 this week"))
    }

    @Test("over many bookings the rotation is fair by weight")
    func fairOverManyBookings() {
        let team = team(["alex", "jordan", "sam"])
        let settings = RoutingSettings(weights: ["alex": 2])
        var facts: [RoutingFact] = []
        for seq in 1...40 {
            guard let ae = propose(team, facts, settings: settings).ae else { Issue.record("nobody proposed"); return }
            facts.append(booked(ae, Int64(seq)))
        }
        let counts = Dictionary(grouping: facts, by: { $0.ae ?? "" }).mapValues(\.count)
        #expect(counts == ["alex": 20, "jordan": 10, "sam": 10])
    }

    @Test("an AE at their cap is skipped, and the reason names them")
    func capSkips() {
        let facts = [booked("jordan", 1), booked("jordan", 2), booked("alex", 3), booked("alex", 4), booked("alex", 5)]
        let settings = RoutingSettings(weeklyCap: 5, caps: ["jordan": 2])
        let proposal = propose(team(["alex", "jordan"]), facts, settings: settings)
        #expect(proposal.ae == "alex")
        #expect(proposal.reason == "alex — 3 this week of 5, next in rotation (jordan at cap (2 of 2))")
    }

    @Test("an AE away on the meeting's day is never proposed; away on another day is")
    func awaySkips() {
        let away = [Away(member: "alex", from: "2026-03-05", to: "2026-03-06")]
        let team = team(["alex", "jordan"], away: away)
        let facts = [booked("jordan", 1)]
        let onFriday = propose(team, facts, meetingAt: utcDate(2026, 3, 6, 15))
        #expect(onFriday.ae == "jordan")
        #expect(onFriday.reason.contains("alex away 2026-03-05 to 2026-03-06"))
        #expect(propose(team, facts, meetingAt: utcDate(2026, 3, 9, 15)).ae == "alex")
    }

    @Test("a proposal made before the meeting's time is known ranks again for the meeting's day, from the same week's bookings")
    func forMeetingRanksForItsDay() throws {
        // alex is away Thursday and Friday; the form opens on Wednesday (now), when alex is in.
        let team = team(["alex", "jordan"], away: [Away(member: "alex", from: "2026-03-05", to: "2026-03-06")])
        let facts = [booked("jordan", 1)]
        let opened = propose(team, facts)
        #expect(opened.ae == "alex")
        #expect(opened.day == "2026-03-04")
        #expect(opened.forMeeting(at: utcDate(2026, 3, 4, 16)) == nil, "the same day ranks the same")
        let friday = try #require(opened.forMeeting(at: utcDate(2026, 3, 6, 15)))
        #expect(friday == propose(team, facts, meetingAt: utcDate(2026, 3, 6, 15)), "the same answer as asking afresh")
        #expect(friday.ae == "jordan")
        #expect(friday.reason == "jordan — 1 this week, next in rotation (alex away 2026-03-05 to 2026-03-06)")
        #expect(friday.forMeeting(at: utcDate(2026, 3, 9, 10))?.ae == "alex", "and again for Monday")
        let bare = RoutingProposal(ae: "alex", reason: "", mode: .flexible, standings: [])
        #expect(bare.forMeeting(at: utcDate(2026, 3, 6, 15)) == nil, "without its basis a proposal cannot rank again")
    }

    @Test("nobody available says who is away and who is at cap")
    func nobodyAvailable() {
        let team = team(["alex", "jordan"], away: [Away(member: "alex", from: "2026-03-01", to: "2026-03-31")])
        let proposal = propose(team, [booked("jordan", 1)], settings: RoutingSettings(weeklyCap: 1))
        #expect(proposal.ae == nil)
        #expect(proposal.reason == "nobody available: alex away 2026-03-01 to 2026-03-31; jordan at cap (1 of 1)")
        #expect(propose(Team(members: [Member(name: "lee", role: .lead)]), []).reason == "nobody available: the team has no AE")
    }

    @Test("a reassigned meeting counts for its new AE; an undone booking does not count")
    func reassignCountsUndoDoesNot() {
        let facts = [booked("alex", 1), booked("jordan", 2),
                     RoutingFact(seq: 3, at: utcDate(2026, 3, 3), type: .reassigned, ae: "jordan"),
                     booked("alex", 4), RoutingFact(seq: 5, at: utcDate(2026, 3, 3, 1), type: .undone, undoes: 4)]
        let proposal = propose(team(["alex", "jordan"]), facts)
        #expect(proposal.ae == "alex")
        #expect(proposal.standings.map(\.booked) == [1, 2])
    }

    @Test("a weight shows in the reason")
    func weightShows() {
        let proposal = propose(team(["alex"]), [booked("alex", 1)], settings: RoutingSettings(weights: ["alex": 2]))
        #expect(proposal.reason == "alex — 1 this week (weight 2), next in rotation")
        #expect(proposal.route == BookingRoute(proposed: "alex", strict: false, reason: proposal.reason))
    }
}

@Suite("Routing: overrides in the report")
struct RoutingOverridesTests {
    @Test("bookings with another AE than proposed are overrides, per SDR; undone ones and ones without a proposal are not counted")
    func overrides() {
        let day = utcDate(2026, 3, 3, 10)
        let facts = [
            RoutingFact(seq: 1, at: day, type: .booked, ae: "alex", actor: "maya", proposedAE: "alex"),
            RoutingFact(seq: 2, at: day, type: .booked, ae: "jordan", actor: "maya", proposedAE: "alex"),
            RoutingFact(seq: 3, at: day, type: .booked, ae: "jordan", actor: "theo", proposedAE: "jordan"),
            RoutingFact(seq: 4, at: day, type: .booked, ae: "alex", actor: "theo", proposedAE: "jordan"),
            RoutingFact(seq: 5, at: day, type: .undone, undoes: 4),
            RoutingFact(seq: 6, at: day, type: .booked, ae: "alex", actor: "theo"),
            RoutingFact(seq: 7, at: utcDate(2026, 2, 1), type: .booked, ae: "alex", actor: "theo", proposedAE: "jordan"),
        ]
        let overrides = RoutingOverrides(facts, in: Period(since: utcDate(2026, 3, 2), until: utcDate(2026, 3, 9)))
        #expect(overrides.overrides == Ratio(1, of: 3))
        #expect(overrides.bySDR.map(\.sdr) == ["maya", "theo"])
        #expect(overrides.bySDR.map(\.overrides) == [Ratio(1, of: 2), Ratio(0, of: 1)])
        #expect(overrides.text == "Routing: overrides 33 % (1/3) of the bookings the rotation proposed · by SDR: maya 1/2, theo 0/1")
        #expect(overrides.markdown.contains("| maya | 50 % (1/2) |"))
        #expect(RoutingOverrides([], in: Period(since: day, until: day)).text == nil, "nothing proposed: nothing said")
    }
}
