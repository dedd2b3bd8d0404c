import Foundation
import HandoffCore
import HandoffStore

/// The run loop: the only impure part of the board. It reads a key or a store change,
/// hands it to `Update`, sends the effects to the store worker, and presents the view
/// only when something changed — an idle board writes nothing.
public final class BoardApp {
    let store: any BoardStore
    let terminal: any Terminal
    let clock: Now
    var state: AppState
    let worker = StoreWorker()
    /// This week's bookings, for the book form's proposal (read once, then kept up to date).
    let ledger = RoutingLedger()
    /// The store's change counter when last looked at.
    var seenCounter: Int
    /// Computes the standup `S` shows, as of a time and with the board's thresholds (the
    /// report engine's entry point depends on the store).
    let standup: @Sendable (any BoardStore, Date, Thresholds) throws -> Standup
    /// Writes the member's column sorts where the next board reads them; nil: not remembered.
    let saveSorts: (@Sendable ([Column: ColumnSort]) throws -> Void)?
    /// Reads config.toml, keys.toml and the theme again; nil: the board cannot reload.
    let reload: (@Sendable () throws -> BoardSettings)?
    /// Remembers what the member has seen (`n`) for their next board; nil: not remembered.
    let saveSeen: (@Sendable (SeenMark) throws -> Void)?
    /// How long to wait for a key before looking at the store again.
    static let pollMilliseconds = 100
    /// A write that takes longer than this says so in the status line.
    static let patience: TimeInterval = 0.4

    /// `me` is the member acting, as `Identity.decide` found them; with `readOnly`, the
    /// viewer's account, which may change nothing, and why. `personal`: a personal store's
    /// creator, who may act as any member. `known`: the roster and newest event already read
    /// to decide who `me` is (one round trip fewer each before the first frame).
    public init(store: any BoardStore, terminal: any Terminal, me: String, readOnly reason: String? = nil,
                personal: Bool = false, known: StoreIdentity? = nil, clock: Now = .system, thresholds: Thresholds = .standard,
                views: [SavedView] = [], sorts: [Column: ColumnSort] = [:],
                saveSorts: (@Sendable ([Column: ColumnSort]) throws -> Void)? = nil,
                notice: String? = nil, keymap: KeyRegistry = .standard,
                reload: (@Sendable () throws -> BoardSettings)? = nil, notices: NoticeSetup = NoticeSetup(),
                standup: @escaping @Sendable (any BoardStore, Date, Thresholds) throws -> Standup) throws {
        self.store = store
        self.terminal = terminal
        self.clock = clock
        self.standup = standup
        self.saveSorts = saveSorts
        self.reload = reload
        saveSeen = notices.save
        seenCounter = try store.changeCounter()
        // The team as of `newest`: the events after it are read on the first look for
        // changes, team events among them (a page read later may hold some already: reading
        // a card twice is harmless, missing one is not).
        let newest = try known?.sequence ?? store.lastSequence()
        let size = terminal.size
        // The first frame needs only the top of each column; a big board's other cards are
        // read behind it (`loadAll`), so opening takes the same time at any size.
        let now = clock()
        let page = try store.boardPage(limit: Self.firstPage, now: now)
        state = AppState(me: me, team: try known?.team ?? store.team(), cards: [], location: store.location,
                         now: now, width: size.width, height: size.height, thresholds: thresholds)
        state.board = BoardModel(page: page, now: now)
        state.readOnlyReason = reason
        state.policy = store.policy
        state.views = views
        state.keymap = keymap
        for (column, sort) in sorts { state.board.setSort(sort, for: column) }
        state.personal = personal
        state.role = state.role(on: state.team)
        if let reason {
            state.status = StatusMessage(reason, .error)
        } else if state.isReadOnly {
            state.status = StatusMessage("read-only: \(me) is not on the team roster", .error)
        } else if let notice {
            state.status = StatusMessage(SafeText.sanitize(notice), .error)
        }
        state.seenSequence = newest
        state.asciiCharts = !terminal.showsUnicode
        Update.keepSelectionVisible(&state)
        // A change committed after `known` was read and before the change counter was may
        // not move the counter again: read what came after `known` once, behind the frame.
        if known != nil { worker.submit(job(for: .reload(after: newest))) }
        if !page.isComplete { worker.submit(job(for: .loadAll)) }
        // The week's bookings behind the first frame, so the book form opens at once.
        let ledger = self.ledger, reader = self.store
        worker.submit {
            try? ledger.load(reader, now: now)
            return nil
        }
        for effect in Update.startNotices(&state, notices, newest: newest) { worker.submit(job(for: effect)) }
    }

