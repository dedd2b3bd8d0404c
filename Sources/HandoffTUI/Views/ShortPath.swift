import HandoffCore

/// A store's path in the status line: shortened from the left, where the folders are least
/// telling, so the file's own name stays whole ("…/handoff-demo-12/demo.sqlite", never
/// "…/demo.sq"). A server's URL keeps its start instead: the login and the host.
enum ShortPath {
    /// `path`, sanitised, in at most `width` cells: whole when it fits; otherwise "…" and the
    /// longest tail that starts at a folder boundary and fits; otherwise "…" and the end of
    /// the last name.
    static func fromLeft(_ path: String, width: Int) -> String {
        let text = SafeText.sanitize(path)
        guard width > 0 else { return "" }
        if SafeText.width(of: text) <= width { return text }
        guard width > 1 else { return "…" }
        // A server's URL says who and where at its start (postgres://maya@db.example.com/…):
        // that part stays, and the database and options give way.
        if text.contains("://") { return SafeText.truncate(text, toWidth: width) }
        let characters = Array(text)
        // Walk back from the end: the widest tail of at most width - 1 cells.
        var start = characters.count
        var used = 0
        while start > 0 {
            let cells = SafeText.width(of: characters[start - 1])
            guard used + cells <= width - 1 else { break }
            used += cells
            start -= 1
        }
        // Prefer to begin at a separator, so no folder's name is cut.
        if let slash = characters[start...].firstIndex(where: { $0 == "/" }), slash < characters.count - 1 {
            return "…" + String(characters[slash...])
        }
        return "…" + String(characters[start...])
    }
}
