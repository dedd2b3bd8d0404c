import Foundation
import Testing

/// Drives the real board in a detached tmux pane, as a person at a terminal would.
final class Tmux: @unchecked Sendable {
    static let path: String? = ["/usr/bin/tmux", "/usr/local/bin/tmux", "/bin/tmux"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    static var available: Bool { path != nil }

    /// On CI a missing tmux is a failure, never a silent skip.
    static func require(sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        if available { return true }
        let message = "tmux is not installed: the board's end-to-end tests cannot run (apt-get install -y tmux)"
        if ProcessInfo.processInfo.environment["CI"] != nil {
            Issue.record(Comment(rawValue: message), sourceLocation: sourceLocation)
        } else {
            print("⚠️  \(message)")
        }
        return false
    }

    let socket = "handoff-e2e-\(UUID().uuidString.prefix(8))"
    let session = "board"

    /// Starts `command` in a `width`×`height` pane; when it exits the pane prints its exit
    /// status and the terminal modes, so a test can see the terminal was restored.
    init(width: Int, height: Int, environment: [String: String], command: [String]) {
        let exports = environment.map { "\($0.key)=\(Self.quote($0.value))" }.sorted().joined(separator: " ")
        let line = "env \(exports) \(command.map(Self.quote).joined(separator: " ")); echo \"[exited $?]\"; stty -a | tr ';' '\\n' | grep -Eo -- '-?(icanon|echo)\\b' | tr '\\n' ' '; echo; sleep 30"
        run(["new-session", "-d", "-s", session, "-x", "\(width)", "-y", "\(height)", line])
    }

    deinit {
        run(["kill-server"])
    }

    static func quote(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    @discardableResult
    func run(_ arguments: [String]) -> String {
        guard let path = Self.path else { return "" }
        let result = Sandbox.execute(path, ["-L", socket] + arguments, environment: ProcessInfo.processInfo.environment)
        return result.stdout
    }

    /// Named keys as tmux spells them: Enter, Escape, Tab, BTab, Left, Right, Up, Down, Space, PPage, NPage, C-c.
    func press(_ keys: String...) {
        for key in keys {
            run(["send-keys", "-t", session, key])
            Thread.sleep(forTimeInterval: 0.05)
        }
    }

    /// Types text literally.
    func type(_ text: String) {
        run(["send-keys", "-t", session, "-l", text])
        Thread.sleep(forTimeInterval: 0.05)
    }

    var screen: String { run(["capture-pane", "-p", "-t", session]) }

    func resize(width: Int, height: Int) {
        run(["resize-window", "-t", session, "-x", "\(width)", "-y", "\(height)"])
    }

    /// Waits until the screen contains every one of `texts`; returns the last screen.
    @discardableResult
    func wait(for texts: String..., timeout: TimeInterval = 8, sourceLocation: SourceLocation = #_sourceLocation) -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var last = ""
        while Date() < deadline {
            last = screen
            if texts.allSatisfy(last.contains) { return last }
            Thread.sleep(forTimeInterval: 0.1)
        }
        Issue.record("timed out waiting for \(texts) on screen:\n\(last)", sourceLocation: sourceLocation)
        return last
    }
}
