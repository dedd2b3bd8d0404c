import Foundation
import HandoffCore

/// The pure heart of the board: a message in, the state changed, effects out.
public enum Update {
    /// The status line while a job waits for the store. It cannot tell a long read from a
    /// write queued behind another writer's lock, so it names both.
    static let waitingText = "waiting for the store… (a long read, or another writer's lock)"

    public static func update(_ state: inout AppState, _ message: Message) -> [Effect] {
        switch message {
        case .input(let event):
            if case .key = event { state.statusRead = max(state.statusRead, statusShown(state)?.serial ?? 0) }
            let effects = input(&state, event)
            return effects + extrasEffects(&state)
        case .storeChanged(let cards, let team, let now, let through):
            state.seenSequence = max(state.seenSequence, through)
            if let team {
                state.team = team
                state.role = state.role(on: team)
            }
            state.board.update(cards, now: now)
            pruneMarks(&state)
            keepSelectionVisible(&state)
            // Sources and reasons kept for `source:`/`reason:`: those of the changed leads again.
            let extras: [Effect] = state.board.extras != nil && !cards.isEmpty ? [.loadExtras(cards.map(\.id))] : []
            if case .detail(let id, _) = state.mode, cards.contains(where: { $0.id == id }) {
                return [.loadDetail(id)] + extras
            }
            return extras
        case .performed(let applied):
            state.busy = false
            state.seenSequence = max(state.seenSequence, applied.event.seq)
            if let lead = applied.lead {
                state.board.updateExtras(of: lead)
                state.board.update([lead.card], now: state.now)
            }
            if case .form = state.mode { state.mode = .board }
            state.status = StatusMessage(Describe.applied(applied), .success)
            if applied.event.type == .created, let lead = applied.lead {
                state.focus = 0
                state.selection[.queue] = lead.id
            }
            keepSelectionVisible(&state)
            if case .detail(let id, _) = state.mode { return [.loadDetail(id)] }
            return []
        case .refused(let text, let current):
            state.busy = false
            if let current { state.board.update([current.card], now: state.now) }
            if case .form(var form) = state.mode {
                form.error = text
                // A conflict: the card shows its new state; the input stays for a retry.
                if let current, current.id == form.lead { form.version = current.version }
                state.mode = .form(form)
            }
            state.status = StatusMessage(text, .error)
            keepSelectionVisible(&state)
            return []
        case .detailLoaded(var lead, let events):
            if case .detail(let open, _) = state.mode, open == lead.id {
                // The no-show limit is judged on the timeline (`NoShows.count`): the detail's
                // keys are dimmed, and its lines say so, by the same guard `decide` runs.
                lead.noShows = NoShows.count(in: events)
                state.detail = lead
                state.timeline = events
            }
            return []
        case .detailFailed(let id, let problem):
            // Back to the board with the reason, rather than "loading…" for ever.
            if case .detail(let open, _) = state.mode, open == id { state.mode = .board }
            state.status = StatusMessage(problem, .error)
            return []
        case .leadLoaded(let lead, let action):
            state.busy = false
            openForm(&state, action, lead)
            return []
        case .calibrationLoaded(let lead, let definition):
            state.busy = false
            openCalibration(&state, lead, definition: definition)
            return []
        case .bookLoaded(let lead, let proposal):
            state.busy = false
            openForm(&state, .book, lead, proposal: proposal)
            return []
        case .standupLoaded(let standup):
            state.standup = standup
            state.standupProblem = nil
            return []
        case .standupFailed(let problem):
            state.standup = nil
            state.standupProblem = problem
            return []
        case .connection(let problem):
            let wasLost = state.connectionProblem != nil
            state.connectionProblem = problem
            if problem == nil, wasLost {
                state.status = StatusMessage("reconnected to \(state.location): caught up with the changes made meanwhile", .success)
            }
            return []
        case .waiting:
            state.status = StatusMessage(Self.waitingText, .info)
            return []
        case .waited:
            if state.status?.text == Self.waitingText { state.status = nil }
            return []
        case .allLoaded(let cards, let now, let through):
            state.board.replaceAll(cards, now: now)
            keepSelectionVisible(&state)
            // Changes applied to the top of the board meanwhile may be older or newer than
            // the full read: read again whatever came after it.
            let reload = state.seenSequence > through
            state.seenSequence = through
            return (reload ? [.reload(after: through)] : []) + (state.isReadOnly ? [] : [.checkSLA])
        case .sortsNotSaved(let problem):
            state.status = StatusMessage("the column sorts could not be remembered: \(problem)", .error)
            return []
        case .bulkDone(let outcome):
            bulkDone(&state, outcome)
            if case .detail(let id, _) = state.mode { return [.loadDetail(id)] }
            return []
        case .settingsReloaded(let settings):
            settingsReloaded(&state, settings)
            return []
        case .settingsNotReloaded(let problem):
            settingsNotReloaded(&state, problem)
            return []
        case .extrasLoaded(let extras, let partial):
            state.board.extrasRequested = false
            state.board.setExtras(extras, partial: partial)
            keepSelectionVisible(&state)
            return []
        case .briefLoaded(let lead, let events):
            return [briefEffect(&state, lead, events)]
        case .copied(let id, let bytes, let route):
            state.status = copiedStatus(id, bytes: bytes, route)
            return []
        case .noticesLoaded(let read):
            return noticesLoaded(&state, read)
        case .slaNoticesLoaded(let notices):
            return slaNoticesLoaded(&state, notices)
        case .seenNotSaved(let problem):
            state.notices.cursorProblem = problem
            state.status = StatusMessage("what you have seen could not be remembered: \(problem)", .error)
            return []
        case .noticesFailed(let problem):
            state.status = StatusMessage("what is new for you could not be read: \(problem)", .error)
            return []
        case .tick(let now):
            guard now != state.board.sortedAt else { return [] }
            state.board.advance(to: now)
            // Clocks move without events: the SLA ladder's warnings are looked for each minute.
            return state.isReadOnly ? [] : [.checkSLA]
        }
    }

