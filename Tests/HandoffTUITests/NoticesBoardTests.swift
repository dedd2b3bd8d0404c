import Foundation
import Synchronization
import Testing
@testable import HandoffConfig
@testable import HandoffCore
@testable import HandoffSQLite
@testable import HandoffStore
@testable import HandoffTUI

/// The board tells the person at it what landed for them: in the status line as another
/// person's change arrives, in the list `n` opens (which marks it seen), by bell and desktop
/// notice when `[notify]` asks; and never for what they did themselves.
@Suite("Board: what landed for me (n)")
struct NoticesBoardTests {
    final class Marks: Sendable {
        let saved = Mutex<[SeenMark]>([])
        var all: [SeenMark] { saved.withLock { $0 } }
    }

    static func board(_ fixture: BoardFixture, as me: String, lastLooked: SeenMark?, settings: NotifySettings = .off,
                      marks: Marks) throws -> (BoardApp, RecordingTerminal) {
        let terminal = RecordingTerminal(width: 120, height: 30)
        let setup = NoticeSetup(settings: settings, lastLooked: lastLooked,
                                save: { mark in marks.saved.withLock { $0.append(mark) } })
        let app = try BoardApp(store: fixture.store, terminal: terminal, me: me, clock: fixture.clock.now,
                               notices: setup) { _, _, _ in throw RuleError.invalid("no standup here") }
        app.settle()
        return (app, terminal)
    }

    @Test func aMeetingBookedWithMeShowsWithoutAKeyAndNMarksItSeen() throws {
        let fixture = try BoardFixture()
        try fixture.add("Acme Corp")
        let globex = try fixture.add("Globex")
        let marks = Marks()
        let (app, terminal) = try Self.board(fixture, as: "alex", lastLooked: nil, settings: NotifySettings(bell: true), marks: marks)
        // A first board remembers where the log stands, so the next one can say what came after.
        let opened = try fixture.store.lastSequence()
        #expect(marks.all.map(\.seq) == [opened])
        #expect(!app.screen.contains("new for you"))

        // sam books Globex with alex, in another process: the board only polls.
        try fixture.handOff(globex, ae: "alex")
        #expect(app.poll())
        #expect(app.state.notices.unseen.map(\.kind) == [.handedToYou])
        #expect(app.screen.contains("1 new for you: \(globex) Globex handed to you by sam"))
        #expect(app.screen.contains("· 1 new (n)"))
        #expect(terminal.announced.map { $0.map(\.lead) } == [[globex]], "the bell, since [notify] asks")

        // A newer message takes the line; the count stays until I look.
        app.press(.char("t"))
        #expect(!app.screen.contains("new for you:"))
        #expect(app.screen.contains("· 1 new (n)"))

        app.press(.char("n"))
        #expect(app.state.mode == .notices(selected: 0))
        #expect(app.screen.contains("1 new for you"))
        #expect(app.screen.contains("now      \(globex) Globex handed to you by sam"))
        #expect(marks.all.last?.seq == (try fixture.store.lastSequence()), "opening the list marks it seen")
        #expect(app.state.notices.unseen.isEmpty)

        // Enter goes to the card.
        app.press(.enter)
        #expect(app.state.mode == .board)
        #expect(app.state.column == .handedOff)
        #expect(app.state.selectedCard?.id == globex)

        // Nothing new the second time; what was seen is listed under it.
        app.press(.char("n"))
        #expect(app.screen.contains("Nothing new for you since you last looked"))
        #expect(app.screen.contains("Seen earlier on this board"))
        #expect(!app.screen.contains("· 1 new (n)"))
        app.press(.escape)
        #expect(app.state.mode == .board)
    }

