/// Assembles a table from headers and key/value lines while enforcing TOML's rules on
/// redefinition: no key twice, no table twice, inline tables and arrays are closed.
/// The document and every inline table each get one.
///
/// Tables under construction are reference nodes, and the parser holds the node its keys
/// go into, so a key costs its own segments and nothing more: no walk from the root, no
/// path hashed per step, no array copied to append one table (each of which made a long
/// dotted key or many `[[tables]]` quadratic). The value tree is built once, at the end.
struct TOMLTableBuilder {
    private let rootNode = Node()
    /// Where following keys go: the root, the last `[header]` or `[[header]]` element.
    private var current: Node

    init() { current = rootNode }

    var root: TOMLTable { rootNode.table() }

    /// `[a.b.c]`: following keys go into that table.
    mutating func openTable(_ keys: [String], line: Int, column: Int) throws(TOMLError) {
        let parent = try walkToParent(keys, line: line, column: column)
        guard let last = keys.last else { return }
        func fail(_ message: String) -> TOMLError { TOMLError(line: line, column: column, message: message) }
        switch parent.children[last] {
        case nil:
            let node = Node()
            node.header = line
            parent.add(.table(node), key: last, line: line)
            current = node
        case .table(let node)?:
            if let first = node.header {
                throw fail("table [\(Self.dotted(keys))] is defined twice (first on line \(first))")
            }
            if node.dotted {
                throw fail("table [\(Self.dotted(keys))] was already defined by dotted keys")
            }
            node.header = line
            current = node
        case .tables?:
            throw fail("'\(Self.dotted(keys))' is already an array, not a table")
        case .value(.table)?:
            throw fail("cannot add to inline table '\(Self.dotted(keys))'")
        case .value(let value)?:
            throw fail("'\(Self.dotted(keys))' is already \(value.kindDescription), not a table")
        }
    }

    /// `[[a.b]]`: appends a new table to the array; following keys go into it.
    mutating func openArrayElement(_ keys: [String], line: Int, column: Int) throws(TOMLError) {
        let parent = try walkToParent(keys, line: line, column: column)
        guard let last = keys.last else { return }
        let element = Node()
        switch parent.children[last] {
        case nil:
            parent.add(.tables(Tables(element)), key: last, line: line)
        case .tables(let tables)?:
            tables.elements.append(element)
        case let child?:
            let what = switch child {
            case .value(.array): "a static array"
            case .value(let value): value.kindDescription
            default: "a table"
            }
            throw TOMLError(
                line: line, column: column,
                message: "cannot use [[\(Self.dotted(keys))]]: '\(Self.dotted(keys))' is already \(what)")
        }
        current = element
    }

    /// `a.b.c = value` in the current table.
    mutating func insert(_ value: TOMLValue, keys: [String], line: Int, column: Int) throws(TOMLError) {
        func fail(_ message: String) -> TOMLError { TOMLError(line: line, column: column, message: message) }
        var node = current
        for key in keys.dropLast() {
            switch node.children[key] {
            case nil:
                let child = Node()
                child.dotted = true
                node.add(.table(child), key: key, line: line)
                node = child
            case .table(let child)?:
                if child.header != nil {
                    throw fail("cannot add to table '\(TOMLWriter.key(key))' with a dotted key; it has its own [header]")
                }
                // A table made by a header's path (`[a.b]` makes `a`) is open to dotted keys
                // of its own section only if dotted keys made it; TOML lets both add to it.
                child.dotted = true
                node = child
            case .value(.table)?:
                throw fail("cannot add to inline table '\(TOMLWriter.key(key))'")
            case .tables?:
                throw fail("'\(TOMLWriter.key(key))' is already an array, not a table")
            case .value(let existing)?:
                throw fail("'\(TOMLWriter.key(key))' is already \(existing.kindDescription), not a table")
            }
        }
        guard let last = keys.last else { return }
        if let first = node.lines[last] {
            let previous = first > 0 ? " (first defined on line \(first))" : ""
            throw fail("duplicate key '\(TOMLWriter.key(last))'\(previous)")
        }
        node.add(.value(value), key: last, line: line)
    }

    /// Walks all but the last key of a header from the root, creating implicit tables and
    /// descending into the newest element of an array of tables.
    private func walkToParent(_ keys: [String], line: Int, column: Int) throws(TOMLError) -> Node {
        var node = rootNode
        for (offset, key) in keys.dropLast().enumerated() {
            // Built only when there is something to say: building it for every step made a
            // long header quadratic.
            func name() -> String { Self.dotted(Array(keys[...offset])) }
            switch node.children[key] {
            case nil:
                let child = Node()
                node.add(.table(child), key: key, line: line)
                node = child
            case .table(let child)?:
                node = child
            case .tables(let tables)?:
                node = tables.elements[tables.elements.count - 1]
            case .value(.table)?, .value(.array)?:
                throw TOMLError(line: line, column: column, message: "cannot add to '\(name())': it was written inline")
            case .value(let value)?:
                throw TOMLError(
                    line: line, column: column, message: "'\(name())' is already \(value.kindDescription), not a table")
            }
        }
        return node
    }

    private static func dotted(_ keys: [String]) -> String {
        keys.map(TOMLWriter.key).joined(separator: ".")
    }

    // MARK: - Nodes

    private enum Child {
        case table(Node)
        /// An array of tables (`[[name]]`): open, unlike an array written as a value.
        case tables(Tables)
        /// A value as written, inline tables and static arrays included: closed.
        case value(TOMLValue)
    }

    private final class Tables {
        var elements: [Node]
        init(_ first: Node) { elements = [first] }
    }

    private final class Node {
        var order: [String] = []
        var children: [String: Child] = [:]
        var lines: [String: Int] = [:]
        /// The line of the `[header]` that defined this table.
        var header: Int?
        /// Made (or added to) by dotted keys: a later `[header]` may not define it.
        var dotted = false

        func add(_ child: Child, key: String, line: Int) {
            order.append(key)
            children[key] = child
            lines[key] = line
        }

        /// The finished value. Depth is bounded by the parser's nesting limit.
        func table() -> TOMLTable {
            var table = TOMLTable()
            for key in order {
                guard let child = children[key] else { continue }
                let value: TOMLValue = switch child {
                case .table(let node): .table(node.table())
                case .tables(let tables): .array(tables.elements.map { .table($0.table()) })
                case .value(let value): value
                }
                table.set(value, forKey: key, line: lines[key] ?? 0)
            }
            return table
        }
    }
}
