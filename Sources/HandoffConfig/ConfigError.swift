import HandoffCore

/// A setting that cannot be used, with the place to fix it: `config.toml:7: unknown key
/// 'sla_hour' in [report] (did you mean sla_hours?)`, or `HANDOFF_BUSY_TIMEOUT must be …`.
/// Every part taken from the file or the environment is shown sanitised and shortened.
public struct ConfigError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file as given; nil for the environment.
    public let file: String?
    public let line: Int?
    public let message: String

    public init(file: String?, line: Int? = nil, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String {
        switch (file, line) {
        case let (file?, line?) where line > 0: "\(Shown.text(file, limit: 200)):\(line): \(message)"
        case let (file?, _): "\(Shown.text(file, limit: 200)): \(message)"
        default: message
        }
    }
}

/// Text from a settings file or the environment, as a message quotes it: no control,
/// escape or bidi characters, and short enough for one line.
public enum Shown {
    public static func text(_ text: String, limit: Int = 60) -> String {
        // Bounded before sanitising, so a megabyte key costs nothing.
        var head = String.UnicodeScalarView()
        var cut = false
        for (index, scalar) in text.unicodeScalars.enumerated() {
            if index == limit * 4 {
                cut = true
                break
            }
            head.append(scalar)
        }
        let safe = SafeText.sanitize(String(head))
        if !cut, safe.count <= limit { return safe }
        return String(safe.prefix(limit - 1)) + "…"
    }
}
