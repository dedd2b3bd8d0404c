import Foundation
import HandoffCore
import HandoffStore

/// Where a PostgreSQL store lives: `postgres://user[:password]@host[:port]/dbname[?sslmode=…]`.
///
/// The password is kept only to connect: `redacted` (the store's `location`, every message)
/// never shows it. Without one in the URL it comes from `$PGPASSWORD`, else from
/// `~/.pgpass` (`$PGPASSFILE`), as libpq does.
public struct PostgresURL: Sendable, Equatable {
    /// `sslmode`, as libpq defines it (README, "TLS"). `allow` is read as `disable`.
    public enum TLSMode: String, Sendable, Equatable {
        /// Plain TCP.
        case disable
        /// TLS when the server offers it, plain otherwise (libpq's default).
        case prefer
        /// TLS or nothing; the certificate is checked only if a root certificate is given
        /// or `~/.postgresql/root.crt` exists (then as `verify-ca`, as libpq does).
        case require
        /// TLS, the certificate signed by a trusted root (`sslrootcert`); any host name.
        case verifyCA = "verify-ca"
        /// TLS, the certificate signed by a trusted root and issued to the host we asked for.
        case verifyFull = "verify-full"
    }

    public var user: String
    public var password: String?
    public var host: String
    public var port: Int
    public var database: String
    public var tls: TLSMode
    /// `sslrootcert` (else `$PGSSLROOTCERT`): a PEM file of trusted roots, or `system` for the
    /// operating system's. Nil: `~/.postgresql/root.crt`, if it exists.
    public var rootCertificate: String?
    /// The most server connections one process holds, the live feed's included
    /// (`connections=N`, 2 to 64); nil: `defaultConnections`.
    public var connections: Int?
    /// A board: one connection for its reads and writes, one for LISTEN.
    public static let defaultConnections = 2
    public static let connectionRange = 2...64
    /// The folder whose `root.crt` is the default root certificate: `$HOME/.postgresql`.
    public var home: String

    /// Whether `text` names a PostgreSQL store rather than a file.
    public static func isPostgres(_ text: String) -> Bool {
        let lower = text.lowercased()
        return lower.hasPrefix("postgres://") || lower.hasPrefix("postgresql://")
    }

