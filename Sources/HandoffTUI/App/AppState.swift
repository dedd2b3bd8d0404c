import Foundation
import HandoffCore
import Synchronization

/// What the status line says after an action.
public struct StatusMessage: Sendable, Equatable {
    public enum Kind: Sendable { case info, success, error }
    public var text: String
    public var kind: Kind
    /// Which message this is: the same sentence said again (a key pressed twice) is a new
    /// message, which plain mode reads out again. Not part of equality.
    public let serial: Int

    private static let issued = Atomic<Int>(0)

    public init(_ text: String, _ kind: Kind = .info) {
        self.text = text
        self.kind = kind
        serial = Self.issued.add(1, ordering: .relaxed).newValue
    }

    public static func == (lhs: StatusMessage, rhs: StatusMessage) -> Bool {
        lhs.text == rhs.text && lhs.kind == rhs.kind
    }
}

/// What fills the screen above the board.
public enum Mode: Sendable, Equatable {
    case board
    case detail(LeadID, scroll: Int)
    case help(scroll: Int)
    case form(Form)
    case standup(scroll: Int)
    /// `n`: what landed for me; the highlighted line.
    case notices(selected: Int)
    /// `!`: the team lead's attention list (cards past their SLA), computed when opened.
    case attention(scroll: Int)
}

/// The whole app as a value: `update` changes it, `view` draws it.
public struct AppState: Sendable {
    /// The member acting, as the roster names them; for a read-only viewer, their account.
    public var me: String
    public var role: Role?
    /// Why this viewer may only read (their account is on no member's login); nil for a member.
    public var readOnlyReason: String?
    /// On a personal store, whose creator may act as any member: the status line says so.
    public var personal = false
    public var location: String
    public var width: Int
    public var height: Int
    public var team: Team
    public var board: BoardModel
    public var thresholds: Thresholds
    /// config.toml's `[routing]`: how the book form proposes an AE.
    public var routing = RoutingSettings()
    /// config.toml's `[no_show]`: the limit the keys are dimmed by (the store decides by it too).
    public var policy = RulePolicy.standard
    public var focus: Int = 0
    public var selection: [Column: LeadID] = [:]
    /// The index of the first card drawn, per column.
    public var scroll: [Column: Int] = [:]
    public var filter: String = ""
    public var filtering = false
    /// Why the typed filter is not a query (shown in the filter line); nil when it is.
    public var filterError: String?
    /// config.toml's `[views]`, on keys 1 to 9.
    public var views: [SavedView] = [] {
        didSet { paletteEntries = CommandPalette.entries(keymap: keymap, views: views) }
    }
    /// `g` was pressed: the next key picks a column.
    public var pendingGoTo = false
    /// The cards marked for a bulk action (Space, V), and what the last one reported in full.
    public var marks = Marks()
    /// The keys in effect: the registry with keys.toml's changes.
    public var keymap = KeyRegistry.standard {
        didSet { paletteEntries = CommandPalette.entries(keymap: keymap, views: views) }
    }
    /// What the palette lists for the keys and views in effect: made when either changes,
    /// not at every frame the palette is drawn in.
    public private(set) var paletteEntries = CommandPalette.entries(keymap: .standard, views: [])
    /// The command palette (`:`), when open: it takes the keys until it closes.
    public var palette: PaletteState?
    public var onlyMine = false
    public var mode: Mode = .board
    public var status: StatusMessage?
    /// The newest message a key was pressed after: a refusal too long for the status line
    /// is shown whole above it until then (StatusLine).
    public var statusRead = 0
    /// The open card in full, and its timeline, loaded when its detail opens.
    public var detail: Lead?
    public var timeline: [Event] = []
    /// Set while a write is with the store.
    public var busy = false
    /// The newest event the board reflects; a live reload asks only for what came after.
    public var seenSequence: Int64 = 0
    public var quitting = false
    /// Why the store's server cannot be reached (a lost connection being retried); nil when all is well.
    public var connectionProblem: String?
    /// The standup `S` shows, computed by the store worker when `S` opens it (with the
    /// same thresholds as the markers); nil until it arrives.
    public var standup: Standup?
    /// `!`: the cards past their SLA ladder's breach when the list was opened.
    public var attention: [SLAAttention] = []
    /// Why the standup could not be computed, if it could not.
    public var standupProblem: String?
    /// Charts in ASCII, for a terminal whose locale cannot show block elements.
    public var asciiCharts = false
    /// What landed for me: new, seen, and where the log was last read (`NoticesState`).
    public var notices = NoticesState()

    public init(me: String, team: Team, cards: [Card], location: String, now: Date, width: Int = 80, height: Int = 24,
                thresholds: Thresholds = .standard) {
        self.me = me
        self.team = team
        self.role = team.member(me)?.role
        self.location = location
        self.width = width
        self.height = height
        self.thresholds = thresholds
        self.board = BoardModel(cards: cards, now: now)
    }

    public var now: Date { board.now }

    /// The view whose query is the filter now (nil once the filter is edited or cleared).
    public var activeView: SavedView? {
        filter.isEmpty ? nil : views.first { $0.query == filter }
    }

    /// Its key, 1 to 9.
    public var activeViewNumber: Int? {
        activeView.flatMap { view in views.firstIndex(of: view) }.map { $0 + 1 }
    }

    public var column: Column { Column.board[min(max(focus, 0), Column.board.count - 1)] }

    public var cards: ColumnCards { board.cards(in: column) }

    /// The selected card of the focused column, kept valid as cards come and go.
    public var selectedIndex: Int {
        let cards = self.cards
        guard !cards.isEmpty else { return 0 }
        if let id = selection[column], let index = cards.index(of: id, hint: lastIndex[column]) { return index }
        return min(lastIndex[column] ?? 0, cards.count - 1)
    }

    /// Where the selection was, so a card that leaves the column hands it to its neighbour.
    public var lastIndex: [Column: Int] = [:]

    public var selectedCard: Card? {
        let cards = self.cards
        return cards.isEmpty ? nil : cards[selectedIndex]
    }

    public var isReadOnly: Bool { role == nil }

    /// The acting member's role on `team`; none for a read-only viewer, even one whose
    /// account happens to be spelled like a member's name.
    func role(on team: Team) -> Role? {
        readOnlyReason == nil ? team.member(me)?.role : nil
    }

    public static let minimumWidth = 80
    public static let minimumHeight = 24

    public var isTooSmall: Bool { width < Self.minimumWidth || height < Self.minimumHeight }
}
