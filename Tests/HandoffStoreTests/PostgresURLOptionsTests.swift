import Foundation
import Testing
@testable import HandoffPostgres
@testable import HandoffStore

/// The URL's TLS and connection options, read as libpq reads them: bad values get one line
/// that never shows the password.
@Suite("PostgreSQL URL: sslmode, sslrootcert, connections")
struct PostgresURLOptionsTests {
    static let secret = "s3cr3t-Pa55"

    @Test func modesAndRootsAreReadAsLibpqReadsThem() throws {
        let base = "postgres://maya:\(Self.secret)@db.example/team"
        #expect(try PostgresURL(base + "?sslmode=verify-full", environment: [:]).tls == .verifyFull)
        #expect(try PostgresURL(base + "?sslmode=verify-ca", environment: [:]).tls == .verifyCA)
        #expect(try PostgresURL(base + "?sslmode=allow", environment: [:]).tls == .disable)
        #expect(try PostgresURL(base, environment: ["PGSSLMODE": "verify-full"]).tls == .verifyFull)
        #expect(try PostgresURL(base + "?sslmode=require", environment: ["PGSSLMODE": "verify-full"]).tls == .require)
        let rooted = try PostgresURL(base + "?sslmode=verify-full&sslrootcert=/etc/ca%20file.pem", environment: [:])
        #expect(rooted.rootCertificate == "/etc/ca file.pem")
        #expect(try PostgresURL(base, environment: ["PGSSLROOTCERT": "/x.pem"]).rootCertificate == "/x.pem")
        #expect(try PostgresURL(base + "?connections=5", environment: [:]).connections == 5)
        #expect(try PostgresURL(base, environment: [:]).connections == nil)
    }

    @Test func badOptionsAreRefusedInOneLineWithoutThePassword() {
        let base = "postgres://maya:\(Self.secret)@db.example/team"
        let cases: [(String, String)] = [
            ("?sslmode=verify", "unknown sslmode 'verify' (disable, prefer, require, verify-ca or verify-full)"),
            ("?sslmode=verify-ca&sslrootcert=system", "sslrootcert=system with sslmode=verify-ca: the system's roots need sslmode=verify-full"),
            ("?sslrootcert=", "bad sslrootcert"),
            ("?sslrootcert=%0A/etc/x", "bad sslrootcert"),
            ("?connections=1", "bad connections '1': give a whole number from 2 to 64"),
            ("?connections=65", "bad connections '65'"),
            ("?connections=many", "bad connections 'many'"),
            ("?sslcert=/x", "unknown parameter 'sslcert' (sslmode, sslrootcert and connections are read)"),
        ]
        for (query, expected) in cases {
            let error = #expect(throws: StoreError.self, "\(query)") { try PostgresURL(base + query, environment: [:]) }
            let message = error?.description ?? ""
            #expect(message.contains(expected), "\(query): \(message)")
            #expect(!message.contains(Self.secret) && !message.contains("\n"), "\(query): \(message)")
        }
    }
}
