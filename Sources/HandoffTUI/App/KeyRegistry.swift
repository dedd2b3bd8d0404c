import HandoffConfig
import HandoffCore

/// The keys in effect: `Keymap`'s registry with `keys.toml`'s changes. The board dispatches
/// through it and draws `?`, the footer and the palette from it, so what they show is what
/// the keys do.
public struct KeyRegistry: Sendable {
    public private(set) var bindings: [KeyBinding]

    public init(bindings: [KeyBinding]) {
        self.bindings = bindings
    }

    /// The built-in keys.
    public static let standard = KeyRegistry(bindings: Keymap.bindings)

    /// The action a key asks for in a context. Card actions also apply on the board.
    public func action(for key: Key, in context: KeyContext) -> Action? {
        let contexts: [KeyContext] = context == .board ? [.board, .card] : [context]
        return bindings.first { contexts.contains($0.context) && $0.keys.contains(key) && $0.action != nil }?.action
    }

    /// The first binding of an action (the board's, for one bound in several places).
    public func binding(for action: Action) -> KeyBinding? {
        bindings.first { $0.action == action }
    }

    /// Every key an action has where it is at home (its first context), for the palette.
    public func keys(for action: Action) -> [Key] {
        guard let home = binding(for: action)?.context else { return [] }
        return bindings.filter { $0.action == action && $0.context == home }.flatMap(\.keys)
    }

    /// Contexts whose keys are read together, so one key must not mean two actions across
    /// them: the board reads board and card keys; the card detail reads card keys, then
    /// overlay keys. Every other context is read alone.
    static let sharedContexts: [[KeyContext]] = [[.board, .card], [.card, .overlay]]

    /// Contexts where a printable key is typed rather than dispatched.
    static let typingContexts: [KeyContext] = [.filter, .form, .palette]
}

extension Action {
    /// The action's name in keys.toml and the palette: `columnLeft` is `column-left`.
    public var name: String {
        var name = ""
        for character in rawValue {
            if character.isUppercase || character.isNumber, !name.isEmpty, !(character.isNumber && name.last?.isNumber == true) {
                name.append("-")
            }
            name.append(contentsOf: character.lowercased())
        }
        return name
    }

    public init?(name: String) {
        guard let found = Action.allCases.first(where: { $0.name == name }) else { return nil }
        self = found
    }
}

extension KeyContext {
    /// The table that names it in keys.toml.
    public var tableName: String { rawValue.lowercased() }
}

extension KeyRegistry {
    /// The standard keys with `file`'s changes. Each action named takes exactly the keys
    /// given, in the context given (its table) or, at the top level, where it is bound by
    /// default (the board, for an action bound there and elsewhere). Unknown names, a key
    /// that would mean two things, and a letter where text is typed are refused with the
    /// file's line.
    public init(file: KeysFile, base: KeyRegistry = .standard) throws(ConfigError) {
        var bindings = base.bindings
        // Where each context's keys came from: the line that set them, for conflicts.
        var origin: [String: Int] = [:]
        let contextNames = KeyContext.allCases.map(\.tableName)
        let actionNames = Action.allCases.map(\.name)
        for entry in file.entries {
            func fail(_ message: String) -> ConfigError {
                ConfigError(file: file.file, line: entry.line, message: message)
            }
            let shownAction = Shown.text(entry.action)
            var context: KeyContext?
            if let table = entry.context {
                guard let named = KeyContext.allCases.first(where: { $0.tableName == table.lowercased() }) else {
                    throw fail("unknown context [\(Shown.text(table))]\(Suggestion.hint(for: table, in: contextNames)); "
                        + "the contexts are \(contextNames.joined(separator: ", "))")
                }
                context = named
            }
            guard let action = Action(name: entry.action) else {
                throw fail("unknown action '\(shownAction)'\(Suggestion.hint(for: entry.action, in: actionNames)); "
                    + "`?` on the board and the README list every action's name")
            }
            let home = context ?? base.binding(for: action)?.context
            guard let home, let first = bindings.firstIndex(where: { $0.action == action && $0.context == home }) else {
                let places = KeyContext.allCases.filter { place in base.bindings.contains { $0.action == action && $0.context == place } }
                throw fail("'\(shownAction)' has no keys in [\(context?.tableName ?? "")]; it is bound in "
                    + places.map { "[\($0.tableName)]" }.joined(separator: ", "))
            }
            var keys: [Key] = []
            for name in entry.keys {
                guard let key = Key(label: name) else {
                    throw fail("'\(shownAction)': unknown key '\(Shown.text(name))'\(Suggestion.hint(for: name.lowercased(), in: Key.configNames)); "
                        + "a key is one character, or up, down, left, right, home, end, pgup, pgdn, enter, esc, tab, "
                        + "shift-tab, backspace, del, space, ctrl-X, F1–F24")
                }
                if Self.typingContexts.contains(home), case .char = key {
                    throw fail("'\(shownAction)' in [\(home.tableName)]: '\(Shown.text(name))' is typed there as text; "
                        + "bind a key that types nothing (an arrow, Enter, Esc, ctrl-X, F1–F24)")
                }
                if !keys.contains(key) { keys.append(key) }
            }
            // The first binding takes every key; the action's others in the context go.
            bindings[first].keys = keys
            bindings = bindings.enumerated().filter { index, binding in
                index == first || binding.action != action || binding.context != home
            }.map(\.element)
            origin["\(home.rawValue) \(action.rawValue)"] = entry.line
        }
        Self.yield(&bindings, origin: origin)
        // Checked on the whole file, so that the order of its lines does not matter.
        try Self.refuseConflicts(bindings, file: file.file, origin: origin)
        self.bindings = bindings
    }