    static func input(_ state: inout AppState, _ event: InputEvent) -> [Effect] {
        switch event {
        case .resize(let width, let height):
            state.width = width
            state.height = height
            keepSelectionVisible(&state)
            return []
        case .mouse(let x, let y, let button):
            guard button == 1, state.mode == .board, !state.isTooSmall else { return [] }
            let layout = BoardLayout(state)
            if let hit = layout.hit(x: x, y: y, state: state) {
                state.focus = hit.column
                let column = Column.board[hit.column]
                let cards = state.board.cards(in: column)
                if cards.indices.contains(hit.card) { select(&state, cards[hit.card].id, index: hit.card) }
            }
            return []
        case .key(let key):
            if state.isTooSmall {
                // Only quitting works until the terminal is big enough: the board's quit keys.
                if state.keymap.action(for: key, in: .board) == .quit { state.quitting = true }
                return []
            }
            // The full report of a bulk action: any key closes it.
            if state.marks.report != nil {
                state.marks.report = nil
                return []
            }
            // The palette takes every key until it closes.
            if state.palette != nil { return paletteKey(&state, key) }
            switch state.mode {
            case .board:
                return boardKey(&state, key)
            case .form(var form):
                let effects = formKey(&state, &form, key)
                if case .form = state.mode { state.mode = .form(form) }
                return effects
            case .detail:
                // The card keys act on the open card; the rest read the detail.
                if let action = state.keymap.action(for: key, in: .card), action != .addLead {
                    return perform(&state, action)
                }
                guard let action = state.keymap.action(for: key, in: .overlay) else { return [] }
                return perform(&state, action)
            case .notices(let selected):
                return noticesKey(&state, key, selected: selected)
            case .help, .standup, .attention:
                guard let action = state.keymap.action(for: key, in: .overlay) else { return [] }
                return perform(&state, action)
            }
        }
    }

    static func boardKey(_ state: inout AppState, _ key: Key) -> [Effect] {
        if state.filtering {
            if let action = state.keymap.action(for: key, in: .filter) {
                // A move stops the typing and moves, keeping the filter.
                if ![.keepFilter, .clearFilter, .filterDeleteCharacter, .filterClearText].contains(action) {
                    state.filtering = false
                }
                return perform(&state, action)
            }
            guard case .char(let character) = key else { return [] }
            state.filter.append(character)
            applyFilter(&state)
            return []
        }
        if state.pendingGoTo {
            // `g` was pressed: this key says where to (anything else just ends the jump).
            state.pendingGoTo = false
            guard let action = state.keymap.action(for: key, in: .goTo) else { return [] }
            return perform(&state, action)
        }
        guard let action = state.keymap.action(for: key, in: .board) else { return [] }
        return perform(&state, action)
    }

