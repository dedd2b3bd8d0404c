import HandoffCore

/// One command of a batch, and the lead it acts on (nil for new leads and team changes).
public struct BatchItem: Sendable, Equatable {
    public var command: Command
    public var lead: LeadID?
    /// The lead's version the command was made from (a reassign carries the lead's fields):
    /// a newer one is refused as a conflict, for that item alone. Nil: decided as it stands.
    public var version: Int?
    /// The bulk action the item is part of (`EventPayload.group`), recorded on its event.
    public var group: String?

    public init(_ command: Command, on lead: LeadID? = nil, version: Int? = nil, group: String? = nil) {
        self.command = command
        self.lead = lead
        self.version = version
        self.group = group
    }
}

public struct BatchOptions: Sendable, Equatable {
    public enum Mode: Sendable, Equatable {
        /// One refusal rolls the whole batch back: nothing changes.
        case allOrNothing
        /// Refused commands are left out; the rest is committed.
        case skipRefused
        /// Decide everything as `skipRefused` would, then roll back: a dry run through the
        /// same rules and the same store state.
        case rehearse
    }

    public var mode: Mode
    /// A new lead whose external id, else email, is already on the board (or earlier in
    /// the batch) is not added again; its outcome names the lead it duplicates.
    public var skipDuplicates: Bool

    public init(mode: Mode, skipDuplicates: Bool = true) {
        self.mode = mode
        self.skipDuplicates = skipDuplicates
    }
}

/// How a new lead was found to be on the board already.
public enum DuplicateKey: String, Sendable, Equatable {
    case externalID = "external id"
    case email
}

/// What became of one command of a batch.
public enum BatchOutcome: Sendable, Equatable {
    /// Appended as event `seq`, on `lead`.
    case applied(lead: LeadID?, seq: Int64)
    case refused(RuleError)
    case duplicate(of: LeadID, key: DuplicateKey)
}

public struct BatchResult: Sendable, Equatable {
    /// One per command, in the batch's order.
    public var outcomes: [BatchOutcome]
    /// Whether the applied commands are in the store: false when an all-or-nothing batch
    /// had a refusal, and always for a rehearsal.
    public var committed: Bool

    public init(outcomes: [BatchOutcome], committed: Bool) {
        self.outcomes = outcomes
        self.committed = committed
    }

    public var applied: [LeadID] {
        outcomes.compactMap { if case .applied(let lead, _) = $0 { lead } else { nil } }
    }

    public var refusals: [(index: Int, error: RuleError)] {
        outcomes.enumerated().compactMap { if case .refused(let error) = $1 { ($0, error) } else { nil } }
    }

    public var duplicateCount: Int {
        outcomes.count { if case .duplicate = $0 { true } else { false } }
    }
}
