import Foundation
import Testing
@testable import HandoffCore

/// What lands for whom: each kind of notice, for the right person only, never for the
/// person who made it happen; deduplicated, newest first, capped.
@Suite("Notices: what landed for me")
struct NoticeFeedTests {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)
    static let team = Team(members: [
        Member(name: "lee", role: .lead), Member(name: "sam", role: .sdr), Member(name: "sue", role: .sdr),
        Member(name: "alex", role: .ae), Member(name: "ava", role: .ae),
    ])
    static let l7 = LeadID(7)

    /// L-7, Acme, owned by sam, booked with alex.
    static let card = Card(id: l7, company: "Acme Corp", contact: "Pat", owner: "sam", ae: "alex", column: .handedOff,
                           columnSince: start, version: 3, rebook: false, disputeOpen: false, revisit: nil,
                           meetingAt: start, meetingOutcome: nil)

    static func meeting(ae: String) -> Meeting {
        Meeting(ae: ae, at: start.addingTimeInterval(86_400), agenda: "Discovery", bookedBy: "sam", bookedAt: start)
    }

    static func event(_ seq: Int64, _ type: EventType, by actor: String, minutes: Double = 0,
                      _ payload: EventPayload = EventPayload()) -> Event {
        Event(seq: seq, at: start.addingTimeInterval(minutes * 60), actor: actor, lead: l7, type: type,
              from: .handedOff, to: .handedOff, payload: payload)
    }

    static func notices(_ me: String, _ events: [Event], card: Card? = NoticeFeedTests.card) -> [Notice] {
        NoticeFeed.notices(for: me, team: team, events: events, card: { $0 == card?.id ? card : nil })
    }

    @Test func aMeetingBookedWithMeIsHandedToMeAndToNobodyElse() {
        let booked = Self.event(10, .booked, by: "sam", EventPayload(meeting: Self.meeting(ae: "alex")))
        let mine = Self.notices("alex", [booked])
        #expect(mine.map(\.kind) == [.handedToYou])
        #expect(mine.first?.text == "L-7 Acme Corp handed to you by sam")
        #expect(mine.first?.seq == 10)
        #expect(mine.first?.at == Self.start)
        #expect(mine.first?.by == "sam")
        for other in ["ava", "sue", "lee"] { #expect(Self.notices(other, [booked]).isEmpty, "\(other) is not its AE") }
        #expect(Self.notices("sam", [booked]).isEmpty, "sam booked it himself")
    }

    @Test func aMeetingReassignedToMeLandsByItsRawType() throws {
        // The event type arrives with the reassign work; matched on its raw value meanwhile.
        guard let reassigned = EventType(rawValue: "reassigned") else { return }
        let event = Self.event(11, reassigned, by: "lee", EventPayload(meeting: Self.meeting(ae: "ava")))
        #expect(Self.notices("ava", [event]).map(\.kind) == [.reassignedToYou])
        #expect(Self.notices("alex", [event]).isEmpty)
    }

    @Test func myLeadReturnedTellsItsSDRWithTheReasons() {
        let returned = Self.event(12, .returned, by: "alex", EventPayload(
            disposition: Disposition(kind: .returned, by: "alex", at: Self.start, reasons: [.notICP, .noNeed], note: "small")))
        let mine = Self.notices("sam", [returned])
        #expect(mine.map(\.kind) == [.returned])
        #expect(mine.first?.text == "L-7 Acme Corp returned by alex (not_icp, no_need)")
        #expect(Self.notices("sue", [returned]).isEmpty)
        #expect(Self.notices("alex", [returned]).isEmpty)
        #expect(Self.notices("lee", [returned]).isEmpty, "a return is not the lead's until it is disputed")
    }

    @Test func aDisputeIsTheTeamLeadsToRuleOnAndTheAEsToKnow() {
        let disputed = Self.event(13, .disputed, by: "sam", EventPayload(note: "she signs"))
        #expect(Self.notices("lee", [disputed]).first?.text == "L-7 Acme Corp: return disputed by sam, yours to rule on")
        #expect(Self.notices("alex", [disputed]).first?.text == "L-7 Acme Corp: your return disputed by sam")
        #expect(Self.notices("sam", [disputed]).isEmpty, "sam disputed it himself")
        #expect(Self.notices("ava", [disputed]).isEmpty)
        // A team lead disputing for the SDR: the SDR hears of it.
        let forSam = Self.event(14, .disputed, by: "lee")
        #expect(Self.notices("sam", [forSam]).map(\.kind) == [.disputed])
        #expect(Self.notices("lee", [forSam]).isEmpty)
    }

    @Test func aRulingTellsTheSDRAndTheAE() {
        let ruled = Self.event(15, .resolved, by: "lee", EventPayload(resolution: .overturned))
        #expect(Self.notices("sam", [ruled]).first?.text == "L-7 Acme Corp: dispute overturned by lee")
        #expect(Self.notices("alex", [ruled]).map(\.kind) == [.ruled])
        #expect(Self.notices("lee", [ruled]).isEmpty)
        #expect(Self.notices("sue", [ruled]).isEmpty)
    }

    @Test func anOutcomeOnMyLeadOrMyMeetingLands() {
        let held = Self.event(16, .outcome, by: "alex", EventPayload(outcome: .held))
        #expect(Self.notices("sam", [held]).first?.text == "L-7 Acme Corp: meeting logged held by alex")
        #expect(Self.notices("alex", [held]).isEmpty)
        let noShow = Self.event(17, .outcome, by: "sam", EventPayload(outcome: .noShow))
        #expect(Self.notices("alex", [noShow]).first?.text == "L-7 Acme Corp: meeting logged no-show by sam")
        #expect(Self.notices("sam", [noShow]).isEmpty)
    }

    @Test func eventsThatAreNobodysNewsLandNowhere() {
        let quiet: [Event] = [
            Self.event(20, .edited, by: "sam"), Self.event(21, .scored, by: "lee"),
            Self.event(22, .accepted, by: "alex"), Self.event(23, .undone, by: "lee"),
            Event(seq: 24, at: Self.start, actor: "lee", lead: nil, type: .member, from: nil, to: nil),
        ]
        for member in Self.team.members { #expect(Self.notices(member.name, quiet).isEmpty) }
    }

    @Test func aLeadOffTheBoardStillLandsByTheEventsOwnFacts() {
        // Booked, then archived before the board read it: the meeting names the AE.
        let booked = Self.event(30, .booked, by: "sam", EventPayload(meeting: Self.meeting(ae: "alex")))
        #expect(Self.notices("alex", [booked], card: nil).first?.text == "L-7 handed to you by sam")
        // A return needs the lead's SDR, which only the card knows.
        #expect(Self.notices("sam", [Self.event(31, .returned, by: "alex")], card: nil).isEmpty)
    }

    @Test func oneLineALeadAndKindNewestFirstAndCapped() {
        let first = Self.event(40, .outcome, by: "alex", minutes: 1, EventPayload(outcome: .rescheduled))
        let second = Self.event(41, .outcome, by: "alex", minutes: 5, EventPayload(outcome: .held))
        let returned = Self.event(42, .returned, by: "alex", minutes: 9)
        let mine = Self.notices("sam", [first, second, returned])
        #expect(mine.map(\.seq) == [42, 41], "the newest of each lead and kind, newest first")
        #expect(mine.last?.text == "L-7 Acme Corp: meeting logged held by alex")

        var many: [Notice] = []
        for number in 1...(NoticeFeed.cap + 20) {
            many.append(Notice(kind: .handedToYou, lead: LeadID(number), by: "sam",
                               at: Self.start.addingTimeInterval(Double(number)), seq: Int64(number), text: "L-\(number)"))
        }
        let merged = NoticeFeed.merge(many.shuffled(), [])
        #expect(merged.count == NoticeFeed.cap)
        #expect(merged.first?.seq == Int64(NoticeFeed.cap + 20))
        #expect(merged.map(\.seq) == merged.map(\.seq).sorted(by: >))
        // Merging what was already there with the same again changes nothing.
        #expect(NoticeFeed.merge(merged, merged) == merged)
    }

    @Test func theHeadlineCountsAndNamesThemNewestFirst() {
        let booked = Self.event(50, .booked, by: "sam", minutes: 1, EventPayload(meeting: Self.meeting(ae: "alex")))
        let noShow = Self.event(51, .outcome, by: "sam", minutes: 2, EventPayload(outcome: .noShow))
        let mine = Self.notices("alex", [booked, noShow])
        #expect(NoticeFeed.headline(mine)
            == "2 new for you: L-7 Acme Corp: meeting logged no-show by sam · L-7 Acme Corp handed to you by sam")
        #expect(NoticeFeed.headline([]) == nil)
    }

    @Test func theLaddersWarningAndBreachLandForWhomTheyTellAtTheTimeTheyHappened() {
        var held = Self.card
        held.meetingOutcome = .held
        let ladder = SLALadder(settings: .standard, thresholds: .standard, team: Self.team, around: Self.start)
        func at(_ hours: Double) -> Date { Self.start.addingTimeInterval(hours * 3600) }
        func sla(_ me: String, _ hours: Double, cards: [Card] = [held]) -> [Notice] {
            NoticeFeed.slaNotices(for: me, cards: cards, ladder: ladder, now: at(hours))
        }
        #expect(sla("alex", 30).isEmpty, "inside its time")
        // 36 h of 48 (three quarters): the AE who owes the disposition is warned.
        let warned = sla("alex", 40)
        #expect(warned == [Notice(kind: .slaWarning, lead: Self.l7, by: nil, at: at(36), seq: 0,
                                  text: "L-7 Acme Corp: SLA warning (disposition), 8h left")])
        #expect(sla("lee", 40).isEmpty, "the team lead hears of a breach, not of a warning")
        #expect(sla("sam", 40).isEmpty, "the SDR does not owe the disposition")
        // Past 48 h: the AE and the team lead, one line each (the breach says all).
        let breached = sla("alex", 50)
        #expect(breached.map(\.kind) == [.slaBreach])
        #expect(breached.first?.at == at(48))
        #expect(breached.first?.text == "L-7 Acme Corp: SLA breached (disposition), 2h over")
        #expect(sla("lee", 50).map(\.kind) == [.slaBreach])
        #expect(sla("sam", 50).isEmpty)
        // Another AE's card is not alex's news.
        var other = held
        other.ae = "ava"
        #expect(sla("alex", 50, cards: [other]).isEmpty)
        #expect(sla("ava", 50, cards: [other]).map(\.kind) == [.slaBreach])
        #expect(NoticeFeed.hoursText(0.5) == "30m")
        #expect(NoticeFeed.hoursText(75) == "3d 3h")
    }
}
