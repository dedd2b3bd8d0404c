import Foundation
import Testing
@testable import HandoffTUI

/// The README's keys table must stay true to the registry that dispatches keys.
@Suite("README keys table")
struct ReadmeKeysTests {
    static let readme: String = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return (try? String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)) ?? ""
    }()

    /// The rows of the table under "## Keys".
    static var rows: [String] {
        guard let start = readme.range(of: "## Keys") else { return [] }
        let section = readme[start.upperBound...].prefix { _ in true }
        let end = section.range(of: "\n## ").map { section[..<$0.lowerBound] } ?? section
        return end.split(separator: "\n").map(String.init).filter { $0.hasPrefix("| ") && !$0.contains("---") }
    }

    @Test func everyBoundKeyIsInTheTable() {
        #expect(!Self.rows.isEmpty, "README has no keys table")
        for binding in Keymap.bindings where binding.action != nil && binding.context != .overlay {
            for key in binding.keys {
                let found = Self.rows.contains { row in
                    let keyCell = row.split(separator: "|").first.map(String.init) ?? ""
                    return keyCell.split(separator: " ").contains { $0 == key.label } || keyCell.contains(" \(key.label),")
                        || keyCell.contains(" \(key.label) ")
                }
                #expect(found, "README keys table lacks \(key.label) (\(binding.description))")
            }
        }
    }

    @Test func theTableNamesNoKeyTheRegistryLacks() {
        let known = Set(Keymap.bindings.flatMap(\.keys).map(\.label))
        for row in Self.rows.dropFirst() {
            let keyCell = row.split(separator: "|").first.map(String.init) ?? ""
            for word in keyCell.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "/" }) where !word.isEmpty {
                #expect(known.contains(String(word)), "README names key '\(word)' that nothing dispatches")
            }
        }
    }
}
