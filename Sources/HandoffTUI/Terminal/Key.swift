/// A key as the board understands it, independent of how the terminal encoded it.
public enum Key: Hashable, Sendable {
    case char(Character)
    case up, down, left, right
    case home, end, pageUp, pageDown
    case enter, escape, tab, backTab, backspace, delete
    /// A control chord, stored as the lowercase letter: Ctrl-C is `.ctrl("c")`.
    case ctrl(Character)
    case function(Int)

    /// How the key is written in the help overlay and the README.
    public var label: String {
        switch self {
        case .char(" "): "Space"
        case .char(let character): String(character)
        case .up: "↑"
        case .down: "↓"
        case .left: "←"
        case .right: "→"
        case .home: "Home"
        case .end: "End"
        case .pageUp: "PgUp"
        case .pageDown: "PgDn"
        case .enter: "Enter"
        case .escape: "Esc"
        case .tab: "Tab"
        case .backTab: "Shift-Tab"
        case .backspace: "Backspace"
        case .delete: "Del"
        case .ctrl(let character): "Ctrl-" + String(character).uppercased()
        case .function(let number): "F\(number)"
        }
    }

    /// The inverse of `label`, also accepting common spellings ("esc", "C-c", "pgdn"),
    /// so that keys can be named in configuration.
    public init?(label: String) {
        let folded = label.lowercased().replacing("_", with: "-")
        if let named = Self.named[folded] {
            self = named
            return
        }
        if label.count == 1, let character = label.first {
            self = .char(character)
            return
        }
        for prefix in ["ctrl-", "ctrl+", "c-", "^"] where folded.hasPrefix(prefix) {
            let rest = folded.dropFirst(prefix.count)
            guard rest.count == 1, let character = rest.first else { return nil }
            self = .ctrl(character)
            return
        }
        if folded.hasPrefix("f"), let number = Int(folded.dropFirst()), (1...24).contains(number) {
            self = .function(number)
            return
        }
        return nil
    }

    private static let named: [String: Key] = [
        "space": .char(" "), "↑": .up, "up": .up, "↓": .down, "down": .down,
        "←": .left, "left": .left, "→": .right, "right": .right,
        "home": .home, "end": .end, "pgup": .pageUp, "pageup": .pageUp, "page-up": .pageUp,
        "pgdn": .pageDown, "pagedown": .pageDown, "page-down": .pageDown,
        "enter": .enter, "return": .enter, "esc": .escape, "escape": .escape, "tab": .tab,
        "shift-tab": .backTab, "backtab": .backTab, "backspace": .backspace,
        "del": .delete, "delete": .delete,
    ]
}

/// Everything the run loop can receive from the terminal.
public enum InputEvent: Hashable, Sendable {
    case key(Key)
    case resize(width: Int, height: Int)
    /// Zero-based cell coordinates; button 1 is the primary click, 4 and 5 the wheel.
    case mouse(x: Int, y: Int, button: Int)
}
