import Foundation
import HandoffStore

extension DamagedLeads {
    /// After a listing or an export that left out the leads it could not read: names each
    /// on standard error and fails (exit 1), so that a script never takes a partial list
    /// for the whole board.
    static func refuse(_ damaged: DamagedLeads, doing done: String) throws {
        let count = damaged.problems.count
        guard count > 0 else { return }
        fflush(nil)
        for problem in damaged.problems { warn("handoff: " + safe(problem.description)) }
        throw CLIFailure(code: 1, message: "\(done), leaving out \(count) damaged lead\(count == 1 ? "" : "s") that cannot be read (named above); `handoff doctor` lists every problem")
    }
}
