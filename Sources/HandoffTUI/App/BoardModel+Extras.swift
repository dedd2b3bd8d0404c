import Foundation
import HandoffCore

/// `reason:` and `source:` on the board: a card carries neither, so the board reads each
/// lead's source and return reasons from the store when such a query is first typed, and
/// matches with the core's one matcher (`FilterQuery.matches(_:source:reasons:…)`), as
/// `handoff lead list --where` does with the same `LeadExtras`.
extension BoardModel {
    /// Whether the filter asks what only the leads hold, and they have not been read yet.
    var needsExtras: Bool { query?.needsLead == true && extras == nil && !extrasRequested }

    /// Takes the leads' extras (all of them, or `partial` ones, replacing theirs) and
    /// filters again with them.
    mutating func setExtras(_ read: [LeadID: FilterQuery.LeadExtras], partial: Bool) {
        if partial, var known = extras {
            for (id, extra) in read { known[id] = extra }
            extras = known
        } else if !partial {
            extras = read
        }
        if query != nil { applyFilter(from: nil) }
    }

    /// A lead the board saw change in full (its own command): its extras, if they are kept.
    mutating func updateExtras(of lead: Lead) {
        guard extras != nil else { return }
        extras?[lead.id] = FilterQuery.LeadExtras(lead)
    }
}

extension Update {
    /// A filter that asks `source:` or `reason:` reads the leads' extras once; until they
    /// arrive it matches no card, and the status line says why.
    static func extrasEffects(_ state: inout AppState) -> [Effect] {
        guard state.board.needsExtras else { return [] }
        state.board.extrasRequested = true
        state.status = StatusMessage("reading each lead's source and return reasons for this filter…")
        return [.loadExtras(nil)]
    }
}
