import ArgumentParser
import Foundation
import HandoffCore
import HandoffStore

/// `handoff calibrate start|score|list`: blind calibration of handoffs (issue 17 item 1).
struct CalibrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calibrate",
        abstract: "Blind calibration: teammates score handoffs against the definition, without seeing the SDR's scorecard.",
        discussion: """
            A team lead picks handoffs and names who scores them (`calibrate start`). Each person \
            named scores the lead against the SQL definition version it was handed off under, \
            with evidence as `score` takes it (`calibrate score`), without seeing the SDR's \
            scorecard: `lead show`, `lead brief` and the board hide it from them until they have \
            submitted. `calibrate list` shows the open calibrations and who still owes a score. \
            `report` compares the scores with the SDR's. Nothing moves on the board, nobody's \
            credit changes, and `handoff undo L-7` takes a start or a score back.
            """,
        subcommands: [Start.self, Score.self, List.self]
    )

    struct Start: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Ask teammates to score handoffs blind (team leads).",
            discussion: """
                Each lead must have been handed off (a booked meeting; any column from Handed \
                off on) and have no calibration still open. Name 1 to \(LeadCalibration.maximumParticipants) \
                members of the team, not the lead's own SDR (whose scorecard the others are compared \
                with); a team lead may name themselves. They score against the definition version \
                the lead was handed off under, even if the definition changed since.

                Several leads (`handoff calibrate start L-7 L-9 --with alex,theo`) are one bulk \
                action: each is decided on its own, the others go ahead when one is refused (each \
                refusal is named, and the exit status is 3), and `handoff undo` takes them all back \
                together. Examples:
                  handoff calibrate start L-7 --with alex,theo
                  handoff calibrate start L-7 L-9 L-12 --with alex --with theo
                """
        )

        @OptionGroup var options: StoreOptions
        @Argument(help: ArgumentHelp("One or more handed-off leads, e.g. L-7 L-9.", valueName: "LEAD"))
        var ids: [LeadID]
        @Option(name: .customLong("with"), parsing: .singleValue,
                help: ArgumentHelp("Who scores them: names separated by commas, or the option repeated.", valueName: "NAMES"))
        var with: [String] = []
        @OptionGroup var version: VersionOption

        var names: [String] {
            with.flatMap { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        }

        func validate() throws {
            guard !ids.isEmpty else { throw ValidationError("name at least one lead, e.g. `handoff calibrate start L-7 --with alex,theo`") }
            guard !with.isEmpty else { throw ValidationError("name who scores it: --with alex,theo") }
            guard ids.count <= BulkGroup.maximumCards else {
                throw ValidationError("\(ids.count) leads: a calibration takes at most \(BulkGroup.maximumCards)")
            }
            guard Set(ids).count == ids.count else { throw ValidationError("a lead is named twice") }
            guard ids.count == 1 || version.expected == nil else {
                throw ValidationError("--expect-version takes one lead")
            }
        }

        func run() throws {
            let names = self.names
            guard ids.count > 1 else {
                try perform(.startCalibration(with: names), on: ids.first, options: options, expecting: version.expected)
                return
            }
            let store = try options.open()
            let actor = try options.actor(in: store)
            let outcome = try store.bulk(.startCalibration(with: names), on: ids, as: actor)
            try printBulk(outcome, actor: actor)
            if !outcome.refused.isEmpty {
                let which = outcome.refused.map(\.lead.description).joined(separator: ", ")
                throw CLIFailure(code: 3, message: "\(outcome.refused.count) of \(ids.count) not put under calibration (\(which)); the others were, as one action (`handoff undo` takes them back)")
            }
        }
    }

    struct Score: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Submit your blind score of a lead under calibration.",
            discussion: """
                Only a person named in the lead's open calibration, once (to change it, `handoff \
                undo L-7` first, then score again). The criteria are those of the definition \
                version the lead was handed off under (`calibrate list` shows it); each is met, \
                with the evidence (what the prospect said or did), not met, or unknown, as for \
                `handoff score`. After you submit, `lead show` shows you the SDR's scorecard. Example:
                  handoff calibrate score L-7 --met need="Closes the books by hand, 3 days a month" \
                --not-met fit --unknown budget --as theo
                """
        )

        @OptionGroup var options: StoreOptions
        @Argument(help: "The lead, e.g. L-7.") var id: LeadID
        @OptionGroup var scoring: ScoreOptions
        @OptionGroup var version: VersionOption

        func run() throws {
            let (applied, _) = try perform(.scoreCalibration(scoring.scores), on: id, options: options, expecting: version.expected)
            if let calibration = applied.lead?.calibration {
                let owed = calibration.pending
                print(owed.isEmpty
                      ? "every participant has scored \(id); the SDR's scorecard shows in `handoff lead show \(id)`"
                      : "still to score \(id): \(safe(owed.joined(separator: ", "))); the SDR's scorecard now shows to you in `handoff lead show \(id)`")
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the open calibrations and who still owes a score.",
            discussion: """
                One line per lead under a calibration that somebody named has not scored yet: the \
                lead, the company, the definition version, who started it and when, and each \
                participant (✓ scored, … still to score). With --all, finished ones too. Examples:
                  handoff calibrate list
                  handoff calibrate list --format json
                """
        )

        @OptionGroup var options: StoreOptions
        @Flag(help: "Also the calibrations everyone has scored.") var all = false
        @Option(help: "text or json.") var format: OutputFormat = .text

        struct Entry: Encodable {
            var lead: LeadID
            var company: String
            var column: Column
            var definitionVersion: Int
            var startedBy: String
            var startedAt: Date
            var with: [String]
            var scored: [String]
            var pending: [String]
        }

        func run() throws {
            let store = try options.open()
            let leads = try store.leads(LeadQuery(includeArchived: true))
            let entries = leads.compactMap { lead -> Entry? in
                guard let calibration = lead.calibration, all || calibration.isOpen else { return nil }
                return Entry(lead: lead.id, company: lead.company, column: lead.column,
                             definitionVersion: calibration.definitionVersion, startedBy: calibration.startedBy,
                             startedAt: calibration.startedAt, with: calibration.with, scored: calibration.scored,
                             pending: calibration.pending)
            }
            switch format {
            case .json:
                try printJSON(entries)
            case .text:
                guard !entries.isEmpty else {
                    print(all ? "no calibrations" : "no open calibrations")
                    return
                }
                for entry in entries {
                    let progress = entry.with.map { entry.scored.contains($0) ? "\($0) ✓" : "\($0) …" }.joined(separator: ", ")
                    let owed = entry.pending.isEmpty ? "all scored" : "owes: " + entry.pending.joined(separator: ", ")
                    let cells = [entry.lead.description, safe(entry.company), entry.column.rawValue,
                                 "definition v\(entry.definitionVersion)",
                                 "started by \(safe(entry.startedBy)) \(DateInput.format(entry.startedAt))",
                                 safe(progress), safe(owed)]
                    print(cells.joined(separator: "\t"))
                }
            }
        }
    }
}
