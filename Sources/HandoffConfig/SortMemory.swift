import Foundation
import HandoffCore

/// Each member's column sorts, remembered between boards in a small file beside
/// config.toml: `$XDG_CONFIG_HOME/handoff/sorts.tsv`, one line per member and column:
///
///     maya<TAB>handed-off<TAB>sla
///
/// The board writes it; it is not a settings file. A line it cannot read (a name it does
/// not know, a stray edit) is left out, and the file is read only through `SettingsFile`
/// (a regular file of at most 1 MiB).
public enum SortMemory {
    public static func file(environment: [String: String]) -> URL {
        SettingsFile.directory(environment: environment).appendingPathComponent("sorts.tsv")
    }

    /// `member`'s sorts in `file`.
    public static func load(_ file: URL, member: String) throws(ConfigError) -> [Column: ColumnSort] {
        var sorts: [Column: ColumnSort] = [:]
        for line in try lines(file) {
            guard line.member == member, let column = Column(rawValue: line.column), column != .archived,
                  let sort = ColumnSort(rawValue: line.sort), sort != .board else { continue }
            sorts[column] = sort
        }
        return sorts
    }

    /// Replaces `member`'s lines with `sorts`, keeping every other member's; written whole
    /// to a temporary file and moved into place, so a reader never sees half a file.
    public static func save(_ sorts: [Column: ColumnSort], for member: String, in file: URL) throws {
        guard !member.contains(where: { $0 == "\t" || $0 == "\n" || $0 == "\r" }) else { return }
        var kept = try lines(file).filter { $0.member != member }
        for column in Column.board {
            if let sort = sorts[column], sort != .board { kept.append((member, column.rawValue, sort.rawValue)) }
        }
        let text = kept.map { "\($0.member)\t\($0.column)\t\($0.sort)\n" }.joined()
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: file, options: .atomic)
    }

    private static func lines(_ file: URL) throws(ConfigError) -> [(member: String, column: String, sort: String)] {
        guard let bytes = try SettingsFile.read(file, shown: file.path) else { return [] }
        return String(decoding: bytes, as: UTF8.self).split(separator: "\n").compactMap { line in
            let cells = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            return cells.count == 3 ? (cells[0], cells[1], cells[2]) : nil
        }
    }
}
