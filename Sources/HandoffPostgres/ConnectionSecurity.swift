import Foundation
import HandoffCore
import HandoffStore
import NIOSSL
import PostgresNIO

/// What the client checks of the server's certificate, decided from the URL by libpq's
/// rules: `verify-full` checks the chain and the host name, `verify-ca` the chain only;
/// `require` and `prefer` check the chain when a root certificate is given (`sslrootcert`,
/// `$PGSSLROOTCERT`) or `~/.postgresql/root.crt` exists, and nothing otherwise. A check
/// that fails ends the connection in the TLS handshake, before the startup message: the
/// user name and password are never sent to a server that failed it.
struct ConnectionSecurity: Sendable {
    enum Check: Sendable, Equatable {
        case none
        /// Signed by a trusted root; any host name.
        case chain
        /// Signed by a trusted root and issued to the host the URL names.
        case chainAndHost
    }

    let mode: PostgresURL.TLSMode
    let check: Check
    /// Where the trusted roots come from: a file, or "the system's trusted roots"; nil when
    /// nothing is checked.
    let roots: String?
    let tls: PostgresConnection.Configuration.TLS

    /// The most certificates a root file may hold: a bundle, not a disk's worth.
    static let maxRootBytes = 4 << 20

    init(url: PostgresURL) throws {
        mode = url.tls
        guard url.tls != .disable else {
            check = .none
            roots = nil
            tls = .disable
            return
        }
        let defaultRoot = url.home + "/.postgresql/root.crt"
        let given = url.rootCertificate
        var settings = TLSConfiguration.makeClientConfiguration()
        var roots: String?
        if given == "system" {
            settings.trustRoots = .default
            roots = "the system's trusted roots"
        } else {
            let verifying = url.tls == .verifyCA || url.tls == .verifyFull
            // libpq reads the default file only if it is there; a file named is required.
            let path = given ?? (verifying || FileManager.default.fileExists(atPath: defaultRoot) ? defaultRoot : nil)
            if let path {
                settings.trustRoots = .certificates(try Self.certificates(path, mode: url.tls, url: url))
                roots = path
            }
        }
        if roots == nil {
            check = .none
        } else {
            check = url.tls == .verifyFull ? .chainAndHost : .chain
        }
        switch check {
        case .none: settings.certificateVerification = .none
        case .chain: settings.certificateVerification = .noHostnameVerification
        case .chainAndHost: settings.certificateVerification = .fullVerification
        }
        self.roots = roots
        let context: NIOSSLContext
        do {
            context = try NIOSSLContext(configuration: settings)
        } catch {
            throw StoreError.unavailable("cannot set up TLS for \(url.redacted): \(error)")
        }
        tls = url.tls == .prefer ? .prefer(context) : .require(context)
    }

    /// The PEM certificates in `path`, or a one-line refusal naming the file.
    static func certificates(_ path: String, mode: PostgresURL.TLSMode, url: PostgresURL) throws -> [NIOSSLCertificate] {
        let shown = SafeText.sanitize(path)
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw StoreError.unavailable("the root certificate \(shown) for \(url.redacted) (sslmode=\(mode.rawValue)) does not exist: give sslrootcert=PATH, the PEM file of the authority that signed the server's certificate (or sslrootcert=system with verify-full), or change sslmode")
        }
        guard (info.st_mode & S_IFMT) == S_IFREG, info.st_size <= maxRootBytes,
              let data = FileManager.default.contents(atPath: path) else {
            throw StoreError.unavailable("cannot read the root certificate \(shown) for \(url.redacted): not a readable file of at most \(maxRootBytes >> 20) MB")
        }
        let certificates: [NIOSSLCertificate]
        do {
            certificates = try NIOSSLCertificate.fromPEMBytes(Array(data))
        } catch {
            throw StoreError.unavailable("cannot read the root certificate \(shown) for \(url.redacted): it holds no PEM certificate")
        }
        guard !certificates.isEmpty else {
            throw StoreError.unavailable("cannot read the root certificate \(shown) for \(url.redacted): it holds no PEM certificate")
        }
        return certificates
    }

    /// What `doctor` says about a connection: encrypted or not, and what was verified.
    func describe(encrypted: Bool, version: String?) -> String {
        guard encrypted else {
            switch mode {
            case .disable:
                return "not encrypted (sslmode=disable): passwords and data cross the network in the clear"
            default:
                return "not encrypted (sslmode=\(mode.rawValue): the server does not offer TLS): passwords and data cross the network in the clear"
            }
        }
        let how = "encrypted" + (version.map { " (\(SafeText.sanitize($0)))" } ?? "")
        let source = SafeText.sanitize(roots ?? "")
        switch check {
        case .chainAndHost:
            return "\(how), certificate verified: signed by a root in \(source) and issued to this host (sslmode=verify-full)"
        case .chain:
            return "\(how), certificate verified: signed by a root in \(source), host name not checked (sslmode=\(mode.rawValue)); use verify-full to check it"
        case .none:
            return "\(how), certificate not verified (sslmode=\(mode.rawValue)): anyone on the network path could pose as the server; use sslmode=verify-full with sslrootcert"
        }
    }
}

extension PostgresStore {
    /// How this process's connection to the server is protected, as the server sees it
    /// (`pg_stat_ssl` for this backend) and as the URL asked: for `doctor`.
    public func connectionSecurity() throws -> String {
        let (encrypted, version) = try read { session in
            guard let row = try session.query("SELECT ssl, version FROM pg_stat_ssl WHERE pid = pg_backend_pid()").first else {
                return (false, String?.none)
            }
            return try row.decode((Bool, String?).self)
        }
        return connections.security.describe(encrypted: encrypted, version: version)
    }
}
