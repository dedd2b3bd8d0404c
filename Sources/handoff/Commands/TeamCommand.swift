import ArgumentParser
import HandoffCore
import HandoffStore

struct TeamCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "team",
        abstract: "Manage the team roster: SDRs, AEs and team leads.",
        subcommands: [Add.self, List.self]
    )

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a member to the team, or change their role (team leads only)."
        )

        @OptionGroup var options: StoreOptions

        @Argument(help: "The member's name, as they log in ($USER) or pass with --as.")
        var name: String

        @Option(help: "sdr, ae or lead.")
        var role: Role

        func run() throws {
            try perform(.addMember(Member(name: name, role: role)), on: nil, options: options, expecting: nil)
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
                    print(safe(member.name).padding(toLength: 16, withPad: " ", startingAt: 0) + member.role.rawValue)
                }
            }
        }
    }
}

extension Role: ExpressibleByArgument {}
