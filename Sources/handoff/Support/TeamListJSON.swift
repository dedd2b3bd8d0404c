import HandoffCore

/// One member in `handoff team list --format json`: name, role and login as before, and
/// the away periods (`handoff team away`) not ended by today, soonest first, as the text
/// listing shows them.
struct TeamListEntry: Encodable {
    struct Days: Encodable {
        var from: String
        var to: String
    }

    var name: String
    var role: Role
    var login: String
    var away: [Days]

    static func entries(_ team: Team, today: String) -> [TeamListEntry] {
        team.members.map { member in
            TeamListEntry(name: member.name, role: member.role, login: member.login,
                          away: team.awayPeriods(of: member.name, notEndedBy: today).map { Days(from: $0.from, to: $0.to) })
        }
    }
}
