import Foundation
import HandoffConfig
import HandoffCore

/// What landed for the member at this board: what is new since they last looked, what they
/// have seen on this board, and how far the log has been read for it.
public struct NoticesState: Sendable {
    /// New since the member last looked, newest first (at most `NoticeFeed.cap`).
    public var unseen: [Notice] = []
    /// Seen on this board (listed under the new ones).
    public var earlier: [Notice] = []
    /// What the open list shows as new: `unseen` as it was when `n` opened it.
    public var shown: [Notice] = []
    /// The newest event read for notices; the next read starts after it.
    public var through: Int64 = 0
    /// When the member last looked (`n`), as remembered on this machine; and the look
    /// before it, which the open list is about.
    public var lastLooked: SeenMark?
    public var previousLook: SeenMark?
    /// The status line's sentence for what just landed; it gives way to newer messages.
    public var news: StatusMessage?
    /// `[notify]` in config.toml: the bell and desktop notices.
    public var settings: NotifySettings = .off
    /// Whether what is seen can be remembered (nil: it can), and why not.
    public var cursorProblem: String?
    /// `[sla]`: the ladder's settings, for its warnings and breaches on my cards.
    public var sla: SLASettings = .standard

    public init() {}

    /// The list `n` shows: the new ones, then those seen earlier on this board.
    public var items: [Notice] { shown + earlier }
}

/// What the board is given to tell the member what landed: `[notify]`, when they last
/// looked on this machine, and how to remember the next look.
public struct NoticeSetup: Sendable {
    public var settings: NotifySettings
    public var lastLooked: SeenMark?
    public var save: (@Sendable (SeenMark) throws -> Void)?
    /// Why the cursor file cannot be used (read or written); the board says so and goes on.
    public var problem: String?
    /// `[sla]`: the ladder whose warnings and breaches on my cards land too.
    public var sla: SLASettings

    public init(settings: NotifySettings = .off, lastLooked: SeenMark? = nil,
                save: (@Sendable (SeenMark) throws -> Void)? = nil, problem: String? = nil, sla: SLASettings = .standard) {
        self.sla = sla
        self.settings = settings
        self.lastLooked = lastLooked
        self.save = save
        self.problem = problem
    }
}

extension Update {
    /// What landed since the member last looked (`[notify]`, the cursor file), read behind
    /// the first frame. A first board remembers where the log stands, so the next can say.
    static func startNotices(_ state: inout AppState, _ setup: NoticeSetup, newest: Int64) -> [Effect] {
        state.notices.settings = setup.settings
        state.notices.sla = setup.sla
        state.notices.cursorProblem = setup.problem
        state.notices.lastLooked = setup.lastLooked
        state.notices.through = min(setup.lastLooked?.seq ?? newest, newest)
        guard !state.isReadOnly else { return [] }
        if let problem = setup.problem, state.status == nil {
            state.status = StatusMessage("what you have seen is not remembered: \(problem)", .error)
        }
        var effects: [Effect] = []
        if setup.lastLooked == nil, setup.problem == nil, setup.save != nil {
            let mark = SeenMark(seq: newest, at: state.now)
            state.notices.lastLooked = mark
            effects.append(.saveSeen(mark))
        }
        if state.notices.through < newest { effects.append(.loadNotices(after: state.notices.through)) }
        return effects + [Effect.checkSLA]
    }

    /// The job that finds the SLA ladder's warnings and breaches on my cards, off the UI
    /// thread: once a minute and when every card is in, never per key.
    static func slaCheck(_ state: AppState) -> @Sendable () -> Message? {
        let cards = state.board.leads
        let me = state.me
        let now = state.now
        let ladder = SLALadder(settings: state.notices.sla, thresholds: state.thresholds, team: state.team, around: now)
        return { .slaNoticesLoaded(NoticeFeed.slaNotices(for: me, cards: cards.values, ladder: ladder, now: now)) }
    }

    /// The clock's notices on my cards: those crossed since I last looked, and not known yet.
    static func slaNoticesLoaded(_ state: inout AppState, _ notices: [Notice]) -> [Effect] {
        let since = state.notices.lastLooked?.at ?? .distantPast
        let known = state.notices.unseen + state.notices.shown + state.notices.earlier
        let fresh = notices.filter { notice in
            notice.at > since && !known.contains { $0.lead == notice.lead && $0.kind == notice.kind && $0.at == notice.at }
        }
        return landed(&state, fresh)
    }

