import Foundation
import Synchronization

/// The PostgreSQL server the tests run against: the one `$HANDOFF_TEST_PG_URL` names (CI
/// starts it), else a throwaway cluster this process starts itself (`.ci/pg-cluster`) on a
/// free loopback port and stops when it exits. Each test gets a database of its own.
///
/// Where PostgreSQL is not installed, the PostgreSQL half of the store suite is left out,
/// except under CI (`$CI` set), where its absence is a failure, never a skip.
public final class TestCluster: Sendable {
    /// postgres://postgres:PASSWORD@127.0.0.1:PORT — the superuser, without a database.
    public let adminBase: String
    public let host: String
    public let port: Int
    public let superPassword: String
    /// psql, to create databases and roles.
    private let psql: String

    public static let environmentKey = "HANDOFF_TEST_PG_URL"

    private static let started = Mutex<Result<TestCluster, ClusterError>?>(nil)

    public struct ClusterError: Error, CustomStringConvertible, Sendable {
        public var description: String
        public init(description: String) { self.description = description }
    }

    /// Whether PostgreSQL tests run here: a URL is given, the server binaries are installed,
    /// or CI demands them (then `shared()` fails loudly if they are missing).
    public static var isWanted: Bool {
        let environment = ProcessInfo.processInfo.environment
        if let url = environment[environmentKey], !url.isEmpty { return true }
        if environment["CI"].map({ !$0.isEmpty }) ?? false { return true }
        return serverBinaries != nil
    }

