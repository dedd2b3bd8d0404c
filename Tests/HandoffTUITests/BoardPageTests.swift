import Foundation
import Testing
@testable import HandoffCore
@testable import HandoffSQLite
@testable import HandoffStore
@testable import HandoffTUI

/// The first frame of a big board comes from the top of each column (`boardPage`); the
/// rest is read behind it. The top must be exactly what the full board would show first,
/// and the board must end up exactly as if it had read everything at once.
@Suite("board: the first frame from the top of each column")
struct BoardPageTests {
    /// The demo's 60 leads in every column, with attention markers (rebooks, a dispute,
    /// due revisits, held meetings awaiting a disposition).
    static func demo() throws -> (store: SQLiteStore, folder: URL, now: Date) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("handoff-page-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let now = Date(timeIntervalSince1970: 1_795_000_000)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? .current
        let store = try DemoSeed.seed(path: folder.appendingPathComponent("demo.sqlite").path, lead: "lee", now: now, calendar: calendar)
        return (store, folder, now)
    }

    @Test("each column's top, in board order, and its true count", arguments: [1, 2, 5, 100])
    func pageIsTheTopOfTheFullBoard(limit: Int) throws {
        let (store, folder, now) = try Self.demo()
        defer { try? FileManager.default.removeItem(at: folder) }
        let full = BoardModel(cards: try store.cards(LeadQuery()), now: now)
        let page = try store.boardPage(limit: limit, now: now)
        #expect(full.leads.values.contains { $0.needsAttention(now: now) }, "the demo has cards needing attention")
        for column in Column.board {
            let top = page.cards.filter { $0.column == column }.map(\.id)
            #expect(top == Array(full.cards(in: column).prefix(limit).map(\.id)), "\(column)")
            #expect((page.counts[column] ?? 0) == full.count(in: column), "\(column)")
        }
        #expect(page.isComplete == Column.board.allSatisfy { full.count(in: $0) <= limit })
        let partial = BoardModel(page: page, now: now)
        for column in Column.board { #expect(partial.total(in: column) == full.count(in: column)) }
    }

    @Test("a board opened on its top reads the rest, then equals one that read it all")
    func theRestArrivesBehindTheFirstFrame() throws {
        let fixture = try BoardFixture()
        for number in 1...(BoardApp.firstPage + 30) { try fixture.add("Queue Co \(number)") }
        let terminal = RecordingTerminal(width: 120, height: 40)
        let app = try BoardApp(store: fixture.store, terminal: terminal, me: "sam", clock: fixture.clock.now) { _, _, _ in
            throw RuleError.invalid("no standup here")
        }
        #expect(!app.state.board.isComplete)
        #expect(app.state.board.count(in: .queue) == BoardApp.firstPage)
        #expect(app.screen.contains("SDR queue          \(BoardApp.firstPage + 30)"), "the header counts every card:\n\(app.screen)")

        // A change lands while the rest is being read.
        let other = try SQLiteStore(path: fixture.store.location, now: fixture.clock.now, calendar: fixture.calendar)
        try other.execute(.addLead(LeadFields(company: "Late Arrival", contact: "Lu"), owner: "sue"), as: "sue")
        app.settle()
        _ = app.poll()
        #expect(app.state.board.isComplete)
        let everything = BoardModel(cards: try fixture.store.cards(LeadQuery()), now: fixture.clock.date)
        #expect(app.state.board.cards(in: .queue).map(\.id) == everything.cards(in: .queue).map(\.id))
        #expect(app.state.board.count(in: .queue) == BoardApp.firstPage + 31)
        #expect(app.state.seenSequence == (try fixture.store.lastSequence()))
    }

    @Test("a change made before the full read, but after it was taken, is read again")
    func aChangeAppliedToTheTopIsNotLost() throws {
        let fixture = try BoardFixture()
        let id = try fixture.add("Before")
        var state = try fixture.state()
        let through = try fixture.store.lastSequence()
        let stale = try fixture.store.cards(LeadQuery())
        // The live change reached the top of the board before the full read (taken at
        // `through`) came back.
        try fixture.store.execute(.edit(LeadFields(company: "After", contact: "Pat Doe"), owner: nil), on: id, as: "sam")
        let fresh = try fixture.store.cards(ids: [id])
        _ = Update.update(&state, .storeChanged(fresh, team: nil, now: fixture.clock.date, through: try fixture.store.lastSequence()))
        let effects = Update.update(&state, .allLoaded(stale, now: fixture.clock.date, through: through))
        // (and, every card being in, a look for the SLA ladder's warnings on mine)
        #expect(effects == [.reload(after: through), .checkSLA])
        #expect(state.seenSequence == through)
    }
}
