import Foundation
import HandoffCore

extension Update {
    /// Carries out a keymap action: moves, overlays, or opens the form for a command.
    static func perform(_ state: inout AppState, _ action: Action) -> [Effect] {
        switch action {
        case .columnLeft:
            state.focus = max(0, state.focus - 1)
        case .columnRight:
            state.focus = min(Column.board.count - 1, state.focus + 1)
        case .cardUp: moveCard(&state, by: -1)
        case .cardDown: moveCard(&state, by: 1)
        case .pageUp: moveCard(&state, by: -max(BoardLayout(state).cardsPerColumn, 1))
        case .pageDown: moveCard(&state, by: max(BoardLayout(state).cardsPerColumn, 1))
        case .firstCard: moveCard(&state, by: -state.cards.count)
        case .lastCard: moveCard(&state, by: state.cards.count)
        case .openCard:
            guard let card = state.selectedCard else { return [] }
            state.detail = nil
            state.timeline = []
            state.mode = .detail(card.id, scroll: 0)
            return [.loadDetail(card.id)]
        case .close:
            state.mode = .board
        case .filter:
            state.filtering = true
            state.board.prepareSearch()
        case .onlyMine:
            state.onlyMine.toggle()
            applyFilter(&state)
            state.status = StatusMessage(state.onlyMine ? "showing only your cards (m to show all)" : "showing every card")
        case .standup:
            state.mode = .standup(scroll: 0)
            return [.loadStandup]
        case .help:
            state.mode = .help(scroll: 0)
        case .quit:
            state.quitting = true
        case .addLead, .editLead, .score, .book, .outcome, .disposition, .rework, .dispute, .undo:
            return command(&state, action)
        }
        return []
    }

    /// Role and column checks up front, so a form never opens for something the rules
    /// would refuse anyway; the rules still decide in the end.
    static func command(_ state: inout AppState, _ action: Action) -> [Effect] {
        guard let role = state.role else {
            if let reason = state.readOnlyReason {
                state.status = StatusMessage(reason, .error)
                return []
            }
            state.status = StatusMessage("read-only: \(state.me) is not on the team roster (a team lead can add you with `handoff team add \(state.me) --role sdr|ae|lead`)", .error)
            return []
        }
        if let binding = Keymap.binding(for: action), !binding.allows(role) {
            let who = binding.roles.map { $0.map(\.title).sorted().joined(separator: " or ") } ?? "anyone"
            state.status = StatusMessage("you are \(role == .ae ? "an" : "a") \(role.title): “\(binding.description)” is for \(who)", .error)
            return []
        }
        if action == .addLead {
            state.mode = .form(Forms.addLead(team: state.team, me: state.me))
            return []
        }
        if action == .undo {
            state.busy = true
            return [.undo]
        }
        guard let card = detailCard(state) ?? state.selectedCard else {
            state.status = StatusMessage("no card selected", .error)
            return []
        }
        func needs(_ columns: [Column], _ doing: String) -> Bool {
            if columns.contains(card.column) { return true }
            state.status = StatusMessage("\(card.id) is in \(card.column.title): only \(columns.map(\.title).joined(separator: " or ")) cards can be \(doing)", .error)
            return false
        }
        switch action {
        case .score: guard needs([.queue], "scored") else { return [] }
        case .book: guard needs([.queue], "booked") else { return [] }
        case .outcome: guard needs([.handedOff], "given an outcome") else { return [] }
        case .disposition: guard needs([.handedOff], "dispositioned") else { return [] }
        case .dispute: guard needs([.returned], "disputed") else { return [] }
        case .rework:
            guard needs([.returned, .nurture], card.column == .nurture ? "reactivated" : "reworked") else { return [] }
            state.busy = true
            return [.execute(.rework, lead: card.id, version: card.version)]
        default: break
        }
        // The form needs the whole lead (scorecard, meeting, disposition): read it first.
        state.busy = true
        return [.loadLead(card.id, for: action)]
    }

    /// Opens the form `action` asked for, on the lead as just read from the store.
    static func openForm(_ state: inout AppState, _ action: Action, _ lead: Lead) {
        let definition = state.team.definition
        switch action {
        case .editLead:
            state.mode = .form(Forms.editLead(lead, team: state.team))
        case .score:
            state.mode = .form(Forms.score(lead, definition: definition))
        case .book:
            if let card = lead.scorecard, card.isQualified(against: definition) {
                state.mode = .form(Forms.book(lead, team: state.team))
            } else {
                let unmet = lead.scorecard?.unmetRequired(in: definition) ?? definition.requiredKeys
                state.status = StatusMessage("cannot book \(lead.id): not qualified — \(unmet.joined(separator: ", ")) not met (s to score)", .error)
            }
        case .outcome:
            state.mode = .form(Forms.outcome(lead))
        case .disposition:
            state.mode = .form(Forms.disposition(lead, definition: definition, reasons: RejectionReason.defaults))
        case .dispute:
            if state.role == .lead, lead.disputeOpen {
                state.mode = .form(Forms.resolve(lead))
            } else {
                state.mode = .form(Forms.dispute(lead))
            }
        default:
            break
        }
    }

    static func detailCard(_ state: AppState) -> Card? {
        guard case .detail(let id, _) = state.mode else { return nil }
        return state.board.leads[id]
    }

    static func formKey(_ state: inout AppState, _ form: inout Form, _ key: Key) -> [Effect] {
        switch key {
        case .escape:
            state.mode = .board
            state.status = StatusMessage("canceled")
            return []
        case .tab, .down:
            form.moveFocus(by: 1)
        case .backTab, .up:
            form.moveFocus(by: -1)
        case .enter:
            guard !state.busy else { return [] }
            do {
                let command = try FormSubmission.command(for: form, now: state.now)
                form.error = nil
                state.busy = true
                return [.execute(command, lead: form.lead, version: form.version)]
            } catch {
                form.error = error.description
            }
        case .ctrl("c"):
            state.quitting = true
        default:
            _ = form.edit(key)
        }
        return []
    }
}
