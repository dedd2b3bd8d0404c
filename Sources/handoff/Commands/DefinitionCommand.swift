import ArgumentParser
import Foundation
import HandoffConfig
import HandoffCore
import HandoffStore

struct DefinitionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "definition",
        abstract: "Show or change the team's written SQL definition.",
        subcommands: [Show.self, Set.self]
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json, toml
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show the current SQL definition (--format toml gives a file to edit)."
        )

        @OptionGroup var options: StoreOptions
        @Option(help: "text, json or toml.") var format: Format = .text

        func run() throws {
            let definition = try options.open().team().definition
            switch format {
            case .json: try printJSON(definition)
            case .toml: print(DefinitionFile.toml(definition), terminator: "")
            case .text:
                print("SQL definition v\(definition.version)")
                for criterion in definition.criteria {
                    print("  \(criterion.key.padding(toLength: 10, withPad: " ", startingAt: 0)) \(criterion.required ? "required" : "optional")  \(safe(criterion.label)): \(safe(criterion.guidance))")
                }
            }
        }
    }

    struct Set: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Replace the SQL definition with a TOML file (team leads). Creates a new version.",
            discussion: "Leads scored against an older version must be rescored before they are booked. Start from `handoff definition show --format toml`."
        )

        @OptionGroup var options: StoreOptions
        @Argument(help: "The definition file.") var file: String

        func run() throws {
            // Read as settings files are: a regular file, at most 1 MiB, in UTF-8.
            let bytes: [UInt8]
            do {
                guard let read = try SettingsFile.read(URL(fileURLWithPath: file), shown: file) else {
                    throw CLIFailure(code: 1, message: "cannot read \(file): no such file")
                }
                bytes = read
            } catch let error as ConfigError {
                throw CLIFailure(code: 1, message: error.description)
            }
            let criteria = try DefinitionFile.criteria(fromTOML: bytes, file: file)
            try perform(.setDefinition(criteria), on: nil, options: options, expecting: nil)
        }
    }
}
