import Foundation

/// SplitMix64: the same documents on every run, so a failure can be replayed.
struct SeededRandom: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Writes random valid TOML: a tree of tables is generated first, then written with a
/// random choice of spelling for everything TOML lets a person spell several ways
/// (headers, dotted keys or inline tables; `[[tables]]` or inline arrays; basic, literal
/// and multi-line strings with escapes; decimal, hex, octal and binary integers with
/// underscores; floats with exponents, inf and nan; comments and blank lines anywhere).
struct TOMLGenerator {
    typealias Entries = [(key: String, value: Node)]

    indirect enum Node {
        case scalar(String)
        case array([Node])
        case table(Entries)
        case tables([Entries])
    }

    var random: SeededRandom

    init(seed: UInt64) { random = SeededRandom(state: seed) }

    mutating func chance(_ probability: Double) -> Bool { Double.random(in: 0..<1, using: &random) < probability }
    mutating func pick<T>(_ items: [T]) -> T { items[Int.random(in: 0..<items.count, using: &random)] }
    mutating func count(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &random) }

    mutating func document() -> String {
        var lines: [String] = []
        write(section(depth: 0), path: [], into: &lines)
        return lines.joined(separator: pick(["\n", "\n", "\r\n"])) + (chance(0.8) ? "\n" : "")
    }

    // MARK: - The tree

    private mutating func section(depth: Int) -> Entries {
        var entries: Entries = []
        var used: Set<String> = []
        for _ in 0..<count(depth == 0 ? 2...8 : 0...5) {
            let name = key()
            guard used.insert(name).inserted else { continue }
            entries.append((name, node(depth: depth + 1)))
        }
        return entries
    }

    private mutating func node(depth: Int) -> Node {
        let roll = count(0...9)
        if depth >= 4 || roll < 5 { return .scalar(scalar()) }
        switch roll {
        case 5: return .array((0..<count(0...4)).map { _ in depth >= 3 || chance(0.7) ? .scalar(scalar()) : node(depth: depth + 1) })
        case 6, 7: return .table(section(depth: depth))
        default: return .tables((0..<count(1...3)).map { _ in section(depth: depth) })
        }
    }

    private mutating func key() -> String {
        pick(["a", "b", "name", "x-y", "k_1", "1", "true", "inf", "key", "z", "a.b", "with space", "é", "", "q\"uote",
              "tab\tkey", "ключ", "emoji😀", "-", "_", "A", "0x1"])
    }

    // MARK: - Spellings

    private mutating func spell(key: String) -> String {
        let bare = !key.isEmpty && key.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_" || $0 == "-"
        }
        if bare, chance(0.85) { return key }
        if !key.contains("'"), !key.contains("\t"), chance(0.4) { return "'\(key)'" }
        return basicString(key)
    }

    private mutating func spell(path: [String]) -> String {
        path.map { spell(key: $0) }.joined(separator: pick([".", ".", " . ", ". "]))
    }

    private mutating func scalar() -> String {
        switch count(0...9) {
        case 0...3: return string()
        case 4...6: return integer()
        case 7, 8: return float()
        default: return chance(0.5) ? "true" : "false"
        }
    }

    private mutating func string() -> String {
        let pieces = ["plain", " ", "quote\"", "back\\slash", "tab\t", "line\nbreak", "é", "😀", "\u{7}", "\u{1B}[31m",
                      "'", "''", "\"\"", "#not a comment", "=", "[x]", "\u{7F}", "\u{FEFF}", "\r\n", "\\u0041"]
        let text = (0..<count(0...4)).map { _ in pick(pieces) }.joined()
        let controls = text.unicodeScalars.contains { ($0.value < 0x20 && $0 != "\t" && $0 != "\n") || $0.value == 0x7F }
        switch count(0...5) {
        case 0 where !text.contains("'") && !controls && !text.contains("\n"):
            return "'\(text)'"
        case 1 where !text.contains("'") && !controls:
            // A newline right after the opening quotes is dropped, so keep a leading one.
            return "'''" + (text.hasPrefix("\n") || chance(0.3) ? "\n" : "") + text + "'''"
        case 2:
            return multilineBasicString(text)
        default:
            return basicString(text)
        }
    }

    private mutating func escape(_ scalar: Unicode.Scalar, multiline: Bool) -> String {
        switch scalar {
        case "\"": return "\\\""
        case "\\": return "\\\\"
        case "\n": return multiline && chance(0.7) ? "\n" : "\\n"
        case "\t": return chance(0.5) ? "\t" : "\\t"
        case "\r": return "\\r"
        case "\u{8}": return "\\b"
        case "\u{C}": return "\\f"
        default:
            if scalar.value < 0x20 || scalar.value == 0x7F || chance(0.05) {
                return scalar.value > 0xFFFF || chance(0.3)
                    ? String(format: "\\U%08X", scalar.value) : String(format: "\\u%04x", scalar.value)
            }
            return String(scalar)
        }
    }

    private mutating func basicString(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars { out += escape(scalar, multiline: false) }
        return out + "\""
    }

    private mutating func multilineBasicString(_ text: String) -> String {
        var out = "\"\"\""
        if text.hasPrefix("\n") || chance(0.3) { out += "\n" }
        if chance(0.2) { out += "\\\n   " }
        for scalar in text.unicodeScalars { out += escape(scalar, multiline: true) }
        return out + "\"\"\""
    }

    private mutating func integer() -> String {
        let value = pick([0, 1, -1, 7, 42, 255, 1_000_000, Int.max, Int.min, Int(Int32.max), -17, count(-9999...9999)])
        switch count(0...5) {
        case 0 where value >= 0: return "0x" + underscored(String(value, radix: 16, uppercase: chance(0.5)))
        case 1 where value >= 0: return "0o" + underscored(String(value, radix: 8))
        case 2 where value >= 0: return "0b" + underscored(String(value, radix: 2))
        default:
            let digits = underscored(String(value.magnitude))
            return value < 0 ? "-" + digits : (chance(0.2) ? "+" + digits : digits)
        }
    }

    private mutating func underscored(_ digits: String) -> String {
        guard digits.count > 1, chance(0.3) else { return digits }
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, chance(0.3) { out += "_" }
            out.append(digit)
        }
        return out
    }

    private mutating func float() -> String {
        switch count(0...7) {
        case 0: return pick(["inf", "+inf", "-inf", "nan", "+nan", "-nan"])
        case 1: return pick(["0.0", "-0.0", "+0.0", "0e0", "1e308", "5e-324", "1.7976931348623157e308"])
        case 2: return "\(count(0...999))e\(pick(["", "+", "-"]))\(count(0...30))"
        case 3: return "\(pick(["", "-", "+"]))\(count(1...99)).\(count(0...9999))E\(count(-20...20))"
        default:
            let whole = underscored(String(count(0...999_999)))
            return "\(pick(["", "-", "+"]))\(whole).\(underscored(String(count(0...999_999))))"
        }
    }

    // MARK: - Writing a section

    private mutating func write(_ entries: Entries, path: [String], into lines: inout [String]) {
        var later: [(key: String, value: Node)] = []
        for (key, value) in entries {
            if chance(0.1) { lines.append(pick(["", "# a comment", "   ", "\t# indented comment"])) }
            switch value {
            case .table(let table) where chance(0.4):
                later.append((key, .table(table)))
            case .tables(let list) where chance(0.6):
                later.append((key, .tables(list)))
            case .table(let table) where !table.isEmpty && chance(0.5):
                for (dotted, text) in dottedPairs(table, prefix: [key]) {
                    lines.append("\(spell(path: dotted)) = \(text)")
                }
            default:
                lines.append("\(spell(key: key)) = \(inline(value))" + (chance(0.15) ? " # trailing" : ""))
            }
        }
        for (key, value) in later {
            let full = path + [key]
            switch value {
            case .table(let table):
                lines.append("[\(pick(["", " "]))\(spell(path: full))\(pick(["", " "]))]")
                write(table, path: full, into: &lines)
            case .tables(let list):
                for element in list {
                    lines.append("[[\(spell(path: full))]]")
                    write(element, path: full, into: &lines)
                }
            default:
                break
            }
        }
    }

    private mutating func dottedPairs(_ entries: Entries, prefix: [String]) -> [([String], String)] {
        var pairs: [([String], String)] = []
        for (key, value) in entries {
            if case .table(let table) = value, !table.isEmpty, chance(0.6) {
                pairs += dottedPairs(table, prefix: prefix + [key])
            } else {
                pairs.append((prefix + [key], inline(value)))
            }
        }
        return pairs
    }

    private mutating func inline(_ node: Node) -> String {
        switch node {
        case .scalar(let text):
            return text
        case .array(let items):
            return array(items.map { inline($0) })
        case .tables(let list):
            return array(list.map { inline(.table($0)) })
        case .table(let entries):
            if entries.isEmpty { return "{}" }
            var parts: [String] = []
            for (key, value) in entries {
                if case .table(let table) = value, !table.isEmpty, chance(0.4) {
                    parts += dottedPairs(table, prefix: [key]).map { "\(spell(path: $0.0)) = \($0.1)" }
                } else {
                    parts.append("\(spell(key: key)) = \(inline(value))")
                }
            }
            return "{ " + parts.joined(separator: pick([", ", ",", " , "])) + " }"
        }
    }

    private mutating func array(_ items: [String]) -> String {
        guard !items.isEmpty else { return pick(["[]", "[ ]", "[\n]"]) }
        if chance(0.3) {
            let body = items.map { "  " + $0 + "," + (chance(0.3) ? " # note" : "") }.joined(separator: "\n")
            return "[\n" + body + "\n]"
        }
        return "[" + items.joined(separator: pick([", ", ","])) + (chance(0.2) ? ",]" : "]")
    }

    // MARK: - Breaking documents

    /// A small random edit: most make a document invalid, some leave it valid and change it.
    mutating func mutate(_ text: String) -> String {
        var scalars = Array(text.unicodeScalars)
        var lines = text.components(separatedBy: "\n")
        switch count(0...4) {
        case 0 where !scalars.isEmpty:
            scalars.remove(at: count(0...(scalars.count - 1)))
        case 1:
            let inserted: [Unicode.Scalar] = ["[", "]", "{", "}", "=", "\"", "'", ",", ".", "\n", "#", " ", "\\", "\u{0}",
                                              "\u{7F}", "x", "1", "_", "-", "+", "\t", "\r", "e", ":", "\u{1B}"]
            scalars.insert(pick(inserted), at: count(0...scalars.count))
        case 2 where lines.count > 1:
            let line = count(0...(lines.count - 1))
            lines.insert(lines[line], at: count(0...lines.count))
            return lines.joined(separator: "\n")
        case 3 where lines.count > 1:
            lines.swapAt(count(0...(lines.count - 1)), count(0...(lines.count - 1)))
            return lines.joined(separator: "\n")
        default:
            let snippets = ["a = 1", "[a]", "[[a]]", "a.b = 2", "a = { b = 1 }", "[a.b]", "a = []", "\"\" = 0",
                            "x = 1979-05-27", "y = 99999999999999999999", "z = 1_e5", "w = 0x_1", "v = 1.", "u = \"\\e\""]
            lines.insert(pick(snippets), at: count(0...lines.count))
            return lines.joined(separator: "\n")
        }
        var result = String.UnicodeScalarView()
        result.append(contentsOf: scalars)
        return String(result)
    }
}
