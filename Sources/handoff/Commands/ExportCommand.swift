import ArgumentParser
import Foundation
import HandoffConfig
import HandoffCore
import HandoffSQLite
import HandoffStore

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write every lead with its current state: CSV for a spreadsheet, JSON with the full history, or a CSV that updates Salesforce or HubSpot.",
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

            --format salesforce and --format hubspot write back to the CRM the leads came \
            from: a CSV its own import takes to update existing records. Only leads that \
            carry that CRM's record id (imported with it) are written; the others are named \
            on standard error, never matched by a guess. Salesforce (Data Import Wizard, Data \
            Loader or `sf data update bulk --sobject Lead`): Id (the 18-character Lead id), \
            Status (Working, Converted, Nurture, Unqualified), Description, then custom \
            fields Handoff_Lead__c, Handoff_Disposition__c, Handoff_Reasons__c, \
            Handoff_Note__c, Handoff_AE__c, Handoff_Opportunity__c, Handoff_Next_Step__c, \
            Handoff_Next_Step_Date__c, Handoff_Revisit_Date__c, Handoff_Meeting_Outcome__c. \
            HubSpot (contacts import, update existing): Record ID, hs_lead_status \
            (IN_PROGRESS, CONNECTED, OPEN_DEAL, BAD_TIMING, UNQUALIFIED), then custom \
            properties handoff_meeting_outcome (SCHEDULED, COMPLETED, RESCHEDULED, NO_SHOW, \
            CANCELED), handoff_lead, handoff_disposition, handoff_reasons, handoff_note, \
            handoff_ae, handoff_opportunity, handoff_next_step, handoff_next_step_date, \
            handoff_revisit_date. A team's own picklist values go in config.toml: \
            [export.salesforce.status] sao = "Closed - Converted" (keys: queue, handed_off, \
            sao, nurture, returned, archived). The README's "Round trip with your CRM" shows \
            the whole loop.

            Examples:
              handoff export --out board.csv
              handoff export --format salesforce --out salesforce-update.csv
              handoff export --format hubspot --column sao --out hubspot-update.csv
              handoff export --format json --out backup.json
              handoff export --column returned | column -s, -t

            --out never writes over the store (its file, its -wal, -shm or .lock, or a link \
            to any of them), even with --force. A file already at --out is replaced only when \
            it is a previous export of the same kind (a CSV starting with this header row, a \
            JSON document whose format is handoff-export, a write-back file with the same \
            CRM's header) or empty; anything else needs \
            --force. A device or pipe (/dev/stdout) is written through.

            A lead whose stored row cannot be read is left out and named on standard error; \
            the rest is written and the exit status is 1 (`handoff doctor` says more).
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case csv
        case json
        case salesforce
        case hubspot

        var crm: CRMSystem? { CRMSystem(rawValue: rawValue) }
    }

    @OptionGroup var options: StoreOptions

    @Option(help: "csv, json, salesforce or hubspot (a CSV that updates the CRM's records).")
    var format: Format = .csv

    @Option(help: ArgumentHelp("Only the leads in this column: queue, handed-off, sao, nurture, returned, archived.", valueName: "SLUG"))
    var column: String?

    @Option(help: ArgumentHelp("Write to this file instead of standard output.", valueName: "FILE"))
    var out: String?

    @Flag(help: "Replace a file at --out that is not a previous export of this kind (never the store).")
    var force = false

    func run() throws {
        var columns: [Column]?
        if let column {
            guard let parsed = Column(slug: column) else {
                throw CLIFailure(code: 2, message: "--column: '\(safe(column))' is not a column (\(Column.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            columns = [parsed]
        }
        let store = try options.open()
        let now = try options.clock()()
        let query = LeadQuery(columns: columns, includeArchived: true)
        let kind: ExportKind = format.crm.map { .crm($0) } ?? (format == .json ? .json : .csv)
        var statuses: CRMStatusMap?
        if let crm = format.crm {
            let config = try Settings.config(environment: options.environment)
            statuses = CRMStatusMap.standard(crm).overriding(config.crmStatuses[crm] ?? [:])
        }
        let output = try ExportOutput(path: out, store: options.isPostgres ? nil : store.location, force: force, kind: kind)
        var exported = 0
        var written: CRMExportSummary?
        let damaged: DamagedLeads
        do {
            damaged = try store.withExportPages(query) { pages in
                let counted = ExportPages(leads: { body in try pages.leads { exported += $0.count; try body($0) } },
                                          events: pages.events, encodedEvents: pages.encodedEvents)
                switch format {
                case .csv:
                    if out != nil { try output.write(Data("\u{FEFF}".utf8)) }
                    try Export.writeCSV(counted, now: now, to: output.write)
                case .json:
                    // With --column: the team's events and the exported leads' own, a log
                    // that rebuilds just them.
                    var chosen: Set<LeadID>?
                    if columns != nil { chosen = Set(try store.cards(query).map(\.id)) }
                    try Export.writeJSON(counted, at: now, only: chosen, to: output.write)
                case .salesforce, .hubspot:
                    if let crm = format.crm, let statuses {
                        written = try Export.writeCRM(pages, crm: crm, statuses: statuses, to: output.write)
                    }
                }
                return pages.damaged
            }
            try output.finish()
        } catch {
            output.abandon()
            throw error
        }
        if let written, let crm = format.crm {
            exported = written.exported
            for line in Self.skippedLines(written, crm: crm) { FileHandle.standardError.write(Data((line + "\n").utf8)) }
        }
        let done = "exported \(exported) lead\(exported == 1 ? "" : "s")" + (out.map { " to \(safe($0))" } ?? "")
        try DamagedLeads.refuse(damaged, doing: done)
        guard out != nil else { return }
        print(done)
    }
}

extension ExportCommand {
    /// At most this many ids are named on a skipped line; the count is always whole.
    static let namedSkips = 50

    /// "skipped 12 leads with no Salesforce Lead id: L-3, L-9, …": one line per reason.
    static func skippedLines(_ summary: CRMExportSummary, crm: CRMSystem) -> [String] {
        func line(_ ids: [LeadID], _ why: String) -> String? {
            guard !ids.isEmpty else { return nil }
            let named = ids.prefix(namedSkips).map(\.description).joined(separator: ", ")
            let more = ids.count > namedSkips ? ", … and \(ids.count - namedSkips) more" : ""
            return "skipped \(ids.count) lead\(ids.count == 1 ? "" : "s") \(why): \(named)\(more)"
        }
        return [
            line(summary.withoutID, "with no external id (not imported from \(crm.name))"),
            line(summary.foreignID, "whose external id is not a \(crm.idName)"),
        ].compactMap { $0 }
    }
}

/// What an export writes, for the check that it replaces only its own kind of file.
enum ExportKind: Equatable {
    case csv
    case json
    case crm(CRMSystem)

    var name: String {
        switch self {
        case .csv: "Handoff CSV export"
        case .json: "Handoff JSON export"
        case .crm(let crm): "Handoff \(crm.name) write-back file"
        }
    }

    func starts(_ prefix: [UInt8]) -> Bool {
        switch self {
        case .csv: Export.isExport(prefix, json: false)
        case .json: Export.isExport(prefix, json: true)
        case .crm(let crm): Export.isCRMExport(prefix, crm: crm)
        }
    }
}

/// Where an export goes, written as it is produced (a megabyte at a time). A regular file
/// is written beside its final name and renamed into place at the end, so a failed export
/// never leaves half a file; standard output, a pipe or a device (`/dev/stdout`) is
/// written directly, never replaced.
final class ExportOutput {
    private let handle: FileHandle
    private let final: String?
    private let temporary: String?
    private var buffer = Data()

    /// `store`: the SQLite store's path, whose files are never written. `force`: replace a
    /// file that is not a previous export of this kind.
    init(path: String?, store: String?, force: Bool, kind: ExportKind) throws {
        guard let path else {
            handle = FileHandle.standardOutput
            final = nil
            temporary = nil
            return
        }
        try Self.check(path, store: store, force: force, kind: kind)
        var status = stat()
        if lstat(path, &status) == 0, (status.st_mode & S_IFMT) != S_IFREG {
            // A device, a pipe, or a link (/dev/stdout): written through, never replaced.
            let descriptor = open(path, O_WRONLY | O_TRUNC)
            guard descriptor >= 0 else {
                throw CLIFailure(code: 1, message: "cannot write \(safe(path)): \(String(cString: strerror(errno)))")
            }
            handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
            final = nil
            temporary = nil
            return
        }
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(getpid()).partial").path
        guard FileManager.default.createFile(atPath: temporary, contents: nil), let file = FileHandle(forWritingAtPath: temporary) else {
            throw CLIFailure(code: 1, message: "cannot write \(safe(path)): cannot create a file in its folder")
        }
        handle = file
        final = path
        self.temporary = temporary
    }

    /// Refuses to write over the store, or over a file that is not a previous export,
    /// before anything is written.
    static func check(_ path: String, store: String?, force: Bool, kind: ExportKind) throws {
        if let store, StoreFile.isPart(path, ofStoreAt: store) {
            throw CLIFailure(code: 3, message: "--out \(safe(path)) is the store \(safe(store)) (or one of its files, or a link to it): an export never writes over the board; nothing was written")
        }
        var status = stat()
        guard !force, stat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG, status.st_size > 0 else { return }
        var prefix = [UInt8](repeating: 0, count: 4096)
        let descriptor = open(path, O_RDONLY)
        let count = descriptor < 0 ? -1 : prefix.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, 4096) }
        if descriptor >= 0 { close(descriptor) }
        guard count < 0 || !kind.starts(Array(prefix.prefix(max(0, count)))) else { return }
        throw CLIFailure(code: 3, message: "--out \(safe(path)) already exists and is not a \(kind.name): add --force to replace it, or pick another name; nothing was written")
    }

    func write(_ data: Data) throws {
        buffer.append(data)
        if buffer.count >= 1 << 20 { try flush() }
    }

    private func flush() throws {
        guard !buffer.isEmpty else { return }
        // POSIX writes, for errno's words ("File too large", "No space left on device")
        // where FileHandle says only "NSCocoaErrorDomain error 512".
        let descriptor = handle.fileDescriptor
        let failure: Int32? = buffer.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = Foundation.write(descriptor, bytes.baseAddress?.advanced(by: offset), bytes.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                offset += written
            }
            return nil
        }
        if let failure {
            throw CLIFailure(code: 1, message: "cannot write \(safe(final ?? "the export")): \(String(cString: strerror(failure)))")
        }
        buffer.removeAll(keepingCapacity: true)
    }

    func finish() throws {
        try flush()
        guard let final, let temporary else { return }
        try? handle.close()
        guard rename(temporary, final) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw CLIFailure(code: 1, message: "cannot write \(safe(final)): \(reason)")
        }
    }

    func abandon() {
        guard let temporary else { return }
        try? handle.close()
        unlink(temporary)
    }
}
