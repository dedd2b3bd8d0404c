import Foundation
import Testing
@testable import HandoffTUI

/// Theme files go through HandoffConfig's reader: nested, huge or endless files are
/// refused with the file and line, and colour numbers keep to 0–255 and `#rrggbb`.
@Suite("Themes: limits")
struct ThemeLimitsTests {
    private func loadError(_ contents: Data, name: String = "deep.toml") throws -> ThemeError? {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("handoff-theme-limits-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent(name)
        try contents.write(to: file)
        do {
            _ = try Theme.load(file: file)
            return nil
        } catch {
            return error
        }
    }

    @Test func aSixKilobyteThemeOfNestedInlineTablesIsRefusedNotACrash() throws {
        let text = "name = \"deep\"\n[roles]\ncard = " + String(repeating: "{fg=", count: 1500) + "1" + String(repeating: "}", count: 1500) + "\n"
        let error = try #require(try loadError(Data(text.utf8)))
        #expect(error.line == 3)
        #expect(error.message.contains("nested more than 64 levels"))
    }

    @Test func aThemeOverOneMebibyteIsRefused() throws {
        let error = try #require(try loadError(Data(repeating: 0x23, count: (1 << 20) + 1)))
        #expect(error.message.contains("1 MiB"))
    }

    @Test func aThemeThatLinksToAnEndlessDeviceIsRefused() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("handoff-theme-link-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("zero.toml")
        try FileManager.default.createSymbolicLink(atPath: file.path, withDestinationPath: "/dev/zero")
        #expect(throws: ThemeError.self) { try Theme.load(file: file) }
    }

    @Test("colour numbers out of range are refused with the range", arguments: ["256", "-1", "#+fffff", "#12345g", "99999999999999999999"])
    func coloursOutOfRange(_ colour: String) throws {
        let text = "[roles]\ncard = { fg = \"\(colour)\" }\n"
        let error = try #require(try loadError(Data(text.utf8)))
        #expect(error.line == 2)
        #expect(error.message.contains("0–255, #rrggbb"), "\(error)")
        #expect(Color(parsing: "255") == .indexed(255))
        #expect(Color(parsing: "#00ff7f") == .rgb(red: 0, green: 255, blue: 127))
    }
}
