import Foundation

/// Numbers the environment sets, each checked against its documented range: a value out
/// of range is refused with its name and the range, never clamped or passed on (an
/// infinite busy timeout used to trap every command on its way to SQLite's milliseconds).
public enum EnvironmentSettings {
    /// `HANDOFF_BUSY_TIMEOUT`: seconds to wait for another writer, 0 to 3600.
    public static let busyTimeoutRange: ClosedRange<Double> = 0...3600

    /// The timeout the environment asks for; nil when unset or empty (the default applies).
    public static func busyTimeout(_ environment: [String: String]) throws(ConfigError) -> TimeInterval? {
        try number("HANDOFF_BUSY_TIMEOUT", in: environment, range: busyTimeoutRange, unit: "seconds")
    }

    /// `LINES` and `COLUMNS`, which curses lets override the terminal's own size: whole
    /// numbers from 1 to 1000. `LINES=100000 COLUMNS=100000` made the board allocate and
    /// draw ten billion cells (it froze, or failed to start under a memory limit).
    public static let terminalSizeRange: ClosedRange<Double> = 1...1000

    /// Checks `LINES` and `COLUMNS` when set; the board calls it before starting curses.
    public static func checkTerminalSize(_ environment: [String: String]) throws(ConfigError) {
        for (name, unit) in [("LINES", "rows"), ("COLUMNS", "columns")] {
            guard let value = try number(name, in: environment, range: terminalSizeRange, unit: unit) else { continue }
            guard value == value.rounded() else {
                throw ConfigError(file: nil, message: "\(name) must be a whole number of \(unit) from 1 to 1000, not '\(Shown.text(environment[name] ?? "", limit: 40))'")
            }
        }
    }

    /// A decimal number of `unit` within `range`. Only plain decimal notation is read
    /// (`2`, `0.5`): no `inf`, `nan`, hexadecimal or exponents.
    static func number(
        _ name: String, in environment: [String: String], range: ClosedRange<Double>, unit: String
    ) throws(ConfigError) -> Double? {
        guard let raw = environment[name] else { return nil }
        let text = raw.trimmingCharacters(in: .whitespaces)
        if text.isEmpty { return nil }
        let plain = text.utf8.count <= 32 && text.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2E }
            && text.utf8.filter { $0 == 0x2E }.count <= 1 && text.utf8.contains { $0 >= 0x30 && $0 <= 0x39 }
        guard plain, let value = Double(text), range.contains(value) else {
            throw ConfigError(
                file: nil,
                message: "\(name) must be a number of \(unit) from \(format(range.lowerBound)) to \(format(range.upperBound)), not '\(Shown.text(raw, limit: 40))'")
        }
        return value
    }

    private static func format(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }
}
