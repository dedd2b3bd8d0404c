import Foundation
import Testing
@testable import HandoffCore

@Suite("time distributions: nearest-rank median and p90")
struct TimeDistributionTests {
    @Test("none, one value, odd and even counts: the value at rank ⌈p/100 × n⌉")
    func percentiles() {
        let none = TimeDistribution(hours: [])
        #expect(none.count == 0 && none.medianHours == nil && none.p90Hours == nil)
        #expect(none.text == "— (n = 0)")
        let one = TimeDistribution(hours: [5])
        #expect(one.medianHours == 5 && one.p90Hours == 5 && one.count == 1)
        let odd = TimeDistribution(hours: [3, 1, 2])
        #expect(odd.medianHours == 2 && odd.p90Hours == 3)
        // Even: the lower middle value (rank 2 of 4), never an average of the two.
        let even = TimeDistribution(hours: [4, 1, 3, 2])
        #expect(even.medianHours == 2 && even.p90Hours == 4)
        let ten = TimeDistribution(hours: (1...10).map(Double.init))
        #expect(ten.medianHours == 5 && ten.p90Hours == 9)
        let eleven = TimeDistribution(hours: (1...11).map(Double.init))
        #expect(eleven.medianHours == 6 && eleven.p90Hours == 10)
        #expect(TimeDistribution(hours: [1.26, 30]).text == "median 1.3 h · p90 30 h (n = 2)")
    }
}

@Suite("cohorts by booking week, time distributions, AEs against peers")
struct CohortTests {
    static let utc = TimeZone(identifier: "UTC") ?? .current

    /// Two ISO weeks of bookings (2026-W10 from Monday 2 March, 2026-W11 from 9 March),
    /// every change through the rules. Now: Wednesday 25 March 12:00.
    func board() throws -> ReportBoard {
        var b = try ReportBoard(start: reportDate(2026, 3, 2, 9))
        let a = try b.add("Acme")
        let bee = try b.add("Bravo")
        let c = try b.add("Cobalt", owner: "sam")
        b.at(reportDate(2026, 3, 2, 10))
        try b.handOff(a, to: "bo", at: reportDate(2026, 3, 4, 10))
        b.at(reportDate(2026, 3, 3, 10))
        try b.handOff(bee, to: "cy", at: reportDate(2026, 3, 5, 10))
        b.at(reportDate(2026, 3, 4, 9))
        try b.handOff(c, to: "bo", at: reportDate(2026, 3, 6, 10))
        b.at(reportDate(2026, 3, 4, 11))
        try b.log(.held, on: a)
        b.at(reportDate(2026, 3, 5, 11))
        try b.accept(a)
        b.at(reportDate(2026, 3, 5, 12))
        try b.log(.noShow, on: bee)
        b.at(reportDate(2026, 3, 6, 11))
        try b.log(.held, on: c)
        // Week 2026-W11.
        let d = try b.add("Delta", owner: "sam")
        let e = try b.add("Echo")
        let f = try b.add("Foxtrot", owner: "sam")
        b.at(reportDate(2026, 3, 10, 9))
        try b.handOff(d, to: "cy", at: reportDate(2026, 3, 12, 10))
        b.at(reportDate(2026, 3, 10, 11))
        try b.giveBack(c, [.noAuthority])
        b.at(reportDate(2026, 3, 11, 9))
        try b.handOff(e, to: "bo", at: reportDate(2026, 3, 12, 14))
        b.at(reportDate(2026, 3, 11, 10))
        try b.undo(e, as: "ana")
        b.at(reportDate(2026, 3, 12, 9))
        try b.handOff(f, to: "cy", at: reportDate(2026, 3, 18, 10))
        b.at(reportDate(2026, 3, 12, 15))
        try b.giveBack(f, [.noTimeframe])
        b.at(reportDate(2026, 3, 13, 10))
        try b.log(.held, on: d)
        b.at(reportDate(2026, 3, 13, 12))
        try b.nurture(d, revisit: reportDate(2026, 6, 1))
        b.at(reportDate(2026, 3, 14, 15))
        try b.run(.rework, on: f, as: "sam")
        // After the period: the return of C is disputed and overturned, then accepted.
        b.at(reportDate(2026, 3, 17, 9))
        try b.run(.dispute(note: "She signs"), on: c, as: "sam")
        b.at(reportDate(2026, 3, 18, 9))
        try b.run(.resolveDispute(.overturned, note: nil), on: c, as: "lena")
        b.at(reportDate(2026, 3, 20, 9))
        try b.accept(c)
        // A meeting past its time with nothing logged: the AE is still to act.
        let g = try b.add("Golf")
        try b.handOff(g, to: "bo", at: reportDate(2026, 3, 22, 10))
        b.at(reportDate(2026, 3, 25, 12))
        return b
    }

