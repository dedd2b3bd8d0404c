import HandoffCore

/// The cards marked for a bulk action. Marks are kept by lead, so they survive a refresh,
/// a sort and a filter: a filter that hides a marked card keeps its mark (the status line
/// counts it as hidden) and a bulk action still acts on it, as taskwarrior's tags or
/// mutt's tagged messages do. A card that leaves the board (archived) loses its mark.
public struct Marks: Sendable, Equatable {
    public var ids: Set<LeadID> = []
    /// The card a range (`V`) starts from: the last one marked or unmarked with Space.
    public var anchor: LeadID?
    /// The last bulk action's outcome in full, shown over the board when its summary does
    /// not fit the status line; any key closes it.
    public var report: [String]?

    public init() {}

    public var isEmpty: Bool { ids.isEmpty }
    public var count: Int { ids.count }

    public func contains(_ id: LeadID) -> Bool { ids.contains(id) }
}

extension AppState {
    /// The marked cards still on the board, in id order (what a bulk action acts on).
    var markedIDs: [LeadID] {
        marks.ids.filter { board.leads[$0] != nil }.sorted()
    }

    /// How many marked cards the filter (or `m`) hides now.
    var hiddenMarks: Int {
        guard !filter.isEmpty || onlyMine else { return 0 }
        let marked = marks.ids.compactMap { board.leads[$0] }
        // A few marks: look each up; many: one pass over the columns they are in.
        guard marked.count > 16 else {
            return marked.count { board.cards(in: $0.column).index(of: $0.id, hint: nil) == nil }
        }
        var shown = 0
        for column in Set(marked.map(\.column)) {
            shown += board.cards(in: column).count { marks.ids.contains($0.id) }
        }
        return marked.count - shown
    }

    /// "3 marked" or "3 marked (1 hidden by the filter)"; nil without marks.
    var marksLabel: String? {
        guard !marks.isEmpty else { return nil }
        let hidden = hiddenMarks
        return "\(marks.count) marked" + (hidden > 0 ? " (\(hidden) hidden by the filter)" : "")
    }
}

extension AppState {
    /// With cards marked on the board, a key that acts on them (`r`, `w`, `A`) is possible
    /// when the rules allow it on one marked card at least; nil for any other key, or
    /// without marks.
    func markedPermission(for action: Action) -> Permission? {
        guard mode == .board, !marks.isEmpty, [.reassign, .reassignMeeting, .rework, .archive, .calibrate].contains(action),
              let kind = action == .calibrate ? .startCalibration : action.kinds(role: role, lead: nil)?.first else { return nil }
        guard let reason = Update.bulkRefusal(self, kind, markedIDs) else { return .allowed }
        return .refused(.refused(reason))
    }
}
