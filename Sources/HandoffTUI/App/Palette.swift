import HandoffCore

/// The command palette (`:`): what is typed and which match is chosen. Its entries come
/// from the key registry in effect and config.toml's views, so it offers exactly what
/// the keys do, with their keys.
public struct PaletteState: Sendable, Equatable {
    public var query = ""
    /// Index into the matches of `query`.
    public var selected = 0
    /// Why the last entry Enter was pressed on is not possible now (the rules' sentence).
    public var notice: String?

    public init(query: String = "") {
        self.query = query
    }

    /// The most a query holds: names are short, and this bounds the matching.
    public static let maxQuery = 64
}

/// One thing the palette can run.
public struct PaletteEntry: Sendable, Equatable {
    public enum Target: Sendable, Equatable {
        case action(Action)
        /// config.toml's `[views]`, by index.
        case view(Int)
    }

    public var target: Target
    public var title: String
    /// The keys that do it now, as `?` writes them (`g 1`, `q Ctrl-C`); `—` for none.
    public var keys: String
    /// Words matched besides the title: the action's keys.toml name.
    public var aliases: String

    public var action: Action? {
        if case .action(let action) = target { return action }
        return nil
    }
}

/// What the palette lists, and how typing picks from it.
public enum CommandPalette {
    /// Actions that are part of another key's gesture, not something to run by name.
    static let unlisted: Set<Action> = [.openPalette, .goTo,
                                        .view1, .view2, .view3, .view4, .view5, .view6, .view7, .view8, .view9]

    /// Every board action (in registry order), the column jumps after `g`, and each view.
    public static func entries(_ state: AppState) -> [PaletteEntry] {
        state.paletteEntries
    }

    /// The entries for these keys and views (`AppState.paletteEntries` keeps them).
    static func entries(keymap: KeyRegistry, views: [SavedView]) -> [PaletteEntry] {
        var entries: [PaletteEntry] = []
        var seen: Set<Action> = []
        for binding in keymap.bindings where binding.context == .board || binding.context == .card {
            guard let action = binding.action, !unlisted.contains(action), seen.insert(action).inserted else { continue }
            let keys = keymap.keys(for: action)
            entries.append(PaletteEntry(target: .action(action), title: binding.description,
                                        keys: keys.isEmpty ? "—" : keys.map(\.label).joined(separator: " "),
                                        aliases: action.name))
        }
        let prefix = keymap.keys(for: .goTo).first?.label
        for binding in keymap.bindings where binding.context == .goTo {
            guard let action = binding.action, action.columnIndex != nil, let prefix else { continue }
            entries.append(PaletteEntry(target: .action(action), title: binding.description,
                                        keys: binding.keys.map { "\(prefix) \($0.label)" }.joined(separator: ", "),
                                        aliases: "go " + action.name))
        }
        for (index, view) in views.enumerated() {
            let action = [Action.view1, .view2, .view3, .view4, .view5, .view6, .view7, .view8, .view9][index]
            let keys = keymap.keys(for: action)
            entries.append(PaletteEntry(target: .view(index), title: "view \(view.name): \(view.query)",
                                        keys: keys.isEmpty ? "—" : keys.map(\.label).joined(separator: " "),
                                        aliases: "view \(index + 1)"))
        }
        return entries
    }

    /// The entries `query` matches, best first; all of them, in order, for an empty query.
    public static func matches(_ state: AppState, query: String) -> [PaletteEntry] {
        let all = entries(state)
        let folded = Array(query.lowercased().filter { $0 != " " })
        guard !folded.isEmpty else { return all }
        let scored = all.enumerated().compactMap { index, entry -> (Int, Int, PaletteEntry)? in
            let best = [score(folded, in: entry.title), score(folded, in: entry.aliases)].compactMap { $0 }.max()
            return best.map { ($0, index, entry) }
        }
        // Best score first; ties keep the registry's order.
        return scored.sorted { $0.0 != $1.0 ? $0.0 > $1.0 : $0.1 < $1.1 }.map(\.2)
    }

    /// A fuzzy match: every character of `query`, in order, somewhere in `text` (spaces in
    /// the query are ignored). Runs of consecutive characters and the start of a word count
    /// most, so `book` finds "book the meeting" before "back to the board". Linear in `text`.
    static func score(_ query: [Character], in text: String) -> Int? {
        var position = 0
        var total = 0
        var previousMatched = false
        var previous: Character = " "
        for character in text.lowercased() {
            guard position < query.count else { break }
            if character == query[position] {
                total += 1
                if previousMatched { total += 4 }
                if !previous.isLetter && !previous.isNumber { total += 3 }
                position += 1
                previousMatched = true
            } else {
                previousMatched = false
            }
            previous = character
        }
        return position == query.count ? total : nil
    }

    /// The rules' reason the entry is not possible now on the selected card; nil when it is
    /// (moving, showing and views always are).
    public static func reason(_ entry: PaletteEntry, _ state: AppState) -> String? {
        entry.action.flatMap { state.permission(for: $0)?.reason }
    }
}