    /// Parses `text`; the password, if any, is looked up in `environment` and the password file.
    /// Errors are worded for the user and never repeat the password.
    public init(_ text: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        guard Self.isPostgres(text) else {
            throw StoreError.unavailable("not a PostgreSQL URL: expected postgres://user@host:port/dbname")
        }
        guard let components = URLComponents(string: text), let host = components.host, !host.isEmpty else {
            throw StoreError.unavailable("cannot read the PostgreSQL URL \(Self.redact(text)): expected postgres://user@host:port/dbname")
        }
        let database = String(components.path.drop(while: { $0 == "/" }))
        guard !database.isEmpty, !database.contains("/") else {
            throw StoreError.unavailable("the PostgreSQL URL \(Self.redact(text)) names no database: expected postgres://user@host:port/dbname")
        }
        let user = components.user ?? environment["PGUSER"] ?? environment["USER"] ?? ""
        guard !user.isEmpty else {
            throw StoreError.unavailable("the PostgreSQL URL \(Self.redact(text)) names no user: expected postgres://user@host:port/dbname")
        }
        // URLComponents rejects ports it cannot read; a port of 0 or above 65535 is refused here.
        let port = components.port ?? 5432
        guard (1...65_535).contains(port) else {
            throw StoreError.unavailable("the PostgreSQL URL \(Self.redact(text)) has a bad port \(port)")
        }
        var tls = TLSMode.prefer
        if let mode = environment["PGSSLMODE"], !mode.isEmpty { tls = try Self.mode(mode, in: text) }
        var root = environment["PGSSLROOTCERT"].flatMap { $0.isEmpty ? nil : $0 }
        var connections: Int?
        let items = components.queryItems ?? []
        guard items.count <= 8 else {
            throw StoreError.unavailable("the PostgreSQL URL \(Self.redact(text)) has too many parameters")
        }
        for item in items {
            let value = item.value ?? ""
            switch item.name {
            case "sslmode":
                tls = try Self.mode(value, in: text)
            case "sslrootcert":
                guard !value.isEmpty, value.utf8.count <= 4096, !value.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
                    throw StoreError.unavailable("the PostgreSQL URL \(Self.redact(text)) has a bad sslrootcert: give the path of a PEM file of trusted root certificates, or system")
                }
                root = value
            case "connections":
                guard let number = Int(value), Self.connectionRange.contains(number) else {
                    throw StoreError.unavailable("the PostgreSQL URL \(Self.redact(text)) has a bad connections '\(SafeText.sanitize(String(value.prefix(20))))': give a whole number from \(Self.connectionRange.lowerBound) to \(Self.connectionRange.upperBound)")
                }
                connections = number
            default:
                throw StoreError.unavailable("the PostgreSQL URL \(Self.redact(text)) has an unknown parameter '\(SafeText.sanitize(String(item.name.prefix(40))))' (sslmode, sslrootcert and connections are read)")
            }
        }
        // libpq: the operating system's roots are only trusted to name the host too.
        if root == "system", tls != .verifyFull {
            throw StoreError.unavailable("the PostgreSQL URL \(Self.redact(text)) asks for sslrootcert=system with sslmode=\(tls.rawValue): the system's roots need sslmode=verify-full")
        }
        self.rootCertificate = root
        self.connections = connections
        self.home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        self.user = user
        self.host = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        self.port = port
        self.database = database
        self.tls = tls
        if let password = components.password, !password.isEmpty {
            self.password = password
        } else if let password = environment["PGPASSWORD"], !password.isEmpty {
            self.password = password
        } else {
            self.password = PasswordFile.lookup(host: self.host, port: port, database: database, user: user,
                                                environment: environment)
        }
    }

    /// `sslmode`'s value, or a one-line refusal.
    static func mode(_ value: String, in text: String) throws -> TLSMode {
        if value == "allow" { return .disable }
        guard let mode = TLSMode(rawValue: value) else {
            throw StoreError.unavailable("the PostgreSQL URL \(Self.redact(text)) has an unknown sslmode '\(SafeText.sanitize(String(value.prefix(20))))' (disable, prefer, require, verify-ca or verify-full)")
        }
        return mode
    }

    /// The URL without its password: what the store shows as its location.
    public var redacted: String {
        let shownHost = host.contains(":") ? "[\(host)]" : host
        return "postgres://\(user)@\(shownHost):\(port)/\(database)"
    }

    /// `text` with any password between `user:` and `@` replaced by `***`, for messages about
    /// a URL that could not be parsed.
    public static func redact(_ text: String) -> String {
        guard let scheme = text.range(of: "://") else { return text }
        let rest = text[scheme.upperBound...]
        guard let at = rest.lastIndex(of: "@") else { return text }
        let userInfo = rest[..<at]
        guard let colon = userInfo.firstIndex(of: ":") else { return text }
        return String(text[..<scheme.upperBound]) + userInfo[..<colon] + ":***" + rest[at...]
    }
}

/// `~/.pgpass`: lines of `host:port:database:user:password`, `*` matching anything, `\:`
/// and `\\` escaped. Like libpq, a file others may read is ignored.
enum PasswordFile {
    static func lookup(host: String, port: Int, database: String, user: String,
                       environment: [String: String]) -> String? {
        let path = environment["PGPASSFILE"].flatMap { $0.isEmpty ? nil : $0 }
            ?? ((environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()) + "/.pgpass")
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, info.st_mode & 0o077 == 0,
              let data = FileManager.default.contents(atPath: path) else { return nil }
        let text = String(decoding: data, as: UTF8.self)
        let wanted = [host, String(port), database, user]
        for line in text.split(whereSeparator: \.isNewline) where !line.hasPrefix("#") {
            let fields = split(String(line))
            guard fields.count == 5 else { continue }
            let matches = zip(fields.prefix(4), wanted).allSatisfy { field, value in
                field == "*" || field == value || (field == "localhost" && (value == "127.0.0.1" || value == "::1"))
            }
            if matches { return fields[4] }
        }
        return nil
    }

    /// Splits a line on unescaped colons, unescaping `\:` and `\\`.
    static func split(_ line: String) -> [String] {
        var fields: [String] = []
        var current = ""
        var escaped = false
        for character in line {
            if escaped {
                current.append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == ":" && fields.count < 4 {
                fields.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        fields.append(current)
        return fields
    }
}
