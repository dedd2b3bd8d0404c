import ArgumentParser
import Foundation
import HandoffCore
import HandoffStore

@main
struct Handoff: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "handoff",
        abstract: "The closed-loop board for handing sales-qualified leads from SDRs to AEs.",
        discussion: """
            Every handed-off lead ends in exactly one disposition — accepted (SAO), nurture, or \
            returned with reasons — recorded with who, when and why. Run `handoff` alone to open \
            the board, or `handoff demo` to try it on a seeded team; `handoff --plain` (and \
            TERM=dumb) writes the board as lines of text for screen readers.

            Exit status: 0 ok, 1 error, 2 usage, 3 refused transition or invalid input, \
            4 conflict with a concurrent change, 5 not permitted.
            """,
        version: Version.text,
        subcommands: [
            BoardCommand.self, DemoCommand.self, InitCommand.self, TeamCommand.self, LeadCommand.self,
            ScoreCommand.self, BookCommand.self, OutcomeCommand.self, AcceptCommand.self, NurtureCommand.self,
            ReturnCommand.self, ReassignCommand.self, CalibrateCommand.self, ReworkCommand.self, ArchiveCommand.self, RestoreCommand.self, DisputeCommand.self, ResolveCommand.self,
            UndoCommand.self, RedoCommand.self, DefinitionCommand.self, DoctorCommand.self, ImportCommand.self, ExportCommand.self,
            ReportCommand.self, AdminCommand.self, WatchCommand.self,
        ],
        defaultSubcommand: BoardCommand.self
    )

    static func main() {
        StandardOutput.ignoreFileSizeSignal()
        let arguments = GlobalOptions.hoist(Array(CommandLine.arguments.dropFirst()))
        do {
            var command = try parseAsRoot(arguments)
            try CreatedStore.removingOnFailure { try command.run() }
            try StandardOutput.flush()
        } catch let failure as CLIFailure {
            warn("handoff: " + failure.message)
            Foundation.exit(failure.code)
        } catch let error as RuleError {
            warn("handoff: " + error.description)
            Foundation.exit(error.exitCode)
        } catch let error as StoreError {
            warn("handoff: " + error.description)
            Foundation.exit(1)
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                // Usage errors exit 2, like every other Unix tool, not sysexits' 64.
                warn(UsageError.shape(fullMessage(for: error), arguments: arguments))
                Foundation.exit(2)
            }
            // Help and version are our own text; any other message can quote an argument
            // or a file, and goes out sanitised like every error.
            guard code != .success else { exit(withError: error) }
            let message = fullMessage(for: error)
            if !message.isEmpty { warn(message) }
            Foundation.exit(code.rawValue)
        }
    }
}

/// `--db` and `--as` may come before the verb (`handoff --db x.sqlite lead list`): move
/// them after it, where the verb's own parser reads them.
enum GlobalOptions {
    static let names: Set<String> = ["--db", "--as"]

    static func hoist(_ arguments: [String]) -> [String] {
        var globals: [String] = []
        var rest: [String] = []
        var index = 0
        var sawVerb = false
        while index < arguments.count {
            let argument = arguments[index]
            if argument == "--" { rest += arguments[index...]; break }
            if !sawVerb, names.contains(argument), index + 1 < arguments.count {
                globals += [argument, arguments[index + 1]]
                index += 2
                continue
            }
            if !sawVerb, let name = argument.split(separator: "=", maxSplits: 1).first, names.contains(String(name)),
               argument.contains("=") {
                globals.append(argument)
                index += 1
                continue
            }
            if !argument.hasPrefix("-") { sawVerb = true }
            rest.append(argument)
            index += 1
        }
        guard !globals.isEmpty else { return arguments }
        // Insert after the leaf verb words (e.g. `lead list`), before the first option.
        if let firstOption = rest.firstIndex(where: { $0.hasPrefix("-") }) {
            rest.insert(contentsOf: globals, at: firstOption)
            return rest
        }
        return rest + globals
    }
}
