import Foundation

/// Team changes besides adding a member: `team edit`, and the logins members act under.
extension Rules {
    /// The longest login: PostgreSQL's role names stop at 63 bytes, POSIX user names sooner.
    public static let maxLoginLength = 63

    /// `team edit NAME --role R --login L`: one `member` event with the member as they now
    /// stand. Only a team lead edits the team, and something has to change.
    static func editMember(_ rawName: String, role: Role?, login: String?, actor: Member,
                           context: RuleContext) throws(RuleError) -> Event {
        guard actor.isLead else {
            throw .notPermitted("\(actor.name) is an \(actor.role.title): only a team lead manages the team")
        }
        let name = trimmed(rawName)
        guard let existing = context.member(name) else {
            throw .notFound("\(name) is not on the team (add them with `handoff team add \(name) --role sdr|ae|lead`)")
        }
        guard role != nil || login != nil else {
            throw .invalid("team edit \(name): say what changes, with --role and/or --login")
        }
        var edited = existing
        if let role {
            if name == actor.name, role != .lead, context.roster.values.filter(\.isLead).count == 1 {
                throw .refused("\(name) is the only team lead; add another lead before changing your own role")
            }
            try checkRoleChange(of: existing, to: role, context: context)
            edited.role = role
        }
        if let login { edited.login = try validatedLogin(login, of: name, context: context) }
        guard edited != existing else {
            throw .refused("\(name) is already \(existing.role.title) with login \(existing.login): nothing to change")
        }
        return Event(at: context.now, actor: actor.name, lead: nil, type: .member, from: nil, to: nil,
                     payload: EventPayload(member: edited))
    }

    /// A login as typed, trimmed: one word of letters, digits and `. _ - @ $`, at most
    /// `maxLoginLength` characters, held by no other member (compared regardless of case, so
    /// that two logins never differ only in case).
    public static func validatedLogin(_ raw: String, of name: String, context: RuleContext) throws(RuleError) -> String {
        let login = trimmed(raw)
        guard !login.isEmpty else { throw .invalid("\(name) needs a login (the account they sign in with)") }
        guard login.count <= maxLoginLength else {
            throw .invalid("the login for \(name) is longer than \(maxLoginLength) characters")
        }
        let allowed: Set<Character> = [".", "_", "-", "@", "$"]
        guard login.allSatisfy({ ($0.isLetter || $0.isNumber || allowed.contains($0)) && $0.unicodeScalars.count == 1 }) else {
            throw .invalid("a login is one word of letters, digits and . _ - @ $, like the account name: '\(SafeText.sanitize(login))'")
        }
        let folded = login.lowercased()
        if let holder = context.roster.values.first(where: { $0.name != name && $0.login.lowercased() == folded }) {
            throw .refused("the login \(login) is already \(holder.name)'s: each member signs in with their own")
        }
        return login
    }
}
