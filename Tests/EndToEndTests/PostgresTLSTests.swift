import Foundation
import PostgresTestSupport
import Testing

/// TLS that verifies, as libpq's sslmodes define it, against a server of the test's own
/// whose certificate the test made with `openssl`: a certificate authority, and a server
/// certificate it signed for `localhost` only. The real binary connects with `verify-full`
/// and says so in `doctor`; a wrong host name or an unknown authority is refused in the TLS
/// handshake with one line, and the server's connection log shows the login never reached
/// it (no startup message, so no user name and no password).
@Suite("PostgreSQL: TLS that verifies", .serialized, .enabled(if: TestCluster.isWanted))
struct PostgresTLSTests {
    /// The server, its certificates and a password-authenticated login, `tls_maya`.
    struct Setup {
        let server: OwnServer
        let sandbox = Sandbox()
        let database: String
        var folder: String { sandbox.folder.path }
        var authority: String { folder + "/ca.crt" }
        var stranger: String { folder + "/other-ca.crt" }
        static let login = "tls_maya"
        static let password = "pw-tls-S3cret"

        init() throws {
            server = try OwnServer.start(settings: ["log_connections": "on"])
            let folder = sandbox.folder.path
            // Two authorities: ours signs the server's certificate, the other signs nothing here.
            try Self.openssl(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=Handoff Test CA",
                              "-keyout", folder + "/ca.key", "-out", folder + "/ca.crt"])
            try Self.openssl(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=Someone Else CA",
                              "-keyout", folder + "/other-ca.key", "-out", folder + "/other-ca.crt"])
            try Self.openssl(["req", "-new", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost",
                              "-keyout", folder + "/server.key", "-out", folder + "/server.csr"])
            try Data("subjectAltName=DNS:localhost\n".utf8).write(to: URL(fileURLWithPath: folder + "/san.ext"))
            try Self.openssl(["x509", "-req", "-in", folder + "/server.csr", "-CA", folder + "/ca.crt", "-CAkey", folder + "/ca.key",
                              "-CAcreateserial", "-days", "2", "-extfile", folder + "/san.ext", "-out", folder + "/server.crt"])
            try server.useCertificate(certificate: folder + "/server.crt", key: folder + "/server.key")
            database = "tls_team"
            try server.cluster.sql("CREATE DATABASE \(database)")
            try server.cluster.role(Self.login, password: Self.password)
            try server.cluster.sql("GRANT ALL ON DATABASE \(database) TO \(Self.login)")
            try server.cluster.sql("GRANT ALL ON SCHEMA public TO \(Self.login)", database: database)
        }

        static func openssl(_ arguments: [String]) throws {
            let result = Sandbox.execute("/usr/bin/openssl", arguments, environment: ProcessInfo.processInfo.environment)
            guard result.status == 0 else { throw TestCluster.ClusterError(description: "openssl \(arguments.first ?? ""): \(result)") }
        }

        func url(host: String, _ parameters: String) -> String {
            "postgres://\(Self.login)@\(host):\(server.cluster.port)/\(database)\(parameters.isEmpty ? "" : "?" + parameters)"
        }

        /// `handoff ARGS` as tls_maya, her password in `$PGPASSWORD`, a home of her own.
        func run(_ arguments: [String], url: String, home: String? = nil) -> RunResult {
            sandbox.run(arguments, environment: ["HANDOFF_DB": url, "PGPASSWORD": Self.password, "HANDOFF_USER": "",
                                                 "HOME": home ?? folder + "/home", "PGSSLMODE": "", "PGSSLROOTCERT": ""])
        }

        /// How many times the server's log names the login: a startup message that reached it.
        var loginsSeen: Int {
            server.log.components(separatedBy: "user=\(Self.login)").count - 1
                + server.log.components(separatedBy: "for user \"\(Self.login)\"").count - 1
        }
    }

    @Test func verifyFullConnectsWithTheRightAuthorityAndHostAndDoctorSaysSo() throws {
        let setup = try Setup()
        defer { setup.server.stop() }
        let url = setup.url(host: "localhost", "sslmode=verify-full&sslrootcert=\(setup.authority)")
        let created = setup.run(["init", "--lead", "maya"], url: url)
        #expect(created.status == 0, "\(created)")
        let doctor = setup.run(["doctor"], url: url)
        #expect(doctor.status == 0, "\(doctor)")
        #expect(doctor.stdout.contains("connection: encrypted (TLSv1."), "\(doctor)")
        #expect(doctor.stdout.contains("certificate verified: signed by a root in \(setup.authority) and issued to this host (sslmode=verify-full)"), "\(doctor)")
        #expect(!doctor.stdout.contains(Setup.password) && !doctor.stderr.contains(Setup.password))
        // The server saw her sign in: what the refusals below must never show.
        #expect(setup.loginsSeen > 0, "the connection log does not name the login:\n\(setup.server.log)")

        // verify-ca checks the chain only: 127.0.0.1 is not on the certificate, and that is fine.
        let chainOnly = setup.run(["doctor"], url: setup.url(host: "127.0.0.1", "sslmode=verify-ca&sslrootcert=\(setup.authority)"))
        #expect(chainOnly.status == 0, "\(chainOnly)")
        #expect(chainOnly.stdout.contains("certificate verified: signed by a root in \(setup.authority), host name not checked (sslmode=verify-ca)"), "\(chainOnly)")
        // require encrypts and checks nothing, and says so.
        let encrypted = setup.run(["doctor"], url: setup.url(host: "127.0.0.1", "sslmode=require"))
        #expect(encrypted.status == 0, "\(encrypted)")
        #expect(encrypted.stdout.contains("encrypted (TLSv1.") && encrypted.stdout.contains("certificate not verified (sslmode=require)"), "\(encrypted)")
        // The root certificate's default place, as libpq: ~/.postgresql/root.crt.
        let home = setup.folder + "/home-with-root"
        try FileManager.default.createDirectory(atPath: home + "/.postgresql", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: setup.authority, toPath: home + "/.postgresql/root.crt")
        let byDefault = setup.run(["doctor"], url: setup.url(host: "localhost", "sslmode=verify-full"), home: home)
        #expect(byDefault.status == 0 && byDefault.stdout.contains("signed by a root in \(home)/.postgresql/root.crt and issued to this host"), "\(byDefault)")
        // Plain TCP says it is plain.
        let plain = setup.run(["doctor"], url: setup.url(host: "127.0.0.1", "sslmode=disable"))
        #expect(plain.stdout.contains("connection: not encrypted (sslmode=disable)"), "\(plain)")
    }

    @Test func aWrongHostOrAnUnknownAuthorityIsRefusedBeforeThePasswordIsSent() throws {
        let setup = try Setup()
        defer { setup.server.stop() }
        let refusals: [(what: String, url: String, message: String)] = [
            ("a certificate for localhost, reached as 127.0.0.1",
             setup.url(host: "127.0.0.1", "sslmode=verify-full&sslrootcert=\(setup.authority)"),
             "refused the PostgreSQL server at 127.0.0.1:\(setup.server.cluster.port): its certificate is not issued to 127.0.0.1 (sslmode=verify-full); nothing was sent to it, the password included"),
            ("an authority we do not trust, verify-full",
             setup.url(host: "localhost", "sslmode=verify-full&sslrootcert=\(setup.stranger)"),
             "refused the PostgreSQL server at localhost:\(setup.server.cluster.port): its certificate is not signed by a trusted root (sslmode=verify-full, sslrootcert=\(setup.stranger)); nothing was sent to it, the password included"),
            ("an authority we do not trust, verify-ca",
             setup.url(host: "127.0.0.1", "sslmode=verify-ca&sslrootcert=\(setup.stranger)"),
             "its certificate is not signed by a trusted root (sslmode=verify-ca"),
            // libpq: require with a root certificate given checks the chain, as verify-ca.
            ("require with a root certificate given",
             setup.url(host: "127.0.0.1", "sslmode=require&sslrootcert=\(setup.stranger)"),
             "its certificate is not signed by a trusted root (sslmode=require"),
        ]
        for refusal in refusals {
            let before = setup.loginsSeen
            let result = setup.run(["lead", "list"], url: refusal.url)
            #expect(result.status == 1, "\(refusal.what): \(result)")
            #expect(result.stderr.contains(refusal.message), "\(refusal.what): \(result.stderr)")
            #expect(result.stderr.trimmingCharacters(in: .newlines).split(separator: "\n").count == 1, "one line: \(result.stderr)")
            #expect(!result.stderr.contains(Setup.password))
            // The server saw a TLS handshake fail, and never a startup message naming her.
            #expect(setup.loginsSeen == before, "\(refusal.what): the server saw the login:\n\(setup.server.log)")
        }
        #expect(setup.server.log.contains("could not accept SSL connection"), "\(setup.server.log)")
        #expect(!setup.server.log.contains("password authentication failed"))
    }

    @Test func aRootCertificateThatIsMissingOrUnreadableIsNamed() throws {
        let setup = try Setup()
        defer { setup.server.stop() }
        let garbage = setup.folder + "/not-a-certificate.pem"
        try Data("hello\n".utf8).write(to: URL(fileURLWithPath: garbage))
        let cases: [(String, String)] = [
            ("sslmode=verify-full&sslrootcert=\(setup.folder)/nowhere.crt",
             "the root certificate \(setup.folder)/nowhere.crt for \(setup.url(host: "localhost", "")) (sslmode=verify-full) does not exist"),
            ("sslmode=verify-ca",
             "the root certificate \(setup.folder)/home/.postgresql/root.crt for \(setup.url(host: "localhost", "")) (sslmode=verify-ca) does not exist"),
            ("sslmode=verify-full&sslrootcert=\(garbage)", "cannot read the root certificate \(garbage)"),
            ("sslmode=verify-full&sslrootcert=\(setup.folder)", "cannot read the root certificate \(setup.folder) "),
            ("sslmode=require&sslrootcert=system", "the system's roots need sslmode=verify-full"),
            ("sslmode=verify-fool", "unknown sslmode 'verify-fool' (disable, prefer, require, verify-ca or verify-full)"),
        ]
        let before = setup.loginsSeen
        for (parameters, message) in cases {
            let result = setup.run(["lead", "list"], url: setup.url(host: "localhost", parameters))
            #expect(result.status != 0, "\(parameters): \(result)")
            #expect(result.stderr.contains(message), "\(parameters): \(result.stderr)")
            #expect(result.stderr.trimmingCharacters(in: .newlines).split(separator: "\n").count == 1, "one line: \(result.stderr)")
        }
        #expect(setup.loginsSeen == before, "nothing reached the server")
    }
}
