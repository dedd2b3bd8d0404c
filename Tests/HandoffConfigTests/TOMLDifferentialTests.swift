import Foundation
import Testing
@testable import HandoffConfig

/// The reader against Python's `tomllib` (a TOML 1.0 reference) on generated documents:
/// every valid document reads to the same values, every document `tomllib` refuses is
/// refused. Python runs once for the whole batch. The divergences that are ours by design
/// are skipped, and only those: dates and times (not supported, refused with a message)
/// and integers beyond 64 bits (TOML says to refuse what cannot be kept exactly;
/// `tomllib` keeps them). A leading byte-order mark, which Windows editors write, is read
/// here and refused by `tomllib`; `TOMLParseTests.crlfAndByteOrderMark` covers it.
@Suite("TOML: the same answers as Python's tomllib")
struct TOMLDifferentialTests {
    static let script = """
        import tomllib, json, sys
        def conv(v):
            if isinstance(v, bool): return ["b", v]
            if isinstance(v, int): return ["i", str(v)]
            if isinstance(v, float): return ["f", repr(v)]
            if isinstance(v, str): return ["s", v]
            if isinstance(v, dict): return ["t", {k: conv(x) for k, x in v.items()}]
            if isinstance(v, list): return ["a", [conv(x) for x in v]]
            return ["d", str(v)]
        out = []
        for doc in json.load(sys.stdin):
            try:
                out.append({"ok": conv(tomllib.loads(doc))})
            except Exception as e:
                out.append({"error": str(e)})
        json.dump(out, sys.stdout)
        """

