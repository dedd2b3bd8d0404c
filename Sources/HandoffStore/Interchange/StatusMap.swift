import HandoffCore

/// What an import does with a lead given its CRM status: Salesforce's Lead Status
/// (`Open - Not Contacted`, `Closed - Converted`), HubSpot's Lead Status (`BAD_TIMING`,
/// `Attempted to Contact`) or Lifecycle Stage (`opportunity`). Matching ignores case and
/// punctuation. A team maps its own statuses in config.toml:
///
///     [import.status]
///     "in progress" = "queue"
///     "recycled" = "nurture"
///     "duplicate" = "skip"
public struct StatusMap: Sendable, Equatable {
    /// queue, nurture or skip; HandoffConfig reads a team's own mapping in the same words.
    public typealias Action = CRMStatusAction

    private var table: [String: Action]

    public static let standard = StatusMap(table: [
        "new": .queue, "open": .queue, "open not contacted": .queue, "not contacted": .queue,
        "working": .queue, "working contacted": .queue, "contacted": .queue,
        "attempted": .queue, "attempted to contact": .queue, "connected": .queue, "in progress": .queue,
        "subscriber": .queue, "lead": .queue, "marketing qualified lead": .queue, "marketingqualifiedlead": .queue,
        "sales qualified lead": .queue, "salesqualifiedlead": .queue,
        "bad timing": .nurture, "nurture": .nurture, "nurturing": .nurture,
        "converted": .skip, "closed converted": .skip, "opportunity": .skip, "open deal": .skip, "customer": .skip,
        "unqualified": .skip, "closed not converted": .skip, "disqualified": .skip,
        // HubSpot's last two lifecycle stages: an advocate who already buys, and a record
        // that is not a buyer at all (a partner, a vendor, staff).
        "evangelist": .skip, "other": .skip,
    ])

    /// Words in lowercase, split on anything that is not a letter or digit:
    /// `Closed - Not Converted` and `CLOSED_NOT_CONVERTED` are both `closed not converted`.
    static func fold(_ status: String) -> String {
        status.lowercased().split { !$0.isLetter && !$0.isNumber }.joined(separator: " ")
    }

    /// The action for a status; nil for a status nobody mapped. An empty status means a
    /// lead to work: the queue.
    public func action(for status: String) -> Action? {
        let key = Self.fold(status)
        return key.isEmpty ? .queue : table[key]
    }

    public func overriding(_ status: String, with action: Action) -> StatusMap {
        var copy = self
        copy.table[Self.fold(status)] = action
        return copy
    }

    /// The map with a team's `[import.status]` settings laid over it, in file order.
    public func overriding(_ overrides: some Sequence<(status: String, action: Action)>) -> StatusMap {
        var copy = self
        for (status, action) in overrides { copy.table[Self.fold(status)] = action }
        return copy
    }
}
