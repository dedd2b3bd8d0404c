import Foundation
import HandoffCore

/// Marks and bulk actions: Space marks the selected card, `V` marks a range, Esc clears;
/// with marks, `r`, `w` and `A` act on every marked card, one command per card through the
/// store's one write path. `u` undoes a bulk action whole; Ctrl-R redoes what `u` undid.
extension Update {
    /// Carries out the mark keys, and a bulk-capable key when cards are marked; nil for
    /// everything else (the ordinary path).
    static func markAction(_ state: inout AppState, _ action: Action) -> [Effect]? {
        switch action {
        case .mark:
            toggleMark(&state)
            return []
        case .markRange:
            markRange(&state)
            return []
        case .clearMarks:
            guard !state.marks.isEmpty else { return [] }
            state.marks.ids.removeAll()
            state.marks.anchor = nil
            state.status = StatusMessage("marks cleared")
            return []
        case .redo:
            if let reason = state.permission(for: .redo)?.reason {
                state.status = StatusMessage(reason, .error)
                return []
            }
            state.busy = true
            return [.redo]
        case .reassign:
            return openReassign(&state)
        case .reassignMeeting:
            return openReassignMeeting(&state)
        case .calibrate:
            return openCalibrate(&state)
        case .archive, .rework:
            guard let bulk = bulkAction(for: action) else { return nil }
            return startBulk(&state, bulk, action)
        default:
            return nil
        }
    }

    static func bulkAction(for action: Action) -> BulkAction? {
        switch action {
        case .archive: .archive
        case .rework: .rework
        default: nil
        }
    }

    /// The cards a bulk key acts on: the marked ones on the board; without marks, the
    /// selected card (the open one in the card detail).
    static func bulkTargets(_ state: AppState) -> [LeadID] {
        if state.mode == .board, !state.marks.isEmpty { return state.markedIDs }
        return state.actionCard.map { [$0.id] } ?? []
    }

    /// What marks are for, with the keys in effect (keys.toml may move them), after the
    /// count the status line already shows ("· 3 marked").
    static func marksHint(_ keymap: KeyRegistry) -> String {
        func key(_ action: Action) -> String { keymap.keys(for: action).first?.label ?? "—" }
        return "\(key(.reassign)) reassign, \(key(.reassignMeeting)) meeting to an AE, \(key(.rework)) rework, \(key(.archive)) archive the marked cards · \(key(.clearMarks)) clears the marks"
    }

    static func toggleMark(_ state: inout AppState) {
        guard state.mode == .board, let card = state.selectedCard else {
            state.status = StatusMessage(AppState.noCardSelected, .error)
            return
        }
        if state.marks.ids.remove(card.id) == nil { state.marks.ids.insert(card.id) }
        state.marks.anchor = card.id
        state.status = StatusMessage(state.marks.isEmpty ? "no cards marked" : Self.marksHint(state.keymap))
    }

    /// Marks every card between the anchor and the selected card in the focused column (the
    /// selected card alone when the anchor is not in this column).
    static func markRange(_ state: inout AppState) {
        let cards = state.cards
        guard let selected = state.selectedCard else {
            state.status = StatusMessage(AppState.noCardSelected, .error)
            return
        }
        let to = state.selectedIndex
        let from = state.marks.anchor.flatMap { cards.index(of: $0, hint: nil) } ?? to
        for index in min(from, to)...max(from, to) { state.marks.ids.insert(cards[index].id) }
        state.marks.anchor = selected.id
        state.status = StatusMessage(Self.marksHint(state.keymap))
    }

    /// `r`: a small form for the SDR the cards go to (the same pick list as `e`'s owner).
    static func openReassign(_ state: inout AppState) -> [Effect] {
        let targets = bulkTargets(state)
        if let reason = refusal(state, .reassign, .edit, targets) {
            state.status = StatusMessage(reason, .error)
            return []
        }
        let first = targets.count == 1 ? state.board.leads[targets[0]]?.owner : nil
        state.mode = .form(Forms.reassign(targets, team: state.team, first: first))
        return []
    }

    static func startBulk(_ state: inout AppState, _ bulk: BulkAction, _ action: Action) -> [Effect] {
        let targets = bulkTargets(state)
        if let reason = refusal(state, action, bulk.kind, targets) {
            state.status = StatusMessage(reason, .error)
            return []
        }
        // No marks: the selected card's own command, with its version (a conflict says so).
        let single = state.marks.isEmpty || state.mode != .board
        if single, let card = state.actionCard, bulk == .rework || bulk == .archive {
            state.busy = true
            return [.execute(bulk == .rework ? .rework : .archive, lead: card.id, version: card.version)]
        }
        state.busy = true
        return [.bulk(bulk, leads: targets)]
    }

    /// Why `action` does nothing now: on one card (no marks), the key's own answer (the
    /// full lead in the card detail); on marked cards, `bulkRefusal`.
    static func refusal(_ state: AppState, _ action: Action, _ kind: ActionKind, _ targets: [LeadID]) -> String? {
        if state.marks.isEmpty || state.mode != .board {
            guard state.actionCard != nil else { return AppState.noCardSelected }
            return state.permission(for: action)?.reason
        }
        return bulkRefusal(state, kind, targets)
    }

    /// Why a bulk key does nothing now: no card, a read-only viewer, or the rules refuse
    /// every target card (the first one's sentence). Nil when one card at least may change;
    /// the store decides each card again and reports the rest.
    static func bulkRefusal(_ state: AppState, _ kind: ActionKind, _ targets: [LeadID]) -> String? {
        guard !targets.isEmpty else { return AppState.noCardSelected }
        if let reason = state.readOnlyReason { return reason }
        var first: String?
        for id in targets {
            guard let card = state.board.leads[id] else { continue }
            let answer = Rules.check(kind, on: card.facts, actor: state.me, context: state.ruleContext)
            if answer.isAllowed { return nil }
            first = first ?? answer.reason
        }
        guard let first else { return AppState.noCardSelected }
        return targets.count == 1 ? first : "none of the \(targets.count) marked cards: \(first)"
    }

    /// The store's answer to a bulk action, an undo or a redo: the cards as they now stand,
    /// the summary in the status line (in full over the board when it does not fit), and
    /// the marks of the cards it changed cleared (refused ones stay marked, to look at).
    static func bulkDone(_ state: inout AppState, _ outcome: BulkOutcome) {
        state.busy = false
        state.seenSequence = max(state.seenSequence, outcome.lastSequence)
        state.board.update(outcome.cards, now: state.now)
        if case .form = state.mode { state.mode = .board }
        for id in outcome.done { state.marks.ids.remove(id) }
        state.marks.ids = state.marks.ids.filter { state.board.leads[$0] != nil }
        let summary = outcome.summary
        state.status = StatusMessage(summary, outcome.refused.isEmpty ? .success : .error)
        // The status line holds what follows the location; past that, the whole list.
        if SafeText.width(of: summary) > state.width / 2, !outcome.refused.isEmpty {
            state.marks.report = outcome.lines + ["", "any key closes this"]
        }
        keepSelectionVisible(&state)
    }

    /// After a refresh: marks of cards that left the board go.
    static func pruneMarks(_ state: inout AppState) {
        guard !state.marks.isEmpty else { return }
        state.marks.ids = state.marks.ids.filter { state.board.leads[$0] != nil }
    }
}
