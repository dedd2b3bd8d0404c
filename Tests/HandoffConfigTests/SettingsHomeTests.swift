import Foundation
import Testing

/// Issue 13, class 11: one home for settings. The source tree is the evidence: the domain
/// holds no settings reader, only HandoffConfig finds config.toml, and the verbs that do
/// not draw do not import the board's module.
@Suite("Settings have one home")
struct SettingsHomeTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func sources(under folder: String) -> [(path: String, text: String)] {
        let base = root.appendingPathComponent(folder)
        guard let walker = FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil) else { return [] }
        return walker.compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" }.compactMap { url in
            (try? String(contentsOf: url, encoding: .utf8)).map { (url.path.replacingOccurrences(of: root.path + "/", with: ""), $0) }
        }
    }

    @Test func theDomainHoldsNoSettingsReader() throws {
        let core = Self.sources(under: "Sources/HandoffCore")
        try #require(!core.isEmpty)
        #expect(core.filter { $0.text.contains("TOML") }.map(\.path) == [])
        #expect(core.filter { $0.text.contains("import Foundation") && $0.text.contains("FileManager") }.map(\.path) == [])
    }

    @Test func onlyHandoffConfigFindsTheConfigFile() throws {
        let all = Self.sources(under: "Sources")
        try #require(all.count > 50)
        let finders = all.filter { $0.text.contains("\"config.toml\")") || $0.text.contains("Config.load(") }
        #expect(Set(finders.map { $0.path.split(separator: "/").prefix(2).joined(separator: "/") })
                    .subtracting(["Sources/HandoffConfig"]) == ["Sources/handoff"], "\(finders.map(\.path))")
        // The command line asks in one place, and the theme loader no longer reads the file.
        #expect(finders.filter { $0.path.hasPrefix("Sources/handoff/") }.map(\.path) == ["Sources/handoff/Support/Settings.swift"])
        // Every TOML file, themes included, goes through HandoffConfig's reader.
        let readers = all.filter { $0.text.contains("TOML.parse") }
        #expect(readers.allSatisfy { $0.path.hasPrefix("Sources/HandoffConfig/") || $0.text.contains("import HandoffConfig") })
    }

    @Test func importAndReportDoNotImportTheBoard() throws {
        for verb in ["ImportCommand", "ReportCommand"] {
            let text = try String(contentsOf: Self.root.appendingPathComponent("Sources/handoff/Commands/\(verb).swift"), encoding: .utf8)
            #expect(!text.contains("import HandoffTUI"), "\(verb) imports HandoffTUI")
            #expect(text.contains("import HandoffConfig"))
        }
    }
}