    let period = Period(since: reportDate(2026, 3, 2), until: reportDate(2026, 3, 16))

    func cohorts(_ b: ReportBoard) -> Cohorts {
        CohortBuilder.build(facts: b.events.compactMap(ReportEvent.init), team: b.team, period: period, now: b.now,
                            timeZone: Self.utc)
    }

    @Test("each week's rates at its end, +7, +14, +28 days and now, hand-computed")
    func maturing() throws {
        let c = cohorts(try board())
        #expect(c.weeks.map(\.week) == ["2026-W10", "2026-W11"])
        #expect(c.weeks.map(\.start) == [reportDate(2026, 3, 2), reportDate(2026, 3, 9)])
        #expect(c.weeks.map(\.partial) == [false, false])
        // E's booking was undone: W11 has D and F only.
        #expect(c.weeks.map(\.handoffs) == [3, 2])
        let w10 = c.weeks[0].snapshots
        #expect(w10.map(\.ageDays) == [0, 7, 14, 28, nil])
        #expect(w10.map(\.reached) == [true, true, true, false, true])
        #expect(w10[3].asOf == reportDate(2026, 4, 6))
        // Held A and C, no-show B.
        #expect(w10[0].showRate == Ratio(2, of: 3))
        // At the week's end only A is dispositioned; at +7 C's return stands; by +14 the
        // ruling annulled it and C was accepted.
        #expect(w10.map(\.acceptance) == [Ratio(1, of: 1), Ratio(1, of: 2), Ratio(2, of: 2), .empty, Ratio(2, of: 2)])
        #expect(w10.map(\.saoRate) == [Ratio(1, of: 3), Ratio(1, of: 3), Ratio(2, of: 3), .empty, Ratio(2, of: 3)])
        let w11 = c.weeks[1].snapshots
        #expect(w11.map(\.reached) == [true, true, false, false, true])
        #expect(w11[0].showRate == Ratio(1, of: 1))
        #expect(w11[0].acceptance == Ratio(0, of: 2) && w11[4].saoRate == Ratio(0, of: 2))
    }

    @Test("time distributions and waits over the period's spans; the overturned return is none")
    func distributions() throws {
        let c = cohorts(try board())
        // Booked → outcome: A 49 h, B 50 h, C 50 h, D 73 h.
        #expect(c.handoffToOutcome == TimeDistribution(count: 4, medianHours: 50, p90Hours: 73))
        // Held → disposition: A 25 h, D 26 h (C's return was overturned; F's was before its meeting).
        #expect(c.heldToDisposition == TimeDistribution(count: 2, medianHours: 25, p90Hours: 26))
        // The meeting's time → the first thing logged: A 1 h, B 2 h, C 1 h, D 24 h (F's triage is no wait).
        #expect(c.waits.ae == TimeDistribution(count: 4, medianHours: 1, p90Hours: 24))
        #expect(c.waits.aeWaitingNow == 1)
        // F returned 12 March 15:00, reworked 14 March 15:00; C's dispute came after the period.
        #expect(c.waits.sdr == TimeDistribution(count: 1, medianHours: 48, p90Hours: 48))
        #expect(c.waits.sdrWaitingNow == 0)
    }