    static var serverBinaries: String? {
        let base = "/usr/lib/postgresql"
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: base)) ?? []
        return versions.sorted { (Int($0) ?? 0) < (Int($1) ?? 0) }.map { "\(base)/\($0)/bin" }
            .last { FileManager.default.isExecutableFile(atPath: "\($0)/initdb") }
    }

    /// The cluster, started on first use.
    public static func shared() throws -> TestCluster {
        try started.withLock { box in
            if let box { return try box.get() }
            let result: Result<TestCluster, ClusterError>
            do {
                result = .success(try start())
            } catch let error as ClusterError {
                result = .failure(error)
            } catch {
                result = .failure(ClusterError(description: "\(error)"))
            }
            box = result
            return try result.get()
        }
    }

    init(host: String, port: Int, superPassword: String, psql: String) {
        self.host = host
        self.port = port
        self.superPassword = superPassword
        self.adminBase = "postgres://postgres:\(superPassword)@\(host):\(port)"
        self.psql = psql
    }

    private static func start() throws -> TestCluster {
        let environment = ProcessInfo.processInfo.environment
        if let given = environment[environmentKey], !given.isEmpty {
            guard let components = URLComponents(string: given), let host = components.host, let port = components.port else {
                throw ClusterError(description: "\(environmentKey) is not a postgres://postgres:PASSWORD@HOST:PORT URL")
            }
            return TestCluster(host: host, port: port, superPassword: components.password ?? "",
                               psql: psqlPath(near: serverBinaries))
        }
        guard let binaries = serverBinaries else {
            throw ClusterError(description: "PostgreSQL is required here (CI is set) but its server is not installed: apt-get install postgresql, or set \(environmentKey)")
        }
        let port = try freePort()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("handoff-pg-\(UUID().uuidString.prefix(8))").path
        let password = "pw-\(UUID().uuidString.prefix(12))"
        let script = packageRoot + "/.ci/pg-cluster"
        let (status, output) = run("/bin/bash", [script, "start", folder, String(port), password])
        guard status == 0 else {
            throw ClusterError(description: "could not start a throwaway PostgreSQL cluster (\(script) start): \(output)")
        }
        // Stopped when this process ends, however it ends: a watcher outlives it by a moment.
        let watch = "while kill -0 \(getpid()) 2>/dev/null; do sleep 1; done; exec /bin/bash \"$0\" stop \"$1\""
        guard spawn("/bin/bash", ["-c", watch, script, folder], environment: environment, output: "/dev/null") != nil else {
            _ = run("/bin/bash", [script, "stop", folder])
            throw ClusterError(description: "could not start the watcher that stops the test cluster")
        }
        return TestCluster(host: "127.0.0.1", port: port, superPassword: password, psql: psqlPath(near: binaries))
    }

    static func psqlPath(near binaries: String?) -> String {
        if let binaries, FileManager.default.isExecutableFile(atPath: binaries + "/psql") { return binaries + "/psql" }
        return "/usr/bin/psql"
    }

    /// The package's root folder, from this file's place in it.
    static var packageRoot: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    }

    /// A port on 127.0.0.1 nobody listens on now.
    public static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ClusterError(description: "socket() failed") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else { throw ClusterError(description: "bind() failed") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard named == 0 else { throw ClusterError(description: "getsockname() failed") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Runs SQL as the superuser in `database`; returns psql's output (tuples only).
    @discardableResult
    public func sql(_ statement: String, database: String = "postgres") throws -> String {
        var environment = ProcessInfo.processInfo.environment
        environment["PGPASSWORD"] = superPassword
        let (status, output) = Self.run(psql, ["-h", host, "-p", String(port), "-U", "postgres", "-d", database,
                                               "-v", "ON_ERROR_STOP=1", "-tA", "-c", statement], environment: environment)
        guard status == 0 else { throw ClusterError(description: "psql: \(output)") }
        return output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// A new, empty database; its URL for the superuser (with the password in it).
    public func newDatabase() throws -> (name: String, url: String) {
        let name = "handoff_\(UUID().uuidString.prefix(13).lowercased().replacingOccurrences(of: "-", with: "_"))"
        try sql("CREATE DATABASE \(name)")
        // `$HANDOFF_TEST_PG_SSLMODE` (disable, require) overrides the default, prefer.
        let mode = ProcessInfo.processInfo.environment["HANDOFF_TEST_PG_SSLMODE"].flatMap { $0.isEmpty ? nil : "?sslmode=\($0)" }
        return (name, "\(adminBase)/\(name)\(mode ?? "")")
    }

    /// A login role with a password and no privileges yet: give it what a teammate needs
    /// with `handoff admin grants` (see `script`). `name` is quoted as an identifier.
    public func role(_ name: String, password: String) throws {
        let quoted = "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        let literal = password.replacingOccurrences(of: "'", with: "''")
        try sql("DO $$ BEGIN CREATE ROLE \(quoted) LOGIN PASSWORD '\(literal)'; EXCEPTION WHEN duplicate_object THEN NULL; END $$")
    }

    /// Drops a login made by `role`, first taking back what it was granted in `database`
    /// (roles are the cluster's, and a server named by `$HANDOFF_TEST_PG_URL` outlives the run).
    public func dropRole(_ name: String, database: String) {
        let quoted = "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        _ = try? sql("DROP OWNED BY \(quoted)", database: database)
        _ = try? sql("DROP ROLE IF EXISTS \(quoted)")
    }

    /// Runs a SQL script (as `psql -f` would, stopping at the first error) as the superuser.
    @discardableResult
    public func script(_ text: String, database: String) throws -> String {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("handoff-sql-\(UUID().uuidString).sql").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: file))
        defer { unlink(file) }
        var environment = ProcessInfo.processInfo.environment
        environment["PGPASSWORD"] = superPassword
        let (status, output) = Self.run(psql, ["-h", host, "-p", String(port), "-U", "postgres", "-d", database,
                                               "-v", "ON_ERROR_STOP=1", "-tA", "-f", file], environment: environment)
        guard status == 0 else { throw ClusterError(description: "psql: \(output)") }
        return output
    }

    /// Runs `statement` with psql as `login`: its exit status and everything it printed (the
    /// server's refusal, when it refuses). For tests that attack the store as a teammate would.
    public func sql(_ statement: String, as login: String, password: String, database: String) -> (status: Int32, output: String) {
        var environment = ProcessInfo.processInfo.environment
        environment["PGPASSWORD"] = password
        let (status, output) = Self.run(psql, ["-h", host, "-p", String(port), "-U", login, "-d", database,
                                               "-v", "ON_ERROR_STOP=1", "-tA", "-c", statement], environment: environment)
        return (status, output.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    public func dropDatabase(_ name: String) {
        _ = try? sql("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
    }

    /// Runs `executable` to its end; its exit status and what it printed. posix_spawn with an
    /// empty signal mask and default handlers, reaped with waitpid: test threads block
    /// signals, which Foundation's Process would pass on and rely on.
    static func run(_ executable: String, _ arguments: [String],
                    environment: [String: String] = ProcessInfo.processInfo.environment) -> (Int32, String) {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("handoff-run-\(UUID().uuidString)").path
        defer { unlink(file) }
        guard let pid = spawn(executable, arguments, environment: environment, output: file) else {
            return (-1, "cannot start \(executable)")
        }
        var raw: Int32 = 0
        while waitpid(pid, &raw, 0) == -1 && errno == EINTR {}
        let status = (raw & 0x7f) == 0 ? (raw >> 8) & 0xff : 128 + (raw & 0x7f)
        return (status, (try? String(contentsOfFile: file, encoding: .utf8)) ?? "")
    }

    /// Starts `executable` with standard output and error to `output`; its pid.
    static func spawn(_ executable: String, _ arguments: [String], environment: [String: String],
                      output: String) -> pid_t? {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t()
        sigemptyset(&none)
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var pid: pid_t = 0
        guard posix_spawn(&pid, executable, &actions, &attributes, argv, envp) == 0 else { return nil }
        return pid
    }
}
