import Foundation
import HandoffCore

/// Where a row came from, for every message about it.
public enum RowPlace: Sendable, Equatable, CustomStringConvertible {
    case line(Int)
    case record(Int)

    public var description: String {
        switch self {
        case .line(let line): "line \(line)"
        case .record(let index): "record \(index)"
        }
    }
}

/// A row that cannot be imported, and why. `column` names the column (CSV) or key (JSON)
/// at fault, where one is.
public struct ImportRejection: Sendable, Equatable, CustomStringConvertible {
    public var place: RowPlace
    public var column: String?
    public var reason: String

    public var description: String {
        "\(place)\(column.map { ", \($0)" } ?? ""): \(reason)"
    }
}

/// A row left out because the lead is already in the file (or on the board).
public struct ImportDuplicate: Sendable, Equatable, CustomStringConvertible {
    public var place: RowPlace
    public var reason: String

    public var description: String { "\(place): \(reason)" }
}

/// A row left out because of its CRM status (converted, unqualified, or mapped to skip).
public struct ImportSkip: Sendable, Equatable {
    public var place: RowPlace
    public var status: String
}

/// A row that becomes a lead: the command the rules will decide.
public struct PlannedLead: Sendable, Equatable {
    public var place: RowPlace
    public var command: Command
}

public struct ImportSettings: Sendable {
    public var statuses: StatusMap
    /// Owner of rows whose CRM owner is not an SDR on the team; nil: the importer.
    public var owner: String?
    public var roster: [Member]

    public init(statuses: StatusMap = .standard, owner: String? = nil, roster: [Member]) {
        self.statuses = statuses
        self.owner = owner
        self.roster = roster
    }
}

/// What a file would do: rows in, commands, rejections, duplicates and skips out. Pure: the
/// store decides the commands and finds duplicates of leads already on the board.
public struct ImportPlan: Sendable {
    public var leads: [PlannedLead] = []
    public var rejections: [ImportRejection] = []
    public var duplicates: [ImportDuplicate] = []
    public var skipped: [ImportSkip] = []
    /// Columns (or keys) that no lead field takes.
    public var ignoredColumns: [String] = []
    /// CRM owners not on the team, and how many rows each had: those rows go to the
    /// default owner.
    public var unknownOwners: [String: Int] = [:]
    /// Data rows read (blank lines aside).
    public var rows = 0
}


/// Files in, plans out.
public enum LeadImport {
    /// The most rows a plan makes room for before it has read them.
    static let reservedRows = 200_000

    /// Plans a CSV export. Problems with the file as a whole (no header, no company or
    /// name column, UTF-16) are thrown; problems with a row are rejections in the plan.
    public static func plan(csv bytes: [UInt8], settings: ImportSettings) throws(RuleError) -> ImportPlan {
        var planning = try CSVPlanning(csv: bytes, settings: settings)
        return try planning.run { _ in true }
    }

    /// Plans a CSV export on another thread, its leads fed to the store as they are
    /// planned (`ImportStream`). The file as a whole (size, encoding, header) is checked
    /// before this returns, and thrown as `plan(csv:)` throws it; a row that breaks a limit
    /// later ends the feed with that error. Unless `commitsWithRejections`, a plan with a
    /// rejected row ends the feed as one not to commit.
    public static func stream(csv bytes: [UInt8], settings: ImportSettings,
                              commitsWithRejections: Bool) throws(RuleError) -> ImportStream {
        let planning = try CSVPlanning(csv: bytes, settings: settings)
        return ImportStream(planning, commitsWithRejections: commitsWithRejections)
    }

    /// A CSV file planned block by block: the header checked when it is made, then
    /// `run` reads the records.
    struct CSVPlanning: Sendable {
        private var reader: CSVReader
        private let names: [String]
        private let labels: [String]
        private let map: HeaderMap
        private var planner: ImportPlanner
        /// Line breaks in the file: at most that many rows.
        let lines: Int

