import Foundation
import Testing

/// The benchmark suite (`handoff-bench`, Benchmarks/run) at a tiny size, so that it never
/// rots between the runs that fill BENCHMARKS.md, and so that CI checks through a real
/// pseudo-terminal what the benchmark reports: an idle board writes nothing, a selection
/// move costs few bytes, and a change made elsewhere reaches the screen.
@Suite("benchmark suite, smoke run", .serialized)
struct BenchmarkSuiteTests {
    /// `handoff-bench`: `$HANDOFF_BENCH_BIN`, else beside the `handoff` binary.
    static let path: String = {
        if let explicit = ProcessInfo.processInfo.environment["HANDOFF_BENCH_BIN"], !explicit.isEmpty { return explicit }
        return URL(fileURLWithPath: Binary.path).deletingLastPathComponent().appendingPathComponent("handoff-bench").path
    }()

    @Test("a 300-lead run measures every figure, with an idle board silent")
    func smallRun() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("handoff-bench-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: folder) }
        let json = folder.appendingPathComponent("results.json").path
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let result = Sandbox.execute(Self.path, ["--sizes", "300", "--stores", folder.path, "--presses", "6", "--idle", "2",
                                                 "--propagations", "2", "--commands", "10", "--runs", "1", "--json", json],
                                     environment: ProcessInfo.processInfo.environment)
        try #require(result.status == 0, "\(result)")
        #expect(result.stdout.contains("| key → frame: move selection (median, p95) |"))
        let data = try #require(FileManager.default.contents(atPath: json))
        let all = try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
        let figures = try #require(all.first)
        #expect(figures["leads"] as? Int == 300)
        #expect((figures["events"] as? Int ?? 0) > 3_000, "about ten events a lead")
        #expect(figures["idleBytes"] as? Int == 0, "an idle board writes nothing")
        #expect((figures["firstFrameBytes"] as? Int ?? 0) > 1_000, "the first frame is drawn in full")
        func median(_ key: String, _ field: String = "latency") -> Double {
            let values = ((figures[key] as? [String: Any])?[field] as? [String: Any])?["values"] as? [Double] ?? []
            return values.sorted().dropFirst(values.count / 2).first ?? .nan
        }
        #expect(median("move", "bytes") > 0 && median("move", "bytes") <= 200, "a selection move is a small diff")
        #expect(median("openCard") > 0)
        let propagation = (figures["propagation"] as? [String: Any])?["values"] as? [Double] ?? []
        #expect(propagation.count == 2 && propagation.allSatisfy { $0 < 1_000 }, "a change reaches the other board within a second")
    }

    @Test("the in-memory benchmarks read their options in one way: a tiny sla run measures, and bad options are refused, not defaulted")
    func storeBenchOptions() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("handoff-bench-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: folder) }
        let environment = ProcessInfo.processInfo.environment
        let run = Sandbox.execute(Self.path, ["sla", "--leads", "300", "--runs", "1", "--stores", folder.path],
                                  environment: environment)
        #expect(run.status == 0, "\(run)")
        #expect(run.stdout.contains("both paths agree on every card"), "\(run.stdout)")
        for (arguments, message) in [(["sla", "--bogus", "1"], "unknown argument --bogus"),
                                     (["filter", "--leads", "x"], "--leads needs a whole number of at least 1, not x"),
                                     (["routing", "--runs", "0"], "--runs needs a whole number of at least 1, not 0"),
                                     (["routing", "--stores", folder.path, "--runs"], "--runs needs a value")] {
            let refused = Sandbox.execute(Self.path, arguments, environment: environment)
            #expect(refused.status != 0 && refused.stderr.contains(message), "\(arguments): \(refused)")
        }
    }
}
