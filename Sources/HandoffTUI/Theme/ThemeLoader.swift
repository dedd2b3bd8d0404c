import Foundation
import HandoffConfig
import HandoffCore

/// Finding a theme by name: the user's folder first, then the project's `themes/`, then the
/// copies built into the binary, so an installed `handoff` works without the source tree.
extension Theme {
    /// Loads `name` (or a path to a `.toml` file) from the first folder that has it.
    public static func load(name: String, searchPaths: [URL]) throws(ThemeError) -> Theme {
        if name.contains("/") || name.hasSuffix(".toml") {
            return try load(file: URL(fileURLWithPath: name))
        }
        for folder in searchPaths {
            let file = folder.appendingPathComponent("\(name).toml")
            if FileManager.default.fileExists(atPath: file.path) {
                return try load(file: file)
            }
        }
        if let theme = builtin(named: name) { return theme }
        let available = availableNames(searchPaths: searchPaths)
        throw ThemeError(
            file: nil,
            message: "unknown theme '\(Shown.text(name))'\(Suggestion.hint(for: name, in: available)); "
                + "available: \(Shown.text(available.joined(separator: ", "), limit: 300))")
    }

    /// A theme file; roles it leaves out come from the built-in default.
    public static func load(file: URL) throws(ThemeError) -> Theme {
        let shown = displayPath(file)
        let document: TOMLTable
        do {
            guard let bytes = try SettingsFile.read(file, shown: shown) else {
                throw ConfigError(file: shown, message: "cannot read theme: no such file")
            }
            document = try TOML.parse(utf8: bytes)
        } catch let error as TOMLError {
            throw ThemeError(file: shown, line: error.line, message: error.message)
        } catch let error as ConfigError {
            throw ThemeError(file: error.file, line: error.line, message: error.message)
        } catch {
            throw ThemeError(file: shown, message: "cannot read theme")
        }
        return try ThemeParser.parse(document, file: shown, base: builtinDefault)
    }

    /// The theme to use: `NO_COLOR` → mono; else `--theme NAME`; else `configured`, the
    /// `theme = "…"` of config.toml (HandoffConfig's `Config.theme`); else default.
    public static func resolve(
        requested: String?,
        configured: String?,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        searchPaths: [URL]? = nil
    ) throws(ThemeError) -> Theme {
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return mono }
        let paths = searchPaths ?? defaultSearchPaths(environment: environment)
        if let requested, !requested.isEmpty {
            return try load(name: requested, searchPaths: paths)
        }
        if let configured, !configured.isEmpty {
            return try load(name: configured, searchPaths: paths)
        }
        return try load(name: "default", searchPaths: paths)
    }

    // MARK: - Where themes live

    /// `$XDG_CONFIG_HOME/handoff` (default `~/.config/handoff`).
    public static func configDirectory(environment: [String: String]) -> URL {
        SettingsFile.directory(environment: environment)
    }

    public static func defaultSearchPaths(environment: [String: String]) -> [URL] {
        let starts = [
            Bundle.main.executableURL?.resolvingSymlinksInPath().deletingLastPathComponent(),
            URL(fileURLWithPath: FileManager.default.currentDirectoryPath),
        ].compactMap { $0 }
        var paths = [configDirectory(environment: environment).appendingPathComponent("themes")]
        for start in starts {
            if let folder = projectThemesFolder(above: start), !paths.contains(folder) {
                paths.append(folder)
            }
        }
        return paths
    }

    /// The nearest ancestor that is a Handoff checkout: a `Package.swift` beside `themes/`.
    static func projectThemesFolder(above start: URL) -> URL? {
        var folder = start.standardizedFileURL
        while true {
            let themes = folder.appendingPathComponent("themes")
            let manifest = folder.appendingPathComponent("Package.swift")
            if FileManager.default.fileExists(atPath: manifest.path),
                FileManager.default.fileExists(atPath: themes.appendingPathComponent("default.toml").path)
            {
                return themes
            }
            let parent = folder.deletingLastPathComponent()
            if parent.path == folder.path { return nil }
            folder = parent
        }
    }

    /// Built-in names plus every `*.toml` in the search paths, sorted.
    public static func availableNames(searchPaths: [URL]) -> [String] {
        var names = Set(builtinNames)
        for folder in searchPaths {
            let files = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
            for file in files where file.hasSuffix(".toml") {
                names.insert(String(file.dropLast(5)))
            }
        }
        return names.sorted()
    }

    /// Relative to the current directory when inside it, `~/…` under home: what a person
    /// would type to open the file.
    static func displayPath(_ file: URL) -> String {
        let path = file.standardizedFileURL.path
        let current = FileManager.default.currentDirectoryPath
        if path.hasPrefix(current + "/") { return String(path.dropFirst(current.count + 1)) }
        let home = NSHomeDirectory()
        if !home.isEmpty, home != "/", path.hasPrefix(home + "/") { return "~/" + path.dropFirst(home.count + 1) }
        return path
    }
}
