import Foundation
import HandoffCore

/// What each member last looked at (`n` on the board), per store, remembered on this machine
/// in `$XDG_STATE_HOME/handoff/seen.tsv` (default `~/.local/state/handoff/seen.tsv`):
///
///     # handoff: what each member has seen, per store (written by the board)
///     /srv/team/board.sqlite<TAB>maya<TAB>1207<TAB>1796132400
///
/// The board writes it whole to a temporary file and moves it into place, so a reader never
/// sees half a file; it writes only over a file that starts with its own first line, so a
/// file someone else put there is never replaced. A line it cannot read is left out.
public enum SeenCursor {
    /// The first line of every file the board writes.
    public static let header = "# handoff: what each member has seen, per store (written by the board)"
    /// The most lines kept: the oldest-written go first.
    public static let maxLines = 1_000

    /// `$XDG_STATE_HOME/handoff` (default `~/.local/state/handoff`).
    public static func file(environment: [String: String]) -> URL {
        let folder: URL
        if let xdg = environment["XDG_STATE_HOME"], xdg.hasPrefix("/") {
            folder = URL(fileURLWithPath: xdg)
        } else {
            let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
            folder = URL(fileURLWithPath: home).appendingPathComponent(".local/state")
        }
        return folder.appendingPathComponent("handoff/seen.tsv")
    }

    /// What `member` last saw of `store`; nil when never (or on a line it cannot read).
    /// A file that is not the board's, too big, or not a regular file is refused with why.
    public static func load(_ file: URL, store: String, member: String) throws(ConfigError) -> SeenMark? {
        try lines(file).last { $0.store == store && $0.member == member }.map { SeenMark(seq: $0.seq, at: $0.at) }
    }

    /// Replaces `member`'s line for `store` with `mark`, keeping every other line.
    public static func save(_ mark: SeenMark, store: String, member: String, in file: URL) throws(ConfigError) {
        guard Self.fits(store), Self.fits(member) else {
            throw ConfigError(file: file.path, message: "a store or member name with a tab or line break is not remembered")
        }
        var kept = try lines(file).filter { !($0.store == store && $0.member == member) }
        kept.append(Line(store: store, member: member, seq: mark.seq, at: mark.at))
        kept = Array(kept.suffix(maxLines))
        var text = header + "\n"
        for line in kept {
            text += "\(line.store)\t\(line.member)\t\(line.seq)\t\(Int64(line.at.timeIntervalSince1970))\n"
        }
        do {
            // Not through a link: the board replaces only a file of its own in its own place.
            if let type = try? FileManager.default.attributesOfItem(atPath: file.path)[.type] as? FileAttributeType,
               type != .typeRegular {
                throw ConfigError(file: file.path, message: "not a regular file; left alone")
            }
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: file, options: .atomic)
        } catch let error as ConfigError {
            throw error
        } catch {
            throw ConfigError(file: file.path, message: "cannot write: \(Shown.text(error.localizedDescription, limit: 120))")
        }
    }

    struct Line {
        var store: String
        var member: String
        var seq: Int64
        var at: Date
    }

    static func fits(_ text: String) -> Bool {
        !text.isEmpty && !text.contains(where: { $0 == "\t" || $0 == "\n" || $0 == "\r" })
    }

    /// The file's lines; none when there is no file. Refused: not a regular file, over
    /// 1 MiB, or a file that does not start with `header` (not the board's).
    static func lines(_ file: URL) throws(ConfigError) -> [Line] {
        if let type = try? FileManager.default.attributesOfItem(atPath: file.path)[.type] as? FileAttributeType,
           type == .typeSymbolicLink {
            throw ConfigError(file: file.path, message: "a link, not the board's own file; left alone")
        }
        guard let bytes = try SettingsFile.read(file, shown: file.path) else { return [] }
        let text = String(decoding: bytes, as: UTF8.self)
        let rows = text.split(separator: "\n", omittingEmptySubsequences: true)
        guard rows.first.map(String.init) == header else {
            throw ConfigError(file: file.path, message: "not a file the board wrote (its first line is not handoff's); left alone")
        }
        return rows.dropFirst().compactMap { row in
            let cells = row.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard cells.count == 4, let seq = Int64(cells[2]), seq >= 0, let seconds = Int64(cells[3]),
                  fits(cells[0]), fits(cells[1]) else { return nil }
            return Line(store: cells[0], member: cells[1], seq: seq, at: Date(timeIntervalSince1970: TimeInterval(seconds)))
        }
    }
}
