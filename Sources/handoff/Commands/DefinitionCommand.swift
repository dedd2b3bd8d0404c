import ArgumentParser
import Foundation
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
            let text: String
            do {
                let data = try Data(contentsOf: URL(fileURLWithPath: file))
                guard let decoded = String(data: data, encoding: .utf8) else {
                    throw CLIFailure(code: 3, message: "\(file) is not UTF-8 text")
                }
                text = decoded
            } catch let failure as CLIFailure {
                throw failure
            } catch {
                throw CLIFailure(code: 1, message: "cannot read \(file): \(error.localizedDescription)")
            }
            let criteria = try DefinitionFile.criteria(fromTOML: text, file: file)
            try perform(.setDefinition(criteria), on: nil, options: options, expecting: nil)
        }
    }
}
