import Foundation
import HandoffCore
import HandoffStore
import NIOCore
import NIOSSL
import PostgresNIO

/// Turns PostgreSQL's and the network's errors into words a user can act on. Nothing here
/// prints a password: messages name the store by its redacted URL, and PSQLError's own
/// text (which may hold a query) is never shown whole.
enum PostgresFailure {
    static func isConnectionLoss(_ error: any Error) -> Bool {
        if let error = error as? PSQLError {
            switch error.code {
            case .connectionError, .serverClosedConnection, .clientClosedConnection, .uncleanShutdown:
                return true
            case .server:
                // 57P01 admin_shutdown: pg_terminate_backend; 57P02/57P03: crash, not started yet.
                return ["57P01", "57P02", "57P03"].contains(error.serverInfo?[.sqlState] ?? "")
            default:
                return false
            }
        }
        return error is ChannelError || error is NIOConnectionError || error is IOError || error is PostgresConnectionLost
    }

    static func translate(_ error: any Error, url: PostgresURL) -> any Error {
        if error is RuleError || error is StoreError || error is LogWriter.RollBack { return error }
        // Reached, then lost mid-`COPY`: the import's own words, not "cannot reach".
        if error is PostgresCopyLost { return PostgresStore.importCutOff }
        let location = url.redacted
        let server = "\(url.host):\(url.port)"
        if let refusal = certificateRefusal(error, url: url) { return refusal }
        guard let psql = error as? PSQLError else {
            // A row that does not decode is the store's content, not the network.
            if error is DecodingError || error is PostgresDecodingError {
                return StoreError.damaged("the store \(location) holds a row this version cannot read: \(plain(error))")
            }
            return StoreError.unavailable("cannot reach the PostgreSQL server at \(server) for \(location): \(plain(error))")
        }
        let message = psql.serverInfo?[.message] ?? ""
        switch psql.code {
        case .server:
            switch psql.serverInfo?[.sqlState] ?? "" {
            case "55P03":
                return StoreError.busy("the store \(location) is busy: another writer has held it for longer than we wait; try again")
            case "HF001":
                // The server's functions refused: the login may not act as, or do, this.
                return RuleError.notPermitted(SafeText.sanitize(message))
            case "42501":
                if message.contains("function handoff_append") {
                    return StoreError.readOnly(PostgresGrants.readOnly(login: url.user))
                }
                return StoreError.readOnly("the store \(location) is read-only for \(url.user): nothing was changed (\(message))")
            case "28P01", "28000":
                return StoreError.unavailable("PostgreSQL at \(server) refused \(url.user): \(message) (the password comes from the URL, $PGPASSWORD or ~/.pgpass)")
            case "3D000":
                return StoreError.unavailable("there is no database '\(url.database)' on \(server): create it first (`createdb \(url.database)`)")
            case "53300":
                return StoreError.busy("PostgreSQL at \(server) has too many connections: \(message)")
            case "57P01", "57P02", "57P03":
                return StoreError.unavailable("the connection to \(location) was lost (\(message)); nothing was changed, try again")
            case "P0001":
                return StoreError.damaged("the store \(location) refused: \(message)")
            default:
                return StoreError.unavailable("the store \(location) failed: \(message.isEmpty ? "error \(psql.serverInfo?[.sqlState] ?? "?")" : message)")
            }
        case .authMechanismRequiresPassword:
            return StoreError.unavailable("PostgreSQL at \(server) wants a password for \(url.user): give it in $PGPASSWORD or ~/.pgpass (or the URL)")
        case .sslUnsupported:
            return StoreError.unavailable("PostgreSQL at \(server) does not offer TLS, and the URL asks for sslmode=require")
        case .unsupportedAuthMechanism, .saslError:
            return StoreError.unavailable("cannot sign in to PostgreSQL at \(server) as \(url.user): \(psql.code)")
        case .connectionError, .serverClosedConnection, .clientClosedConnection, .uncleanShutdown:
            let why = psql.underlying.map(plain) ?? "\(psql.code)"
            return StoreError.unavailable("cannot reach the PostgreSQL server at \(server) for \(location): \(why)")
        default:
            return StoreError.unavailable("the store \(location) failed: \(psql.code)\(message.isEmpty ? "" : ": \(message)")")
        }
    }

    /// The server's certificate failed the check the URL asked for: the TLS handshake ended
    /// before the startup message, so neither the user name nor the password was sent.
    static func certificateRefusal(_ error: any Error, url: PostgresURL) -> StoreError? {
        let underlying = (error as? PSQLError)?.underlying ?? error
        let server = "\(url.host):\(url.port)"
        let mode = "sslmode=\(url.tls.rawValue)"
        if let extra = underlying as? NIOSSLExtraError, extra == .failedToValidateHostname {
            return StoreError.unavailable("refused the PostgreSQL server at \(server): its certificate is not issued to \(url.host) (\(mode)); nothing was sent to it, the password included")
        }
        if let ssl = underlying as? NIOSSLError, case .handshakeFailed(let reason) = ssl {
            let text = "\(reason)"
            if text.contains("CERTIFICATE_VERIFY_FAILED") {
                return StoreError.unavailable("refused the PostgreSQL server at \(server): its certificate is not signed by a trusted root (\(mode)\(url.rootCertificate.map { ", sslrootcert=\(SafeText.sanitize($0))" } ?? "")); nothing was sent to it, the password included")
            }
            return StoreError.unavailable("refused the PostgreSQL server at \(server): the TLS handshake failed (\(mode)); nothing was sent to it, the password included")
        }
        return nil
    }

    /// A network error in a few words.
    static func plain(_ error: any Error) -> String {
        if let connection = error as? NIOConnectionError {
            if let first = connection.connectionErrors.first { return plain(first.error) }
            return "cannot connect"
        }
        if let io = error as? IOError {
            return String(cString: strerror(io.errnoCode)).lowercased()
        }
        if error is ChannelError { return "the connection closed (\(error))" }
        if let psql = error as? PSQLError { return "\(psql.code)" }
        return String(describing: error)
    }
}
