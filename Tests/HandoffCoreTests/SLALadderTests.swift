import Foundation
import Testing
@testable import HandoffCore

/// A card of maya's (SDR), handed to alex (AE) where it has a meeting.
func slaCard(_ column: Column, since: Date = utc(2026, 11, 2, 8), meetingAt: Date? = nil,
             outcome: MeetingOutcome? = nil, revisit: Date? = nil, dispute: Bool = false) -> Card {
    Card(id: LeadID(7), company: "Acme", contact: "Ann", owner: "maya", ae: meetingAt == nil ? nil : "alex",
         column: column, columnSince: since, version: 3, rebook: false, disputeOpen: dispute, revisit: revisit,
         meetingAt: meetingAt, meetingOutcome: outcome)
}

@Suite("SLA: the ladder")
struct SLALadderTests {
    let ladder = SLALadder(settings: .standard, slaHours: 48, leads: ["lee"])
    let meeting = utc(2026, 11, 2, 10)

    @Test func noClockWhereNobodyOwesAnything() {
        let now = utc(2026, 11, 20)
        #expect(ladder.clock(for: slaCard(.queue), now: now) == nil)
        #expect(ladder.clock(for: slaCard(.sao, meetingAt: meeting, outcome: .held), now: now) == nil)
        #expect(ladder.clock(for: slaCard(.handedOff, meetingAt: utc(2026, 11, 21)), now: now) == nil,
                "the meeting is still to come")
        #expect(ladder.clock(for: slaCard(.returned, dispute: true), now: now) == nil, "disputed: the lead rules")
        #expect(ladder.clock(for: slaCard(.nurture, revisit: utc(2026, 12, 1)), now: now) == nil, "not due yet")
    }

    @Test func outcomeOverdueWarnsTheAEThenTellsTheLeads() throws {
        let card = slaCard(.handedOff, meetingAt: meeting)
        let early = try #require(ladder.clock(for: card, now: meeting.addingTimeInterval(10 * 3600)))
        #expect(early.step == .outcome && early.owner == "alex" && early.state == .ok)
        #expect(early.hoursToWarning == 26 && early.hoursToBreach == 38, "warning at 36 h of 48")
        #expect(early.told.isEmpty)
        #expect(early.warningAt == meeting.addingTimeInterval(36 * 3600))
        let warned = try #require(ladder.clock(for: card, now: meeting.addingTimeInterval(40 * 3600)))
        #expect(warned.state == .warning && warned.hoursToWarning == 0 && warned.hoursToBreach == 8)
        #expect(warned.told.map(\.people) == [["alex"]])
        let breached = try #require(ladder.clock(for: card, now: meeting.addingTimeInterval(50 * 3600)))
        #expect(breached.state == .breach && breached.hoursPastBreach == 2)
        #expect(breached.told.map(\.people) == [["alex"], ["alex", "lee"]])
        #expect(breached.told.last?.at == meeting.addingTimeInterval(48 * 3600))
    }

    @Test func heldMeetingWaitsForTheDisposition() throws {
        let card = slaCard(.handedOff, meetingAt: meeting, outcome: .held)
        let clock = try #require(ladder.clock(for: card, now: meeting.addingTimeInterval(49 * 3600)))
        #expect(clock.step == .disposition && clock.owner == "alex" && clock.state == .breach)
        // An overturned return is back in Handed off since the ruling: the clock starts there.
        var overturned = card
        overturned.columnSince = meeting.addingTimeInterval(40 * 3600)
        let restarted = try #require(ladder.clock(for: overturned, now: meeting.addingTimeInterval(49 * 3600)))
        #expect(restarted.start == overturned.columnSince && restarted.state == .ok && restarted.hoursToWarning == 27)
        #expect(ladder.clock(for: slaCard(.handedOff, meetingAt: meeting, outcome: .noShow), now: utc(2026, 12, 1)) == nil)
    }

    @Test func returnIsTheSDRsToReworkOrDispute() throws {
        let since = utc(2026, 11, 3, 9)
        let card = slaCard(.returned, since: since)
        let clock = try #require(ladder.clock(for: card, now: since.addingTimeInterval(37 * 3600)))
        #expect(clock.step == .rework && clock.owner == "maya" && clock.state == .warning)
        #expect(clock.notices.map(\.people) == [["maya"], ["maya", "lee"]])
        #expect(clock.notices.map(\.happened) == [true, false])
    }

    @Test func nurtureRevisitRunsFromTheDate() throws {
        let revisit = utc(2026, 11, 10)
        let card = slaCard(.nurture, revisit: revisit)
        let clock = try #require(ladder.clock(for: card, now: revisit.addingTimeInterval(60 * 3600)))
        #expect(clock.step == .revisit && clock.owner == "maya" && clock.state == .breach && clock.start == revisit)
        #expect(clock.hoursPastBreach == 12)
    }

    @Test func reportSLAHoursAndExplicitLimits() throws {
        let card = slaCard(.handedOff, meetingAt: meeting, outcome: .held)
        let now = meeting.addingTimeInterval(30 * 3600)
        #expect(SLALadder(slaHours: 24).clock(for: card, now: now)?.state == .breach, "[report] sla_hours = 24")
        #expect(SLALadder(slaHours: 48).clock(for: card, now: now)?.state == .ok)
        let settings = SLASettings(disposition: SLALimit(warning: 4, breach: 100))
        let clock = try #require(SLALadder(settings: settings, slaHours: 24).clock(for: card, now: now))
        #expect(clock.state == .warning && clock.hoursToBreach == 70)
    }

    @Test func businessHoursCountOnlyTheWorkingWeek() throws {
        let paris = try officeHours("Europe/Paris")
        let friday = utc(2026, 11, 13, 15) // Fri 16:00 CET
        let settings = SLASettings(businessHours: paris, disposition: SLALimit(warning: 6, breach: 8))
        for around in [nil, friday] as [Date?] {
            let business = SLALadder(settings: settings, leads: ["lee"], around: around)
            let card = slaCard(.handedOff, meetingAt: friday, outcome: .held)
            // Monday 10:00: 1.5 h on Friday + 1 h on Monday; wall clock would say 67 h.
            let clock = try #require(business.clock(for: card, now: utc(2026, 11, 16, 9)))
            #expect(clock.state == .ok && clock.elapsedHours == 2.5 && clock.hoursToWarning == 3.5)
            #expect(clock.warningAt == utc(2026, 11, 16, 12, 30), "Monday 13:30 Paris")
            #expect(clock.breachAt == utc(2026, 11, 16, 14, 30))
            #expect(business.glance(card, now: utc(2026, 11, 16, 13))?.state == .warning)
            #expect(business.glance(card, now: utc(2026, 11, 16, 15))?.state == .breach)
        }
    }

    @Test func theTeamsLeadsAreToldOfBreaches() throws {
        let team = Team(members: [Member(name: "lee", role: .lead), Member(name: "alex", role: .ae),
                                  Member(name: "kim", role: .lead), Member(name: "maya", role: .sdr)])
        let ladder = SLALadder(settings: .standard, thresholds: .standard, team: team)
        let clock = try #require(ladder.clock(for: slaCard(.handedOff, meetingAt: meeting), now: utc(2026, 12, 1)))
        #expect(clock.notices.last?.people == ["alex", "lee", "kim"])
    }
}