    @Test func whatIDoMyselfIsNoNewsAndOthersNewsIsNotMine() throws {
        let fixture = try BoardFixture()
        let globex = try fixture.add("Globex")
        let initech = try fixture.add("Initech", owner: "sue")
        let marks = Marks()
        let (app, terminal) = try Self.board(fixture, as: "sam", lastLooked: nil, settings: NotifySettings(bell: true), marks: marks)
        try fixture.handOff(globex, ae: "alex")                               // sam's own booking
        try fixture.store.execute(.edit(LeadFields(company: "Initech AG", contact: "Pat Doe"), owner: nil), on: initech, as: "sue")
        _ = app.poll()
        #expect(app.state.notices.unseen.isEmpty)
        #expect(!app.screen.contains("new for you"))
        #expect(terminal.announced.isEmpty)
        // alex returns sam's lead: that is news for sam.
        try fixture.store.execute(.returnLead(reasons: [.noNeed], failed: [], note: "No pain"), on: globex, as: "alex")
        _ = app.poll()
        #expect(app.screen.contains("1 new for you: \(globex) Globex returned by alex (no_need)"))
    }

    @Test func aBoardOpenedLaterSaysWhatCameSinceTheLastLook() throws {
        let fixture = try BoardFixture()
        let globex = try fixture.add("Globex")
        let looked = SeenMark(seq: try fixture.store.lastSequence(), at: fixture.clock.date)
        try fixture.handOff(globex, ae: "ava")
        fixture.clock.advance(by: 3 * 3600)
        try fixture.store.execute(.logOutcome(.held, newTime: nil, note: nil), on: globex, as: "ava")
        let marks = Marks()
        let (app, terminal) = try Self.board(fixture, as: "ava", lastLooked: looked, marks: marks)
        #expect(app.state.notices.unseen.map(\.kind) == [.handedToYou])
        #expect(app.screen.contains("1 new for you: \(globex) Globex handed to you by sam"))
        #expect(terminal.announced.isEmpty, "[notify] is off: no bell, no desktop notice")
        #expect(marks.all.isEmpty, "nothing is marked seen until n")
        app.press(.char("n"))
        #expect(app.screen.contains("3h ago"))
    }

    @Test func theListSaysWhyItCannotGoToACardAndStoredTextIsShownSafely() throws {
        let fixture = try BoardFixture()
        let hostile = try fixture.add("Evil\u{1B}]0;owned\u{07} Corp")
        let marks = Marks()
        let (app, _) = try Self.board(fixture, as: "alex", lastLooked: nil, marks: marks)
        try fixture.handOff(hostile, ae: "alex")
        _ = app.poll()
        app.press(.char("n"))
        #expect(!app.screen.contains("\u{1B}"))
        #expect(!app.screen.contains("\u{07}"))
        app.press(.escape)
        // A filter that hides the card: the list says so instead of jumping nowhere.
        app.press(.char("/"))
        app.type("zzz")
        app.press(.enter)
        app.press(.char("n"), .down, .up, .enter)
        #expect(app.state.status?.text.contains("hidden by the filter") == true)
    }

    @Test func desktopNoticesAreCleanedBoundedAndWrappedForTmux() {
        let hostile = "L-7 Evil\u{1B}]0;pwned\u{07}\u{9B}31m\u{7F}\u{202E} Corp handed to you by sam"
        let notice = Notice(kind: .handedToYou, lead: LeadID(7), by: "sam", at: .now, seq: 1, text: hostile)
        let osc9 = DesktopNotice.bytes(for: [notice], settings: NotifySettings(desktop: .osc9), inTmux: false)
        let text9 = String(decoding: osc9, as: UTF8.self)
        #expect(text9.hasPrefix("\u{1B}]9;Handoff: L-7 Evil"))
        #expect(text9.hasSuffix(" Corp handed to you by sam\u{07}"))
        // One ESC to start it, one BEL to end it, and no other control in between.
        #expect(osc9.filter { $0 == 0x1B }.count == 1)
        #expect(osc9.filter { $0 == 0x07 }.count == 1)
        #expect(!text9.unicodeScalars.dropFirst().dropLast().contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) || $0 == "\u{202E}" })

        let two = [notice, Notice(kind: .returned, lead: LeadID(8), by: "alex", at: .now, seq: 2, text: "L-8 returned")]
        let osc777 = String(decoding: DesktopNotice.bytes(for: two, settings: NotifySettings(bell: true, desktop: .osc777), inTmux: false), as: UTF8.self)
        #expect(osc777.hasPrefix("\u{07}\u{1B}]777;notify;Handoff;L-7 Evil"), "the bell first, then the notice")
        #expect(osc777.hasSuffix("(and 1 more)\u{07}"))
        #expect(DesktopNotice.sequence(title: "a;b", body: "c;d", style: .osc777, inTmux: false)
            == Array("\u{1B}]777;notify;a,b;c;d\u{07}".utf8), "no ; in the title: it would start the body")

