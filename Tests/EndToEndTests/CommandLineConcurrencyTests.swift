import Foundation
import Testing

/// Several people, one store: exactly one of two racing changes wins; nothing is lost.
@Suite("command line: concurrency")
struct CommandLineConcurrencyTests {
    /// Runs each argument list as its own process, all at once.
    func together(_ sandbox: Sandbox, _ runs: [(user: String, arguments: [String])]) -> [RunResult] {
        let results = Results(count: runs.count)
        DispatchQueue.concurrentPerform(iterations: runs.count) { index in
            results.set(index, sandbox.run(runs[index].arguments, as: runs[index].user))
        }
        return results.all
    }

    @Test func twoProcessesFromTheSameVersionExactlyOneWins() {
        let sandbox = Sandbox()
        sandbox.seedTeam()
        sandbox.now = "2026-11-23 09:00"
        let id = sandbox.qualifiedLead("Acme")
        let version = sandbox.show(id)?["version"] as? Int ?? 0
        let results = together(sandbox, [
            ("sam", ["book", id, "--ae", "alex", "--at", "2026-11-24 10:00", "--expect-version", "\(version)"]),
            ("lee", ["book", id, "--ae", "ava", "--at", "2026-11-25 10:00", "--expect-version", "\(version)"]),
        ])
        let statuses = results.map(\.status).sorted()
        #expect(statuses == [0, 4], "\(results)")
        let loser = results.first { $0.status == 4 }
        #expect(loser?.stderr.contains("was changed by") == true, "\(results)")
        #expect(loser?.stderr.contains("Handed off") == true, "\(results)")
        #expect(sandbox.show(id)?["version"] as? Int == version + 1)
        #expect(sandbox.run(["doctor"]).status == 0)
    }

    @Test func eightProcessesOnANewFile() {
        let sandbox = Sandbox()
        // Eight people create the store at the same moment: one founds it, the others are told.
        let founders = together(sandbox, (0..<8).map { ("lee", ["init", "--lead", "lead\($0)", "--personal"]) })
        #expect(founders.filter { $0.status == 0 }.count == 1, "\(founders)")
        #expect(founders.filter { $0.status == 3 && $0.stderr.contains("already has a team") }.count == 7, "\(founders)")
        let lead = sandbox.run(["team", "list", "--format", "json"]).stdout
        let name = ["lead0", "lead1", "lead2", "lead3", "lead4", "lead5", "lead6", "lead7"].first { lead.contains($0) } ?? "?"
        for index in 0..<8 {
            sandbox.run(["team", "add", "sdr\(index)", "--role", "sdr"], as: name)
        }
        // Then eight SDRs append at once, ten leads each.
        let adds = together(sandbox, (0..<80).map { ("sdr\($0 % 8)", ["lead", "add", "--company", "Co \($0)", "--contact", "P \($0)"]) })
        #expect(adds.allSatisfy { $0.status == 0 }, "\(adds.filter { $0.status != 0 })")
        let ids = Set(adds.map { $0.stdout.trimmingCharacters(in: .whitespacesAndNewlines) })
        #expect(ids.count == 80)
        let doctor = sandbox.run(["doctor"])
        #expect(doctor.status == 0, "\(doctor)")
        #expect(doctor.stdout.contains("80 leads"), "\(doctor)")
    }
}

/// Collects results from concurrent runs.
final class Results: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [RunResult?]

    init(count: Int) { values = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ value: RunResult) {
        lock.lock()
        values[index] = value
        lock.unlock()
    }

    var all: [RunResult] {
        lock.lock()
        defer { lock.unlock() }
        return values.compactMap { $0 }
    }
}
