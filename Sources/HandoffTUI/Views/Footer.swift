import HandoffCore

/// The hint line above the status line: the keys in effect (from the registry, after
/// keys.toml), one line at any width. What fits is chosen by importance and drawn in the
/// registry's order; `?` help and `q` quit always end it, since `?` lists the rest. A key the
/// rules refuse on the selected card is drawn dim; `?` and pressing it say why.
enum Footer {
    /// The footer's keys in the order drawn, each with its label and importance (lower first).
    static let entries: [(action: Action, label: String, rank: Int)] = [
        (.addLead, "add", 1), (.score, "score", 2), (.book, "book", 3), (.outcome, "outcome", 4),
        (.disposition, "disposition", 5), (.rework, "rework", 12), (.dispute, "dispute", 13), (.undo, "undo", 6),
        (.reassignMeeting, "cover", 15), (.calibrate, "calibrate", 16),
        (.copyBrief, "brief", 7), (.filter, "filter", 0), (.cycleSort, "sort", 8), (.goTo, "jump", 9),
        (.view1, "views", 10), (.onlyMine, "mine", 14), (.standup, "standup", 11),
        (.notifications, "new", 15),
    ]

    static let dimNote = "dim: ? says why"

    /// The closing pair, drawn whatever the width.
    static let closing: [(action: Action, label: String)] = [(.help, "help"), (.quit, "quit")]

    /// What the footer shows: key label, description, possible now.
    static func items(_ state: AppState, width: Int) -> [(key: String, label: String, possible: Bool)] {
        if state.filtering {
            return [("Enter", "keep filter", true), ("Esc", "clear", true), ("↑↓←→", "move", true)]
        }
        func item(_ action: Action, _ label: String) -> (key: String, label: String, possible: Bool)? {
            guard let key = key(for: action, state) else { return nil }
            return (key, label, state.permission(for: action)?.isAllowed ?? true)
        }
        let tail = closing.compactMap { item($0.action, $0.label) }
        let candidates = entries.indices.compactMap { index in item(entries[index].action, entries[index].label).map { (index, $0) } }
        // Where a key is dim and the screen is wide, room is kept for the note that says
        // where the reasons are (at 80 columns the keys come first).
        let note = width >= 140 && candidates.contains { !$0.1.possible } ? SafeText.width(of: dimNote) : 0
        var room = width - 1 - tail.reduce(0) { $0 + cells($1) } - note
        var chosen: Set<Int> = []
        for (index, entry) in candidates.sorted(by: { entries[$0.0].rank < entries[$1.0].rank }) where cells(entry) <= room {
            room -= cells(entry)
            chosen.insert(index)
        }
        return candidates.filter { chosen.contains($0.0) }.map(\.1) + tail
    }

    /// A key's label as the registry has it now; the views as one range ("1–3"), and only
    /// when config.toml has views.
    static func key(for action: Action, _ state: AppState) -> String? {
        if action == .view1 {
            guard !state.views.isEmpty,
                  let first = state.keymap.binding(for: .view1)?.keys.first?.label,
                  let last = state.keymap.binding(for: Action.allCases.first { $0.viewIndex == state.views.count - 1 } ?? .view1)?.keys.first?.label
            else { return nil }
            return state.views.count == 1 ? first : "\(first)–\(last)"
        }
        return state.keymap.binding(for: action)?.keys.first?.label
    }

    /// The cells an item takes: key, a space, the label, two spaces.
    static func cells(_ item: (key: String, label: String, possible: Bool)) -> Int {
        SafeText.width(of: item.key) + SafeText.width(of: item.label) + 3
    }

    static func draw(_ canvas: inout Canvas, _ state: AppState) {
        let y = canvas.height - 2
        let items = self.items(state, width: canvas.width)
        var x = 1
        for item in items {
            guard x + cells(item) <= canvas.width + 2 else { break }
            x += canvas.put(x: x, y: y, text: item.key, style: item.possible ? Style(.helpKey, bold: true) : Style(.statusDim))
            x += canvas.put(x: x + 1, y: y, text: item.label, style: Style(item.possible ? .helpText : .statusDim)) + 3
        }
        if items.contains(where: { !$0.possible }) {
            if x + SafeText.width(of: dimNote) <= canvas.width { canvas.put(x: x, y: y, text: dimNote, style: Style(.statusDim)) }
        }
    }
}
