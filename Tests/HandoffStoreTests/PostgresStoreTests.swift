import Foundation
import Synchronization
import Testing
@testable import HandoffCore
@testable import HandoffPostgres
@testable import HandoffStore
import PostgresTestSupport

/// What only the PostgreSQL store has: a URL, passwords, TLS, a server that can refuse or
/// drop the connection, and the LISTEN/NOTIFY wake-up. Bad input gets a clear error,
/// never shows the password, and changes nothing.
@Suite("PostgreSQL store", .enabled(if: StoreKind.all.contains(.postgres)))
struct PostgresStoreTests {
    static let secret = "s3cr3t-Pa55"

    @Test func badURLsAreRefusedWithoutShowingThePassword() throws {
        let cases: [(String, String)] = [
            ("postgres://", "cannot read the PostgreSQL URL"),
            ("postgres://maya:\(Self.secret)@db.example", "names no database"),
            ("postgres://maya:\(Self.secret)@db.example:5432/", "names no database"),
            ("postgres://maya:\(Self.secret)@db.example:0/team", "bad port 0"),
            ("postgres://maya:\(Self.secret)@db.example/team?sslmode=sometimes", "unknown sslmode 'sometimes'"),
            ("postgres://maya:\(Self.secret)@db.example/team?pool=9", "unknown parameter 'pool'"),
        ]
        for (text, expected) in cases {
            let error = #expect(throws: StoreError.self, "\(text)") { try PostgresURL(text, environment: [:]) }
            let message = error?.description ?? ""
            #expect(message.contains(expected), "\(message)")
            #expect(!message.contains(Self.secret), "\(message)")
        }
        let url = try PostgresURL("postgresql://maya:\(Self.secret)@db.example:6543/team", environment: [:])
        #expect(url.redacted == "postgres://maya@db.example:6543/team")
        #expect(url.password == Self.secret)
        #expect(url.tls == .prefer)
        #expect(PostgresURL.redact("postgres://maya:\(Self.secret)@h/x") == "postgres://maya:***@h/x")
        #expect(try PostgresURL("postgres://maya@h/x?sslmode=disable", environment: [:]).tls == .disable)
        #expect(try PostgresURL("postgres://maya@h/x", environment: ["PGPASSWORD": "fromenv"]).password == "fromenv")
    }

