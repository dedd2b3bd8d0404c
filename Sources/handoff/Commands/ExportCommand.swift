import ArgumentParser
import Foundation
import HandoffCore
import HandoffSQLite
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

            --out never writes over the store (its file, its -wal, -shm or .lock, or a link \
            to any of them), even with --force. A file already at --out is replaced only when \
            it is a previous export of the same kind (a CSV starting with this header row, a \
            JSON document whose format is handoff-export) or empty; anything else needs \
            --force. A device or pipe (/dev/stdout) is written through.

            A lead whose stored row cannot be read is left out and named on standard error; \
            the rest is written and the exit status is 1 (`handoff doctor` says more).
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
        let output = try ExportOutput(path: out, store: options.isPostgres ? nil : store.location, force: force,
                                      json: format == .json)
        var exported = 0
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
                }
                return pages.damaged
            }
            try output.finish()
        } catch {
            output.abandon()
            throw error
        }
        let done = "exported \(exported) lead\(exported == 1 ? "" : "s")" + (out.map { " to \(safe($0))" } ?? "")
        try DamagedLeads.refuse(damaged, doing: done)
        guard out != nil else { return }
        print(done)
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
    /// file that is not a previous export of this kind (`json` says which kind).
    init(path: String?, store: String?, force: Bool, json: Bool) throws {
        guard let path else {
            handle = FileHandle.standardOutput
            final = nil
            temporary = nil
            return
        }
        try Self.check(path, store: store, force: force, json: json)
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
    static func check(_ path: String, store: String?, force: Bool, json: Bool) throws {
        if let store, StoreFile.isPart(path, ofStoreAt: store) {
            throw CLIFailure(code: 3, message: "--out \(safe(path)) is the store \(safe(store)) (or one of its files, or a link to it): an export never writes over the board; nothing was written")
        }
        var status = stat()
        guard !force, stat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG, status.st_size > 0 else { return }
        var prefix = [UInt8](repeating: 0, count: 4096)
        let descriptor = open(path, O_RDONLY)
        let count = descriptor < 0 ? -1 : prefix.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, 4096) }
        if descriptor >= 0 { close(descriptor) }
        guard count < 0 || !Export.isExport(Array(prefix.prefix(max(0, count))), json: json) else { return }
        throw CLIFailure(code: 3, message: "--out \(safe(path)) already exists and is not a Handoff \(json ? "JSON" : "CSV") export: add --force to replace it, or pick another name; nothing was written")
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
