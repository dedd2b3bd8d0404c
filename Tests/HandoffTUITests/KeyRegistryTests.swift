import Foundation
import HandoffConfig
import Testing
@testable import HandoffCore
@testable import HandoffTUI

/// keys.toml over the registry: remaps dispatch, `?` and the footer show the keys in
/// effect, and every mistake is refused with its line. No store behind the board.
@Suite("keys.toml")
struct KeyRegistryTests {
    /// The README's Colemak example (the tmux test types the README's own copy).
    static let colemak = """
        column-left = ["left", "h"]
        card-down = ["down", "n"]
        card-up = ["up", "e"]
        column-right = ["right", "i"]
        edit-lead = "E"

        [overlay]
        scroll-down = ["down", "n"]
        scroll-up = ["up", "e"]
        """

    static func registry(_ text: String) throws -> KeyRegistry {
        try KeyRegistry(file: KeysFile.parse(text, file: "keys.toml"))
    }

    static func refusal(_ text: String) -> String {
        do {
            _ = try registry(text)
            return "accepted"
        } catch {
            return String(describing: error)
        }
    }

    @Test func colemakMovesOnHnei() throws {
        var state = FilterQueryBoardTests.board()
        state.keymap = try Self.registry(Self.colemak)
        #expect(state.keymap.action(for: .char("n"), in: .board) == .cardDown)
        #expect(state.keymap.action(for: .char("e"), in: .board) == .cardUp)
        #expect(state.keymap.action(for: .char("E"), in: .board) == .editLead)
        #expect(state.keymap.action(for: .char("j"), in: .board) == nil, "j is no longer a key")
        #expect(state.keymap.action(for: .down, in: .board) == .cardDown)
        #expect(state.keymap.action(for: .char("n"), in: .overlay) == .scrollDown)
        // Filter arrows are their own context: untouched.
        #expect(state.keymap.action(for: .down, in: .filter) == .cardDown)

        let queue = state.board.cards(in: .queue).map(\.id)
        #expect(queue.count == 2)
        ViewKeysTests.press(&state, .char("i"))
        #expect(state.focus == 1)
        ViewKeysTests.press(&state, .char("h"), .char("n"))
        #expect(state.focus == 0 && state.selectedCard?.id == queue.last)
        ViewKeysTests.press(&state, .char("e"))
        #expect(state.selectedCard?.id == queue.first)
        ViewKeysTests.press(&state, .char("j"), .char("l"))
        #expect(state.focus == 0 && state.selectedCard?.id == queue.first, "the old keys do nothing")
    }

    @Test("? and the footer show the keys in effect")
    func helpAndFooterShowTheKeysInEffect() throws {
        var state = FilterQueryBoardTests.board()
        state.keymap = try Self.registry("""
            add-lead = "+"
            card-down = ["down", "n"]
            """)
        let footer = BoardView.render(state).row(state.height - 2)
        #expect(footer.contains("+ add") && !footer.contains("a add"), "\(footer)")
        let help = HelpView.lines(state).map { $0.spans.map(\.0).joined() }
        #expect(help.contains { $0.hasPrefix("↓ n ") && $0.contains("next card") }, "\(help)")
        #expect(help.contains { $0.hasPrefix("+ ") && $0.contains("add a lead") })
        #expect(!help.contains { $0.hasPrefix("↓ j ") && $0.contains("next card") })
    }

    @Test func severalKeysAndPerContextTables() throws {
        let keymap = try Self.registry("""
            quit = ["q", "Q", "ctrl-c"]
            [goto]
            column-1 = ["q"]
            [form]
            submit = ["enter", "ctrl-s", "F2"]
            """)
        #expect(keymap.action(for: .char("Q"), in: .board) == .quit)
        #expect(keymap.action(for: .ctrl("c"), in: .board) == .quit)
        #expect(keymap.action(for: .char("q"), in: .goTo) == .column1)
        #expect(keymap.action(for: .char("1"), in: .goTo) == nil)
        #expect(keymap.action(for: .function(2), in: .form) == .submit)
        #expect(keymap.keys(for: .quit) == [.char("q"), .char("Q"), .ctrl("c")])
    }

    @Test("unknown names are refused with the line and a suggestion")
    func unknownNames() {
        #expect(Self.refusal("\n\ncard-dwon = \"n\"")
            == "keys.toml:3: unknown action 'card-dwon' (did you mean card-down?); `?` on the board and the README list every action's name")
        #expect(Self.refusal("card-down = \"dwn\"").hasPrefix("keys.toml:1: 'card-down': unknown key 'dwn' (did you mean down?)"))
        #expect(Self.refusal("[overlya]\nscroll-down = \"n\"").hasPrefix("keys.toml:2: unknown context [overlya] (did you mean overlay?)"))
        #expect(Self.refusal("[overlay]\nedit-lead = \"E\"").hasPrefix("keys.toml:2: 'edit-lead' has no keys in [overlay]; it is bound in [card]"))
        #expect(Self.refusal("card-down = []").hasPrefix("keys.toml:1: 'card-down' has no keys"))
        #expect(Self.refusal("card-down = 3").hasPrefix("keys.toml:1: 'card-down' must be a key name or a list of them"))
        let hostile = Self.refusal("card-down = [\"\\u001b[31m\"]")
        #expect(hostile.contains("unknown key") && !hostile.contains("\u{1B}"), "\(hostile)")
    }

    @Test("a key that would mean two things is refused, whatever the order of the lines")
    func conflicts() {
        #expect(Self.refusal("card-up = [\"up\", \"e\"]")
            == "keys.toml:1: e would be both card-up and edit-lead (read together in [card] and [board]); "
            + "give edit-lead other keys too, e.g. edit-lead = \"…\"")
        // Moving edit-lead away first or after: both fine.
        #expect(Self.refusal("card-up = [\"up\", \"e\"]\nedit-lead = \"E\"") == "accepted")
        #expect(Self.refusal("edit-lead = \"E\"\ncard-up = [\"up\", \"e\"]") == "accepted")
        // The detail reads card keys before overlay keys: d would be two things there.
        #expect(Self.refusal("[overlay]\nscroll-down = \"d\"").hasPrefix("keys.toml:2: d would be both scroll-down and disposition"))
        // Two of the user's own lines: the later one is named.
        #expect(Self.refusal("score = \"z\"\nbook = \"z\"").hasPrefix("keys.toml:2: z would be both book and score"))
        // A letter where text is typed.
        #expect(Self.refusal("[filter]\nkeep-filter = \"k\"").hasPrefix("keys.toml:2: 'keep-filter' in [filter]: 'k' is typed there as text"))
    }

    @Test func actionNamesRoundTrip() {
        for action in Action.allCases {
            #expect(Action(name: action.name) == action, "\(action.name)")
            #expect(action.name == action.name.lowercased() && !action.name.contains(" "))
        }
        #expect(Action.column1.name == "column-1" && Action.filterDeleteCharacter.name == "filter-delete-character")
    }

    @Test("the standard registry has no key that means two things")
    func standardHasNoConflicts() throws {
        try KeyRegistry.refuseConflicts(Keymap.bindings, file: "keys.toml", origin: [:])
    }
}
