import ArgumentParser
import HandoffCore
import HandoffStore

struct TeamCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "team",
        abstract: "Manage the team roster: SDRs, AEs and team leads.",
        discussion: """
            Each member has a login: the account that proves who they are. On a SQLite store it is \
            the operating-system user running handoff; on PostgreSQL, the database user. It defaults \
            to the member's name; give another with --login (or change it with `team edit`). \
            Logins are unique on the team.
            """,
        subcommands: [Add.self, Edit.self, Reassign.self, List.self, AwayCommand.self]
    )

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a new member to the team (team leads only).",
            discussion: """
                Names are compared as people read them: trimmed of every kind of whitespace, \
                Unicode-normalised (NFC), unique regardless of case, and a name that looks like a \
                member's (a Cyrillic а in mаya) is refused, as are control, format and bidi \
                characters. An existing member is refused: change a role with `team edit NAME --role`.
                """
        )

        @OptionGroup var options: StoreOptions

        @Argument(help: "The member's name, as the board and the log show it.")
        var name: String

        @Option(help: "sdr, ae or lead.")
        var role: Role

        @Option(help: ArgumentHelp("The account they sign in with: their operating-system user (SQLite) or database user (PostgreSQL). Default: the name.", valueName: "LOGIN"))
        var login: String?

        func run() throws {
            try perform(.addMember(Member(name: name, role: role, login: login)), on: nil, options: options, expecting: nil)
        }
    }

    struct Edit: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Change a member's role or login (team leads only).",
            discussion: """
                A new role takes effect at once: an SDR who becomes an AE can no longer score, book, \
                rework, dispute, edit or archive the leads they own (a team lead still can, and \
                `team reassign` moves them), and an AE who becomes an SDR can no longer disposition \
                their meetings. The command says how many leads and open meetings the member still \
                holds. It is refused while the member would hold a meeting they booked themselves \
                as its AE.
                """
        )

        @OptionGroup var options: StoreOptions

        @Argument(help: "The member's name.")
        var name: String

        @Option(help: "The new role: sdr, ae or lead.")
        var role: Role?

        @Option(help: ArgumentHelp("The new login: the operating-system user (SQLite) or database user (PostgreSQL) they sign in with.", valueName: "LOGIN"))
        var login: String?

        func run() throws {
            let store = try options.open()
            let before = try store.team().members.first { $0.name == MemberName.normalized(name) }
            let applied = try store.execute(.editMember(name: name, role: role, login: login), on: nil,
                                            as: try options.actor(in: store), expecting: nil)
            try report(applied, format: .text)
            if let change = try describeRoleChange(applied, from: before, store: store) { print(change) }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the team.")

        @OptionGroup var options: StoreOptions

        @Option(help: "text or json (each member's name, role, login and away periods not yet ended).")
        var format: OutputFormat = .text

        func run() throws {
            let team = try options.open().team()
            let today = ISODay.text(of: try options.clock()(), calendar: .current)
            switch format {
            case .json:
                try printJSON(TeamListEntry.entries(team, today: today))
            case .text:
                for member in team.members {
                    // Who is away now or later (`team away`), after their login.
                    let away = team.awayPeriods(of: member.name, notEndedBy: today).map { "away \($0.from) to \($0.to)" }
                    print(safe(member.name).padding(toLength: 16, withPad: " ", startingAt: 0)
                          + member.role.rawValue.padding(toLength: 6, withPad: " ", startingAt: 0)
                          + "login " + safe(member.login) + away.map { " · " + $0 }.joined())
                }
            }
        }
    }
}

extension Role: ExpressibleByArgument {}
