import Foundation

/// A PostgreSQL server of a test's own, for what must not touch the shared one: TLS with a
/// certificate the test made, the connection log, a restart. Started by `.ci/pg-cluster`
/// (as the `postgres` system user when run as root, as under CI) on a free loopback port,
/// stopped by `stop()` or when the test process ends.
public final class OwnServer: Sendable {
    public let cluster: TestCluster
    /// The cluster's folder: `data/`, `server.log`.
    public let folder: String
    private let binaries: String

    /// Starts a new cluster. `settings` are `ALTER SYSTEM` lines applied before the tests
    /// use it (a reload, not a restart: ssl, log_connections and the like).
    public static func start(settings: [String: String] = [:]) throws -> OwnServer {
        guard let binaries = TestCluster.serverBinaries else {
            throw TestCluster.ClusterError(description: "this test starts a PostgreSQL server of its own, and its binaries (initdb, pg_ctl) are not installed")
        }
        let port = try TestCluster.freePort()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("handoff-own-pg-\(UUID().uuidString.prefix(8))").path
        let password = "pw-\(UUID().uuidString.prefix(12))"
        let script = TestCluster.packageRoot + "/.ci/pg-cluster"
        let (status, output) = TestCluster.run("/bin/bash", [script, "start", folder, String(port), password])
        guard status == 0 else {
            throw TestCluster.ClusterError(description: "could not start a PostgreSQL server of the test's own: \(output)")
        }
        let watch = "while kill -0 \(getpid()) 2>/dev/null; do sleep 1; done; exec /bin/bash \"$0\" stop \"$1\""
        _ = TestCluster.spawn("/bin/bash", ["-c", watch, script, folder], environment: ProcessInfo.processInfo.environment,
                              output: "/dev/null")
        let cluster = TestCluster(host: "127.0.0.1", port: port, superPassword: password,
                                  psql: TestCluster.psqlPath(near: binaries))
        let server = OwnServer(cluster: cluster, folder: folder, binaries: binaries)
        if !settings.isEmpty {
            for (key, value) in settings.sorted(by: { $0.key < $1.key }) {
                try cluster.sql("ALTER SYSTEM SET \(key) = '\(value.replacingOccurrences(of: "'", with: "''"))'")
            }
            try cluster.sql("SELECT pg_reload_conf()")
            // A reload is asynchronous: wait until the server reports the new values.
            try server.waitFor(settings)
        }
        return server
    }

    private init(cluster: TestCluster, folder: String, binaries: String) {
        self.cluster = cluster
        self.folder = folder
        self.binaries = binaries
    }

    private func waitFor(_ settings: [String: String]) throws {
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            let applied = try settings.allSatisfy { key, value in
                try cluster.sql("SELECT setting FROM pg_settings WHERE name = '\(key)'") == value
            }
            if applied { return }
            Thread.sleep(forTimeInterval: 0.1)
        }
        throw TestCluster.ClusterError(description: "the server did not take the settings \(settings)")
    }

    /// `command` as the user the server runs as (postgres, when the tests run as root).
    private var runAs: [String] { getuid() == 0 ? ["/usr/sbin/runuser", "-u", "postgres", "--"] : [] }

    /// Puts a certificate and key (PEM files) where the server reads them and turns TLS on.
    public func useCertificate(certificate: String, key: String) throws {
        for (source, name) in [(certificate, "server.crt"), (key, "server.key")] {
            let target = folder + "/data/" + name
            unlink(target)
            try FileManager.default.copyItem(atPath: source, toPath: target)
            chmod(target, 0o600)
            if getuid() == 0, let owner = getpwnam("postgres") { chown(target, owner.pointee.pw_uid, owner.pointee.pw_gid) }
        }
        try cluster.sql("ALTER SYSTEM SET ssl = 'on'")
        try cluster.sql("SELECT pg_reload_conf()")
        Thread.sleep(forTimeInterval: 0.5)
    }

    /// `pg_ctl restart -m fast`: every connection is dropped, the server comes back on the
    /// same port. Returns how long it took.
    @discardableResult
    public func restart() throws -> TimeInterval {
        let started = Date()
        let command = runAs.isEmpty ? binaries + "/pg_ctl" : runAs[0]
        let arguments = (runAs.isEmpty ? [] : Array(runAs.dropFirst()) + [binaries + "/pg_ctl"])
            + ["-D", folder + "/data", "-l", folder + "/server.log", "-m", "fast", "-w", "-t", "60", "restart"]
        let (status, output) = TestCluster.run(command, arguments)
        guard status == 0 else { throw TestCluster.ClusterError(description: "pg_ctl restart: \(output)") }
        return Date().timeIntervalSince(started)
    }

    /// The server's log so far.
    public var log: String { (try? String(contentsOfFile: folder + "/server.log", encoding: .utf8)) ?? "" }

    public func stop() {
        _ = TestCluster.run("/bin/bash", [TestCluster.packageRoot + "/.ci/pg-cluster", "stop", folder])
    }
}
