import Foundation
import Testing
@testable import HandoffCore
@testable import HandoffTUI

/// `/` takes the query language: fields filter the board with the markers' own
/// predicates, and a query that does not parse is shown in the filter line while the
/// board keeps what it showed. No store behind the board.
@Suite("filter query on the board")
struct FilterQueryBoardTests {
    static let now = Date(timeIntervalSince1970: 1_795_000_000)

    static func board() -> AppState {
        let cards = [
            Card(id: LeadID(1), company: "Acme", contact: "Pat", owner: "sam", ae: nil, column: .queue,
                 columnSince: now.addingTimeInterval(-9 * 86_400), version: 1, rebook: false, disputeOpen: false,
                 revisit: nil, meetingAt: nil, meetingOutcome: nil),
            Card(id: LeadID(2), company: "Globex", contact: "Pat", owner: "sam", ae: nil, column: .queue,
                 columnSince: now.addingTimeInterval(-86_400), version: 1, rebook: true, disputeOpen: false,
                 revisit: nil, meetingAt: nil, meetingOutcome: nil),
            Card(id: LeadID(3), company: "Initech", contact: "Bo", owner: "kim", ae: "alex", column: .handedOff,
                 columnSince: now.addingTimeInterval(-4 * 86_400), version: 1, rebook: false, disputeOpen: false,
                 revisit: nil, meetingAt: now.addingTimeInterval(-3 * 86_400), meetingOutcome: nil),
        ]
        return AppState(me: "sam", team: Team(members: [Member(name: "sam", role: .sdr), Member(name: "kim", role: .sdr),
                                                        Member(name: "alex", role: .ae)]),
                        cards: cards, location: "test", now: now, width: 120, height: 30)
    }

    static func type(_ state: inout AppState, _ text: String) {
        for character in text { _ = Update.update(&state, .input(.key(.char(character)))) }
    }

    static func shown(_ state: AppState) -> [Int] {
        Column.board.flatMap { state.board.cards(in: $0).map(\.id.number) }.sorted()
    }

    @Test func fieldsFilterTheBoard() {
        var state = Self.board()
        _ = Update.update(&state, .input(.key(.char("/"))))
        Self.type(&state, "is:breach or is:rebook")
        #expect(state.filterError == nil)
        #expect(Self.shown(state) == [2, 3])
        _ = Update.update(&state, .input(.key(.ctrl("u"))))
        Self.type(&state, "owner:sam age:>5d")
        #expect(Self.shown(state) == [1])
        _ = Update.update(&state, .input(.key(.enter)))
        #expect(!state.filtering && Self.shown(state) == [1])
    }

    @Test("an error is shown in the filter line; the board keeps its last result")
    func errorInPlace() {
        var state = Self.board()
        _ = Update.update(&state, .input(.key(.char("/"))))
        Self.type(&state, "is:rebook")
        #expect(Self.shown(state) == [2])
        Self.type(&state, " onwer")
        let before = Self.shown(state)
        Self.type(&state, ":sam")
        #expect(state.filterError == "unknown field 'onwer' — did you mean owner?")
        #expect(Self.shown(state) == before, "the last query that parsed still holds")
        let title = BoardView.render(state).row(0)
        #expect(title.contains("/is:rebook onwer:sam"))
        #expect(title.contains("unknown field 'onwer' — did you mean owner?"), "\(title)")
        // Fixing it clears the error.
        for _ in 0..<"onwer:sam".count { _ = Update.update(&state, .input(.key(.backspace))) }
        Self.type(&state, "owner:sam")
        #expect(state.filterError == nil && Self.shown(state) == [2])
        #expect(!BoardView.render(state).row(0).contains("unknown"))
        // Esc clears the filter and the error.
        // source: is answered on the board too (the leads are read for it): no error.
        Self.type(&state, " source:x")
        #expect(state.filterError == nil)
        _ = Update.update(&state, .input(.key(.escape)))
        #expect(state.filterError == nil && Self.shown(state) == [1, 2, 3])
    }

    @Test("a live change and a tick re-decide is: and age: as of the new time")
    func liveChange() {
        var state = Self.board()
        _ = Update.update(&state, .input(.key(.char("/"))))
        Self.type(&state, "is:aging")
        #expect(Self.shown(state) == [1, 3])
        _ = Update.update(&state, .tick(Self.now.addingTimeInterval(5 * 86_400)))
        #expect(Self.shown(state) == [1, 2, 3])
    }

    /// `owner:` and `ae:` look their cards up in the column's index: the board must show
    /// exactly the cards the query itself accepts, whatever the alternatives and the case
    /// of the names, and nothing that only one of several terms accepts.
    @Test("owner: and ae: narrowed by the index show exactly what the query accepts")
    func indexedFieldsAgreeWithTheQuery() throws {
        let names = ["sam", "Kim", "ALEX", "jo"]
        var cards: [Card] = []
        for number in 1...120 {
            let column = Column.board[number % Column.board.count]
            let owner = names[number % 2 == 0 ? 0 : 1]
            let ae: String? = column == .queue ? nil : names[2 + number % 2]
            cards.append(Card(id: LeadID(number), company: "Co \(number)", contact: "C", owner: owner, ae: ae, column: column,
                              columnSince: Self.now.addingTimeInterval(Double(-number) * 3_600 * 5), version: 1,
                              rebook: number % 7 == 0, disputeOpen: false, revisit: nil, meetingAt: nil, meetingOutcome: nil))
        }
        let team = Team(members: [Member(name: "sam", role: .sdr), Member(name: "Kim", role: .sdr),
                                  Member(name: "ALEX", role: .ae), Member(name: "jo", role: .ae)])
        for text in ["owner:kim", "owner:SAM", "ae:alex", "owner:kim ae:jo", "owner:kim or ae:jo", "owner:sam co",
                     "owner:nobody", "owner:sam age:>3d or is:rebook", "ae:jo owner:kim or owner:sam ae:alex", "is:rebook"] {
            var state = AppState(me: "sam", team: team, cards: cards, location: "test", now: Self.now, width: 120, height: 30)
            _ = Update.update(&state, .input(.key(.char("/"))))
            Self.type(&state, text)
            #expect(state.filterError == nil, "\(text)")
            let query = try FilterQuery.parse(text)
            let expected = cards.filter { query.matches($0, now: Self.now) }.map(\.id.number).sorted()
            #expect(Self.shown(state) == expected, "\(text)")
            #expect(!expected.isEmpty || text == "owner:nobody", "\(text)")
        }
    }
}
