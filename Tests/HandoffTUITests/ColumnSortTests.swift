import Foundation
import Testing
@testable import HandoffCore
@testable import HandoffTUI

/// `t` steps the focused column's sort; the header says which; filters and live changes
/// keep it. No store behind the board.
@Suite("column sort")
struct ColumnSortTests {
    static let now = Date(timeIntervalSince1970: 1_795_000_000)
    static let hour = 3600.0

    static func card(_ id: Int, _ company: String, days: Double, meeting: Double?, outcome: MeetingOutcome? = nil) -> Card {
        Card(id: LeadID(id), company: company, contact: "Pat", owner: "sam", ae: "alex", column: .handedOff,
             columnSince: now.addingTimeInterval(-days * 86_400), version: 1, rebook: false, disputeOpen: false,
             revisit: nil, meetingAt: meeting.map { now.addingTimeInterval($0 * hour) }, meetingOutcome: outcome)
    }

    static func board() -> AppState {
        // Board order (no attention flags): longest in column first → 1, 2, 3, 4.
        let cards = [
            card(1, "Delta", days: 9, meeting: 20),                   // SLA runs out at +68 h
            card(2, "alpha", days: 6, meeting: -30),                  // +18 h
            card(3, "Charlie", days: 4, meeting: nil),                // no meeting, no SLA
            card(4, "Bravo", days: 2, meeting: 2, outcome: .noShow),  // no SLA (no-show)
        ]
        var state = AppState(me: "sam", team: Team(members: [Member(name: "sam", role: .sdr), Member(name: "alex", role: .ae)]),
                             cards: cards, location: "test", now: now, width: 120, height: 30)
        state.focus = 1
        return state
    }

    static func order(_ state: AppState) -> [Int] { state.board.cards(in: .handedOff).map(\.id.number) }

    static func press(_ state: inout AppState, _ key: Key) -> [Effect] {
        Update.update(&state, .input(.key(key)))
    }

    @Test func tCyclesTheFocusedColumnsSort() {
        var state = Self.board()
        #expect(Self.order(state) == [1, 2, 3, 4])
        #expect(Self.press(&state, .char("t")) == [.saveSorts([.handedOff: .age])])
        #expect(Self.order(state) == [1, 2, 3, 4])
        #expect(BoardView.render(state).row(1).contains("↕age 4"))
        _ = Self.press(&state, .char("t"))
        #expect(Self.order(state) == [2, 1, 3, 4], "least SLA left first; none last, in board order")
        #expect(state.status?.text == "Handed off sorted by SLA left (t: next)")
        _ = Self.press(&state, .char("t"))
        #expect(Self.order(state) == [2, 4, 1, 3], "soonest meeting first; none last")
        _ = Self.press(&state, .char("t"))
        #expect(Self.order(state) == [2, 4, 3, 1], "company A to Z, any case")
        #expect(BoardView.render(state).row(1).contains("↕A-Z 4"))
        #expect(Self.press(&state, .char("t")) == [.saveSorts([:])])
        #expect(Self.order(state) == [1, 2, 3, 4])
        #expect(!BoardView.render(state).row(1).contains("↕"))
    }

    @Test("a sorted column keeps its sort through a filter and a live change")
    func filterAndLiveChange() {
        var state = Self.board()
        for _ in 0..<4 { _ = Self.press(&state, .char("t")) }  // company
        _ = Self.press(&state, .char("/"))
        for character in "age:>3" { _ = Self.press(&state, .char(character)) }
        #expect(Self.order(state) == [2, 3, 1])
        #expect(state.board.count(in: .handedOff) == 3)
        _ = Update.update(&state, .storeChanged([Self.card(5, "Aardvark", days: 5, meeting: nil)], team: nil, now: Self.now, through: 1))
        #expect(Self.order(state) == [5, 2, 3, 1])
        // Clearing the filter shows every card, still by company.
        _ = Self.press(&state, .escape)
        #expect(Self.order(state) == [5, 2, 4, 3, 1])
    }
}