    /// What a read of the log found: only what is newer than the last read counts as new.
    static func noticesLoaded(_ state: inout AppState, _ read: NoticeRead) -> [Effect] {
        let fresh = read.notices.filter { $0.seq > state.notices.through }
        state.notices.through = max(state.notices.through, read.through)
        return landed(&state, fresh)
    }

    /// Notices that have just landed: kept as new, announced in the status line, and (if
    /// `[notify]` asks) rung and sent to the desktop.
    static func landed(_ state: inout AppState, _ fresh: [Notice]) -> [Effect] {
        guard !fresh.isEmpty, let headline = NoticeFeed.headline(fresh) else { return [] }
        state.notices.unseen = NoticeFeed.merge(state.notices.unseen, fresh)
        state.notices.news = StatusMessage(headline, .info)
        return state.notices.settings.isOn ? [.alert(fresh.sorted(by: Notice.newerFirst))] : []
    }

    /// `n`: opens the list of what is new, and marks it seen (remembered for the next board).
    static func openNotices(_ state: inout AppState) -> [Effect] {
        var notices = state.notices
        let before = notices.shown
        notices.shown = notices.unseen
        // What the list showed as new last time is now seen earlier, unless it came again.
        notices.earlier = Array(NoticeFeed.merge(notices.earlier, before).filter { seen in
            !notices.shown.contains { $0.lead == seen.lead && $0.kind == seen.kind }
        }.prefix(NoticeFeed.cap))
        notices.unseen = []
        notices.news = nil
        let mark = SeenMark(seq: notices.through, at: state.now)
        notices.previousLook = notices.lastLooked
        notices.lastLooked = mark
        state.notices = notices
        state.mode = .notices(selected: 0)
        return state.isReadOnly || notices.cursorProblem != nil ? [] : [.saveSeen(mark)]
    }

    /// A key in the list: move, go to the highlighted card, or close.
    static func noticesKey(_ state: inout AppState, _ key: Key, selected: Int) -> [Effect] {
        let count = state.notices.items.count
        if state.keymap.action(for: key, in: .board) == .openCard, state.notices.items.indices.contains(selected) {
            goToCard(&state, state.notices.items[selected].lead)
            return []
        }
        // `n` again closes what it opened, as `?` and `S` do.
        if state.keymap.action(for: key, in: .board) == .notifications {
            state.mode = .board
            return []
        }
        guard let action = state.keymap.action(for: key, in: .overlay) else { return [] }
        let page = max(Overlay.inside(width: state.width, height: state.height).height / 2, 1)
        let last = max(count - 1, 0)
        switch action {
        case .scrollUp: state.mode = .notices(selected: max(selected - 1, 0))
        case .scrollDown: state.mode = .notices(selected: min(selected + 1, last))
        case .scrollPageUp: state.mode = .notices(selected: max(selected - page, 0))
        case .scrollPageDown: state.mode = .notices(selected: min(selected + page, last))
        case .scrollTop: state.mode = .notices(selected: 0)
        case .scrollBottom: state.mode = .notices(selected: last)
        default: return perform(&state, action)
        }
        return []
    }

    /// Closes the list and selects the lead's card, or says why it cannot.
    static func goToCard(_ state: inout AppState, _ id: LeadID) {
        state.mode = .board
        guard let card = state.board.leads[id], let column = Column.board.firstIndex(of: card.column) else {
            state.status = StatusMessage("\(id) is not on the board now (archived, or not read yet)", .error)
            return
        }
        let cards = state.board.cards(in: card.column)
        guard let index = cards.index(of: id, hint: nil) else {
            state.status = StatusMessage("\(id) is in \(card.column.title), hidden by the filter (Esc on the board clears it)", .error)
            return
        }
        state.focus = column
        select(&state, id, index: index)
    }

    /// Which sentence the status line shows: what landed for me, unless something newer
    /// was said since (an action's outcome, a refusal).
    static func statusShown(_ state: AppState) -> StatusMessage? {
        guard let news = state.notices.news else { return state.status }
        guard let status = state.status else { return news }
        return status.serial > news.serial ? status : news
    }
}

extension Result {
    /// The success, or what `failure` makes of the error: a job's message either way.
    func get(or failure: (Failure) -> Success) -> Success {
        switch self {
        case .success(let value): value
        case .failure(let error): failure(error)
        }
    }
}
