import Foundation
import HandoffCore
import Testing
@testable import HandoffConfig

/// `[notify]` in config.toml, and the file that remembers what each member has seen.
@Suite("Notify: [notify] and the seen cursor")
struct NotifySettingsTests {
    static func refusal(_ text: String) -> String? {
        do {
            _ = try Config.parse(text)
            return nil
        } catch {
            return error.description
        }
    }

    @Test func offUnlessSet() throws {
        #expect(try Config.parse("").notify == .off)
        #expect(!NotifySettings.off.isOn)
        let config = try Config.parse("[notify]\nbell = true\ndesktop = \"OSC777\"\n")
        #expect(config.notify == NotifySettings(bell: true, desktop: .osc777))
        #expect(config.notify.isOn)
        #expect(try Config.parse("[notify]\ndesktop = \"osc9\"\n").notify == NotifySettings(bell: false, desktop: .osc9))
        #expect(try Config.parse("[notify]\nbell = false\ndesktop = \"off\"\n").notify == .off)
    }

    @Test func mistakesAreRefusedAtTheirLineWithTheNearestName() {
        #expect(Self.refusal("[notify]\nbel = true\n")
            == "config.toml:2: unknown key 'bel' in [notify] (did you mean bell?); expected bell and desktop")
        #expect(Self.refusal("[notify]\nbell = \"yes\"\n") == "config.toml:2: [notify] bell must be true or false, not a string")
        #expect(Self.refusal("\n[notify]\ndesktop = \"osc8\"\n")
            == "config.toml:3: [notify] desktop = \"osc8\" (did you mean osc9?): the choices are \"osc9\", \"osc777\" and \"off\"")
        #expect(Self.refusal("[notify]\ndesktop = 9\n")?.hasPrefix("config.toml:2: [notify] desktop must be \"osc9\", \"osc777\" or \"off\" in quotes") == true)
        #expect(Self.refusal("notify = 1\n")?.hasPrefix("config.toml:1: 'notify' must be a table ([notify])") == true)
        #expect(Self.refusal("[notfy]\nbell = true\n")?.contains("unknown key 'notfy' (did you mean notify?)") == true)
        // An escape in the value is not echoed to the terminal.
        #expect(Self.refusal("[notify]\ndesktop = \"\\u001b]0;x\"\n")?.contains("\u{1B}") == false)
    }

    static func folder() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("seen-\(UUID().uuidString.prefix(8))")
    }

    @Test func eachMemberOfEachStoreKeepsTheirOwnMark() throws {
        let folder = Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("handoff/seen.tsv")
        #expect(SeenCursor.file(environment: ["XDG_STATE_HOME": "/s", "HOME": "/h"]).path == "/s/handoff/seen.tsv")
        #expect(SeenCursor.file(environment: ["HOME": "/h"]).path == "/h/.local/state/handoff/seen.tsv")
        #expect(try SeenCursor.load(file, store: "/a.sqlite", member: "maya") == nil, "no file: never looked")
        let at = Date(timeIntervalSince1970: 1_800_000_000)
        try SeenCursor.save(SeenMark(seq: 12, at: at), store: "/a.sqlite", member: "maya", in: file)
        try SeenCursor.save(SeenMark(seq: 40, at: at), store: "postgres://maya@db/team", member: "maya", in: file)
        try SeenCursor.save(SeenMark(seq: 7, at: at), store: "/a.sqlite", member: "alex", in: file)
        try SeenCursor.save(SeenMark(seq: 15, at: at + 60), store: "/a.sqlite", member: "maya", in: file)
        #expect(try SeenCursor.load(file, store: "/a.sqlite", member: "maya") == SeenMark(seq: 15, at: at + 60))
        #expect(try SeenCursor.load(file, store: "postgres://maya@db/team", member: "maya") == SeenMark(seq: 40, at: at))
        #expect(try SeenCursor.load(file, store: "/a.sqlite", member: "alex") == SeenMark(seq: 7, at: at))
        let text = try String(contentsOf: file, encoding: .utf8)
        #expect(text.hasPrefix(SeenCursor.header + "\n"))
        #expect(text.components(separatedBy: "\n").filter { $0.hasPrefix("/a.sqlite\tmaya\t") } == ["/a.sqlite\tmaya\t15\t1800000060"])
        // Written whole and moved into place: no temporary file is left beside it.
        #expect(try FileManager.default.contentsOfDirectory(atPath: file.deletingLastPathComponent().path) == ["seen.tsv"])
        // A line it cannot read is left out; the rest still count, and the next save drops it.
        try Data((SeenCursor.header + "\n/a.sqlite\tmaya\tminus\t1\ngarbage\n/a.sqlite\talex\t9\t1800000000\n").utf8).write(to: file)
        #expect(try SeenCursor.load(file, store: "/a.sqlite", member: "maya") == nil)
        #expect(try SeenCursor.load(file, store: "/a.sqlite", member: "alex")?.seq == 9)
        try SeenCursor.save(SeenMark(seq: 3, at: at), store: "/a.sqlite", member: "maya", in: file)
        #expect(!(try String(contentsOf: file, encoding: .utf8)).contains("garbage"))
    }

    @Test func aFileTheBoardDidNotWriteIsLeftAlone() throws {
        let folder = Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("seen.tsv")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let foreign = Data("my notes, not handoff's\n/a.sqlite\tmaya\t1\t1\n".utf8)
        try foreign.write(to: file)
        let read = #expect(throws: ConfigError.self) { try SeenCursor.load(file, store: "/a.sqlite", member: "maya") }
        #expect(read?.description.contains("not a file the board wrote") == true)
        #expect(throws: ConfigError.self) { try SeenCursor.save(SeenMark(seq: 1, at: .now), store: "/a.sqlite", member: "maya", in: file) }
        #expect(try Data(contentsOf: file) == foreign, "never written over")

        // Over 1 MiB: refused with a clear message, not read whole, not replaced.
        let huge = Data((SeenCursor.header + "\n").utf8) + Data(repeating: 0x41, count: 1_100_000)
        try huge.write(to: file)
        let big = #expect(throws: ConfigError.self) { try SeenCursor.load(file, store: "/a.sqlite", member: "maya") }
        #expect(big?.description.contains("1 MiB") == true)
        #expect(throws: ConfigError.self) { try SeenCursor.save(SeenMark(seq: 1, at: .now), store: "/a.sqlite", member: "maya", in: file) }
        #expect(try Data(contentsOf: file).count == huge.count)

        // A link (even to a file of the board's) and a folder are not replaced either.
        try FileManager.default.removeItem(at: file)
        let target = folder.appendingPathComponent("elsewhere.tsv")
        try Data((SeenCursor.header + "\n").utf8).write(to: target)
        try FileManager.default.createSymbolicLink(at: file, withDestinationURL: target)
        #expect(throws: ConfigError.self) { try SeenCursor.save(SeenMark(seq: 1, at: .now), store: "/a.sqlite", member: "maya", in: file) }
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: file.path) == target.path)
        try FileManager.default.removeItem(at: file)
        try FileManager.default.createDirectory(at: file, withIntermediateDirectories: true)
        #expect(throws: ConfigError.self) { try SeenCursor.load(file, store: "/a.sqlite", member: "maya") }
        #expect(throws: ConfigError.self) { try SeenCursor.save(SeenMark(seq: 1, at: .now), store: "/a.sqlite", member: "maya", in: file) }
        // A name that would break the line is not written.
        let other = folder.appendingPathComponent("other.tsv")
        #expect(throws: ConfigError.self) { try SeenCursor.save(SeenMark(seq: 1, at: .now), store: "/a\tb", member: "maya", in: other) }
        #expect(!FileManager.default.fileExists(atPath: other.path))
    }
}
