import Foundation
@testable import HandoffCore
@testable import HandoffSQLite
@testable import HandoffStore
@testable import HandoffTUI

/// A real store on a temp file with a small team and leads in every column, and the app
/// state a board would build from it.
final class BoardFixture {
    let folder: URL
    let clock: ManualClock
    let store: SQLiteStore
    let calendar: Calendar

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("handoff-tui-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? .current
        self.calendar = calendar
        clock = ManualClock(Date(timeIntervalSince1970: 1_795_000_000))
        store = try SQLiteStore(path: folder.appendingPathComponent("board.sqlite").path, now: clock.now, calendar: calendar)
        try store.initialize(lead: "lee")
        for (name, role) in [("sam", Role.sdr), ("sue", .sdr), ("alex", .ae), ("ava", .ae)] {
            try store.execute(.addMember(Member(name: name, role: role)), as: "lee")
        }
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    @discardableResult
    func add(_ company: String, contact: String = "Pat Doe", owner: String = "sam") throws -> LeadID {
        let applied = try store.execute(.addLead(LeadFields(company: company, contact: contact), owner: owner), as: owner)
        guard let id = applied.lead?.id else { throw RuleError.notFound("no lead") }
        return id
    }

    func qualify(_ id: LeadID, as actor: String = "sam") throws {
        let scores = ["need", "fit", "timeframe", "authority"].reduce(into: [String: CriterionScore]()) {
            $0[$1] = CriterionScore(status: .met, evidence: "evidence for \($1)")
        }
        try store.execute(.score(scores), on: id, as: actor)
    }

    func handOff(_ id: LeadID, ae: String = "alex") throws {
        try qualify(id)
        try store.execute(.book(ae: ae, at: clock.date.addingTimeInterval(3600), agenda: "Pain"), on: id, as: "sam")
    }

    /// One lead in each column.
    func spread() throws {
        try add("Acme Corp", contact: "Dana Lee")
        let handed = try add("Globex", contact: "Hank Scorpio")
        try handOff(handed)
        let accepted = try add("Initech", contact: "Bill Lumbergh")
        try handOff(accepted, ae: "ava")
        let nurtured = try add("Hooli", contact: "Gavin Belson")
        try handOff(nurtured)
        let returned = try add("Vandelay Industries", contact: "Art Vandelay")
        try handOff(returned)
        clock.advance(by: 7200)
        try store.execute(.logOutcome(.held, newTime: nil, note: nil), on: accepted, as: "ava")
        try store.execute(.accept(nextStep: "Demo", nextDate: clock.date.addingTimeInterval(86_400), opportunity: nil, assessment: nil), on: accepted, as: "ava")
        try store.execute(.logOutcome(.held, newTime: nil, note: nil), on: nurtured, as: "alex")
        try store.execute(.nurture(reason: "Budget freeze", revisit: clock.date.addingTimeInterval(86_400 * 30)), on: nurtured, as: "alex")
        try store.execute(.returnLead(reasons: [.noAuthority, .notICP], failed: [], note: "Intern"), on: returned, as: "alex")
    }

    func state(as me: String = "sam", width: Int = 80, height: Int = 24) throws -> AppState {
        var state = AppState(me: me, team: try store.team(), cards: try store.cards(LeadQuery()), location: "/tmp/board.sqlite",
                             now: clock.date, width: width, height: height)
        Update.keepSelectionVisible(&state)
        return state
    }

    /// Feeds messages and carries out effects against the real store, as the run loop does.
    func app(as me: String = "sam", width: Int = 80, height: Int = 24, thresholds: Thresholds = .standard,
             keys: [Key] = []) throws -> BoardApp {
        let terminal = RecordingTerminal(width: width, height: height)
        let app = try BoardApp(store: store, terminal: terminal, me: me, clock: clock.now, thresholds: thresholds) { store, now, thresholds in
            guard let sqlite = store as? SQLiteStore else { throw RuleError.invalid("the fixture's store is SQLite") }
            return try sqlite.standup(period: .lastDays(7, endingAt: now), settings: thresholds, grouping: .sdr, now: now)
        }
        for key in keys { app.send(.input(.key(key))) }
        app.settle()
        return app
    }
}

extension BoardApp {
    var screen: String { BoardView.render(state).text }

    /// Each key, then whatever store work it started, as the run loop would.
    func press(_ keys: Key...) {
        for key in keys {
            send(.input(.key(key)))
            settle()
        }
    }

    func type(_ text: String) {
        for character in text { send(.input(.key(.char(character)))) }
    }

    /// Looks for other people's changes and applies them.
    func poll() -> Bool {
        let before = state.seenSequence
        lookForChanges()
        settle()
        return state.seenSequence != before
    }
}
