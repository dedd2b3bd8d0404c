import Foundation
import Testing
@testable import HandoffCore

/// The board's pass over every card's clock (`SLAClockInput` read once, `SLALadder.states`)
/// against the straightforward one, card by card (`SLALadder.glance(card, now:)`), on
/// randomized cards, calendars, limits and moments: the same states and the same hours, to
/// the last bit, including where the ladder's calendar index does not reach and the answer
/// comes from another index or from walking the calendar.
@Suite("SLA: every card's clock in one pass")
struct SLAClockInputTests {
    struct Random {
        var state: UInt64
        mutating func below(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        mutating func chance(_ percent: Int) -> Bool { below(100) < percent }
        /// Seconds with a fraction, as times read from a log may have.
        mutating func seconds(within days: Int) -> Double {
            Double(below(days * 86_400)) + Double(below(1000)) / 1000
        }
    }

    static let base = utc(2026, 11, 16, 9).timeIntervalSince1970
    static let zones = ["Europe/Paris", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe", "UTC"]

    static func card(_ random: inout Random) -> Card {
        let columns: [Column] = [.queue, .handedOff, .sao, .nurture, .returned, .archived]
        let column = columns[random.below(columns.count)]
        // Mostly within a few weeks of now; sometimes years away, beyond any index's reach.
        let spread = random.chance(10) ? 3 * 365 : 30
        func time() -> Date { Date(timeIntervalSince1970: base - random.seconds(within: spread) + random.seconds(within: 5)) }
        let outcomes: [MeetingOutcome?] = [nil, nil, .held, .noShow, .canceled, .rescheduled]
        return Card(id: LeadID(1 + random.below(9999)), company: "Acme", contact: "Ann", owner: "maya",
                    ae: random.chance(70) ? "alex" : nil, column: column, columnSince: time(), version: 1,
                    rebook: random.chance(10), disputeOpen: random.chance(20),
                    revisit: random.chance(60) ? time() : nil, meetingAt: random.chance(70) ? time() : nil,
                    meetingOutcome: outcomes[random.below(outcomes.count)])
    }

    static func settings(_ random: inout Random) -> SLASettings {
        var settings = SLASettings()
        if random.chance(75), let zone = TimeZone(identifier: zones[random.below(zones.count)]) {
            let open = random.below(12) * 1800 + 6 * 3600
            let close = min(86_400, open + (1 + random.below(20)) * 1800)
            var weekdays = Set((0..<7).filter { _ in random.chance(70) })
            if weekdays.isEmpty { weekdays = [2] }
            let today = Int(base / 86_400)
            let holidays = Set((0..<random.below(6)).map { _ in today - 20 + random.below(40) })
            settings.businessHours = BusinessHours(open: open, close: close, weekdays: weekdays, timeZone: zone,
                                                   holidays: holidays)
        }
        for step in SLAStep.allCases where random.chance(50) {
            let breach = Double(1 + random.below(120)) + Double(random.below(4)) / 4
            settings[step] = SLALimit(warning: breach * Double(random.below(100)) / 100, breach: breach)
        }
        return settings
    }

    @Test(arguments: 0..<12)
    func theOnePassSaysWhatEachCardsGlanceSays(seed: Int) {
        var random = Random(state: UInt64(seed) &* 0x9E37_79B9_7F4A_7C15 &+ 1)
        let settings = Self.settings(&random)
        let now = Date(timeIntervalSince1970: Self.base + random.seconds(within: 3))
        // The ladder laid out around now, around a time years away (its index does not reach
        // now: another index answers, or the calendar is walked), or with no index.
        let around: Date? = switch random.below(3) {
        case 0: now
        case 1: now.addingTimeInterval(Double(4 + random.below(3)) * 365 * 86_400)
        default: nil
        }
        let ladder = SLALadder(settings: settings, slaHours: Double(8 + random.below(60)), leads: ["lee"], around: around)
        let cards = (0..<400).map { _ in Self.card(&random) }
        let expected = cards.map { ladder.glance($0, now: now)?.state }
        #expect(ladder.states(cards.map(SLAClockInput.init), now: now) == expected)
        #expect(expected.contains { $0 != nil }, "some clocks run, or the comparison proves little")
        for card in cards {
            #expect(ladder.glance(SLAClockInput(card), now: now) == ladder.glance(card, now: now))
        }
    }

    @Test func aCardWithNoStepHasNoClockAtAnyTime() {
        let ladder = SLALadder()
        let queue = slaCard(.queue)
        #expect(SLAClockInput(queue) == SLAClockInput.none && SLAClockInput(queue).step == nil)
        #expect(ladder.states([SLAClockInput(queue)], now: utc(2030, 1, 1)) == [nil])
        // A meeting still to come: the step is known (what the SLA sort orders by), no clock runs yet.
        let ahead = slaCard(.handedOff, meetingAt: utc(2026, 12, 1))
        #expect(SLAClockInput(ahead).step == .outcome)
        #expect(ladder.states([SLAClockInput(ahead)], now: utc(2026, 11, 30)) == [nil])
        #expect(ladder.states([SLAClockInput(ahead)], now: utc(2026, 12, 4)) == [.breach])
    }
}
