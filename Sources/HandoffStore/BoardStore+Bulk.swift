import Foundation
import HandoffCore

extension BoardStore {
    /// Carries out `action` on each lead, one command per card through the same rules and
    /// the same write path as a single command (`execute(batch:)`), in one transaction. A
    /// card the rules refuse is left as it is and named with their sentence; the others
    /// change, and share one bulk id, so that `undoLast` takes them back together.
    public func bulk(_ action: BulkAction, on ids: [LeadID], as actor: String) throws -> BulkOutcome {
        guard !ids.isEmpty else { throw RuleError.invalid("no cards marked: Space marks the selected card") }
        guard ids.count <= BulkGroup.maximumCards else {
            throw RuleError.invalid("\(ids.count) cards marked: a bulk action takes at most \(BulkGroup.maximumCards); nothing was changed")
        }
        let group = UUID().uuidString.lowercased()
        var items: [BatchItem] = []
        var missing: [BulkOutcome.Refusal] = []
        for id in ids {
            if case .reassign = action {
                // A reassign keeps every field: the command carries the lead's own.
                guard let lead = try self.lead(id) else {
                    missing.append(BulkOutcome.Refusal(id, "no lead \(id)"))
                    continue
                }
                items.append(BatchItem(action.command(for: lead), on: id, version: lead.version, group: group))
            } else if case .reassignMeeting(let ae, let note) = action {
                items.append(BatchItem(.reassignMeeting(ae: ae, note: note), on: id, group: group))
            } else if case .startCalibration(let names) = action {
                items.append(BatchItem(.startCalibration(with: names), on: id, group: group))
            } else {
                items.append(BatchItem(action == .archive ? .archive : .rework, on: id, group: group))
            }
        }
        let result = try execute(batch: items, as: actor, options: BatchOptions(mode: .skipRefused, skipDuplicates: false))
        var refused = missing
        var last: Int64 = 0
        for (item, outcome) in zip(items, result.outcomes) {
            switch outcome {
            case .applied(_, let seq): last = max(last, seq)
            case .refused(let error): refused.append(BulkOutcome.Refusal(item.lead ?? LeadID(0), error.description))
            case .duplicate: break
            }
        }
        let done = result.applied
        return BulkOutcome(verb: action.verb, done: done, refused: refused.sorted { $0.lead < $1.lead },
                           cards: try cards(ids: done), lastSequence: last)
    }
}