    @Test func aRefusedConnectionSaysSoAndNamesTheServer() throws {
        let port = try TestCluster.freePort()
        let error = #expect(throws: StoreError.self) {
            try PostgresStore("postgres://maya:\(Self.secret)@127.0.0.1:\(port)/team")
        }
        let message = error?.description ?? ""
        #expect(message.hasPrefix("cannot reach the PostgreSQL server at 127.0.0.1:\(port) for postgres://maya@127.0.0.1:\(port)/team"), "\(message)")
        #expect(message.contains("refused"), "\(message)")
        #expect(!message.contains(Self.secret))
    }

    @Test func aWrongPasswordIsRefusedNeverPrintedAndChangesNothing() throws {
        let subject = try StoreUnderTest(.postgres)
        defer { subject.remove() }
        let store = try subject.teamStore(clock: ManualClock(storeStart))
        let count = try store.lastSequence()
        let cluster = try TestCluster.shared()
        let wrong = subject.target.replacingOccurrences(of: ":\(cluster.superPassword)@", with: ":\(Self.secret)@")
        #expect(wrong != subject.target)
        let error = #expect(throws: StoreError.self) { try PostgresStore(wrong) }
        let message = error?.description ?? ""
        #expect(message.contains("password authentication failed for user \"postgres\""), "\(message)")
        #expect(!message.contains(Self.secret) && !message.contains(cluster.superPassword), "\(message)")
        #expect(try store.lastSequence() == count)

        // No password at all, and none in the environment or a password file.
        let bare = subject.target.replacingOccurrences(of: ":\(cluster.superPassword)@", with: "@")
        let none = #expect(throws: StoreError.self) {
            try PostgresStore(bare, environment: ["PGPASSFILE": "/nonexistent", "HOME": "/nonexistent"])
        }
        #expect(none?.description.contains("wants a password for postgres") == true, "\(String(describing: none))")
    }

    @Test func thePasswordComesFromTheEnvironmentOrAPrivatePasswordFile() throws {
        let subject = try StoreUnderTest(.postgres)
        defer { subject.remove() }
        let cluster = try TestCluster.shared()
        let bare = subject.target.replacingOccurrences(of: ":\(cluster.superPassword)@", with: "@")
        let fromEnvironment = try PostgresStore(bare, environment: ["PGPASSWORD": cluster.superPassword, "PGPASSFILE": "/nonexistent"])
        #expect(fromEnvironment.location == subject.location)
        #expect(!fromEnvironment.location.contains(cluster.superPassword))

        let folder = try TempFolder()
        defer { folder.remove() }
        let file = folder.path + "/pgpass"
        let database = String(subject.location.split(separator: "/").last ?? "")
        try Data("# host:port:db:user:password\nother:1:x:y:z\n127.0.0.1:\(cluster.port):\(database):postgres:\(cluster.superPassword.replacingOccurrences(of: ":", with: "\\:"))\n".utf8)
            .write(to: URL(fileURLWithPath: file))
        chmod(file, 0o600)
        _ = try PostgresStore(bare, environment: ["PGPASSFILE": file])
        // A file others can read is ignored, as libpq ignores it.
        chmod(file, 0o644)
        #expect(throws: StoreError.self) { try PostgresStore(bare, environment: ["PGPASSFILE": file]) }
    }

    @Test func tlsWhenTheServerOffersItPlainWhenAskedTo() throws {
        let subject = try StoreUnderTest(.postgres)
        defer { subject.remove() }
        func usesTLS(_ url: String) throws -> Bool {
            let store = try PostgresStore(url)
            return try store.read { session in
                try session.scalar("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()", as: Bool.self) ?? false
            }
        }
        // The test cluster offers TLS when openssl was there to make it a certificate.
        let offered = try TestCluster.shared().sql("SHOW ssl") == "on"
        #expect(try usesTLS(subject.target) == offered)
        #expect(try usesTLS(subject.target + "?sslmode=disable") == false)
        if offered { #expect(try usesTLS(subject.target + "?sslmode=require")) }
    }

    @Test func aMissingDatabaseOrStoreIsNamed() throws {
        let cluster = try TestCluster.shared()
        let missing = #expect(throws: StoreError.self) { try PostgresStore("\(cluster.adminBase)/no_such_team") }
        #expect(missing?.description == "there is no database 'no_such_team' on \(cluster.host):\(cluster.port): create it first (`createdb no_such_team`)")
        let subject = try StoreUnderTest(.postgres)
        defer { subject.remove() }
        let empty = #expect(throws: StoreError.self) { try subject.open(now: .system, create: false) }
        #expect(empty == .unavailable("no store in \(subject.location): run `handoff init --lead NAME --db \(subject.location)`"))
        #expect(try TestCluster.shared().sql("SELECT to_regclass('event') IS NULL", database: String(subject.location.split(separator: "/").last ?? "")) == "t",
                "nothing was created")
    }

    @Test func aWriterHeldUpPastTheBusyTimeoutIsTold() async throws {
        let subject = try StoreUnderTest(.postgres)
        defer { subject.remove() }
        let clock = ManualClock(storeStart)
        let store = try subject.teamStore(clock: clock, busyTimeout: 0.3)
        try store.add("Acme")
        let count = try store.lastSequence()
        let holder = try #require(try subject.open(clock: clock) as? PostgresStore)
        let holding = StartGate()
        let release = Atomic<Bool>(false)
        // Another writer holds the write lock for as long as the store tries to write.
        async let held: Void = onThread {
            try holder.write { _ in
                holding.arrive(waitingFor: 1)
                while !release.load(ordering: .sequentiallyConsistent) { usleep(1_000) }
            }
        }
        holding.arrive(waitingFor: 2)
        let error = #expect(throws: StoreError.self) { try store.add("Globex") }
        #expect(error == .busy("the store \(subject.location) is busy: another writer has held it for longer than we wait; try again"))
        #expect(try store.lastSequence() == count, "readers are not blocked, and see nothing new")
        release.store(true, ordering: .sequentiallyConsistent)
        try await held
        try store.add("Globex")
        #expect(try store.lastSequence() == count + 1)
        #expect(try store.doctor().isClean)
    }

    @Test(.timeLimit(.minutes(1)))
    func theWakeUpArrivesAndALostConnectionIsReportedAndRetried() throws {
        let subject = try StoreUnderTest(.postgres)
        defer { subject.remove() }
        let clock = ManualClock(storeStart)
        let writer = try subject.teamStore(clock: clock)
        let watcher = try #require(try subject.open(clock: clock) as? PostgresStore)
        let first = try watcher.changeCounter()
        try waitUntil("the listener is up") { watcher.feedBox.withLock { $0?.isListening } ?? false }
        try writer.add("Acme")
        try waitUntil("a NOTIFY within a second", seconds: 1) { try watcher.changeCounter() != first }
        #expect(watcher.feedBox.withLock { $0?.newest } == (try writer.lastSequence()))

        // The server drops the listening connection: the store says so, reconnects, and wakes
        // the board so it reads what was committed meanwhile.
        let database = String(subject.location.split(separator: "/").last ?? "")
        let before = try watcher.changeCounter()
        let killed = try TestCluster.shared().sql("""
            SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
            WHERE datname = '\(database)' AND application_name = 'handoff-listen'
            """)
        #expect(killed == "1")
        try waitUntil("the loss is reported") { try watcher.connectionProblem != nil || watcher.changeCounter() != before }
        try writer.add("Globex")
        try waitUntil("reconnected", seconds: 10) { try watcher.connectionProblem == nil && watcher.changeCounter() != before }
        try waitUntil("caught up", seconds: 5) { watcher.feedBox.withLock { $0?.newest } == (try writer.lastSequence()) }
        // Its query connections were dropped too: the next read reconnects by itself.
        _ = try TestCluster.shared().sql("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = '\(database)' AND pid <> pg_backend_pid()")
        #expect(try watcher.leads(LeadQuery()).map(\.company) == ["Acme", "Globex"])
    }
}

/// Polls `condition` every 20 ms for up to `seconds`; records an issue if it never holds.
func waitUntil(_ what: String, seconds: TimeInterval = 5, _ condition: () throws -> Bool) throws {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if try condition() { return }
        usleep(20_000)
    }
    Issue.record("timed out after \(seconds) s waiting for: \(what)")
}
