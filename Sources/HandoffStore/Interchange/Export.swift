import Foundation
import HandoffCore

/// The board out: CSV for spreadsheets, JSON for machines and for rebuilding the board.
public enum Export {
    public static let format = "handoff-export"
    public static let version = 1

    /// `{"format":"handoff-export","version":1,"exportedAt":…,"leads":[…],"events":[…]}`:
    /// every lead as it stands, and the log that made them (`handoff import --events`
    /// rebuilds from it). One lead or event a line, so that two exports diff well and a
    /// large board is written without building the whole document first.
    public static func json(leads: [Lead], events: [Event], at: Date) throws -> Data {
        var out = Data("{\"format\":\"\(format)\",\"version\":\(version),\"exportedAt\":".utf8)
        out.append(try StreamingJSONEncoder.data(at))
        out.append(contentsOf: Array(",\n\"leads\":[".utf8))
        for (index, lead) in leads.enumerated() {
            out.append(contentsOf: Array((index == 0 ? "\n" : ",\n").utf8))
            out.append(try StreamingJSONEncoder.data(LeadDocument(lead, events: nil)))
        }
        out.append(contentsOf: Array("\n],\n\"events\":[".utf8))
        for (index, event) in events.enumerated() {
            out.append(contentsOf: Array((index == 0 ? "\n" : ",\n").utf8))
            out.append(try StreamingJSONEncoder.data(event))
        }
        out.append(contentsOf: Array("\n]}\n".utf8))
        return out
    }

    /// The events of a JSON export, or why the file is not one (`EventLogReader`, which
    /// `import --events` streams a file through).
    public static func events(fromJSON data: Data) throws(RuleError) -> [Event] {
        try EventLogReader(bytes: Array(data)).all()
    }

