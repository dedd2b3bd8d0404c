import HandoffCore
import HandoffStore
import PostgresNIO

extension PostgresStore {
    /// The roster, the login, the founding, the write grant and the newest event in one
    /// statement: one round trip and one snapshot where the four reads took four (the board
    /// and every verb ask it before anything else). The first row carries the login's facts,
    /// the rest are `PostgresRows.team`'s rows.
    public func identityFacts() throws -> StoreIdentity {
        try statement { session in
            let rows = try session.query("""
                SELECT -1::bigint AS position, session_user::text AS name,
                       COALESCE(has_function_privilege(session_user, to_regprocedure('handoff_append(json)'), 'EXECUTE'),
                                false)::text AS role,
                       (SELECT value FROM handoff_setting WHERE key = 'personal') AS login,
                       (SELECT payload FROM event ORDER BY seq LIMIT 1) AS body,
                       COALESCE((SELECT MAX(seq) FROM event), 0) AS newest
                UNION ALL
                SELECT position, name, role, login, NULL::text, NULL::bigint FROM member
                UNION ALL
                SELECT 0, NULL, NULL, NULL, body, NULL FROM (SELECT body FROM definition ORDER BY version DESC LIMIT 1) d
                ORDER BY 1
                """)
            var facts = StoreIdentity(team: Team(), account: "", founding: nil, sequence: 0)
            for row in rows {
                let (position, name, role, login, body, newest) =
                    try row.decode((Int64, String?, String?, String?, String?, Int64?).self)
                if position < 0 {
                    facts.account = name ?? ""
                    facts.missingWriteGrant = role == "true" ? nil : PostgresGrants.readOnly(login: url.user)
                    facts.sequence = newest ?? 0
                    // Personal only if the server recorded it so; else the first event's claim.
                    if let login {
                        facts.founding = Founding(account: login, personal: true)
                    } else if let body {
                        facts.founding = try StoredRow.payload(seq: 1, type: "first", json: body).founding
                            .map { Founding(account: $0.account, personal: false) }
                    }
                } else if let body {
                    facts.team.definition = try StoredRow.definition(body)
                } else if let name, let role = role.flatMap(Role.init(rawValue:)) {
                    facts.team.members.append(Member(name: name, role: role, login: login))
                }
            }
            return facts
        }
    }
}
