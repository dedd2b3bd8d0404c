import HandoffCore

/// Everything a key can ask of the board.
public enum Action: String, CaseIterable, Sendable {
    case columnLeft, columnRight, cardUp, cardDown, pageUp, pageDown, firstCard, lastCard
    case openCard, close
    case addLead, editLead, score, book, outcome, disposition, rework, dispute, undo
    case filter, onlyMine, standup, help, quit
    /// In the card detail, help and the standup.
    case scrollUp, scrollDown, scrollPageUp, scrollPageDown, scrollTop, scrollBottom
    /// While typing a filter.
    case keepFilter, clearFilter, filterDeleteCharacter, filterClearText
    /// In a form.
    case nextField, previousField, submit, cancelForm
    /// `g`, then a column's number (or `g` again for the first card).
    case goTo, column1, column2, column3, column4, column5
    /// Steps the focused column's sort: board order, age, SLA left, meeting, company.
    case cycleSort
    /// config.toml's `[views]`, in file order.
    case view1, view2, view3, view4, view5, view6, view7, view8, view9
    /// `y`: copies the selected card's AE brief to the clipboard (OSC 52).
    case copyBrief
    /// `:` opens the command palette; in it, these run, close and move.
    case openPalette, paletteRun, paletteClose, palettePrevious, paletteNext
    /// Reads config.toml, keys.toml and the theme again (also on SIGHUP); no key by default.
    case reloadSettings

    /// Marks for bulk actions: Space, a range, clear; then reassign, archive (and `w`)
    /// act on every marked card. Redo (Ctrl-R) makes again what `u` undid.
    case mark, markRange, clearMarks, reassign, archive, redo
    /// `R`: the booked meeting (of every marked card) to another AE: cover.
    case reassignMeeting
    /// `c`: calibration. A team lead asks teammates to score the card (the marked cards)
    /// blind; a participant scores it, without seeing the SDR's scorecard.
    case calibrate

    /// `n`: what landed for me since I last looked (Enter on one jumps to its card).
    case notifications
    /// `!`: the team lead's attention list: cards past their SLA, who was told and when.
    case attention

    /// The column a jump goes to (0-based), or nil.
    public var columnIndex: Int? {
        [Action.column1, .column2, .column3, .column4, .column5].firstIndex(of: self)
    }

    /// The view a key opens (0-based), or nil.
    public var viewIndex: Int? {
        [Action.view1, .view2, .view3, .view4, .view5, .view6, .view7, .view8, .view9].firstIndex(of: self)
    }
}

/// Where a binding applies.
public enum KeyContext: String, CaseIterable, Sendable {
    case board
    case card
    case filter
    case form
    case overlay
    case goTo
    case palette

    public var title: String {
        switch self {
        case .board: "Board"
        case .card: "On the selected card (board and card detail)"
        case .filter: "While typing a filter after / (other characters are typed)"
        case .form: "In a form (other keys edit the field)"
        case .overlay: "Card detail, help and standup"
        case .goTo: "After g"
        case .palette: "In the palette after : (other characters are typed)"
        }
    }
}

/// One binding: data that both dispatches keys and draws `?`, so the two cannot disagree.
/// Whether its action is possible now is the rules' to say (`AppState.permission(for:)`).
public struct KeyBinding: Sendable {
    public var keys: [Key]
    public var action: Action?
    public var description: String
    public var context: KeyContext

    public init(_ keys: [Key], _ action: Action?, _ description: String, _ context: KeyContext) {
        self.keys = keys
        self.action = action
        self.description = description
        self.context = context
    }

    /// A binding with no key (`reload settings`) is reached through the palette.
    public var keyLabel: String { keys.isEmpty ? "—" : keys.map(\.label).joined(separator: " ") }
}

