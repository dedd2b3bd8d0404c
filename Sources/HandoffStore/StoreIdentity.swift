import HandoffCore

/// What deciding who this process is needs from a store, read together: the roster, the
/// account, the founding and whether the account may write. The board and every verb ask
/// once; on PostgreSQL it is one statement (one round trip, one snapshot) instead of four.
public struct StoreIdentity: Sendable, Equatable {
    public var team: Team
    public var account: String
    public var founding: Founding?
    /// Why the account may read the store but not change it (PostgreSQL: a login without
    /// EXECUTE on `handoff_append`); nil when it may write.
    public var missingWriteGrant: String?
    /// The newest event when these were read: `team` holds every team event up to it, so a
    /// board that starts from this team catches up on the events after it.
    public var sequence: Int64

    public init(team: Team, account: String, founding: Founding?, missingWriteGrant: String? = nil, sequence: Int64) {
        self.team = team
        self.account = account
        self.founding = founding
        self.missingWriteGrant = missingWriteGrant
        self.sequence = sequence
    }
}

extension BoardStore {
    /// The reads one at a time. The newest event is read first, so the team read after it
    /// holds at least every team event up to `sequence` (a later one is read again, harmlessly).
    public func identityFacts() throws -> StoreIdentity {
        let sequence = try lastSequence()
        return StoreIdentity(team: try team(), account: try account(), founding: try founding(), sequence: sequence)
    }
}