    static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
        }
        switch error {
        case .keyNotFound(let key, let context): return "\(path(context)).\(key.stringValue) is missing"
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            return "\(path(context)): \(context.debugDescription)"
        @unknown default: return "\(error)"
        }
    }

    // MARK: - CSV

    /// One column of the CSV export. The names an import reads back (Company, Contact,
    /// Email, Lead Source, Lead Status, External ID…) are the importer's own.
    private struct CSVColumn {
        var name: String
        var value: @Sendable (Lead, _ now: Date, _ calendar: Calendar) -> String?
    }

    private static let columns: [CSVColumn] = [
        CSVColumn(name: "Handoff ID") { lead, _, _ in lead.id.description },
        CSVColumn(name: "Column") { lead, _, _ in lead.column.rawValue },
        CSVColumn(name: "Days in Column") { lead, now, _ in String(lead.daysInColumn(now: now)) },
        CSVColumn(name: "Owner") { lead, _, _ in lead.owner },
        CSVColumn(name: "AE") { lead, _, _ in lead.ae },
        CSVColumn(name: "Company") { lead, _, _ in lead.company },
        CSVColumn(name: "Contact") { lead, _, _ in lead.contact },
        CSVColumn(name: "Title") { lead, _, _ in lead.fields.title },
        CSVColumn(name: "Email") { lead, _, _ in lead.fields.email },
        CSVColumn(name: "Phone") { lead, _, _ in lead.fields.phone },
        CSVColumn(name: "Website") { lead, _, _ in lead.fields.website },
        CSVColumn(name: "Industry") { lead, _, _ in lead.fields.industry },
        CSVColumn(name: "City") { lead, _, _ in lead.fields.city },
        CSVColumn(name: "State") { lead, _, _ in lead.fields.state },
        CSVColumn(name: "Country") { lead, _, _ in lead.fields.country },
        CSVColumn(name: "Lead Source") { lead, _, _ in lead.fields.source },
        CSVColumn(name: "Lead Status") { lead, _, _ in lead.fields.status },
        CSVColumn(name: "External ID") { lead, _, _ in lead.fields.externalID },
        CSVColumn(name: "Created") { lead, _, calendar in DateInput.format(lead.createdAt, calendar: calendar) },
        CSVColumn(name: "In Column Since") { lead, _, calendar in DateInput.format(lead.columnSince, calendar: calendar) },
        CSVColumn(name: "Meeting") { lead, _, calendar in lead.meeting.map { DateInput.format($0.at, calendar: calendar) } },
        CSVColumn(name: "Meeting Outcome") { lead, _, _ in lead.meeting.map { $0.outcome?.title ?? "to come" } },
        CSVColumn(name: "Disposition") { lead, _, _ in lead.disposition?.kind.rawValue },
        CSVColumn(name: "Next Step") { lead, _, _ in lead.disposition?.nextStep },
        CSVColumn(name: "Next Step Date") { lead, _, calendar in
            lead.disposition?.nextDate.map { DateInput.format($0, calendar: calendar, time: false) }
        },
        CSVColumn(name: "Revisit") { lead, _, calendar in
            lead.disposition?.revisit.map { DateInput.format($0, calendar: calendar, time: false) }
        },
        CSVColumn(name: "Return Reasons") { lead, _, _ in lead.disposition?.reasons.map(\.rawValue).joined(separator: " ") },
        CSVColumn(name: "Return Note") { lead, _, _ in lead.disposition?.note },
        CSVColumn(name: "Rebook") { lead, _, _ in lead.rebook ? "yes" : nil },
        CSVColumn(name: "Dispute") { lead, _, _ in lead.dispute.map { $0.resolution?.rawValue ?? "open" } },
        CSVColumn(name: "SQL Credits") { lead, _, _ in String(lead.creditedSQLs) },
        CSVColumn(name: "SAO Credits") { lead, _, _ in String(lead.creditedSAOs) },
        CSVColumn(name: "Version") { lead, _, _ in String(lead.version) },
    ]

    /// RFC 4180 with CRLF line ends; every cell sanitised and guarded against formulas.
    public static func csv(_ leads: [Lead], now: Date, calendar: Calendar = .current) -> String {
        var out = csvHeader
        for lead in leads { out += csvRow(lead, now: now, calendar: calendar) }
        return out
    }

    /// Whether `prefix` (a file's first bytes) starts a previous export of this kind: the
    /// CSV's header row (after an optional byte order mark), or the JSON's `format` field.
    /// Only such a file is replaced by `export --out` without `--force`.
    public static func isExport(_ prefix: [UInt8], json: Bool) -> Bool {
        if json { return prefix.starts(with: Array("{\"format\":\"\(format)\"".utf8)) }
        let body = prefix.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(prefix.dropFirst(3)) : prefix
        return body.starts(with: Array(csvHeader.utf8))
    }

    static var csvHeader: String { columns.map { cell($0.name) }.joined(separator: ",") + "\r\n" }

    static func csvRow(_ lead: Lead, now: Date, calendar: Calendar) -> String {
        columns.map { cell($0.value(lead, now, calendar) ?? "") }.joined(separator: ",") + "\r\n"
    }

    /// A spreadsheet runs a cell that begins with `=`, `+`, `-` or `@` (and, in some, a tab
    /// or line break before one) as a formula: OWASP's CSV-injection guard prefixes a `'`
    /// and quotes the cell. Terminal escapes and bidi controls are taken out first.
    public static func cell(_ text: String) -> String {
        let clean = SafeText.sanitize(text)
        // The raw text too: sanitising turns a leading tab or line break into a space.
        if [text, clean].contains(where: { $0.unicodeScalars.first.map(formulaTriggers.contains) == true }) {
            return quoted("'" + clean)
        }
        return clean.contains(where: { $0 == "," || $0 == "\"" || $0 == ";" }) ? quoted(clean) : clean
    }

    private static let formulaTriggers: Set<Unicode.Scalar> = ["=", "+", "-", "@", "\t", "\r", "\n"]

    private static func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