        init(csv bytes: [UInt8], settings: ImportSettings) throws(RuleError) {
            if CSVReader.isUTF16(bytes) {
                throw .invalid("the file is UTF-16 text: save it as \"CSV UTF-8\" and import it again")
            }
            if bytes.count > CSVLimits.maxFileBytes {
                throw .invalid("the file is larger than \(JSONLimits.megabytes(CSVLimits.maxFileBytes)), the most one import reads: split it")
            }
            reader = CSVReader(bytes: bytes)
            guard let header = reader.next() else { throw .invalid("the file is empty: there is no header row") }
            if let limit = header.exceeded { throw .invalid("line \(header.line): \(limit); nothing was imported") }
            guard !header.unterminatedQuote else {
                throw .invalid("line \(header.line): the header opens a quote that is never closed")
            }
            var names: [String] = []
            for (index, field) in header.fields.enumerated() {
                guard let name = reader.string(field) else {
                    throw .invalid("line \(reader.line(of: field, in: header)), column \(index + 1): the header is not valid UTF-8: save the file as \"CSV UTF-8\"")
                }
                names.append(SafeText.sanitize(name).trimmingCharacters(in: .whitespaces))
            }
            map = HeaderMap(headers: names)
            guard map.missing.isEmpty else {
                throw .invalid("line \(header.line): the header has no \(map.missing.joined(separator: " and no ")); its columns are: \(names.joined(separator: ", "))")
            }
            self.names = names
            labels = names.enumerated().map { "column \($0.offset + 1) (\($0.element))" }
            planner = ImportPlanner(settings: settings)
            planner.plan.ignoredColumns = map.ignored
            // A row per line at most: room for that many, up to a size any team's CRM export
            // reaches (a file of a gigabyte of line breaks must not reserve for a billion).
            lines = bytes.withUnsafeBufferPointer { buffer in buffer.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) } }
            planner.reserve(min(lines, LeadImport.reservedRows))
        }

        /// Reads and plans every record, in blocks: each block's rows read and cleaned on
        /// every core, then planned in file order, then its new leads given to `emit` (which
        /// returns false to stop: the plan so far is returned). A limit stops the whole file.
        mutating func run(_ emit: ([PlannedLead]) -> Bool) throws(RuleError) -> ImportPlan {
            var block: [CSVRecord] = []
            var emitted = 0
            func plan(_ block: [CSVRecord]) -> Bool {
                let source = reader
                let (names, labels, map) = (names, labels, map)
                for row in Parallel.map(block.count, { prepare(block[$0], source, names: names, labels: labels, map: map) }) {
                    planner.add(row)
                }
                let fresh = Array(planner.plan.leads[emitted...])
                emitted = planner.plan.leads.count
                return fresh.isEmpty || emit(fresh)
            }
            while let record = reader.next() {
                if let limit = record.exceeded { throw .invalid("line \(record.line): \(limit); nothing was imported") }
                planner.plan.rows += 1
                block.append(record)
                if block.count == 8_192 {
                    guard plan(block) else { return planner.plan }
                    block.removeAll(keepingCapacity: true)
                }
            }
            _ = plan(block)
            return planner.plan
        }
    }

    /// One record as the planner's row: its fields checked and read as text, its cells cleaned.
    private static func prepare(_ record: CSVRecord, _ reader: CSVReader, names: [String], labels: [String],
                                map: HeaderMap) -> ImportPlanner.PreparedRow {
        let place = RowPlace.line(record.line)
        func rejected(_ place: RowPlace, _ column: String?, _ reason: String) -> ImportPlanner.PreparedRow {
            ImportPlanner.PreparedRow(place: place, content: .rejected(ImportRejection(place: place, column: column, reason: reason)))
        }
        if record.unterminatedQuote {
            return rejected(place, nil, "a quoted field opens on this line and is never closed")
        }
        let extra = record.fields.dropFirst(names.count)
        if record.fields.count < names.count || extra.contains(where: { !$0.range.isEmpty }) {
            return rejected(place, nil, "has \(record.fields.count) fields; the header has \(names.count)")
        }
        var texts: [String] = []
        texts.reserveCapacity(names.count)
        for (index, field) in record.fields.prefix(names.count).enumerated() {
            guard let text = reader.string(field) else {
                return rejected(.line(reader.line(of: field, in: record)), labels[index],
                                "not valid UTF-8: save the file as \"CSV UTF-8\"")
            }
            texts.append(text)
        }
        return ImportPlanner.prepare(place) { field in
            let columns = map.columns(of: field)
            guard let index = columns.first(where: { !texts[$0].isEmpty }) ?? columns.first else { return nil }
            return ImportCell(text: texts[index], column: labels[index], name: names[index])
        }
    }
}

/// Work spread over every core, results in order.
enum Parallel {
    /// `transform` of 0..<count, in order; run in parts on every core when there are many.
    static func map<T: Sendable>(_ count: Int, _ transform: @Sendable (Int) -> T) -> [T] {
        let workers = min(8, ProcessInfo.processInfo.activeProcessorCount)
        guard workers > 1, count >= 2_000 else { return (0..<count).map(transform) }
        let parts = workers * 2
        let size = (count + parts - 1) / parts
        let slots = (0..<parts).map { _ in Slot<T>() }
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            // Each iteration writes only its own slot.
            slots[part].values = (min(count, part * size)..<min(count, (part + 1) * size)).map(transform)
        }
        return slots.flatMap(\.values)
    }

    private final class Slot<T>: @unchecked Sendable {
        var values: [T] = []
    }
}

/// A CSV import planned on another thread while the store writes it: `feed` takes the
/// planned leads as each block of the file is planned; `plan()` waits for the whole plan
/// (rejections, duplicates in the file, skips) for the report.
public final class ImportStream: @unchecked Sendable {
    public let feed: BatchFeed
    /// About how many rows the file has (its line breaks, less the header's), for a
    /// progress bar before they are read.
    public let estimatedRows: Int
    /// Set once, by the planning thread, before `done` is signalled.
    private var outcome: Result<ImportPlan, RuleError>?
    private let done = DispatchSemaphore(value: 0)

    init(_ planning: LeadImport.CSVPlanning, commitsWithRejections: Bool) {
        // Every planned lead is an import (`importLead`): one per row at most.
        feed = BatchFeed(expected: min(planning.lines, LeadImport.reservedRows), mayAddLeads: true, importsOnly: true)
        estimatedRows = max(0, planning.lines - 1)
        DispatchQueue.global(qos: .userInitiated).async { [self] in
            var planning = planning
            let feed = self.feed
            let result = Result { () throws(RuleError) -> ImportPlan in
                try planning.run { leads in feed.push(leads.map { BatchItem($0.command) }) }
            }
            switch result {
            case .success(let plan):
                feed.end(commits: commitsWithRejections || plan.rejections.isEmpty)
            case .failure(let error):
                feed.end(failure: error)
            }
            outcome = result
            done.signal()
        }
    }

    /// The whole plan, once the file is read (or the error that stopped it).
    public func plan() throws(RuleError) -> ImportPlan {
        done.wait()
        done.signal()
        guard let outcome else { throw .invalid("the import's plan was not made") }
        return try outcome.get()
    }
}
