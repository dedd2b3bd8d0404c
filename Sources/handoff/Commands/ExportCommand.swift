import ArgumentParser
import Foundation
import HandoffCore
import HandoffStore

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write every lead with its current state, as CSV for a spreadsheet or JSON with the full history.",
        discussion: """
            CSV has one row per lead: its column, days there, owner and AE, contact details, \
            meeting, disposition, dispute and credit. It is safe to open in a spreadsheet: a \
            cell that begins with =, +, -, @, a tab or a line break is prefixed with ' and \
            quoted, so it is shown as text and never run as a formula; escape sequences are \
            taken out. Written to a file, it starts with a UTF-8 byte order mark so that \
            Excel reads accents and names correctly.

            JSON holds the leads and every event of the log. `handoff import --events FILE` \
            rebuilds exactly this board from it into an empty store: a backup, or a move to \
            another machine.

            Examples:
              handoff export --out board.csv
              handoff export --format json --out backup.json
              handoff export --column returned | column -s, -t
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case csv
        case json
    }

    @OptionGroup var options: StoreOptions

    @Option(help: "csv or json.")
    var format: Format = .csv

    @Option(help: ArgumentHelp("Only the leads in this column: queue, handed-off, sao, nurture, returned, archived.", valueName: "SLUG"))
    var column: String?

    @Option(help: ArgumentHelp("Write to this file instead of standard output.", valueName: "FILE"))
    var out: String?

    func run() throws {
        var columns: [Column]?
        if let column {
            guard let parsed = Column(slug: column) else {
                throw CLIFailure(code: 2, message: "--column: '\(safe(column))' is not a column (\(Column.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            columns = [parsed]
        }
        let store = try options.open()
        let leads = try store.leads(LeadQuery(columns: columns, includeArchived: true))
        let now = try options.clock()()
        let data: Data
        switch format {
        case .csv:
            data = Data((out == nil ? "" : "\u{FEFF}").utf8) + Data(Export.csv(leads, now: now).utf8)
        case .json:
            var events = try store.events(after: 0, limit: nil)
            if columns != nil {
                // The team's events and the exported leads' own: a log that rebuilds just them.
                let chosen = Set(leads.map(\.id))
                events = events.filter { $0.lead.map(chosen.contains) ?? true }
            }
            data = try Export.json(leads: leads, events: events, at: now)
        }
        guard let out else {
            FileHandle.standardOutput.write(data)
            return
        }
        do {
            try data.write(to: URL(fileURLWithPath: out), options: .atomic)
        } catch {
            throw CLIFailure(code: 1, message: "cannot write \(safe(out)): \(error.localizedDescription)")
        }
        print("exported \(leads.count) lead\(leads.count == 1 ? "" : "s") to \(safe(out))")
    }
}
