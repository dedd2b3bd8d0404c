/// Assembles a table from headers and key/value lines while enforcing TOML's rules on
/// redefinition: no key twice, no table twice, inline tables and arrays are closed.
/// The document and every inline table each get one.
struct TOMLTableBuilder {
    typealias Path = [TOMLPathStep]

    private(set) var root = TOMLTable()
    /// Tables opened by a `[header]`, with the header's line.
    private var headerTables: [Path: Int] = [:]
    /// Tables created by dotted keys (`a.b = 1` creates `a`).
    private var dottedTables: Set<Path> = []
    /// Inline tables and arrays written as values: nothing may be added to them later.
    private var closed: Set<Path> = []

    /// `[a.b.c]`: returns the path of the table that following keys go into.
    mutating func openTable(_ keys: [String], line: Int, column: Int) throws(TOMLError) -> Path {
        let parent = try walkToParent(keys, line: line, column: column)
        guard let last = keys.last else { return parent }
        let path = parent + [.key(last)]
        switch root.value(at: path[...]) {
        case nil:
            add(.table(TOMLTable()), key: last, in: parent, line: line)
        case .table:
            if closed.contains(path) {
                throw TOMLError(line: line, column: column, message: "cannot add to inline table '\(dotted(keys))'")
            }
            if let first = headerTables[path] {
                throw TOMLError(
                    line: line, column: column,
                    message: "table [\(dotted(keys))] is defined twice (first on line \(first))")
            }
            if dottedTables.contains(path) {
                throw TOMLError(
                    line: line, column: column,
                    message: "table [\(dotted(keys))] was already defined by dotted keys")
            }
        case let value?:
            throw TOMLError(
                line: line, column: column,
                message: "'\(dotted(keys))' is already \(value.kindDescription), not a table")
        }
        headerTables[path] = line
        return path
    }

    /// `[[a.b]]`: appends a new table to the array and returns its path.
    mutating func openArrayElement(_ keys: [String], line: Int, column: Int) throws(TOMLError) -> Path {
        let parent = try walkToParent(keys, line: line, column: column)
        guard let last = keys.last else { return parent }
        let path = parent + [.key(last)]
        switch root.value(at: path[...]) {
        case nil:
            add(.array([.table(TOMLTable())]), key: last, in: parent, line: line)
            return path + [.index(0)]
        case .array(let items) where !closed.contains(path):
            root.modifyTable(at: parent[...]) { table in
                table[last] = .array(items + [.table(TOMLTable())])
            }
            return path + [.index(items.count)]
        case let value?:
            let what = value.arrayValue == nil ? value.kindDescription : "a static array"
            throw TOMLError(
                line: line, column: column,
                message: "cannot use [[\(dotted(keys))]]: '\(dotted(keys))' is already \(what)")
        }
    }

    /// `a.b.c = value` inside the table at `base`.
    mutating func insert(
        _ value: TOMLValue, keys: [String], in base: Path, line: Int, column: Int
    ) throws(TOMLError) {
        var path = base
        for key in keys.dropLast() {
            path.append(.key(key))
            switch root.value(at: path[...]) {
            case nil:
                add(.table(TOMLTable()), key: key, in: Array(path.dropLast()), line: line)
                dottedTables.insert(path)
            case .table:
                if closed.contains(path) {
                    throw TOMLError(line: line, column: column, message: "cannot add to inline table '\(key)'")
                }
                if headerTables[path] != nil {
                    throw TOMLError(
                        line: line, column: column,
                        message: "cannot add to table '\(key)' with a dotted key; it has its own [header]")
                }
            case let existing?:
                throw TOMLError(
                    line: line, column: column,
                    message: "'\(key)' is already \(existing.kindDescription), not a table")
            }
        }
        guard let last = keys.last else { return }
        if let first = root.value(at: path[...])?.tableValue?.line(of: last) {
            let previous = first > 0 ? " (first defined on line \(first))" : ""
            throw TOMLError(line: line, column: column, message: "duplicate key '\(last)'\(previous)")
        }
        add(value, key: last, in: path, line: line)
        switch value {
        case .table, .array: closed.insert(path + [.key(last)])
        default: break
        }
    }

    /// Walks all but the last key of a header, creating implicit tables and descending into
    /// the newest element of an array of tables.
    private mutating func walkToParent(_ keys: [String], line: Int, column: Int) throws(TOMLError) -> Path {
        var path: Path = []
        for (offset, key) in keys.dropLast().enumerated() {
            let next = path + [.key(key)]
            let name = dotted(Array(keys[...offset]))
            if closed.contains(next) {
                throw TOMLError(line: line, column: column, message: "cannot add to '\(name)': it was written inline")
            }
            switch root.value(at: next[...]) {
            case nil:
                add(.table(TOMLTable()), key: key, in: path, line: line)
                path = next
            case .table:
                path = next
            case .array(let items):
                // Not closed, so it is an array of tables: headers go into its last element.
                path = next + [.index(max(0, items.count - 1))]
            case let value?:
                throw TOMLError(
                    line: line, column: column, message: "'\(name)' is already \(value.kindDescription), not a table")
            }
        }
        return path
    }

    private mutating func add(_ value: TOMLValue, key: String, in path: Path, line: Int) {
        root.modifyTable(at: path[...]) { $0.set(value, forKey: key, line: line) }
    }

    private func dotted(_ keys: [String]) -> String {
        keys.map(TOMLWriter.key).joined(separator: ".")
    }
}
