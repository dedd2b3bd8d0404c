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
        subcommands: [Add.self, Edit.self, List.self]
    )

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a member to the team, or change their role (team leads only)."
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
            abstract: "Change a member's role or login (team leads only)."
        )

        @OptionGroup var options: StoreOptions

        @Argument(help: "The member's name.")
        var name: String

        @Option(help: "The new role: sdr, ae or lead.")
        var role: Role?

        @Option(help: ArgumentHelp("The new login: the operating-system user (SQLite) or database user (PostgreSQL) they sign in with.", valueName: "LOGIN"))
        var login: String?

        func run() throws {
            try perform(.editMember(name: name, role: role, login: login), on: nil, options: options, expecting: nil)
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the team.")

        @OptionGroup var options: StoreOptions

        @Option(help: "text or json.")
        var format: OutputFormat = .text

        func run() throws {
            let team = try options.open().team()
            switch format {
            case .json:
                try printJSON(team.members)
            case .text:
                for member in team.members {
                    print(safe(member.name).padding(toLength: 16, withPad: " ", startingAt: 0)
                          + member.role.rawValue.padding(toLength: 6, withPad: " ", startingAt: 0)
                          + "login " + safe(member.login))
                }
            }
        }
    }
}

extension Role: ExpressibleByArgument {}