    /// A view's key: its query becomes the filter (as if typed after `/`); the same key
    /// again shows every card.
    static func openView(_ state: inout AppState, _ index: Int) {
        guard state.views.indices.contains(index) else {
            let defined = state.views.isEmpty ? "config.toml has no [views]"
                : "config.toml's [views] defines \(state.views.count == 1 ? "1" : "1 to \(state.views.count)")"
            state.status = StatusMessage("no view \(index + 1): \(defined)", .error)
            return
        }
        let view = state.views[index]
        if state.activeView?.name == view.name {
            state.filter = ""
            state.status = StatusMessage("showing every card")
        } else {
            state.filter = view.query
            state.status = StatusMessage("view \(index + 1) · \(view.name): \(view.query)")
        }
        state.filtering = false
        applyFilter(&state)
    }

    /// Parses the filter; a query that does not parse (or asks what a board card does not
    /// hold) is shown in place, in the filter line, and the board keeps its last result.
    static func applyFilter(_ state: inout AppState) {
        state.filterError = nil
        if !FilterQuery.isPlainText(state.filter) {
            do {
                _ = try FilterQuery.parse(state.filter)
            } catch {
                state.filterError = error.message
                return
            }
        }
        state.board.setFilter(state.filter, onlyMine: state.onlyMine ? state.me : nil, thresholds: state.thresholds)
        // A filter that empties the focused column takes the focus to the first column it
        // matched in, so Enter opens what the user was looking for.
        if state.board.count(in: state.column) == 0,
           let found = Column.board.firstIndex(where: { state.board.count(in: $0) > 0 }) {
            state.focus = found
        }
        keepSelectionVisible(&state)
    }

    /// The mode with its scroll where the overlay shows it, from the overlay's line count
    /// (no drawing): scrolling past the last line stays there, so the first key back
    /// moves back. A detail still loading keeps the scroll asked for.
    static func clampedScroll(_ state: AppState) -> Mode {
        let height = Overlay.inside(width: state.width, height: state.height).height
        switch state.mode {
        case .detail(let id, let scroll):
            guard let count = DetailView.lineCount(state, lead: id) else { return state.mode }
            return .detail(id, scroll: Overlay.top(scroll, count: count, height: height))
        case .help(let scroll): return .help(scroll: Overlay.top(scroll, count: HelpView.lineCount(state), height: height))
        case .standup(let scroll): return .standup(scroll: Overlay.top(scroll, count: StandupView.lineCount(state), height: height))
        case .attention(let scroll):
            return .attention(scroll: Overlay.top(scroll, count: SLAView.lines(state).count, height: height))
        case .board, .form, .notices: return state.mode
        }
    }

    // MARK: Selection

    static func select(_ state: inout AppState, _ id: LeadID, index: Int) {
        state.selection[state.column] = id
        state.lastIndex[state.column] = index
        keepSelectionVisible(&state)
    }

    static func moveCard(_ state: inout AppState, by step: Int) {
        let cards = state.cards
        guard !cards.isEmpty else { return }
        let index = min(max(state.selectedIndex + step, 0), cards.count - 1)
        select(&state, cards[index].id, index: index)
    }

    /// Scrolls the focused column so its selection is on screen.
    static func keepSelectionVisible(_ state: inout AppState) {
        let layout = BoardLayout(state)
        for column in Column.board {
            let cards = state.board.cards(in: column)
            var index = 0
            if let id = state.selection[column], let found = cards.index(of: id, hint: state.lastIndex[column]) {
                index = found
            } else {
                index = min(state.lastIndex[column] ?? 0, max(cards.count - 1, 0))
                if cards.indices.contains(index) { state.selection[column] = cards[index].id }
            }
            state.lastIndex[column] = index
            let visible = max(layout.cardsPerColumn, 1)
            var top = state.scroll[column] ?? 0
            if index < top { top = index }
            if index >= top + visible { top = index - visible + 1 }
            top = max(0, min(top, max(cards.count - visible, 0)))
            state.scroll[column] = top
        }
    }
}
