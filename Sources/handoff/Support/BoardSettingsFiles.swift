import Foundation
import HandoffConfig
import HandoffTUI

/// The board's settings from the settings folder — config.toml's thresholds and views,
/// keys.toml, the theme — read the same way at start and on every reload, so a file the
/// board would refuse at start is refused on reload too (and the old settings stay).
struct BoardSettingsFiles: Sendable {
    var environment: [String: String]
    /// `--theme`: it wins over config.toml's `theme`, at start and on reload.
    var requestedTheme: String?

    /// Everything, or the first problem as `file:line: why` (the folder left out of the
    /// name when it is the settings folder, so the status line has room for the why).
    func read() throws(ConfigError) -> BoardSettings {
        let config = try Settings.configFile(environment: environment)
        let keymap = try KeysFile.load(environment: environment).map { file throws(ConfigError) in try KeyRegistry(file: file) }
        let theme: Theme
        do {
            theme = try Theme.resolve(requested: requestedTheme, configured: config.theme, environment: environment)
        } catch {
            throw ConfigError(file: nil, message: error.description)
        }
        var read = [SettingsFile.config(environment: environment), KeysFile.location(environment: environment)]
            .filter { FileManager.default.fileExists(atPath: $0.path) }.map(\.lastPathComponent)
        read.append("theme \(requestedTheme ?? config.theme ?? "default")")
        var settings = BoardSettings(thresholds: config.thresholds, views: config.views, keymap: keymap ?? .standard,
                                     theme: theme, source: read.joined(separator: ", "))
        settings.routing = config.routing
        settings.noShow = config.noShow
        settings.notify = config.notify
        return settings
    }

    /// On SIGHUP or `reload settings`: the same, with a problem's settings folder left out
    /// of its name, for the status line.
    @Sendable func reload() throws -> BoardSettings {
        do {
            return try read()
        } catch {
            let folder = SettingsFile.directory(environment: environment).path + "/"
            throw ConfigError(file: nil, message: error.description.replacingOccurrences(of: folder, with: ""))
        }
    }
}
