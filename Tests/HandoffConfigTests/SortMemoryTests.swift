import Foundation
import HandoffCore
import Testing
@testable import HandoffConfig

@Suite("SortMemory: each member's column sorts beside config.toml")
struct SortMemoryTests {
    @Test func eachMemberKeepsTheirOwn() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sorts-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("handoff/sorts.tsv")
        #expect(try SortMemory.load(file, member: "maya").isEmpty, "no file: board order")
        try SortMemory.save([.handedOff: .sla, .queue: .age], for: "maya", in: file)
        try SortMemory.save([.sao: .company], for: "alex", in: file)
        try SortMemory.save([.handedOff: .meeting], for: "maya", in: file)
        #expect(try SortMemory.load(file, member: "maya") == [.handedOff: .meeting])
        #expect(try SortMemory.load(file, member: "alex") == [.sao: .company])
        #expect(SortMemory.file(environment: ["XDG_CONFIG_HOME": "/x"]).path == "/x/handoff/sorts.tsv")
        // A line it cannot read is left out; the rest still count.
        try Data("alex\tsao\tbogus\nalex\treturned\tage\nnonsense\n".utf8).write(to: file)
        #expect(try SortMemory.load(file, member: "alex") == [.returned: .age])
        // Not a regular file: refused with its path.
        try FileManager.default.removeItem(at: file)
        try FileManager.default.createDirectory(at: file, withIntermediateDirectories: true)
        #expect(throws: ConfigError.self) { try SortMemory.load(file, member: "alex") }
    }
}