    /// Actions whose default keys came after keys.toml files were written (`n`): a file that
    /// gives such a key to another action keeps it, and the newer action gives it up (it is
    /// still reached from the palette), so a file that worked before still works.
    static let yielding: Set<Action> = [.notifications]

    static func yield(_ bindings: inout [KeyBinding], origin: [String: Int]) {
        func fromFile(_ binding: KeyBinding) -> Bool {
            origin["\(binding.context.rawValue) \(binding.action?.rawValue ?? "")"] != nil
        }
        for index in bindings.indices {
            guard let action = bindings[index].action, yielding.contains(action), !fromFile(bindings[index]) else { continue }
            let context = bindings[index].context
            let together = sharedContexts.filter { $0.contains(context) }.flatMap { $0 } + [context]
            let taken = bindings.filter { $0.action != action && together.contains($0.context) && fromFile($0) }.flatMap(\.keys)
            bindings[index].keys.removeAll { taken.contains($0) }
        }
    }

    /// A key that means two actions where they are read together.
    static func refuseConflicts(_ bindings: [KeyBinding], file: String, origin: [String: Int]) throws(ConfigError) {
        for group in sharedContexts + KeyContext.allCases.map({ [$0] }) {
            var owner: [Key: KeyBinding] = [:]
            for binding in bindings where group.contains(binding.context) {
                guard let action = binding.action else { continue }
                for key in binding.keys {
                    if let other = owner[key], let otherAction = other.action, otherAction != action {
                        // Name the line that made the clash, and the action it clashes with.
                        let mine = origin["\(binding.context.rawValue) \(action.rawValue)"]
                        let theirs = origin["\(other.context.rawValue) \(otherAction.rawValue)"]
                        let (moved, kept) = (mine ?? 0) >= (theirs ?? 0) ? (binding, other) : (other, binding)
                        let movedName = moved.action?.name ?? ""
                        let keptName = kept.action?.name ?? ""
                        throw ConfigError(
                            file: file, line: max(mine ?? 0, theirs ?? 0),
                            message: "\(key.label) would be both \(movedName) and \(keptName) (\(placeText(kept.context, moved.context))); "
                                + "give \(keptName) other keys too, e.g. \(keptName) = \"…\"")
                    }
                    owner[key] = binding
                }
            }
        }
    }

    static func placeText(_ one: KeyContext, _ other: KeyContext) -> String {
        one == other ? "in [\(one.tableName)]" : "read together in [\(one.tableName)] and [\(other.tableName)]"
    }
}

extension Key {
    /// Names keys.toml accepts, for "did you mean".
    static let configNames = ["space", "up", "down", "left", "right", "home", "end", "pgup", "pgdn", "enter", "esc",
                              "tab", "shift-tab", "backspace", "del"]
}