    @Test("acceptance and returns per AE, against the other AEs")
    func perAE() throws {
        let c = cohorts(try board())
        #expect(c.byAE.map(\.name) == ["bo", "cy"])
        let bo = c.byAE[0], cy = c.byAE[1]
        #expect(bo.acceptance == Ratio(1, of: 1) && bo.returnRate == Ratio(0, of: 1) && bo.peersAcceptance == Ratio(0, of: 2))
        #expect(cy.acceptance == Ratio(0, of: 2) && cy.returnRate == Ratio(1, of: 2) && cy.peersAcceptance == Ratio(1, of: 1))
        #expect(!bo.belowPeers && !cy.belowPeers, "too few dispositions to mark anyone")
        #expect(c.teamAcceptance == Ratio(1, of: 3) && c.teamReturnRate == Ratio(1, of: 3))
        #expect(CohortRules.belowPeers(Ratio(1, of: 5), peers: Ratio(4, of: 10)))
        #expect(!CohortRules.belowPeers(Ratio(2, of: 5), peers: Ratio(5, of: 10)))
        #expect(!CohortRules.belowPeers(Ratio(0, of: 4), peers: Ratio(10, of: 10)))
        #expect(!CohortRules.belowPeers(Ratio(0, of: 5), peers: Ratio(4, of: 4)))
    }

    @Test("a week cut by the period is partial and counts only its bookings inside; an empty period has no weeks")
    func partialAndEmpty() throws {
        let b = try board()
        let facts = b.events.compactMap(ReportEvent.init)
        let cut = CohortBuilder.build(facts: facts, team: b.team, period: Period(since: reportDate(2026, 3, 3), until: reportDate(2026, 3, 11)),
                                      now: b.now, timeZone: Self.utc)
        #expect(cut.weeks.map(\.week) == ["2026-W10", "2026-W11"] && cut.weeks.map(\.partial) == [true, true])
        #expect(cut.weeks.map(\.handoffs) == [2, 1])
        let quiet = CohortBuilder.build(facts: facts, team: b.team, period: Period(since: reportDate(2027, 1, 1), until: reportDate(2027, 1, 8)),
                                        now: b.now, timeZone: Self.utc)
        #expect(quiet.weeks.isEmpty && quiet.handoffToOutcome.count == 0 && quiet.teamAcceptance.isEmpty)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = Self.utc
        var standup = b.standup(period)
        standup.cohorts = quiet
        let text = StandupText.text(standup, calendar: calendar, sections: ["cohorts"])
        #expect(text.contains("No handoffs booked in the period."), "\(text)")
        #expect(text.contains("| — (0/0)") || text.contains("— (0/0)"), "\(text)")
    }

    @Test("text and markdown tables carry every rate's counts; JSON the numerators and denominators")
    func rendered() throws {
        let b = try board()
        var standup = b.standup(period)
        standup.cohorts = cohorts(b)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = Self.utc
        let text = StandupText.text(standup, calendar: calendar, sections: ["cohorts"])
        for expected in ["Cohorts by booking week (ISO weeks from Monday, ", "2026-W10 (2026-03-02)", "67 % (2/3)",
                         "not yet", "held meeting → disposition", "25 h", "peers' acceptance", "−100 pts"] {
            #expect(text.contains(expected), "\(expected) in \(text)")
        }
        #expect(!text.contains("Board now"), "only the cohorts section")
        let markdown = StandupText.markdown(standup, calendar: calendar, sections: ["cohorts"])
        #expect(markdown.contains("| 2026-W10 (2026-03-02) | 3 | 67 % (2/3) | 67 % (2/3) | 67 % (2/3) | not yet | 67 % (2/3) |"), "\(markdown)")
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        let json = try #require(try JSONSerialization.jsonObject(with: encoder.encode(standup)) as? [String: Any])
        let weeks = try #require((json["cohorts"] as? [String: Any])?["weeks"] as? [[String: Any]])
        let now = try #require((weeks.first?["snapshots"] as? [[String: Any]])?.last?["saoRate"] as? [String: Any])
        #expect(now["numerator"] as? Int == 2 && now["denominator"] as? Int == 3)
    }

    @Test("the standup built from the log carries the same cohorts")
    func inTheStandup() throws {
        let b = try board()
        // The standup cuts weeks in the process's zone; the fixture's dates are UTC.
        let built = StandupBuilder.build(events: b.events, leads: Array(b.leads.values), team: b.team, period: period, now: b.now)
        #expect(built.cohorts == CohortBuilder.build(facts: b.events.compactMap(ReportEvent.init), team: b.team, period: period,
                                                     now: b.now, timeZone: .current))
        #expect(built.cohorts.weeks.map(\.handoffs).reduce(0, +) == 5)
    }
}
