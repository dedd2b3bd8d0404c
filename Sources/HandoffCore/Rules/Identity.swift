import Foundation

/// How a store was founded, as its first event records it: the account that created it,
/// and whether the store is *personal* (one person trying the product, training, the
/// demo), where that account may act as any member.
public struct Founding: Codable, Sendable, Equatable, Hashable {
    /// The operating-system user (SQLite) or database user (PostgreSQL) that created the store.
    public var account: String
    public var personal: Bool

    public init(account: String, personal: Bool) {
        self.account = account
        self.personal = personal
    }
}

/// Who is acting: the authenticated account, mapped through the roster's logins. The one
/// place this is decided; the command line and the board only carry out the decision.
public enum Identity {
    public enum Decision: Equatable, Sendable {
        /// Acting as `member`; `personal` when the store is personal and the account created it.
        case acting(Member, account: String, personal: Bool)
        /// The account is on no member's login and asked to be no one (or, on its own personal
        /// store, asked to be someone who is not on the roster): `viewer` may read the board,
        /// and `reason` says why they may change nothing.
        case readOnly(viewer: String, reason: String)
        /// The account asked to act as someone it is not (or as no member at all).
        case refused(String)

        /// The member acting, if any.
        public var member: Member? {
            if case .acting(let member, _, _) = self { return member }
            return nil
        }
    }

    /// Decides who `account` acts as. `requested` is `--as` or `$HANDOFF_USER` (nil or empty:
    /// not asked). On a store that is not personal, or not the account's own personal store,
    /// only the member whose login is `account` may be named; on the creator's personal
    /// store, any member may.
    public static func decide(account: String, requested: String?, team: Team, founding: Founding?) -> Decision {
        let mine = team.member(login: account)
        let personal = founding.map { $0.personal && $0.account == account } ?? false
        let you = mine.map { "you are logged in as \(account) (\($0.name))" } ?? "you are logged in as \(account)"
        let asked = requested.map(Rules.trimmed) ?? ""
        guard !asked.isEmpty else {
            if let mine { return .acting(mine, account: account, personal: personal) }
            if personal, let lead = team.members.first(where: \.isLead) {
                return .acting(lead, account: account, personal: true)
            }
            return .readOnly(viewer: account, reason: notOnRoster(account))
        }
        // Names are unique regardless of case and normalisation (`MemberName`), so `--as Maya`
        // names maya; the member acts under the name the roster records.
        let folded = MemberName.normalized(asked).lowercased()
        let named = team.members.first { $0.name.lowercased() == folded }
        if let mine, named == mine {
            return .acting(mine, account: account, personal: personal)
        }
        if personal {
            if let member = named { return .acting(member, account: account, personal: true) }
            return .readOnly(viewer: asked, reason: "\(asked) is not on the team roster: the board is read-only for them (a team lead can add them with `handoff team add \(asked) --role sdr|ae|lead`)")
        }
        if mine == nil {
            return .refused("\(you), who is on no member's login; you cannot act as \(asked) (a team lead can give you a login with `handoff team edit NAME --login \(account)`)")
        }
        return .refused("\(you); you cannot act as \(asked)")
    }

    /// Why an account that is on no member's login may only read.
    public static func notOnRoster(_ account: String) -> String {
        "you are logged in as \(account), who is on no member's login: the board is read-only for you (a team lead can add you with `handoff team add NAME --role sdr|ae|lead --login \(account)`)"
    }
}
