import Foundation
import HandoffCore
import HandoffTUI

/// The team's thresholds (AE SLA, aging limits) from the `[report]` table of config.toml:
/// one reading for `handoff report`, the board's markers and its standup view.
enum ThresholdsConfig {
    /// The file's thresholds; the defaults when there is no config file.
    static func load(environment: [String: String]) throws -> Thresholds {
        let file = ThemeLoader.configFile(environment: environment)
        guard FileManager.default.fileExists(atPath: file.path) else { return .standard }
        guard let data = FileManager.default.contents(atPath: file.path) else {
            throw CLIFailure(code: 1, message: "cannot read \(file.path)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw CLIFailure(code: 3, message: "\(file.path): not valid UTF-8")
        }
        return try Thresholds.parse(toml: text, file: file.path)
    }
}
