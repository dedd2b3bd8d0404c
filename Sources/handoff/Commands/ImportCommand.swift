import ArgumentParser
import Foundation
import HandoffCore
import HandoffStore
import HandoffConfig

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Bring leads in from a Salesforce or HubSpot export (CSV or JSON), or rebuild a board from a Handoff export.",
        discussion: """
            Columns are found by name, whatever their case and punctuation: Lead ID / Record ID / \
            Contact ID, First Name, Last Name, Email, Phone / Phone Number, Title / Job Title, \
            Company / Account / Company Name, Website, Industry, Lead Source / Original Source, \
            Lead Status / Lifecycle Stage, Lead Owner / Contact owner, Create Date, City, State, \
            Country. Other columns are left out (and named in a note). CSV may be comma-, \
            semicolon- or tab-separated, with or without a byte order mark; it must be UTF-8.

            Where leads go, by their CRM status (every default of HubSpot's Lead Status and \
            Lifecycle Stage and of Salesforce's Lead Status, by value or label): new, open, in \
            progress, attempted to contact, connected, working - contacted, open - not \
            contacted, subscriber, lead, MQL and SQL to the SDR queue; bad timing to Nurture; \
            open deal, unqualified, opportunity, customer, evangelist, other and closed - \
            (not) converted are skipped and counted. A status not in that list rejects its row \
            until you map it in $XDG_CONFIG_HOME/handoff/config.toml (~/.config/handoff/):

                [import.status]
                "recycled" = "queue"     # or "nurture", or "skip"

            A lead is owned by its CRM owner when that name is an SDR on the team, else by \
            --owner, else by you. A lead already on the board, or earlier in the file, is not \
            imported twice (same external id, else same email): importing a file again adds \
            only what is new.

            The import is all or nothing: if any row is rejected, nothing is imported, every \
            rejected row is listed on standard error with its line, column and reason (a reason \
            shared by many rows once, with their count and first lines), and the exit status \
            is 3. --skip-invalid imports the good rows and lists the others. \
            --dry-run shows what would happen and changes nothing.

            An SDR imports only into their own queue: a row whose CRM owner is another SDR is \
            rejected. A team lead may import for any SDR (--owner for rows without one). On \
            PostgreSQL the store's owner imports by COPY, in one transaction; other logins \
            through the server's checks.

            `handoff import --events export.json --db new.sqlite` rebuilds the board that \
            `handoff export --format json` wrote, with its whole history, into an empty store. \
            The file is read as it streams in, and every event is replayed through the same \
            rules as a live command, with its own actor and time; the first event the rules \
            refuse (or that cannot be read) stops the import, its line, seq, lead, actor and \
            the reason are printed, and nothing is written: the whole log goes in one \
            transaction. On PostgreSQL only the store's owner may rebuild a board; each checked \
            batch goes in by COPY while the next is read. On a terminal a bar shows the lines read.

            Examples:
              handoff import salesforce-leads.csv --dry-run
              handoff import hubspot-contacts.csv --owner sam --skip-invalid
              handoff import --events board-export.json --db /srv/handoff/board.sqlite
            """
    )

    @OptionGroup var options: StoreOptions

    @Argument(help: ArgumentHelp("The export to read: a .csv or .json file, or - for standard input.", valueName: "FILE"))
    var file: String

    @Flag(help: "Read the file and report what would be imported; change nothing.")
    var dryRun = false

    @Option(help: ArgumentHelp("Owner of leads whose CRM owner is not an SDR on the team (default: you).", valueName: "NAME"))
    var owner: String?

    @Flag(help: "Import the rows that are good and list the rejected ones, instead of importing nothing.")
    var skipInvalid = false

    @Flag(help: "FILE is a Handoff JSON export: rebuild its board, history and all, into an empty store.")
    var events = false

    @Option(help: "The report: text or json.")
    var format: OutputFormat = .text

    func validate() throws {
        if events, owner != nil || skipInvalid {
            throw ValidationError("--events rebuilds a board exactly as exported: --owner and --skip-invalid do not apply")
        }
    }

    func run() throws {
        if events {
            try rebuild()
            return
        }
        let bytes = try readFile()
        let store = try options.open()
        let team = try store.team()
        guard !team.members.isEmpty else {
            throw StoreError.notInitialized("the store \(store.location) has no team yet: run `handoff init --lead NAME` first")
        }
        let actor = try options.actor(in: store)
        try Rules.permitAddingLeads(as: actor, context: RuleContext(definition: team.definition, roster: team.members,
                                                                      now: try options.clock()()))
        try checkOwner(team)
        let settings = ImportSettings(statuses: try statusMap(), owner: owner, roster: team.members)
        let (plan, result) = isJSON(bytes)
            ? try importJSON(bytes, settings: settings, into: store, as: actor)
            : try importCSV(bytes, settings: settings, into: store, as: actor)
        let report = ImportReport(file: file, plan: plan, result: result, dryRun: dryRun, allOrNothing: !skipInvalid,
                                  defaultOwner: owner ?? actor)
        try show(report)
    }

    /// A JSON export's leads, planned whole, then decided and written as one batch.
    private func importJSON(_ bytes: [UInt8], settings: ImportSettings, into store: any BoardStore,
                            as actor: String) throws -> (ImportPlan, BatchResult) {
        let plan = try LeadImport.plan(json: bytes, settings: settings)
        let mode: BatchOptions.Mode = dryRun || (!skipInvalid && !plan.rejections.isEmpty)
            ? .rehearse : (skipInvalid ? .skipRefused : .allOrNothing)
        let bar = ProgressBar.onTerminal(total: plan.leads.count, label: dryRun ? "checking" : "importing")
        let result = try store.execute(batch: plan.leads.map { BatchItem($0.command) }, as: actor,
                                       options: BatchOptions(mode: mode), progress: bar.map { $0.update })
        bar?.finish()
        return (plan, result)
    }

    /// A CSV export's leads, planned on another thread while the store writes the rows
    /// planned before them (`LeadImport.stream`). A rejected row makes the batch a
    /// rehearsal unless `--skip-invalid`: decided whole, reported, rolled back.
    private func importCSV(_ bytes: [UInt8], settings: ImportSettings, into store: any BoardStore,
                           as actor: String) throws -> (ImportPlan, BatchResult) {
        let stream = try LeadImport.stream(csv: bytes, settings: settings, commitsWithRejections: skipInvalid)
        let mode: BatchOptions.Mode = dryRun ? .rehearse : (skipInvalid ? .skipRefused : .allOrNothing)
        // The file's lines: about its rows, before they are planned.
        let bar = ProgressBar.onTerminal(total: stream.estimatedRows, label: dryRun ? "checking" : "importing")
        let result: BatchResult
        do {
            result = try store.execute(feed: stream.feed, as: actor, options: BatchOptions(mode: mode),
                                       progress: bar.map { $0.update })
        } catch {
            // The planning thread is let go (the store cancelled the feed) and ends first.
            _ = try? stream.plan()
            throw error
        }
        bar?.finish()
        return (try stream.plan(), result)
    }

    private func show(_ report: ImportReport) throws {
        let details = report.details()
        switch format {
        case .json:
            try printJSON(report)
        case .text:
            if report.failed {
                warn(report.summary)
            } else {
                print(report.summary)
            }
        }
        if !details.isEmpty { warn(details.joined(separator: "\n")) }
        if report.failed {
            throw CLIFailure(code: 3, message: "\(report.rejected.count) rejected row(s) in \(safe(file)); nothing was changed")
        }
    }

    /// `import --events`: the whole log of an export into an empty store, read as it
    /// streams in and checked batch by batch (`LogImport`); a store writes each batch once
    /// checked, in one transaction. The bar counts the file's lines.
    private func rebuild() throws {
        let reader = try EventLogReader(path: file)
        let total = file != "-" && isatty(STDERR_FILENO) == 1 ? Self.lines(in: file) : nil
        let bar = total.flatMap { ProgressBar.onTerminal(total: $0, label: dryRun ? "checking" : "importing") }
        defer { bar?.finish() }
        let batches = EventSource.reader(reader)
        let source = EventSource {
            let batch = try batches.next()
            if let line = batch?.lines.last { bar?.update(line) }
            return batch
        }
        if dryRun {
            var log = LogImport()
            while let batch = try source.next() { try log.check(batch) }
            let leads = try log.finish()
            bar?.finish()
            print("dry run: would rebuild a board of \(leads.count) leads and \(log.team.members.count) team members from \(log.count) events; nothing was changed")
            return
        }
        let store = try options.open(create: true)
        let rebuilt = try store.importEvents(from: source)
        bar?.finish()
        print("rebuilt the board in \(safe(store.location)): \(rebuilt.leads) leads from \(rebuilt.events) events")
    }

    /// The lines of the file at `path` (nil if it cannot be read): the bar's total.
    private static func lines(in path: String) -> Int? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        var count = 1
        while let chunk = try? handle.read(upToCount: 4 << 20), !chunk.isEmpty {
            count += chunk.withUnsafeBytes { bytes in bytes.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) } }
        }
        return count
    }

    private func readFile() throws -> [UInt8] {
        if file == "-" { return Array(FileHandle.standardInput.readDataToEndOfFile()) }
        guard let data = FileManager.default.contents(atPath: file) else {
            var isFolder: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: file, isDirectory: &isFolder)
            throw CLIFailure(code: 1, message: "cannot read \(safe(file)): \(exists ? (isFolder.boolValue ? "it is a folder" : "permission denied") : "no such file")")
        }
        return Array(data)
    }

    /// By extension; otherwise a file whose first character is `[` or `{` is JSON.
    private func isJSON(_ bytes: [UInt8]) -> Bool {
        switch (file as NSString).pathExtension.lowercased() {
        case "json": return true
        case "csv", "tsv", "txt": return false
        default:
            let start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
            let first = bytes[start...].first { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }
            return first == UInt8(ascii: "[") || first == UInt8(ascii: "{")
        }
    }

    private func checkOwner(_ team: Team) throws {
        guard let owner else { return }
        guard let member = team.member(owner) else {
            throw CLIFailure(code: 3, message: "--owner: \(safe(owner)) is not on the team (see `handoff team list`)")
        }
        guard member.canWorkQueue else {
            throw CLIFailure(code: 3, message: "--owner: \(safe(owner)) is an \(member.role.title), and leads are owned by SDRs")
        }
    }

    /// The standard status map, with the config file's `[import.status]` over it.
    private func statusMap() throws -> StatusMap {
        let config = try Settings.config(environment: options.environment)
        return StatusMap.standard.overriding(config.importStatuses.map { (status: $0.status, action: $0.action) })
    }
}
