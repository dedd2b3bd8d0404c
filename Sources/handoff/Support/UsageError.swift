import Foundation

/// A usage error as the README promises it: one line saying what is wrong, then where the
/// help is. swift-argument-parser's own message repeats the whole usage synopsis (a dozen
/// lines for a verb with many options) between the two.
enum UsageError {
    /// `full` is the parser's message: "Error: …", perhaps a "Help:" block and a "Usage:"
    /// block, and "  See 'handoff VERB --help' for more information."
    static func shape(_ full: String, arguments: [String] = []) -> String {
        let lines = full.split(separator: "\n", omittingEmptySubsequences: true).map { $0.trimmingCharacters(in: .whitespaces) }
        var problem = lines.first ?? "bad usage"
        if problem.hasPrefix("Error: ") { problem.removeFirst("Error: ".count) }
        var pointer = lines.last { $0.hasPrefix("See '") && $0.contains("--help") }
            .map { $0.replacingOccurrences(of: " for more information.", with: "") }
            ?? "See 'handoff --help'"
        // An unknown verb is parsed as an argument of the default verb (the board): the
        // help to read is the list of verbs.
        if pointer.contains("'handoff board --help'"), arguments.first(where: { !$0.hasPrefix("-") }) != "board" {
            pointer = "See 'handoff --help'"
        }
        return "handoff: " + problem + "\n" + pointer + " for how to use it."
    }
}

/// Output that could not be written is an error the user sees, not a silent success: a
/// file-size limit (SIGXFSZ is ignored so that the write fails with EFBIG instead of
/// killing the process, perhaps just after a commit) or a full disk under a redirection.
enum StandardOutput {
    static func ignoreFileSizeSignal() {
        signal(SIGXFSZ, SIG_IGN)
    }

    /// Flushes every stdio stream (`print` writes through stdio): a failed write of any
    /// part of the output makes this fail with its reason.
    static func flush() throws {
        errno = 0
        if fflush(nil) != 0 {
            let reason = errno == 0 ? "write error" : String(cString: strerror(errno))
            throw CLIFailure(code: 1, message: "could not write all of the output to standard output: \(reason)")
        }
    }
}
