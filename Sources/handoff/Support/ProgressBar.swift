import Foundation

/// One line on standard error that redraws itself while a long job runs: only on a
/// terminal (a log file or a pipe gets no carriage returns), and only for jobs long
/// enough to wait for.
final class ProgressBar {
    private let total: Int
    private let label: String
    private var drawnPercent = -1
    private var drawnAt = Date.distantPast

    private init(total: Int, label: String) {
        self.total = total
        self.label = label
    }

    /// A bar when standard error is a terminal and there are at least `minimum` steps.
    static func onTerminal(total: Int, label: String, minimum: Int = 2_000) -> ProgressBar? {
        guard total >= minimum, isatty(STDERR_FILENO) == 1 else { return nil }
        return ProgressBar(total: total, label: label)
    }

    func update(_ done: Int) {
        let percent = total == 0 ? 100 : min(100, done * 100 / total)
        let now = Date()
        // A redraw per percent, at most ten a second: drawing must not slow the job.
        guard percent != drawnPercent, now.timeIntervalSince(drawnAt) >= 0.1 || percent == 100 else { return }
        drawnPercent = percent
        drawnAt = now
        let width = 24
        let filled = percent * width / 100
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        let counts = "\(done.formatted())/\(total.formatted())"
        write("\r\u{1B}[K\(label) [\(bar)] \(String(percent).leftPadded(to: 3))%  \(counts)")
    }

    /// Clears the line, so the summary that follows starts clean.
    func finish() {
        write("\r\u{1B}[K")
    }

    private func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}

private extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
