import ArgumentParser
import Foundation
import HandoffCore

/// The criteria of a scorecard as `score` and `calibrate score` take them: --met KEY=EVIDENCE,
/// --not-met KEY, --unknown KEY, each as often as needed.
struct ScoreOptions: ParsableArguments {
    @Option(name: .customLong("met"), parsing: .singleValue, help: ArgumentHelp("A criterion that is met, with its evidence.", valueName: "KEY=EVIDENCE"))
    var met: [String] = []
    @Option(name: .customLong("not-met"), parsing: .singleValue, help: ArgumentHelp("A criterion that is not met.", valueName: "KEY"))
    var notMet: [String] = []
    @Option(name: .customLong("unknown"), parsing: .singleValue, help: ArgumentHelp("A criterion not yet known.", valueName: "KEY"))
    var unknown: [String] = []

    func validate() throws {
        guard !(met.isEmpty && notMet.isEmpty && unknown.isEmpty) else {
            throw ValidationError("give at least one --met KEY=EVIDENCE, --not-met KEY or --unknown KEY")
        }
    }

    /// Each criterion with its status and evidence; the rules check the keys and the evidence.
    var scores: [String: CriterionScore] {
        var scores: [String: CriterionScore] = [:]
        for item in met {
            let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = String(parts[0]).trimmingCharacters(in: .whitespaces)
            let evidence = parts.count > 1 ? String(parts[1]) : ""
            scores[key] = CriterionScore(status: .met, evidence: evidence)
        }
        for key in notMet { scores[key.trimmingCharacters(in: .whitespaces)] = CriterionScore(status: .notMet) }
        for key in unknown { scores[key.trimmingCharacters(in: .whitespaces)] = CriterionScore(status: .unknown) }
        return scores
    }
}
