import Foundation
import HandoffConfig
import HandoffCore
import HandoffTUI

/// What the board needs to tell a member what landed for them: `[notify]`, and when they
/// last looked at this store on this machine (`$XDG_STATE_HOME/handoff/seen.tsv`). A cursor
/// file that cannot be used (a folder, a file over 1 MiB, one the board did not write) is
/// no reason to keep anyone from the board: it opens, says why, and leaves the file alone.
enum SeenFile {
    static func setup(settings: NotifySettings, store location: String, member: String, readOnly: Bool,
                      sla: SLASettings, environment: [String: String] = ProcessInfo.processInfo.environment) -> NoticeSetup {
        let file = SeenCursor.file(environment: environment)
        // A file store by its absolute path, so `--db board.sqlite` from another folder is
        // another store; a server by its URL (without a password).
        let location = location.contains("://") ? location
            : URL(fileURLWithPath: location).standardizedFileURL.resolvingSymlinksInPath().path
        var setup = NoticeSetup(settings: settings, sla: sla)
        guard !readOnly else { return setup }
        do {
            setup.lastLooked = try SeenCursor.load(file, store: location, member: member)
            setup.save = { @Sendable mark in try SeenCursor.save(mark, store: location, member: member, in: file) }
        } catch {
            setup.problem = error.description
        }
        return setup
    }
}
