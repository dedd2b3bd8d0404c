import Foundation
import Testing
@testable import HandoffCore
@testable import HandoffTUI

/// `is:breach` and `is:warning` on the board take every card's SLA state from one pass of
/// the ladder, kept per column until the column, the time or the limits change. Against
/// the straightforward filter (each card's own `FilterQuery.matches`, its clock worked out
/// card by card) after live changes, clock ticks and new limits, with a query kept on.
@Suite("board model: SLA states worked out once per column and moment")
struct BoardClockStatesTests {
    static let start = Date(timeIntervalSince1970: 1_773_046_800)

    static func card(_ id: Int, _ random: inout BoardModelTests.Random, now: Date) -> Card {
        let columns: [Column] = [.queue, .handedOff, .handedOff, .sao, .nurture, .returned, .returned]
        let column = columns[random.below(columns.count)]
        func hoursAgo(_ most: Int) -> Date { now.addingTimeInterval(-Double(random.below(most * 4)) * 900 + 3600) }
        let outcomes: [MeetingOutcome?] = [nil, nil, .held, .noShow]
        return Card(id: LeadID(id), company: "Co \(random.below(50))", contact: "C", owner: ["sam", "sue"][random.below(2)],
                    ae: column == .queue ? nil : "alex", column: column, columnSince: hoursAgo(120), version: 1,
                    rebook: false, disputeOpen: random.below(8) == 0, revisit: column == .nurture ? hoursAgo(90) : nil,
                    meetingAt: column == .handedOff ? hoursAgo(90) : nil,
                    meetingOutcome: column == .handedOff ? outcomes[random.below(outcomes.count)] : nil)
    }

    /// Each card's own match, in the column's order as the model shows it.
    static func expected(_ cards: [LeadID: Card], _ text: String, now: Date, thresholds: Thresholds) throws -> [Column: Set<LeadID>] {
        let query = try FilterQuery.parse(text)
        var result: [Column: Set<LeadID>] = [:]
        for column in Column.board {
            result[column] = Set(cards.values.filter { $0.column == column && query.matches($0, now: now, thresholds: thresholds) }.map(\.id))
        }
        return result
    }

    static func shown(_ model: BoardModel) -> [Column: Set<LeadID>] {
        var result: [Column: Set<LeadID>] = [:]
        for column in Column.board { result[column] = Set(model.cards(in: column).map(\.id)) }
        return result
    }

    @Test(arguments: ["is:breach", "is:warning", "is:breach age:>2", "is:warning or owner:sam", "is:breach or is:warning"])
    func theBoardPicksWhatEachCardsOwnMatchPicks(text: String) throws {
        var random = BoardModelTests.Random(state: UInt64(text.utf8.count) &* 31 &+ 5)
        var now = Self.start
        var truth: [LeadID: Card] = [:]
        for id in 1...400 { truth[LeadID(id)] = Self.card(id, &random, now: now) }
        var thresholds = Thresholds.standard
        var model = BoardModel(cards: Array(truth.values), now: now)
        model.setFilter(text, onlyMine: nil, thresholds: thresholds)
        var picked = 0
        for round in 0..<24 {
            #expect(Self.shown(model) == (try Self.expected(truth, text, now: now, thresholds: thresholds)), "round \(round)")
            picked += Self.shown(model).values.map(\.count).reduce(0, +)
            switch round % 4 {
            case 0:  // live changes: some cards move on, some come in
                let changed = (0..<8).map { _ in Self.card(1 + random.below(420), &random, now: now) }
                for card in changed { truth[card.id] = card }
                model.update(changed, now: now)
            case 1:  // the minute's tick, and hours later
                now = now.addingTimeInterval(Double(60 + random.below(6) * 3600))
                model.advance(to: now)
            case 2:  // other limits (a config reload)
                thresholds.slaHours = Double(6 + random.below(60))
                model.setFilter(text, onlyMine: nil, thresholds: thresholds)
            default:  // typing on and erasing: the kept states serve both
                model.setFilter(text + " age:>0", onlyMine: nil)
                #expect(Self.shown(model) == (try Self.expected(truth, text + " age:>0", now: now, thresholds: thresholds)))
                model.setFilter(text, onlyMine: nil)
            }
        }
        #expect(picked > 0, "the query picked cards")
    }
}
