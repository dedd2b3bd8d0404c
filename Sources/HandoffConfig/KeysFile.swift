import Foundation

/// `keys.toml`, beside `config.toml`: the board's keys as the user wants them. This reads
/// the file's shape only — which action gets which keys, where, and on which line; the board
/// (which knows its actions, contexts and keys) checks the names and the conflicts, so an
/// error still points at the line.
///
///     # top level: the action's own place (the board for most)
///     card-down = ["down", "n"]
///     edit-lead = "E"
///
///     [overlay]                 # or [filter], [form], [goto], [palette], [card], [board]
///     scroll-down = ["down", "n"]
public struct KeysFile: Sendable, Equatable {
    /// One `action = keys` line.
    public struct Entry: Sendable, Equatable {
        /// The table it is under (`overlay`); nil at the top level.
        public var context: String?
        public var action: String
        public var keys: [String]
        public var line: Int

        public init(context: String?, action: String, keys: [String], line: Int) {
            self.context = context
            self.action = action
            self.keys = keys
            self.line = line
        }
    }

    /// The file as given, for messages.
    public var file: String
    public var entries: [Entry]

    public init(file: String, entries: [Entry]) {
        self.file = file
        self.entries = entries
    }

    /// The most keys one action takes: more is a typo or a generated file, not a layout.
    public static let maxKeysPerAction = 16
    /// A key's name is a character or a word such as `pgdn` or `ctrl-u`.
    public static let maxKeyName = 16

    /// `$XDG_CONFIG_HOME/handoff/keys.toml`.
    public static func location(environment: [String: String]) -> URL {
        SettingsFile.directory(environment: environment).appendingPathComponent("keys.toml")
    }

    /// The file beside config.toml; nil when there is none (every default key).
    public static func load(environment: [String: String]) throws(ConfigError) -> KeysFile? {
        try load(file: location(environment: environment))
    }

    public static func load(file: URL) throws(ConfigError) -> KeysFile? {
        guard let bytes = try SettingsFile.read(file, shown: file.path) else { return nil }
        return try parse(utf8: bytes, file: file.path)
    }

    public static func parse(utf8 bytes: some Collection<UInt8>, file: String = "keys.toml") throws(ConfigError) -> KeysFile {
        try read(SettingsFile.document(utf8: bytes, file: file), file: file)
    }

    public static func parse(_ text: String, file: String = "keys.toml") throws(ConfigError) -> KeysFile {
        try parse(utf8: Array(text.utf8), file: file)
    }

    private static func read(_ document: TOMLTable, file: String) throws(ConfigError) -> KeysFile {
        var entries: [Entry] = []
        let root = SettingsTable(document, name: nil, file: file, line: 1)
        for (key, value) in document {
            if let table = value.tableValue {
                let context = SettingsTable(table, name: key, file: file, line: root.line(of: key))
                for (action, keys) in table {
                    entries.append(try entry(context, action: action, value: keys))
                }
            } else {
                entries.append(try entry(root, action: key, value: value))
            }
        }
        return KeysFile(file: file, entries: entries)
    }

    private static func entry(_ table: SettingsTable, action: String, value: TOMLValue) throws(ConfigError) -> Entry {
        let place = table.name.map { " in [\(Shown.text($0))]" } ?? ""
        let shown = Shown.text(action)
        let example = "\(shown) = \"x\" or \(shown) = [\"x\", \"ctrl-x\"]"
        let names: [TOMLValue]
        switch value {
        case .string: names = [value]
        case .array(let values): names = values
        case .table:
            // Only a context's table holds actions; a table in it is one level too deep.
            throw table.fail(action, "'\(shown)'\(place) is a table; keys.toml holds actions, at the top or under a context such as [overlay]")
        default:
            throw table.fail(action, "'\(shown)'\(place) must be a key name or a list of them (\(example)), not \(value.kindDescription)")
        }
        guard !names.isEmpty else {
            throw table.fail(action, "'\(shown)'\(place) has no keys; give it at least one (\(example))")
        }
        guard names.count <= maxKeysPerAction else {
            throw table.fail(action, "'\(shown)'\(place) has \(names.count) keys; an action takes at most \(maxKeysPerAction)")
        }
        var keys: [String] = []
        for name in names {
            guard let text = name.stringValue, !text.isEmpty, text.unicodeScalars.count <= maxKeyName else {
                let found = name.stringValue.map { "'\(Shown.text($0))'" } ?? name.kindDescription
                throw table.fail(action, "'\(shown)'\(place): \(found) is not a key name (a character, or a name such as \"down\", \"pgdn\", \"ctrl-u\")")
            }
            keys.append(text)
        }
        return Entry(context: table.name, action: action, keys: keys, line: table.line(of: action))
    }
}