/// The single registry of key bindings.
public enum Keymap {
    public static let bindings: [KeyBinding] = [
        KeyBinding([.left, .char("h")], .columnLeft, "previous column", .board),
        KeyBinding([.right, .char("l")], .columnRight, "next column", .board),
        KeyBinding([.up, .char("k")], .cardUp, "previous card", .board),
        KeyBinding([.down, .char("j")], .cardDown, "next card", .board),
        KeyBinding([.pageUp], .pageUp, "page up", .board),
        KeyBinding([.pageDown], .pageDown, "page down", .board),
        KeyBinding([.home], .firstCard, "first card", .board),
        KeyBinding([.end, .char("G")], .lastCard, "last card", .board),
        KeyBinding([.enter], .openCard, "card detail and timeline", .board),
        KeyBinding([.char("g")], .goTo, "then 1–5: jump to a column; g g: first card", .board),
        KeyBinding([.char("1")], .view1, "view 1 of config.toml [views] (again: show all)", .board),
        KeyBinding([.char("2")], .view2, "view 2", .board),
        KeyBinding([.char("3")], .view3, "view 3", .board),
        KeyBinding([.char("4")], .view4, "view 4", .board),
        KeyBinding([.char("5")], .view5, "view 5", .board),
        KeyBinding([.char("6")], .view6, "view 6", .board),
        KeyBinding([.char("7")], .view7, "view 7", .board),
        KeyBinding([.char("8")], .view8, "view 8", .board),
        KeyBinding([.char("9")], .view9, "view 9", .board),
        KeyBinding([.char("/")], .filter, "filter: text or fields (owner: ae: is:breach… age:>5d), and, or", .board),
        KeyBinding([.char("t")], .cycleSort, "sort this column: board order, age, SLA left, meeting, company", .board),
        KeyBinding([.char("m")], .onlyMine, "only my cards (toggle)", .board),
        KeyBinding([.char("S")], .standup, "standup view", .board),
        KeyBinding([.char("n")], .notifications, "what is new for you since you last looked (Enter: go to the card)", .board),
        KeyBinding([.char("!")], .attention, "attention list: cards past their SLA, with who was told and when", .board),
        KeyBinding([.char("?")], .help, "this help", .board),
        KeyBinding([.char(":")], .openPalette, "command palette: find any action or view by name", .board),
        KeyBinding([], .reloadSettings, "reload settings: config.toml, keys.toml, theme (from : or on SIGHUP)", .board),
        KeyBinding([.char("q")], .quit, "quit", .board),
        KeyBinding([.ctrl("c")], .quit, "quit", .board),
        KeyBinding([.char("a")], .addLead, "add a lead", .card),
        KeyBinding([.char("e")], .editLead, "edit the lead", .card),
        KeyBinding([.char("s")], .score, "score against the SQL definition", .card),
        KeyBinding([.char("b")], .book, "book the meeting with an AE = hand off", .card),
        KeyBinding([.char("o")], .outcome, "log the meeting outcome", .card),
        KeyBinding([.char("d")], .disposition, "disposition: accept / nurture / return", .card),
        KeyBinding([.char("w")], .rework, "rework a return or reactivate a nurture (the marked cards, if any)", .card),
        KeyBinding([.char("x")], .dispute, "dispute a return (SDR) / resolve it (lead)", .card),
        KeyBinding([.char("u")], .undo, "undo my last action (a bulk action as a whole)", .card),
        KeyBinding([.ctrl("r")], .redo, "redo what u undid, while nobody has changed the card since", .card),
        KeyBinding([.char("r")], .reassign, "reassign the lead to another SDR (the marked cards, if any)", .card),
        KeyBinding([.char("R")], .reassignMeeting, "reassign the meeting to another AE (the marked cards, if any)", .card),
        KeyBinding([.char("c")], .calibrate, "calibrate blind: a lead starts it (the marked cards too); a participant scores", .card),
        KeyBinding([.char("A")], .archive, "archive a returned lead as disqualified (the marked cards, if any)", .card),
        KeyBinding([.char(" ")], .mark, "mark / unmark the card for a bulk action (r, R, w, A act on the marked)", .board),
        KeyBinding([.char("V")], .markRange, "mark every card from the last one marked to this one", .board),
        KeyBinding([.esc], .clearMarks, "clear the marks", .board),
        KeyBinding([.char("y")], .copyBrief, "copy the AE brief (markdown) to the clipboard; handoff lead brief prints it", .card),
        KeyBinding([.esc, .enter, .char("q")], .close, "close the card detail, help or standup", .overlay),
        KeyBinding([.char("?"), .char("S")], .close, "close help or the standup (the key that opened it)", .overlay),
        KeyBinding([.up, .char("k")], .scrollUp, "scroll up a line", .overlay),
        KeyBinding([.down, .char("j")], .scrollDown, "scroll down a line", .overlay),
        KeyBinding([.pageUp], .scrollPageUp, "scroll up half a screen", .overlay),
        KeyBinding([.pageDown, .char(" ")], .scrollPageDown, "scroll down half a screen", .overlay),
        KeyBinding([.home, .char("g")], .scrollTop, "scroll to the first line", .overlay),
        KeyBinding([.end, .char("G")], .scrollBottom, "scroll to the last line", .overlay),
        KeyBinding([.ctrl("c")], .quit, "quit", .overlay),
        KeyBinding([.enter], .keepFilter, "keep the filter", .filter),
        KeyBinding([.esc], .clearFilter, "clear the filter", .filter),
        KeyBinding([.backspace], .filterDeleteCharacter, "delete the last character", .filter),
        KeyBinding([.ctrl("u")], .filterClearText, "clear what is typed", .filter),
        KeyBinding([.left], .columnLeft, "stop typing; to the previous column", .filter),
        KeyBinding([.right], .columnRight, "stop typing; to the next column", .filter),
        KeyBinding([.up], .cardUp, "stop typing; to the previous card", .filter),
        KeyBinding([.down], .cardDown, "stop typing; to the next card", .filter),
        KeyBinding([.tab, .down], .nextField, "next field", .form),
        KeyBinding([.backTab, .up], .previousField, "previous field", .form),
        KeyBinding([.enter], .submit, "submit", .form),
        KeyBinding([.esc], .cancelForm, "cancel (what you typed is dropped)", .form),
        KeyBinding([.ctrl("c")], .quit, "quit", .form),
        KeyBinding([.char("1")], .column1, "jump to SDR queue", .goTo),
        KeyBinding([.char("2")], .column2, "jump to Handed off", .goTo),
        KeyBinding([.char("3")], .column3, "jump to SAO", .goTo),
        KeyBinding([.char("4")], .column4, "jump to Nurture", .goTo),
        KeyBinding([.char("5")], .column5, "jump to Returned", .goTo),
        KeyBinding([.char("g")], .firstCard, "the first card (as Home)", .goTo),
        KeyBinding([.enter], .paletteRun, "run the chosen action (a dim one says why not)", .palette),
        KeyBinding([.esc], .paletteClose, "close the palette", .palette),
        KeyBinding([.up, .ctrl("p")], .palettePrevious, "previous entry", .palette),
        KeyBinding([.down, .ctrl("n")], .paletteNext, "next entry", .palette),
        KeyBinding([.backspace], .filterDeleteCharacter, "delete the last character", .palette),
        KeyBinding([.ctrl("u")], .filterClearText, "clear what is typed", .palette),
        KeyBinding([.ctrl("c")], .quit, "quit", .palette),
        // The field itself takes these: no action of the board's.
        KeyBinding([.left, .right, .char(" ")], nil, "change a choice; Space ticks a box", .form),
    ]

    /// The action a key asks for in a context. Card actions also apply on the board.
    public static func action(for key: Key, in context: KeyContext) -> Action? {
        let contexts: [KeyContext] = context == .board ? [.board, .card] : [context]
        return bindings.first { contexts.contains($0.context) && $0.keys.contains(key) && $0.action != nil }?.action
    }

    public static func binding(for action: Action) -> KeyBinding? {
        bindings.first { $0.action == action }
    }
}

extension Key {
    static let esc = Key.escape
}
