import Foundation
import HandoffCore

extension Update {
    /// Carries out a keymap action: moves, overlays, or opens the form for a command.
    static func perform(_ state: inout AppState, _ action: Action) -> [Effect] {
        if let effects = markAction(&state, action) { return effects }
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
        case .scrollUp, .scrollDown, .scrollPageUp, .scrollPageDown, .scrollTop, .scrollBottom:
            scrollOverlay(&state, action)
        case .keepFilter:
            state.filtering = false
            applyFilter(&state)
        case .clearFilter:
            state.filtering = false
            state.filter = ""
            applyFilter(&state)
        case .filterDeleteCharacter:
            if !state.filter.isEmpty { state.filter.removeLast() }
            applyFilter(&state)
        case .filterClearText:
            state.filter = ""
            applyFilter(&state)
        case .goTo:
            state.pendingGoTo = true
        case .cycleSort:
            let column = state.column
            let sort = (state.board.sorts[column] ?? .board).next
            state.board.setSort(sort, for: column)
            keepSelectionVisible(&state)
            state.status = StatusMessage("\(column.title) sorted by \(sort.label)" + (sort == .board ? "" : " (t: next)"))
            return [.saveSorts(state.board.sorts)]
        case .column1, .column2, .column3, .column4, .column5:
            if let index = action.columnIndex { state.focus = index }
            keepSelectionVisible(&state)
        case .view1, .view2, .view3, .view4, .view5, .view6, .view7, .view8, .view9:
            if let index = action.viewIndex { openView(&state, index) }
        case .mark, .markRange, .clearMarks, .reassign, .archive, .redo, .reassignMeeting, .calibrate:
            // Carried out by `markAction`, before this switch.
            break
        case .copyBrief:
            return copyBrief(&state)
        case .notifications:
            return openNotices(&state)
        case .attention:
            openAttention(&state)
        case .openPalette:
            state.palette = PaletteState()
        case .reloadSettings:
            return [.reloadSettings]
        case .nextField, .previousField, .submit, .cancelForm,
             .paletteRun, .paletteClose, .palettePrevious, .paletteNext:
            // Form and palette keys act on the open form or palette (`formKey`, `paletteKey`).
            break
        }
        return []
    }

    /// Scrolls the open overlay, then clamps at its last screenful from its line count.
    static func scrollOverlay(_ state: inout AppState, _ action: Action) {
        let page = state.height / 2
        func moved(_ scroll: Int) -> Int {
            switch action {
            case .scrollUp: max(0, scroll - 1)
            case .scrollDown: scroll + 1
            case .scrollPageUp: max(0, scroll - page)
            case .scrollPageDown: scroll + page
            case .scrollTop: 0
            default: Int.max / 2
            }
        }
        switch state.mode {
        case .detail(let id, let scroll): state.mode = .detail(id, scroll: moved(scroll))
        case .help(let scroll): state.mode = .help(scroll: moved(scroll))
        case .standup(let scroll): state.mode = .standup(scroll: moved(scroll))
        case .attention(let scroll): state.mode = .attention(scroll: moved(scroll))
        case .board, .form, .notices: return
        }
        state.mode = clampedScroll(state)
    }

    /// Asks the rules first (`AppState.permission`), so a form never opens for something
    /// they would refuse, and the refusal is their sentence; they still decide in the end.
    static func command(_ state: inout AppState, _ action: Action) -> [Effect] {
        if let reason = state.permission(for: action)?.reason {
            state.status = StatusMessage(reason, .error)
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
        guard let card = state.actionCard else {
            state.status = StatusMessage(AppState.noCardSelected, .error)
            return []
        }
        if action == .rework {
            state.busy = true
            return [.execute(.rework, lead: card.id, version: card.version)]
        }
        // The form needs the whole lead (scorecard, meeting, disposition): read it first.
        state.busy = true
        return [.loadLead(card.id, for: action)]
    }

    /// Opens the form `action` asked for, on the lead as just read from the store. The full
    /// lead answers what a card could not (is it qualified? was the dispute ruled on?).
    static func openForm(_ state: inout AppState, _ action: Action, _ lead: Lead, proposal: RoutingProposal? = nil) {
        if let reason = state.permission(for: action, on: lead.facts)?.reason {
            state.status = StatusMessage(reason, .error)
            return
        }
        let definition = state.team.definition
        switch action {
        case .editLead:
            state.mode = .form(Forms.editLead(lead, team: state.team))
        case .score:
            state.mode = .form(Forms.score(lead, definition: definition))
        case .book:
            state.mode = .form(Forms.book(lead, team: state.team, proposal: proposal))
        case .outcome:
            state.mode = .form(Forms.outcome(lead, policy: state.policy))
        case .disposition:
            state.mode = .form(Forms.disposition(lead, definition: definition, reasons: RejectionReason.defaults))
        case .dispute:
            if Action.disputeKind(role: state.role, lead: lead.facts) == .resolve {
                state.mode = .form(Forms.resolve(lead))
            } else {
                state.mode = .form(Forms.dispute(lead))
            }
        default:
            break
        }
    }

    /// A form's keys from the registry; any other key edits the focused field.
    static func formKey(_ state: inout AppState, _ form: inout Form, _ key: Key) -> [Effect] {
        guard let action = state.keymap.action(for: key, in: .form) else {
            _ = form.edit(key)
            return []
        }
        switch action {
        case .cancelForm:
            state.mode = .board
            state.status = StatusMessage("canceled")
            return []
        case .nextField:
            form.moveFocus(by: 1)
        case .previousField:
            form.moveFocus(by: -1)
        case .submit:
            guard !state.busy else { return [] }
            if case .reassign(let leads) = form.purpose { return submitReassign(&state, &form, leads) }
            if case .reassignMeeting(let leads) = form.purpose { return submitReassignMeeting(&state, &form, leads) }
            if case .calibrationStart(let leads) = form.purpose { return submitCalibrationStart(&state, &form, leads) }
            if let replan = Forms.replanned(form, team: state.team, now: state.now) {
                form = replan.form
                if replan.stop { return [] }
            }
            do {
                let command = try FormSubmission.command(for: form, now: state.now)
                form.error = nil
                state.busy = true
                return [.execute(command, lead: form.lead, version: form.version)]
            } catch {
                form.error = error.description
            }
        case .quit:
            state.quitting = true
        default:
            break
        }
        return []
    }
}