    /// Python's reading of each document: a tagged tree, or nil where it refused.
    static func tomllib(_ documents: [String]) throws -> [Any?] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        let payload = try JSONSerialization.data(withJSONObject: documents)
        // Write and read at once: the pipes are smaller than either side.
        let writer = Thread {
            input.fileHandleForWriting.write(payload)
            try? input.fileHandleForWriting.close()
        }
        writer.start()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "python3 with tomllib (3.11 or later) is needed")
        let results = try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
        return results.map { $0["ok"] }
    }

    enum Verdict: Equatable {
        case same
        case skipped
        case different(String)
    }

    /// Compares our reading with Python's tagged tree.
    static func compare(_ ours: TOMLValue, _ theirs: Any, at path: String = "") -> Verdict {
        guard let pair = theirs as? [Any], pair.count == 2, let tag = pair[0] as? String else {
            return .different("\(path): unreadable expectation")
        }
        switch (tag, ours) {
        case ("d", _):
            return .skipped
        case ("i", .integer(let value)):
            return pair[1] as? String == String(value) ? .same : .different("\(path): \(value) vs \(pair[1])")
        case ("i", _):
            let text = pair[1] as? String ?? ""
            return Int(text) == nil ? .skipped : .different("\(path): \(ours) vs integer \(text)")
        case ("f", .float(let value)):
            guard let text = pair[1] as? String, let expected = Double(text) else { return .different("\(path): float") }
            let same = value.isNaN ? expected.isNaN : value.bitPattern == expected.bitPattern
            return same ? .same : .different("\(path): \(value) vs \(text)")
        case ("b", .bool(let value)):
            return pair[1] as? Bool == value ? .same : .different("\(path): \(value)")
        case ("s", .string(let value)):
            let expected = pair[1] as? String ?? ""
            return Array(value.unicodeScalars) == Array(expected.unicodeScalars)
                ? .same : .different("\(path): \(value.debugDescription) vs \(expected.debugDescription)")
        case ("a", .array(let items)):
            guard let expected = pair[1] as? [Any], expected.count == items.count else {
                return .different("\(path): array length")
            }
            return combine(zip(items, expected).enumerated().map { compare($1.0, $1.1, at: "\(path)[\($0)]") })
        case ("t", .table(let table)):
            guard let expected = pair[1] as? [String: Any] else { return .different("\(path): table") }
            guard Set(table.keys) == Set(expected.keys), table.keys.count == expected.count else {
                return .different("\(path): keys \(table.keys.sorted()) vs \(expected.keys.sorted())")
            }
            return combine(table.map { entry in
                expected[entry.key].map { compare(entry.value, $0, at: "\(path).\(entry.key)") } ?? .different(entry.key)
            })
        default:
            return .different("\(path): \(ours.kindDescription) vs \(tag)")
        }
    }

    private static func combine(_ verdicts: [Verdict]) -> Verdict {
        if let different = verdicts.first(where: { if case .different = $0 { true } else { false } }) { return different }
        return verdicts.contains(.skipped) ? .skipped : .same
    }

    @Test func generatedDocumentsAndTheirMutationsReadAsTomllibReadsThem() throws {
        var generator = TOMLGenerator(seed: 2026_11_30)
        let valid = (0..<400).map { _ in generator.document() }
        let mutated = valid.flatMap { document in (0..<3).map { _ in generator.mutate(document) } }
        // Hand-picked edges: numbers, strings, keys and tables where readers tend to differ.
        let edges = [
            "a = 0x+5", "a = 0x-5", "a = +0x1", "a = 0X1", "a = 0b", "a = 0o8", "a = 0b12", "a = 0x_1", "a = 0xdead_beef",
            "a = 1_e5", "a = 1e_5", "a = 1__2", "a = _1", "a = 1_", "a = 01", "a = -01", "a = 00.5", "a = 1.e5",
            "a = .5", "a = 5.", "a = 1e", "a = 1E+0_1", "a = inf1", "a = +nan", "a = -0", "a = -0.0", "a = 0e0",
            "a = true1", "a = tru", "a = 9223372036854775807", "a = -9223372036854775808", "a = 1e400", "a = 4.9e-325",
            "a = \"\\uD800\"", "a = \"\\U00110000\"", "a = \"\\e\"", "a = \"\u{7F}\"", "a = '\t'", "a = \"\t\"",
            "a = \"\"\"\\\n  \\\n b\"\"\"", "a = '", "a = \"\"\"\"\"\"\"\"", "a = \"\"\"a\"\"\"\"\"", "\"\" = 1",
            "'' = 1", "a.\"\".b = 1", "[a]\n[a.b]\n[a]", "[a.b]\n[a]", "a.b = 1\n[a]", "[a]\nb.c = 1\n[a.b]",
            "[a.b.c]\n[a]\nb.x = 1", "[a.b.c]\n[a]\nb.c.d = 1", "[[a]]\n[a.b]\n[[a]]\n[a.b]", "a = []\n[[a]]",
            "[[a]]\n[a]", "a = {}\n[a]", "a = {b = 1}\n[a.c]", "a = {b.c = 1, b.d = 2}", "a = {b = {}, b.c = 1}",
            "a = [{b = 1}]\n[[a]]", "[a]\nb = 1\n[a.b]", "x = 1 # \u{7F}", "x = 1 # \u{1}", "x = 1\r\ny = 2",
            "x = 1\ry = 2", "x = { a = 1, }", "x = [1,,2]", "x = [,]", "[ [a] ]", "[[a] ]",
            "a . b = 1", "a.b.c.d.e = {f.g = [1, {h = 2}]}",
        ]
        let documents = valid + mutated + edges
        let expected = try Self.tomllib(documents)
        try #require(expected.count == documents.count)

        var agreed = (valid: 0, refused: 0, skipped: 0)
        for (index, document) in documents.enumerated() {
            let ours = Result { () throws(TOMLError) -> TOMLTable in try TOML.parse(document) }
            switch (ours, expected[index]) {
            case (.success(let table), let theirs?):
                switch Self.compare(.table(table), theirs) {
                case .same: agreed.valid += 1
                case .skipped: agreed.skipped += 1
                case .different(let why):
                    Issue.record("document \(index) reads differently (\(why)):\n\(document)")
                }
            case (.success, nil):
                Issue.record("document \(index) is refused by tomllib but read here:\n\(document)")
            case (.failure(let error), let theirs?):
                // Ours by design: dates and times, integers beyond 64 bits.
                let dated = error.message.contains("dates and times") || error.message.contains("out of range")
                if dated, Self.containsSkipped(theirs) {
                    agreed.skipped += 1
                } else {
                    Issue.record("document \(index) is read by tomllib but refused here (\(error)):\n\(document)")
                }
            case (.failure, nil):
                agreed.refused += 1
            }
        }
        // Every valid document was valid to Python too, and the mutations refused a good share.
        #expect(index(of: valid, in: expected) == valid.count)
        #expect(agreed.valid >= 300)
        #expect(agreed.refused >= 300)
    }

    /// How many of the generated (unmutated) documents Python read.
    private func index(of valid: [String], in expected: [Any?]) -> Int {
        expected.prefix(valid.count).filter { $0 != nil }.count
    }

    /// Whether Python's tree holds a date or an integer beyond 64 bits.
    static func containsSkipped(_ tree: Any) -> Bool {
        guard let pair = tree as? [Any], pair.count == 2, let tag = pair[0] as? String else { return false }
        switch tag {
        case "d": return true
        case "i": return Int(pair[1] as? String ?? "") == nil
        case "a": return (pair[1] as? [Any])?.contains(where: containsSkipped) ?? false
        case "t": return (pair[1] as? [String: Any])?.values.contains(where: containsSkipped) ?? false
        default: return false
        }
    }
}
