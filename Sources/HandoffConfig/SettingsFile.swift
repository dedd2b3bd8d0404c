import Foundation

/// Where settings live and how a settings file is read: `$XDG_CONFIG_HOME/handoff/`
/// (default `~/.config/handoff/`) holds `config.toml` and `themes/`. A file is read only
/// if it is a regular file, and never more than `TOML.maxBytes`, so a config that is a
/// link to `/dev/zero` or a pipe cannot hang or exhaust the process.
public enum SettingsFile {
    /// `$XDG_CONFIG_HOME/handoff` (default `~/.config/handoff`).
    public static func directory(environment: [String: String]) -> URL {
        if let xdg = environment["XDG_CONFIG_HOME"], xdg.hasPrefix("/") {
            return URL(fileURLWithPath: xdg).appendingPathComponent("handoff")
        }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return URL(fileURLWithPath: home).appendingPathComponent(".config/handoff")
    }

    public static func config(environment: [String: String]) -> URL {
        directory(environment: environment).appendingPathComponent("config.toml")
    }

    /// The bytes of a settings file; nil when there is no file. `shown` names it in messages.
    /// A settings file's TOML document, or its syntax error as `file:line: why`.
    static func document(utf8 bytes: some Collection<UInt8>, file: String) throws(ConfigError) -> TOMLTable {
        do {
            return try TOML.parse(utf8: bytes)
        } catch {
            throw ConfigError(file: file, line: error.line, message: error.message)
        }
    }

    public static func read(_ file: URL, shown: String) throws(ConfigError) -> [UInt8]? {
        let resolved = file.resolvingSymlinksInPath()
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: resolved.path, isDirectory: &isDirectory) else { return nil }
        let type = (try? FileManager.default.attributesOfItem(atPath: resolved.path))?[.type] as? FileAttributeType
        guard !isDirectory.boolValue, type == .typeRegular else {
            throw ConfigError(file: shown, message: "not a regular file")
        }
        do {
            let handle = try FileHandle(forReadingFrom: resolved)
            defer { try? handle.close() }
            let data = try handle.read(upToCount: TOML.maxBytes + 1) ?? Data()
            guard data.count <= TOML.maxBytes else {
                throw ConfigError(file: shown, message: "larger than \(TOML.maxBytes) bytes (1 MiB), the most a settings file may hold")
            }
            return [UInt8](data)
        } catch let error as ConfigError {
            throw error
        } catch {
            throw ConfigError(file: shown, message: "cannot read: \(Shown.text(error.localizedDescription, limit: 120))")
        }
    }
}

extension Config {
    /// `config.toml` from the settings folder of `environment`; the defaults when there
    /// is none.
    public static func load(environment: [String: String]) throws(ConfigError) -> Config {
        try load(file: SettingsFile.config(environment: environment))
    }

    public static func load(file: URL) throws(ConfigError) -> Config {
        guard let bytes = try SettingsFile.read(file, shown: file.path) else { return .standard }
        return try parse(utf8: bytes, file: file.path)
    }
}