    /// Cards per column in the first frame: more than the tallest terminal shows.
    static let firstPage = 100

    /// Runs until the user quits. The terminal is restored by the caller's `shutdown`.
    public func run() {
        var dirty = true
        var lastTick = clock()
        var waitingShown = false
        while !state.quitting {
            if dirty {
                terminal.show(state)
                dirty = false
            }
            // Results waiting: do not wait for a key. A job in flight: look again in 2 ms (a
            // finished job puts its result in the inbox before it stops counting as busy,
            // so nothing can slip between these two questions).
            let timeout = worker.hasResults ? 0 : worker.isBusy ? 2 : Self.pollMilliseconds
            if let event = terminal.nextEvent(timeoutMilliseconds: timeout) {
                send(.input(event))
                dirty = true
            }
            for message in worker.drain() {
                send(message)
                dirty = true
                if waitingShown {
                    // Answered: the waiting line goes (a job still slow says so again).
                    send(.waited)
                    waitingShown = false
                }
            }
            // A key's frame before the housekeeping below (a question to the store among it).
            if dirty, !state.quitting {
                terminal.show(state)
                dirty = false
            }
            if let since = worker.waitingSince, !waitingShown, Date().timeIntervalSince(since) > Self.patience {
                send(.waiting)
                waitingShown = true
                dirty = true
            }
            if !worker.isBusy, lookForChanges() { dirty = true }
            // SIGHUP: the handler only set a flag; the reload is a job like any other.
            switch terminal.takeHangup() {
            case .none: break
            case .reloadSettings: worker.submit(job(for: .reloadSettings))
            case .terminalGone: state.quitting = true
            }
            let problem = store.connectionProblem
            if problem != state.connectionProblem {
                send(.connection(problem))
                dirty = true
            }
            let now = clock()
            if now.timeIntervalSince(lastTick) >= 60 {
                lastTick = now
                send(.tick(now))
                dirty = true
            }
        }
        worker.settle()
    }

    /// Feeds a message through update and queues its effects with the worker.
    func send(_ message: Message) {
        // The theme is the terminal's: switched here, on the thread that draws.
        if case .settingsReloaded(let settings) = message, let theme = settings.theme { terminal.setTheme(theme) }
        if case .settingsReloaded(let settings) = message { store.policy = settings.noShow }
        for effect in Update.update(&state, message) {
            // The clipboard is the terminal's: written here, on the thread that draws.
            if case .copyToClipboard(let text, let lead) = effect {
                send(.copied(lead, bytes: text.utf8.count, terminal.copyToClipboard(text)))
                continue
            }
            if case .alert(let notices) = effect {
                terminal.announce(notices, settings: state.notices.settings)
                continue
            }
            let job = self.job(for: effect)
            worker.submit(job)
        }
    }

    /// Asks the store's change counter (cheap); on a change, queues a reload of only the
    /// leads touched since the newest event already seen.
    @discardableResult
    func lookForChanges() -> Bool {
        guard let counter = try? store.changeCounter(), counter != seenCounter else { return false }
        seenCounter = counter
        worker.submit(job(for: .reload(after: state.seenSequence)))
        if !state.isReadOnly { worker.submit(job(for: .loadNotices(after: state.notices.through))) }
        return false
    }

    /// For tests: waits for the worker and applies what it produced.
    func settle() {
        worker.settle()
        for message in worker.drain() { send(message) }
        worker.settle()
        for message in worker.drain() { send(message) }
    }
}
