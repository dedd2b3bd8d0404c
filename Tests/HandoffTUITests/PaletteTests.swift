import Foundation
import HandoffConfig
import Testing
@testable import HandoffCore
@testable import HandoffTUI

/// `:`: a fuzzy finder over every action and view, with their keys and the rules' reason
/// when one is not possible; and settings that reload without a restart. `update` alone.
@Suite("command palette and settings reload")
struct PaletteTests {
    static func open(_ state: inout AppState, typing text: String = "") -> [Effect] {
        var effects = Update.update(&state, .input(.key(.char(":"))))
        for character in text { effects += Update.update(&state, .input(.key(.char(character)))) }
        return effects
    }

    static func press(_ state: inout AppState, _ key: Key) -> [Effect] {
        Update.update(&state, .input(.key(key)))
    }

    static func screen(_ state: AppState) -> String { BoardView.render(state).text }

    @Test func typingFindsAnActionAndEnterRunsIt() {
        var state = FilterQueryBoardTests.board()
        _ = Self.open(&state, typing: "sort")
        #expect(state.palette?.query == "sort")
        #expect(CommandPalette.matches(state, query: "sort").first?.action == .cycleSort)
        let shown = Self.screen(state)
        #expect(shown.contains(": sort") && shown.contains("sort this column"), "\(shown)")
        let effects = Self.press(&state, .enter)
        #expect(state.palette == nil)
        #expect(state.board.sorts[.queue] == .age)
        #expect(effects == [.saveSorts(state.board.sorts)])
    }

    @Test("every board action and view is listed with its keys; Esc closes; arrows move")
    func listsEverythingWithKeys() {
        var state = ViewKeysTests.board(views: ViewKeysTests.views)
        _ = Self.open(&state)
        let entries = CommandPalette.entries(state)
        let actions = Set(entries.compactMap(\.action))
        for binding in Keymap.bindings where binding.context == .board || binding.context == .card {
            guard let action = binding.action, !CommandPalette.unlisted.contains(action) else { continue }
            #expect(actions.contains(action), "\(action) is not in the palette")
        }
        #expect(entries.contains { $0.action == .book && $0.keys == "b" })
        #expect(entries.contains { $0.action == .column2 && $0.keys == "g 2" })
        #expect(entries.contains { $0.action == .reloadSettings && $0.keys == "—" })
        #expect(entries.contains { $0.target == .view(1) && $0.keys == "2" && $0.title == "view kim: owner:kim" })
        _ = Self.press(&state, .down)
        _ = Self.press(&state, .down)
        #expect(state.palette?.selected == 2)
        _ = Self.press(&state, .up)
        #expect(state.palette?.selected == 1)
        _ = Self.press(&state, .escape)
        #expect(state.palette == nil && state.mode == .board)
    }

    @Test("a refused action is dim with the rules' reason; Enter says it and runs nothing")
    func refusedActionSaysWhy() {
        var state = FilterQueryBoardTests.board()
        _ = Self.open(&state, typing: "disposition")
        let entry = CommandPalette.matches(state, query: "disposition").first
        #expect(entry?.action == .disposition)
        let reason = state.permission(for: .disposition)?.reason
        #expect(reason?.contains("cannot") == true)
        if let entry { #expect(CommandPalette.reason(entry, state) == reason) }
        #expect(Self.screen(state).contains("not possible on \(state.actionCard?.id.description ?? "?") now"))
        let effects = Self.press(&state, .enter)
        #expect(effects.isEmpty)
        #expect(state.palette?.notice == reason && state.status == StatusMessage(reason ?? "", .error))
        #expect(state.mode == .board)
    }

    @Test func aViewRunsFromThePalette() {
        var state = ViewKeysTests.board(views: ViewKeysTests.views)
        _ = Self.open(&state, typing: "kim")
        _ = Self.press(&state, .enter)
        #expect(state.palette == nil && state.filter == "owner:kim")
        #expect(FilterQueryBoardTests.shown(state) == [3])
    }

    @Test("typing edits the query; nothing matching says so; keys follow keys.toml")
    func queryEditingAndRemappedKeys() throws {
        var state = FilterQueryBoardTests.board()
        state.keymap = try KeyRegistry(file: KeysFile.parse("add-lead = [\"+\", \"F5\"]"))
        _ = Self.open(&state, typing: "zzqx")
        #expect(CommandPalette.matches(state, query: "zzqx").isEmpty)
        #expect(Self.screen(state).contains("nothing matches"))
        _ = Self.press(&state, .enter)
        #expect(state.palette?.notice == "nothing matches 'zzqx'")
        _ = Self.press(&state, .backspace)
        #expect(state.palette?.query == "zzq")
        _ = Self.press(&state, .ctrl("u"))
        _ = Self.open(&state, typing: "add")
        #expect(CommandPalette.matches(state, query: "add").first.map { ($0.action, $0.keys) } ?? (nil, "") == (.addLead, "+ F5"))
        // The query is bounded.
        for _ in 0..<200 { _ = Self.press(&state, .char("x")) }
        #expect(state.palette?.query.count == PaletteState.maxQuery)
    }

    @Test func reloadSettingsIsAnEntry() {
        var state = FilterQueryBoardTests.board()
        _ = Self.open(&state, typing: "reload")
        #expect(Self.press(&state, .enter) == [.reloadSettings])
        #expect(state.palette == nil)
    }

    @Test("reloaded settings replace keys, views and thresholds; a failure keeps them")
    func reloadReplacesOrKeeps() throws {
        var state = FilterQueryBoardTests.board()
        let keymap = try KeyRegistry(file: KeysFile.parse("card-down = [\"down\", \"n\"]"))
        var thresholds = Thresholds.standard
        thresholds.agingDays[.queue] = nil
        _ = Update.update(&state, .settingsReloaded(BoardSettings(
            thresholds: thresholds, views: [SavedView(name: "aging", query: "is:aging")], keymap: keymap,
            source: "config.toml, keys.toml, theme default")))
        #expect(state.status == StatusMessage("settings reloaded: config.toml, keys.toml, theme default", .success))
        #expect(state.keymap.action(for: .char("n"), in: .board) == .cardDown)
        ViewKeysTests.press(&state, .char("1"))
        // With no limit on the queue, its 9-day-old card is no longer aging.
        #expect(state.filter == "is:aging" && FilterQueryBoardTests.shown(state) == [3])
        _ = Update.update(&state, .settingsNotReloaded("keys.toml:2: unknown action 'crad-up' (did you mean card-up?)"))
        #expect(state.status?.kind == .error)
        #expect(state.status?.text == "not reloaded: keys.toml:2: unknown action 'crad-up' (did you mean card-up?); the previous settings stay")
        #expect(state.keymap.action(for: .char("n"), in: .board) == .cardDown && state.views.count == 1)
    }
}
