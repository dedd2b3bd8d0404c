import Foundation

/// The standup as text for a terminal (aligned columns) and as markdown (tables), for
/// `handoff report`. JSON is `Standup`'s own Codable form.
public enum StandupText {
    /// Aligned text. Lists longer than `limit` are cut with a note saying how many more
    /// there are; `nil` or 0 lists everything.
    /// `sections`: only those of these `ReportSection` names (nil: all).
    public static func text(_ standup: Standup, limit: Int? = 20, calendar: Calendar = .current,
                            sections names: Set<String>? = nil) -> String {
        let document = StandupDocument(standup, limit: limit, calendar: calendar)
        var lines = [document.title]
        for section in chosen(document, standup, limit: limit, calendar: calendar, names) {
            lines.append("")
            lines.append(section.title)
            lines.append(String(repeating: "─", count: SafeText.width(of: section.title)))
            for block in section.blocks {
                switch block {
                case .line(let text):
                    lines.append("  " + text)
                case .table(let table):
                    lines += aligned(table).map { "  " + $0 }
                }
            }
        }
        return lines.joined(separator: "\n")
    }

    /// GitHub-flavoured markdown: a heading per section, a table per table.
    public static func markdown(_ standup: Standup, limit: Int? = 20, calendar: Calendar = .current,
                                sections names: Set<String>? = nil) -> String {
        let document = StandupDocument(standup, limit: limit, calendar: calendar)
        var lines = ["# " + escaped(document.title)]
        for section in chosen(document, standup, limit: limit, calendar: calendar, names) {
            lines.append("")
            lines.append("## " + escaped(section.title))
            for block in section.blocks {
                lines.append("")
                switch block {
                case .line(let text):
                    lines.append(escaped(text))
                case .table(let table):
                    lines.append("| " + table.header.map(escaped).joined(separator: " | ") + " |")
                    lines.append("|" + table.header.indices.map { table.numeric.contains($0) ? " ---: " : " --- " }.joined(separator: "|") + "|")
                    for row in table.rows {
                        lines.append("| " + row.map { $0.isEmpty ? " " : escaped($0) }.joined(separator: " | ") + " |")
                    }
                }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The standup's sections, the trend, then the added ones (`ReportSection.added`), in
    /// that order; only those named in `names` when it is given.
    private static func chosen(_ document: StandupDocument, _ standup: Standup, limit: Int?, calendar: Calendar,
                               _ names: Set<String>?) -> [StandupDocument.Section] {
        let context = ReportSection.Context(limit: limit, calendar: calendar)
        var sections = document.sections + trend(standup, calendar: calendar)
        for added in ReportSection.added where names?.contains(added.name) ?? true {
            sections += (added.layout?(standup, context) ?? []).map { section in
                var section = section
                section.name = added.name
                return section
            }
        }
        guard let names else { return sections }
        let kept = sections.filter { names.contains($0.name) }
        // A chosen section with nothing to lay out says why, rather than printing nothing.
        let empty: [(String, String)] = [
            ("people", "The figures per person: none with --by team (use --by sdr or --by ae)."),
            ("trend", "The trend: the period is too short (one day or less) or too long (over 31 rows) for a table."),
        ]
        let missing = empty.filter { name, _ in names.contains(name) && !kept.contains { $0.name == name } }
        return kept + missing.map { StandupDocument.Section(title: $0.1, name: $0.0) }
    }

    /// The period day by day (or week by week), when it is short enough to read as a table.
    private static func trend(_ standup: Standup, calendar: Calendar) -> [StandupDocument.Section] {
        let trend = standup.trend
        guard trend.starts.count > 1, trend.starts.count <= 31 else { return [] }
        var section = StandupDocument.Section(title: trend.bucketDays == 1 ? "Day by day" : "Every \(trend.bucketDays) days",
                                              name: "trend")
        section.table(["from", "handoffs", "held", "missed", "accepted", "nurture", "returned", "SQLs", "SAOs"],
                      numeric: Set(1...8), trend.starts.indices.map { index in
                          [DateInput.format(trend.starts[index], calendar: calendar)]
                              + [trend.handoffs, trend.held, trend.missed, trend.accepted, trend.nurtured, trend.returned,
                                 trend.sqls, trend.saos].map { "\($0[index])" }
                      })
        return [section]
    }

    /// Columns padded to their widest cell (in terminal cells, so wide characters line up).
    static func aligned(_ table: StandupDocument.Table) -> [String] {
        let rows = [table.header] + table.rows
        let count = table.header.count
        var widths = Array(repeating: 0, count: count)
        for row in rows {
            for (index, cell) in row.enumerated() where index < count {
                widths[index] = max(widths[index], SafeText.width(of: cell))
            }
        }
        return rows.map { row in
            var line = ""
            for index in 0..<count {
                let cell = index < row.count ? row[index] : ""
                let gap = String(repeating: " ", count: max(0, widths[index] - SafeText.width(of: cell)))
                if index > 0 { line += "  " }
                line += table.numeric.contains(index) ? gap + cell : cell + gap
            }
            while line.last == " " { line.removeLast() }
            return line
        }
    }

    /// Markdown's own characters are escaped so that store text cannot format the report.
    static func escaped(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            if "\\`*_[]<>|#".contains(character) { out.append("\\") }
            out.append(character)
        }
        return out
    }
}
