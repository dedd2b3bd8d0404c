import Foundation
import Testing
@testable import HandoffCore

/// The current-state figures: cards per column and person, aging, open SLA breaches,
/// nurture due, returns not reworked.
@Suite("Report: the board now")
struct ReportBoardTests {
    /// ana: one in the queue, one handed off to bo, one SAO with cy; sam: one nurture,
    /// one returned by bo, one archived.
    func mixedBoard() throws -> (ReportBoard, [String: LeadID]) {
        var board = try ReportBoard()
        var ids: [String: LeadID] = [:]
        ids["queue"] = try board.add("Acme")
        ids["handedOff"] = try board.add("Globex")
        try board.handOff(try #require(ids["handedOff"]), at: reportDate(2026, 3, 20, 10))
        ids["sao"] = try board.heldMeeting("Initech", ae: "cy", at: reportDate(2026, 3, 2, 10))
        try board.accept(try #require(ids["sao"]))
        ids["nurture"] = try board.heldMeeting("Umbrella", owner: "sam", at: reportDate(2026, 3, 2, 12))
        try board.nurture(try #require(ids["nurture"]), revisit: reportDate(2026, 4, 1))
        ids["returned"] = try board.heldMeeting("Hooli", owner: "sam", at: reportDate(2026, 3, 2, 14))
        try board.giveBack(try #require(ids["returned"]), [.notICP])
        let archived = try board.heldMeeting("Vandelay", owner: "sam", at: reportDate(2026, 3, 2, 16))
        try board.giveBack(archived, [.badData])
        try board.run(.archive, on: archived, as: "sam")
        return (board, ids)
    }

    @Test func cardsPerColumnAndPerSDR() throws {
        let (board, _) = try mixedBoard()
        let standup = board.standup(reportWeek)
        let cards = standup.team.cards
        #expect((cards.queue, cards.handedOff, cards.sao, cards.nurture, cards.returned) == (1, 1, 1, 1, 1))
        #expect(cards.total == 5, "archived leads are off the board")
        #expect(standup.columns.map(\.column) == Column.board)
        let ana = try #require(board.person(standup, "ana")?.cards)
        #expect((ana.queue, ana.handedOff, ana.sao, ana.total) == (1, 1, 1, 3))
        let sam = try #require(board.person(standup, "sam")?.cards)
        #expect((sam.nurture, sam.returned, sam.total) == (1, 1, 2))
        #expect(standup.people.map(\.name) == ["ana", "sam"], "the roster's SDRs, not its AEs or lead")
    }

    @Test func cardsPerAEAreTheirHandedOffAndSAOCards() throws {
        let (board, _) = try mixedBoard()
        let standup = board.standup(reportWeek, grouping: .ae)
        #expect(standup.people.map(\.name) == ["bo", "cy"])
        #expect(board.person(standup, "bo")?.cards.handedOff == 1)
        #expect(board.person(standup, "bo")?.cards.total == 1)
        #expect(board.person(standup, "cy")?.cards.sao == 1)
        #expect(standup.team.cards.total == 5)
    }

    @Test func agingUsesPerColumnThresholds() throws {
        let (board, ids) = try mixedBoard()
        let queue = try #require(ids["queue"])
        let handedOff = try #require(ids["handedOff"])
        // Five whole days in the queue is at the limit, not over it.
        board.at(reportDate(2026, 3, 7, 10))
        var standup = board.standup(reportWeek)
        #expect(!standup.agingCards.contains { $0.lead == queue })
        // Six days: queue over by 1 (limit 5), handed off over by 3 (limit 3); returned
        // five whole days (since 15:00 on the 2nd), over by 3 (limit 2).
        board.at(reportDate(2026, 3, 8, 10))
        standup = board.standup(reportWeek)
        let over = Dictionary(uniqueKeysWithValues: standup.agingCards.map { ($0.lead, $0) })
        #expect(over[queue]?.daysOver == 1)
        #expect(over[queue]?.limitDays == 5)
        #expect(over[handedOff]?.daysOver == 3)
        #expect(over[handedOff]?.person == "bo", "the card shows its AE in Handed off")
        #expect(over[try #require(ids["returned"])]?.daysOver == 3)
        #expect(over[try #require(ids["sao"])] == nil, "SAO has no limit by default")
        #expect(standup.agingCards.map(\.lead) == [handedOff, try #require(ids["returned"]), queue],
                "the most overdue first, then by lead")
        let queueColumn = try #require(standup.columns.first { $0.column == .queue })
        #expect(queueColumn.overLimit.percentText == "100 % (1/1)")
        #expect(queueColumn.oldestDays == 6)
        #expect(standup.team.overAgingLimit == 3)
        #expect(board.person(standup, "ana")?.overAgingLimit == 2)

        var relaxed = Thresholds.standard
        relaxed.agingDays[.queue] = 10
        relaxed.agingDays[.sao] = 1
        standup = board.standup(reportWeek, settings: relaxed)
        #expect(!standup.agingCards.contains { $0.lead == queue })
        #expect(standup.agingCards.contains { $0.lead == ids["sao"] })
    }

    @Test func openSLABreachesAreListedWithAEAndHoursOver() throws {
        var board = try ReportBoard()
        let breached = try board.heldMeeting("Acme", ae: "cy", at: reportDate(2026, 3, 3, 10))
        let fresh = try board.heldMeeting("Globex", at: reportDate(2026, 3, 5, 10))
        let unlogged = try board.add("Initech", owner: "sam")
        try board.handOff(unlogged, at: reportDate(2026, 3, 5, 20))
        board.at(reportDate(2026, 3, 6, 10))

        var standup = board.standup(reportWeek)
        #expect(standup.slaBreaches.map(\.lead) == [breached])
        let breach = try #require(standup.slaBreaches.first)
        #expect((breach.ae, breach.sdr, breach.held, breach.hoursWaiting, breach.hoursOver) == ("cy", "ana", true, 72, 24))
        #expect(standup.team.sla.openBreaches == 1)
        #expect(standup.team.sla.awaiting == 1)
        #expect(board.person(standup, "ana")?.sla.openBreaches == 1)

        // A tighter SLA from config.toml catches the fresh one and the unlogged meeting too.
        let tight = Thresholds(slaHours: 12)
        standup = board.standup(reportWeek, settings: tight, grouping: .ae)
        #expect(Set(standup.slaBreaches.map(\.lead)) == [breached, fresh, unlogged])
        #expect(standup.slaBreaches.first { $0.lead == unlogged }?.held == false)
        #expect(standup.slaBreaches.first { $0.lead == fresh }?.hoursOver == 12)
        #expect(board.person(standup, "bo")?.sla.openBreaches == 2)
        #expect(board.person(standup, "cy")?.sla.openBreaches == 1)
    }

    @Test func timeFromHeldToDispositionAgainstTheSLA() throws {
        var board = try ReportBoard()
        let quick = try board.heldMeeting("Acme", at: reportDate(2026, 3, 2, 10))
        board.at(reportDate(2026, 3, 3, 6))
        try board.accept(quick)
        let slow = try board.heldMeeting("Globex", at: reportDate(2026, 3, 3, 10))
        board.at(reportDate(2026, 3, 5, 22))
        try board.giveBack(slow, [.noNeed])
        let standup = board.standup(reportWeek)
        #expect(standup.team.sla.withinSLA.percentText == "50 % (1/2)")
        #expect(standup.team.sla.medianHours == 40, "20 h and 60 h")
        #expect(standup.slaBreaches.isEmpty)
    }

    @Test func anOverturnedReturnRestartsTheAEClockAtTheRuling() throws {
        var board = try ReportBoard()
        let id = try board.heldMeeting("Acme", at: reportDate(2026, 3, 2, 10))
        try board.giveBack(id, [.noNeed])
        try board.run(.dispute(note: "Pain is real"), on: id, as: "ana")
        board.at(reportDate(2026, 3, 6, 10))
        try board.run(.resolveDispute(.overturned, note: nil), on: id, as: "lena")
        board.at(reportDate(2026, 3, 7, 10))
        var standup = board.standup(reportWeek)
        #expect(standup.slaBreaches.isEmpty, "24 h since the ruling, not 5 days since the meeting")
        #expect(standup.team.sla.awaiting == 1)
        board.at(reportDate(2026, 3, 8, 12))
        standup = board.standup(reportWeek)
        #expect(standup.slaBreaches.first?.hoursOver == 2)
    }

    @Test func nurtureItemsDueAreThoseWhoseRevisitDateHasCome() throws {
        var board = try ReportBoard()
        let due = try board.heldMeeting("Acme", at: reportDate(2026, 3, 2, 10))
        try board.nurture(due, revisit: reportDate(2026, 3, 4))
        let later = try board.heldMeeting("Globex", owner: "sam", at: reportDate(2026, 3, 2, 12))
        try board.nurture(later, revisit: reportDate(2026, 4, 1))
        board.at(reportDate(2026, 3, 6, 9))
        let standup = board.standup(reportWeek)
        #expect(standup.nurtureDue.map(\.lead) == [due])
        #expect(standup.nurtureDue.first?.daysOverdue == 2)
        #expect(standup.team.nurtureDue == 1)
        #expect(board.person(standup, "ana")?.nurtureDue == 1)
        #expect(board.person(standup, "sam")?.nurtureDue == 0)
    }

    @Test func returnsNotYetReworkedAreListedUntilReworked() throws {
        var board = try ReportBoard()
        let waiting = try board.heldMeeting("Acme", at: reportDate(2026, 3, 2, 10))
        try board.giveBack(waiting, [.noNeed, .noTimeframe])
        let reworked = try board.heldMeeting("Globex", at: reportDate(2026, 3, 2, 12))
        try board.giveBack(reworked, [.notICP])
        try board.run(.rework, on: reworked, as: "ana")
        let standup = board.standup(reportWeek)
        #expect(standup.returnsToRework.map(\.lead) == [waiting])
        #expect(standup.returnsToRework.first?.reasons == ["no_need", "no_timeframe"])
        #expect(standup.returnsToRework.first?.ae == "bo")
        #expect(standup.returnsToRework.first?.dispute == nil)
        #expect(standup.team.returnsToRework == 1)
        #expect(standup.team.dispositions.returned == 2, "both returns happened in the period")
    }

    @Test func theBuilderReadsTheProjectionTheSameWayFromLeadsOrSnapshots() throws {
        let (board, _) = try mixedBoard()
        let snapshots = board.leads.values.map(ReportLead.init)
        let facts = board.events.compactMap(ReportEvent.init)
        let fromSnapshots = StandupBuilder.build(facts: facts, leads: snapshots, team: board.team, period: reportWeek,
                                                 now: board.now)
        #expect(fromSnapshots == board.standup(reportWeek))
        let fromReplay = StandupBuilder.build(facts: facts, team: board.team, period: reportWeek, now: board.now)
        #expect(fromReplay == board.standup(reportWeek))
    }

    /// The store's fast path replays the log instead of reading the projection; over a
    /// random walk through every command (undo included) the two must agree, card by card.
    @Test(arguments: [1, 2, 3, 4, 5] as [UInt64])
    func replayingTheLogGivesTheProjectionsCards(seed: UInt64) throws {
        var board = try ReportBoard()
        var random = ReportRandom(seed: seed)
        let met = CriterionScore(status: .met, evidence: "yes")
        for step in 0..<1500 {
            board.advance(hours: Double(random.below(30)) + 0.5)
            let ids = board.leads.values.filter { $0.column != .sao && $0.column != .archived }.map(\.id).sorted()
            if ids.isEmpty || random.below(8) == 0 {
                _ = try board.add("Lead \(step)", owner: random.below(2) == 0 ? "ana" : "sam")
                continue
            }
            let id = ids[random.below(ids.count)]
            guard let lead = board.lead(id) else { continue }
            let sdr = lead.owner
            let ae = lead.meeting?.ae ?? (random.below(2) == 0 ? "bo" : "cy")
            let later = board.now.addingTimeInterval(Double(random.below(72) + 1) * 3600)
            let choices: [(Command, String)]
            switch lead.column {
            case .queue:
                choices = [(.score(["need": met, "fit": met, "timeframe": met, "authority": met]), sdr),
                           (.book(ae: ae, at: later, agenda: "Discovery"), sdr),
                           (.edit(LeadFields(company: "Renamed \(step)", contact: "Pat Doe"), owner: random.below(2) == 0 ? "ana" : "sam"), "lena")]
            case .handedOff where lead.meeting?.outcome == .held:
                choices = [(.accept(nextStep: "Call", nextDate: later, opportunity: nil, assessment: nil), ae),
                           (.nurture(reason: "Later", revisit: later), ae),
                           (.returnLead(reasons: [.noNeed, .other], failed: [], note: "No"), ae)]
            case .handedOff:
                choices = [(.logOutcome(.held, newTime: nil, note: nil), ae), (.logOutcome(.held, newTime: nil, note: nil), ae),
                           (.logOutcome(.noShow, newTime: nil, note: nil), sdr),
                           (.logOutcome(.canceled, newTime: nil, note: nil), ae),
                           (.logOutcome(.rescheduled, newTime: later, note: nil), ae),
                           (.returnLead(reasons: [.duplicate], failed: [], note: "Seen before"), ae)]
            case .returned where lead.disputeOpen:
                choices = [(.resolveDispute(random.below(2) == 0 ? .upheld : .overturned, note: nil), "lena")]
            case .returned:
                choices = [(.dispute(note: "Wrong"), sdr), (.resolveDispute(random.below(2) == 0 ? .upheld : .overturned, note: nil), "lena"),
                           (.rework, sdr), (.archive, sdr)]
            case .nurture:
                choices = [(.rework, sdr)]
            case .sao, .archived:
                continue
            }
            do {
                if random.below(10) == 0 {
                    try board.undo(id, as: "lena")
                } else {
                    let (command, actor) = choices[random.below(choices.count)]
                    try board.run(command, on: id, as: actor)
                }
            } catch is RuleError {
                continue
            }
        }
        let facts = board.events.compactMap(ReportEvent.init)
        let replayed = StandupBuilder.cards(facts: facts).filter { $0.column != .archived }
        let projected = board.leads.values.map(ReportLead.init).filter { $0.column != .archived }.sorted { $0.id < $1.id }
        #expect(replayed.count == projected.count)
        for (mine, theirs) in zip(replayed, projected) where mine != theirs {
            Issue.record("\(theirs.id): replayed \(mine), projected \(theirs)")
        }
        let types = Set(board.events.map(\.type))
        #expect(types.isSuperset(of: [.booked, .accepted, .nurtured, .returned, .resolved, .undone, .reworked, .archived]),
                "the walk reached every kind of event: \(types)")
        let week = Period(since: reportDate(2026, 3, 2), until: board.now)
        #expect(StandupBuilder.build(facts: facts, team: board.team, period: week, now: board.now)
                == board.standup(week))
    }
}

/// A small seeded generator (SplitMix64) so a random walk is the same on every run.
struct ReportRandom {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func below(_ bound: Int) -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Int((z ^ (z >> 31)) % UInt64(bound))
    }
}
