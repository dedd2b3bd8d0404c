import Foundation
import HandoffCore

/// Which leads to read.
public struct LeadQuery: Sendable {
    public var columns: [Column]?
    public var owner: String?
    public var includeArchived: Bool

    public init(columns: [Column]? = nil, owner: String? = nil, includeArchived: Bool = false) {
        self.columns = columns
        self.owner = owner
        self.includeArchived = includeArchived
    }
}

/// The shared state store: an append-only event log with the board's projection kept in
/// the same transaction. Every write goes through `execute` or `undo`.
public protocol BoardStore: AnyObject, Sendable {
    /// Where the store lives, for status lines and messages.
    var location: String { get }

    /// The no-show policy new commands are held to (`policy`, StorePolicy.swift).
    var policySetting: PolicySetting { get }

    /// Creates the team with its first team lead. Refused if the store already has a team.
    /// `founding` (recorded on the first event) names the account that creates the store,
    /// which becomes the lead's login, and says whether the store is personal.
    @discardableResult
    func initialize(lead: String, founding: Founding?) throws -> Applied

    /// How the store was founded (nil for a store without a team, or founded before this was
    /// recorded): whether it is personal, and for which account.
    func founding() throws -> Founding?

    /// The account this process is authenticated as, which the roster's logins map to a
    /// member: the operating-system user for a SQLite file (effective uid), the database's
    /// `session_user` for PostgreSQL.
    func account() throws -> String

    /// The roster, the account, the founding and the write grant, read together
    /// (`StoreIdentity`); the default reads them one at a time.
    func identityFacts() throws -> StoreIdentity

    /// Decides `command` against the lead as it stands now and appends its event. With
    /// `expecting`, the command was decided on that version of the lead, and a newer
    /// version is a conflict.
    @discardableResult
    func execute(_ command: Command, on lead: LeadID?, as actor: String, expecting version: Int?) throws -> Applied

    /// Undoes the newest change still in effect on `lead`, or the actor's own last change.
    @discardableResult
    func undo(_ lead: LeadID?, as actor: String, expecting version: Int?) throws -> Applied

    /// Undoes the actor's last action still in effect: one change, or a bulk action whole
    /// (every card of it that can be, each refusal with the rules' sentence).
    func undoLast(as actor: String) throws -> BulkOutcome

    /// Makes again what the actor's last undo took back (a bulk undo whole), while nobody
    /// has changed those cards since.
    func redoLast(as actor: String) throws -> BulkOutcome

    /// Decides and appends many commands in one transaction (an import). Each refusal is
    /// reported with its command's index; `options` say whether one refusal rolls back all.
    func execute(batch: [BatchItem], as actor: String, options: BatchOptions,
                 progress: ((Int) -> Void)?) throws -> BatchResult

    /// `execute(batch:)` of items as `feed` delivers them (a CSV import's rows, planned on
    /// another thread while the rows before them are written). The batch commits only if
    /// the feed allows it when it ends (`BatchFeed.end(commits:)`).
    func execute(feed: BatchFeed, as actor: String, options: BatchOptions,
                 progress: ((Int) -> Void)?) throws -> BatchResult

    /// Appends a whole exported log to an empty store and projects it: the board it was
    /// exported from, rebuilt, in one transaction, batch by batch as `source` reads it.
    /// Refused if the store has any event, or the log does not fit; then nothing is kept.
    @discardableResult
    func importEvents(from source: EventSource) throws -> DoctorReport

