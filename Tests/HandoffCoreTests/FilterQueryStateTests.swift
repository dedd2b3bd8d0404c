import Foundation
import Testing
@testable import HandoffCore

/// `is:` terms, each asked on its own and with the SLA state a board already has, against
/// the straightforward reading: the card's list of markers contains the state's marker.
@Suite("filter query: is: without the marker list")
struct FilterQueryStateTests {
    /// The reference: how `is:` was answered before, from the card's markers.
    static func reference(_ state: FilterQuery.State, _ card: Card, now: Date, thresholds: Thresholds) -> Bool {
        let marker: Marker = switch state {
        case .breach: .slaBreach
        case .warning: .slaWarning
        case .aging: .aging
        case .rebook: .rebook
        case .dispute: .dispute
        case .due: .revisitDue
        }
        return card.markers(now: now, thresholds: thresholds).contains(marker)
    }

    @Test(arguments: 0..<6)
    func everyStateAsTheMarkersSayIt(seed: Int) throws {
        var random = SLAClockInputTests.Random(state: UInt64(seed) &+ 77)
        var thresholds = Thresholds.standard
        thresholds.sla = SLAClockInputTests.settings(&random)
        let now = Date(timeIntervalSince1970: SLAClockInputTests.base)
        let ladder = SLALadder(thresholds: thresholds, around: now)
        var held = Set<FilterQuery.State>()
        for _ in 0..<300 {
            let card = SLAClockInputTests.card(&random)
            let given = ladder.states([SLAClockInput(card)], now: now)[0]
            for state in FilterQuery.State.allCases {
                let query = try FilterQuery.parse("is:\(state.rawValue)")
                let expected = Self.reference(state, card, now: now, thresholds: thresholds)
                if expected { held.insert(state) }
                #expect(query.matches(card, now: now, thresholds: thresholds) == expected, "is:\(state.rawValue)")
                #expect(query.matches(card, now: now, thresholds: thresholds, sla: .some(given)) == expected,
                        "is:\(state.rawValue), the state given")
            }
        }
        #expect(held.contains(.breach) && held.contains(.dispute), "the cards hold the states tested")
    }

    @Test func aGivenStateIsTheOneUsed() throws {
        let now = utc(2026, 11, 20)
        let queue = slaCard(.queue)  // no clock runs
        let breach = try FilterQuery.parse("is:breach"), warning = try FilterQuery.parse("is:warning")
        #expect(!breach.matches(queue, now: now))
        #expect(breach.matches(queue, now: now, sla: .some(.breach)), "the caller's state, not worked out again")
        #expect(!breach.matches(queue, now: now, sla: .some(nil)))
        #expect(warning.matches(queue, now: now, sla: .some(.warning)))
        #expect(try FilterQuery.parse("is:breach or age:>3").asksSLA)
        #expect(try !FilterQuery.parse("is:aging owner:maya").asksSLA)
    }
}