        let long = String(repeating: "é", count: 5_000)
        let bounded = DesktopNotice.sequence(title: "Handoff", body: long, style: .osc777, inTmux: false) ?? []
        #expect(String(decoding: bounded, as: UTF8.self).count <= 20 + DesktopNotice.titleLimit + DesktopNotice.bodyLimit)
        #expect(String(decoding: bounded, as: UTF8.self).contains("…"))

        let wrapped = DesktopNotice.sequence(title: "Handoff", body: "L-7 x", style: .osc9, inTmux: true)
        #expect(wrapped == Array("\u{1B}Ptmux;\u{1B}\u{1B}]9;Handoff: L-7 x\u{07}\u{1B}\\".utf8))
        #expect(DesktopNotice.sequence(title: "Handoff", body: "x", style: .off, inTmux: true) == nil)
        #expect(DesktopNotice.bytes(for: [notice], settings: .off, inTmux: false).isEmpty)
        #expect(DesktopNotice.bytes(for: [notice], settings: NotifySettings(bell: true), inTmux: true) == [0x07])
        #expect(DesktopNotice.bytes(for: [], settings: NotifySettings(bell: true, desktop: .osc9), inTmux: false).isEmpty)
        // The clipboard's OSC 52 wraps the same way (one helper).
        #expect(Clipboard.sequence(for: "x", route: .tmuxPassthrough) == Array(Clipboard.tmuxPassthrough("\u{1B}]52;c;eA==\u{07}").utf8))
    }

    @Test func theLaddersWarningOnMyCardLandsWhenTheClockCrossesItOnce() throws {
        let fixture = try BoardFixture()
        let globex = try fixture.add("Globex")
        try fixture.handOff(globex, ae: "alex")
        fixture.clock.advance(by: 2 * 3600)
        try fixture.store.execute(.logOutcome(.held, newTime: nil, note: nil), on: globex, as: "alex")
        let marks = Marks()
        let (app, terminal) = try Self.board(fixture, as: "alex", lastLooked: nil, settings: NotifySettings(bell: true), marks: marks)
        #expect(!app.screen.contains("SLA"))
        // No event: only the clock moves, and the board's minute tick looks.
        fixture.clock.advance(by: 40 * 3600)
        app.send(.tick(fixture.clock.date))
        app.settle()
        #expect(app.screen.contains("1 new for you: \(globex) Globex: SLA warning (disposition)"))
        #expect(app.state.notices.unseen.first?.text == "\(globex) Globex: SLA warning (disposition), 7h left")
        #expect(terminal.announced.count == 1)
        app.send(.tick(fixture.clock.date.addingTimeInterval(60)))
        app.settle()
        #expect(app.state.notices.unseen.map(\.kind) == [.slaWarning], "told once")
        #expect(terminal.announced.count == 1)
        // sam, the SDR, is not told of the AE's clock.
        let (sams, _) = try Self.board(fixture, as: "sam", lastLooked: SeenMark(seq: 0, at: .distantPast), marks: Marks())
        sams.send(.tick(fixture.clock.date))
        sams.settle()
        #expect(!sams.state.notices.unseen.contains { $0.kind == .slaWarning })
    }

    /// At 80 columns the list's explanations wrap inside the overlay instead of being cut.
    @Test func atEightyColumnsTheExplanationWrapsWhole() throws {
        let fixture = try BoardFixture()
        let app = try BoardApp(store: fixture.store, terminal: RecordingTerminal(width: 80, height: 24), me: "alex",
                               clock: fixture.clock.now,
                               notices: NoticeSetup(problem: "/tmp/state/handoff/seen.tsv: not a file the board wrote")) { _, _, _ in
            throw RuleError.invalid("no standup")
        }
        app.settle()
        app.press(.char("n"))
        let screen = app.screen
        #expect(screen.contains("Nothing new for you"), "\(screen)")
        // Every word is there, none cut at the frame (before: one line, "disputes to rul").
        #expect(screen.contains("rule on, outcomes") && screen.contains("here."), "\(screen)")
        #expect(screen.contains("file the board wrote"), "\(screen)")
    }

    @Test func aCursorFileThatCannotBeUsedIsSaidAndTheBoardGoesOn() throws {
        let fixture = try BoardFixture()
        let folder = fixture.folder.appendingPathComponent("state/handoff")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appendingPathComponent("seen.tsv")
        try Data("not handoff's\n".utf8).write(to: file)
        var problem: String?
        do {
            _ = try SeenCursor.load(file, store: "/x", member: "alex")
        } catch {
            problem = error.description
        }
        let terminal = RecordingTerminal(width: 200, height: 30)
        let app = try BoardApp(store: fixture.store, terminal: terminal, me: "alex", clock: fixture.clock.now,
                               notices: NoticeSetup(problem: problem)) { _, _, _ in throw RuleError.invalid("no standup") }
        app.settle()
        #expect(app.screen.contains("what you have seen is not remembered: \(file.path): not a file the board wrote"))
        // Still told, only not remembered; n says so too.
        let globex = try fixture.add("Globex")
        try fixture.handOff(globex, ae: "alex")
        _ = app.poll()
        #expect(app.state.notices.unseen.count == 1)
        app.press(.char("n"))
        #expect(app.screen.contains("Not remembered for your next board"))
        #expect(try String(contentsOf: file, encoding: .utf8) == "not handoff's\n")
    }

    @Test func aKeysFileThatGaveNToAnotherActionStillWorks() throws {
        let colemak = try KeyRegistry(file: KeysFile.parse("card-down = [\"down\", \"n\"]"))
        #expect(colemak.action(for: .char("n"), in: .board) == .cardDown)
        #expect(colemak.binding(for: .notifications)?.keys == [], "reached from the palette")
        let moved = try KeyRegistry(file: KeysFile.parse("card-down = [\"down\", \"n\"]\nnotifications = \"N\""))
        #expect(moved.action(for: .char("N"), in: .board) == .notifications)
        #expect(moved.action(for: .char("n"), in: .board) == .cardDown)
        // Named for both in the file: the clash is the file's, and refused.
        #expect(throws: ConfigError.self) {
            try KeyRegistry(file: KeysFile.parse("card-down = [\"down\", \"n\"]\nnotifications = \"n\""))
        }
    }

    @Test func nIsInTheHelpTheFooterAndThePalette() throws {
        let fixture = try BoardFixture()
        let marks = Marks()
        let (app, _) = try Self.board(fixture, as: "alex", lastLooked: nil, marks: marks)
        #expect(Keymap.binding(for: .notifications)?.keys == [.char("n")])
        #expect(HelpView.lines(app.state).contains { line in line.spans.map(\.0).joined().contains("what is new for you since you last looked") })
        #expect(Footer.items(app.state, width: 200).contains { $0.key == "n" && $0.label == "new" })
        #expect(Action.notifications.name == "notifications")
        app.press(.char(":"))
        app.type("what is new")
        #expect(app.screen.contains("what is new for you"))
    }
}
