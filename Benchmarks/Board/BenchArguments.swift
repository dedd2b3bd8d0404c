import Foundation
import BenchSupport

/// A subcommand's `--name value` pairs, read in one place: every benchmark takes its
/// options this way, so an unknown name, a name without its value or a number that is not
/// one gets the same clear error instead of a silent default.
struct BenchArguments {
    private var values: [String: String] = [:]

    /// Reads `arguments`; `known` are the names the subcommand takes, `usage` what the
    /// error for any other name points to.
    init(_ arguments: ArraySlice<String>, known: [String], usage: String) throws {
        var rest = arguments
        while let name = rest.popFirst() {
            guard known.contains(name) else { throw BenchError("unknown argument \(name); \(usage)") }
            guard let value = rest.popFirst() else { throw BenchError("\(name) needs a value") }
            values[name] = value
        }
    }

    func string(_ name: String, or fallback: String) -> String { values[name] ?? fallback }

    /// A whole number of at least `minimum`, or `fallback` when the name was not given.
    func int(_ name: String, or fallback: Int, atLeast minimum: Int = 1) throws -> Int {
        guard let text = values[name] else { return fallback }
        guard let number = Int(text), number >= minimum else {
            throw BenchError("\(name) needs a whole number of at least \(minimum), not \(text)")
        }
        return number
    }

    func double(_ name: String, or fallback: Double, atLeast minimum: Double = 0) throws -> Double {
        guard let text = values[name] else { return fallback }
        guard let number = Double(text), number >= minimum else {
            throw BenchError("\(name) needs a number of at least \(minimum), not \(text)")
        }
        return number
    }

    /// The options of the in-memory benchmarks over a generated SQLite store (sla, filter,
    /// routing): its size, how many runs, and where the generated stores are kept.
    static func storeBench(_ arguments: ArraySlice<String>, runs: Int, usage: String) throws
        -> (leads: Int, runs: Int, stores: String) {
        let options = try BenchArguments(arguments, known: ["--leads", "--runs", "--stores"], usage: usage)
        return (try options.int("--leads", or: 100_000), try options.int("--runs", or: runs),
                options.string("--stores", or: NSTemporaryDirectory() + "handoff-bench"))
    }
}