    func team() throws -> Team
    /// The SQL definition of `version` (every version is kept; a calibration is scored
    /// against the one its lead was handed off under), nil when there is none.
    func definition(version: Int) throws -> Definition?
    func lead(_ id: LeadID) throws -> Lead?
    /// The leads of `query`, in id order. A stored lead that cannot be read is recorded in
    /// `damaged` (named, with its field) and left out; without `damaged` it is thrown.
    func leads(_ query: LeadQuery, damaged: DamagedLeads?) throws -> [Lead]
    /// What the board draws of each lead: much cheaper to read than whole leads.
    func cards(_ query: LeadQuery) throws -> [Card]
    /// Each board lead's source and return reasons (`source:` and `reason:` on the board),
    /// as `FilterQuery.LeadExtras` takes them from the lead.
    func leadExtras() throws -> [LeadID: FilterQuery.LeadExtras]
    func cards(ids: [LeadID]) throws -> [Card]
    /// The first frame's worth of the board: each column's count, and its first `limit`
    /// cards in board order (what needs attention at `now` first, then the longest in the
    /// column, then by id). The board draws this at once and reads the rest behind it.
    func boardPage(limit: Int, now: Date) throws -> BoardPage
    /// A lead's events, oldest first.
    func history(of lead: LeadID) throws -> [Event]
    /// The booking events (booked, reassigned, undone) at or after `start`, in log order,
    /// for the rotation (`Routing`; BoardStore+Routing.swift); with `proposals`, each
    /// booking's actor and proposed AE too (the report's overrides).
    func routingFacts(since start: Date, proposals: Bool) throws -> [RoutingFact]
    /// All events after `seq`, oldest first (the change feed and export).
    func events(after seq: Int64, limit: Int?) throws -> [Event]
    /// The newest event's sequence number (0 for an empty log).
    func lastSequence() throws -> Int64
    /// A number that changes whenever anyone (this process or another) commits to the
    /// store: cheap enough to ask several times a second.
    func changeCounter() throws -> Int
    func doctor() throws -> DoctorReport
    /// Reads what an export writes (the chosen leads and the whole log) from one
    /// consistent view of the store, a page at a time where the store can.
    func withExportPages<T>(_ query: LeadQuery, _ body: (ExportPages) throws -> T) throws -> T
    /// The standup over `period`, as of `now` (nil: the store's clock): `handoff report`
    /// and the board's `S`.
    func standup(period: Period, settings: Thresholds, grouping: ReportGrouping, now: Date?) throws -> Standup
    /// Why the store cannot be reached right now (a server connection lost and being
    /// retried), for the board's status line; nil when all is well.
    var connectionProblem: String? { get }
}

extension BoardStore {
    /// Every card: right for a store that cannot ask for a column's top in order.
    public func boardPage(limit: Int, now: Date) throws -> BoardPage {
        let cards = try self.cards(LeadQuery())
        var counts: [Column: Int] = [:]
        for card in cards { counts[card.column, default: 0] += 1 }
        return BoardPage(counts: counts, cards: cards, isComplete: true)
    }

    /// Read from every lead: right for any store (SQLite reads the two fields alone).
    public func leadExtras() throws -> [LeadID: FilterQuery.LeadExtras] {
        Dictionary(try leads(LeadQuery()).map { ($0.id, FilterQuery.LeadExtras($0)) }, uniquingKeysWith: { $1 })
    }

    /// The leads of `query`; the first stored lead that cannot be read is thrown, naming
    /// itself and its field.
    public func leads(_ query: LeadQuery) throws -> [Lead] {
        try leads(query, damaged: nil)
    }

    /// A file on this host is always reachable.
    public var connectionProblem: String? { nil }

    /// Founds the team with its lead's name as their login, on a store that is not personal.
    @discardableResult
    public func initialize(lead: String) throws -> Applied {
        try initialize(lead: lead, founding: nil)
    }

    /// The founding as the log's first event records it.
    public func founding() throws -> Founding? {
        try events(after: 0, limit: 1).first?.payload.founding
    }

    @discardableResult
    public func execute(_ command: Command, on lead: LeadID? = nil, as actor: String) throws -> Applied {
        try execute(command, on: lead, as: actor, expecting: nil)
    }

    public func execute(batch: [BatchItem], as actor: String, options: BatchOptions) throws -> BatchResult {
        try execute(batch: batch, as: actor, options: options, progress: nil)
    }
}

/// The outcome of `handoff doctor`.
public struct DoctorReport: Sendable, Equatable {
    public var events: Int
    public var leads: Int
    public var problems: [String]

    public init(events: Int, leads: Int, problems: [String]) {
        self.events = events
        self.leads = leads
        self.problems = problems
    }

    public var isClean: Bool { problems.isEmpty }
}

extension BoardStore {
    /// `importEvents(from:)` of events in hand.
    @discardableResult
    public func importEvents(_ events: [Event]) throws -> DoctorReport {
        try importEvents(from: .events(events))
    }
}
