import Foundation
import HandoffCore
import HandoffStore

/// What an import did, or would have done: the file's plan and the store's outcome of each
/// planned lead, in the words the summary and `--format json` use.
struct ImportReport: Encodable {
    struct Row: Encodable {
        var place: String
        var column: String?
        var reason: String
        fileprivate var order: Int

        enum CodingKeys: String, CodingKey { case place, column, reason }
    }

    var file: String
    var dryRun: Bool
    /// One rejected row stops the import (no `--skip-invalid`).
    var allOrNothing: Bool
    /// The leads are in the store.
    var committed: Bool
    var rows: Int
    var imported: [LeadID] = []
    var intoQueue = 0
    var intoNurture = 0
    var duplicates: [Row] = []
    var skipped: [Row] = []
    var rejected: [Row] = []
    var ignoredColumns: [String]
    var unknownOwners: [String: Int]
    /// Who gets the leads of owners not on the team.
    var defaultOwner: String

    init(file: String, plan: ImportPlan, result: BatchResult, dryRun: Bool, allOrNothing: Bool, defaultOwner: String) {
        self.file = file
        self.defaultOwner = defaultOwner
        self.dryRun = dryRun
        self.allOrNothing = allOrNothing
        committed = result.committed
        rows = plan.rows
        ignoredColumns = plan.ignoredColumns
        unknownOwners = plan.unknownOwners
        for (planned, outcome) in zip(plan.leads, result.outcomes) {
            let place = planned.place
            switch outcome {
            case .applied(let lead, _):
                if let lead { imported.append(lead) }
                if case .importLead(_, _, .nurture) = planned.command { intoNurture += 1 } else { intoQueue += 1 }
            case .refused(let error):
                rejected.append(Row(place: place.description, reason: error.description, order: place.order))
            case .duplicate(let lead, let key):
                duplicates.append(Row(place: place.description, reason: "already on the board as \(lead) (same \(key.rawValue))",
                                      order: place.order))
            }
        }
        rejected += plan.rejections.map { Row(place: $0.place.description, column: $0.column, reason: $0.reason, order: $0.place.order) }
        duplicates += plan.duplicates.map { Row(place: $0.place.description, reason: $0.reason, order: $0.place.order) }
        skipped = plan.skipped.map { Row(place: $0.place.description, reason: $0.status, order: $0.place.order) }
        rejected.sort { $0.order < $1.order }
        duplicates.sort { $0.order < $1.order }
    }

    /// An all-or-nothing import with a rejected row changes nothing (exit 3).
    var failed: Bool { allOrNothing && !rejected.isEmpty }

    // MARK: - Text

    /// The summary: what happened, then the counts.
    var summary: String {
        let name = safe((file as NSString).lastPathComponent)
        var lines: [String] = []
        let leads = imported.count == 1 ? "1 lead" : "\(imported.count) leads"
        if failed {
            let fix = "fix \(rejected.count == 1 ? "it" : "them"), or use --skip-invalid to import the other \(leads)"
            lines.append("\(dryRun ? "dry run: nothing would be imported" : "nothing imported") from \(name): \(rows(rejected.count)) rejected; \(fix)")
        } else {
            let verb = committed ? "imported" : "dry run: would import"
            var line = "\(verb) \(leads) from \(name)"
            if let first = imported.first, let last = imported.last { line += first == last ? " (\(first))" : " (\(first)…\(last))" }
            if intoNurture > 0 { line += ": \(intoQueue) to the SDR queue, \(intoNurture) to Nurture" }
            if !committed { line += "; nothing was changed" }
            lines.append(line)
        }
        var counts = ["\(imported.count) \(committed ? "imported" : "to import")", "\(duplicates.count) duplicate\(duplicates.count == 1 ? "" : "s")"]
        var skips = "\(skipped.count) skipped by status"
        if !skipped.isEmpty {
            let byStatus = Dictionary(grouping: skipped, by: \.reason).map { ($0.key, $0.value.count) }
                .sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }
            skips += " (" + byStatus.map { "\(safe($0.0)) \($0.1)" }.joined(separator: ", ") + ")"
        }
        counts += [skips, "\(rejected.count) rejected"]
        lines.append("\(rows(self.rows)): " + counts.joined(separator: ", "))
        return lines.joined(separator: "\n")
    }

    /// The rejected rows, each reason once: a reason shared by several rows is printed with
    /// their count and first places (a 10,000-row file with one unmapped status gives one
    /// line, not thousands); the first duplicates; owners and columns the import could not use.
    func details(duplicateLimit: Int = 20) -> [String] {
        var lines = Self.grouped(rejected)
        for duplicate in duplicates.prefix(duplicateLimit) {
            lines.append("  \(duplicate.place): duplicate, \(safe(duplicate.reason))")
        }
        if duplicates.count > duplicateLimit {
            lines.append("  … and \(duplicates.count - duplicateLimit) more duplicates (--format json lists them all)")
        }
        for (owner, count) in unknownOwners.sorted(by: { $0.key < $1.key }) {
            lines.append("note: owner '\(safe(owner))' (\(rows(count))) is not an SDR on the team: \(count == 1 ? "its lead goes" : "their leads go") to \(safe(defaultOwner))")
        }
        if !ignoredColumns.isEmpty {
            lines.append("note: columns not imported: " + ignoredColumns.map(safe).joined(separator: ", "))
        }
        return lines
    }

    private func rows(_ count: Int) -> String { count == 1 ? "1 row" : "\(count) rows" }

    /// How many places a grouped reason names before "and N more".
    static let placesShown = 5

    /// One line per distinct (column, reason), in the order each first occurs.
    static func grouped(_ rows: [Row]) -> [String] {
        var order: [String] = []
        var groups: [String: [Row]] = [:]
        for row in rows {
            let key = (row.column ?? "") + "\u{0}" + row.reason
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(row)
        }
        return order.compactMap { key -> String? in
            guard let group = groups[key], let first = group.first else { return nil }
            let column = first.column.map { ", " + safe($0) } ?? ""
            guard group.count > 1 else { return "  \(first.place)\(column): \(safe(first.reason))" }
            return "  \(group.count) rows (\(places(group)))\(column): \(safe(first.reason))"
        }
    }

    /// "lines 2, 3, 7, 9, 12 and 4,995 more".
    static func places(_ group: [Row]) -> String {
        let shown = group.prefix(placesShown).map(\.place)
        let words = shown.map { $0.split(separator: " ", maxSplits: 1) }
        var text: String
        if let kind = words.first?.first, words.allSatisfy({ $0.count == 2 && $0[0] == kind }) {
            text = "\(kind)s " + words.map { String($0[1]) }.joined(separator: ", ")
        } else {
            text = shown.joined(separator: ", ")
        }
        if group.count > placesShown { text += " and \(group.count - placesShown) more" }
        return text
    }
}

private extension RowPlace {
    var order: Int {
        switch self {
        case .line(let line): line
        case .record(let index): index
        }
    }
}
