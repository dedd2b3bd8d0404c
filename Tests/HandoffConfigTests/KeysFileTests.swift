import Foundation
import Testing
@testable import HandoffConfig

/// keys.toml's shape: actions and their keys, at the top or under a context, each with its
/// line; what is not that shape is refused at its line, and the file is read with the
/// settings files' limits.
@Suite("keys.toml file")
struct KeysFileTests {
    @Test func entriesKeepTheirContextAndLine() throws {
        let file = try KeysFile.parse("""
            # Colemak
            card-down = ["down", "n"]
            edit-lead = "E"

            [overlay]
            scroll-down = ["down", "n"]
            """, file: "keys.toml")
        #expect(file.entries == [
            KeysFile.Entry(context: nil, action: "card-down", keys: ["down", "n"], line: 2),
            KeysFile.Entry(context: nil, action: "edit-lead", keys: ["E"], line: 3),
            KeysFile.Entry(context: "overlay", action: "scroll-down", keys: ["down", "n"], line: 6),
        ])
    }

    static func refusal(_ text: String) -> String {
        do {
            _ = try KeysFile.parse(text, file: "keys.toml")
            return "accepted"
        } catch {
            return error.description
        }
    }

    @Test func wrongShapesAreRefusedAtTheirLine() {
        #expect(Self.refusal("a = 1").hasPrefix("keys.toml:1: 'a' must be a key name or a list of them"))
        #expect(Self.refusal("\na = []").hasPrefix("keys.toml:2: 'a' has no keys"))
        #expect(Self.refusal("[overlay.deeper]\na = \"x\"").hasPrefix("keys.toml:1: 'deeper' in [overlay] is a table"))
        #expect(Self.refusal("a = [\"x\", 2]").contains("an integer is not a key name"))
        #expect(Self.refusal("a = [\"\"]").contains("'' is not a key name"))
        #expect(Self.refusal("a = \"\(String(repeating: "x", count: 40))\"").contains("is not a key name"))
        let many = (0..<17).map { "\"F\($0 % 12 + 1)\"" }.joined(separator: ", ")
        #expect(Self.refusal("a = [\(many)]").hasPrefix("keys.toml:1: 'a' has 17 keys; an action takes at most 16"))
        // Not TOML at all: the reader's own line and message.
        #expect(Self.refusal("a = \"x\"\nb =").hasPrefix("keys.toml:2:"))
    }

    @Test func theFileBesideConfigIsReadWithTheSettingsLimits() throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("keys-file-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: home) }
        let environment = ["XDG_CONFIG_HOME": home.path]
        #expect(KeysFile.location(environment: environment).path == home.path + "/handoff/keys.toml")
        #expect(try KeysFile.load(environment: environment) == nil, "no file: every default key")
        // A folder where the file should be: refused, not read.
        try FileManager.default.createDirectory(at: KeysFile.location(environment: environment), withIntermediateDirectories: true)
        #expect(throws: ConfigError.self) { try KeysFile.load(environment: environment) }
        try FileManager.default.removeItem(at: KeysFile.location(environment: environment))
        // Over 1 MiB: refused before it is parsed.
        try Data(repeating: 0x23, count: TOML.maxBytes + 1).write(to: KeysFile.location(environment: environment))
        do {
            _ = try KeysFile.load(environment: environment)
            Issue.record("a file over 1 MiB was read")
        } catch {
            #expect(error.description.contains("larger than"))
        }
    }
}
