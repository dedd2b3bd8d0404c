import Foundation
import Testing
@testable import HandoffCore
@testable import HandoffPostgres
@testable import HandoffStore
import PostgresTestSupport

/// The server's side of the PostgreSQL write path: migration v3 takes direct writes away
/// from logins that had them, only the owner may migrate, the grants script is safe for
/// any name PostgreSQL accepts, and an import keeps the log's actors (the owner only).
@Suite("PostgreSQL: writes through the server's functions", .enabled(if: StoreKind.all.contains(.postgres)))
struct PostgresServerWritesTests {
    /// A database holding a store as it was before v3 (migrations v1 and v2, a roster),
    /// and a login given `GRANT ALL`, the old advice.
    static func storeBeforeV3(login: String) throws -> (cluster: TestCluster, database: String, url: String) {
        let cluster = try TestCluster.shared()
        let (database, url) = try cluster.newDatabase()
        let old = PostgresSchema.migrations.prefix(2)
        #expect(old.map(\.name) == ["v1: events and projection", "v2: member logins"])
        var script = "CREATE TABLE handoff_migration (name TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now());\n"
        for migration in old {
            script += migration.statements.map { $0 + ";\n" }.joined()
            script += "INSERT INTO handoff_migration (name) VALUES ('\(migration.name)');\n"
        }
        script += "INSERT INTO member (name, role, login) VALUES ('lee', 'lead', 'postgres'), ('maya', 'sdr', '\(login)');\n"
        try cluster.script(script, database: database)
        try cluster.role(login, password: "pw-\(login)")
        try cluster.script("""
            GRANT ALL ON DATABASE \(database) TO \(login);
            GRANT ALL ON SCHEMA public TO \(login);
            GRANT ALL ON ALL TABLES IN SCHEMA public TO \(login);
            GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO \(login);
            """, database: database)
        return (cluster, database, url)
    }

    @Test func upgradingAnOldStoreTakesDirectWritesAwayAndOnlyItsOwnerMayDoIt() throws {
        let login = "old_\(UUID().uuidString.prefix(8).lowercased())"
        let (cluster, database, ownerURL) = try Self.storeBeforeV3(login: login)
        defer {
            cluster.dropRole(login, database: database)
            cluster.dropDatabase(database)
        }
        func attempt(_ sql: String) -> (status: Int32, output: String) {
            cluster.sql(sql, as: login, password: "pw-\(login)", database: database)
        }
        // The old grant lets the login write the roster directly.
        #expect(attempt("UPDATE member SET role = 'sdr' WHERE name = 'maya'").status == 0)

        // The login cannot bring the store up to date: the new functions must be the owner's.
        let loginURL = "postgres://\(login):pw-\(login)@\(cluster.host):\(cluster.port)/\(database)"
        let refused = #expect(throws: StoreError.self) { try PostgresStore(loginURL) }
        #expect(refused?.description.contains("needs an upgrade (v3: writes through server-side functions, v4: report columns, v5: column counts and attention indexes, v6: reassigned meetings and away members, v7: blind calibrations, v8: packed report texts, v9: no unused key indexes) that only its owner, postgres, can make") == true,
                "\(String(describing: refused))")
        #expect(try cluster.sql("SELECT count(*) FROM handoff_migration", database: database) == "2")

        // The owner opens it: v3 to v9 run, and the login keeps SELECT and nothing else
        // (v5's column counts included: the board's first frame reads them).
        _ = try PostgresStore(ownerURL)
        #expect(try cluster.sql("SELECT count(*) FROM handoff_migration", database: database) == "9")
        #expect(attempt("SELECT count(*) FROM lead_count").status == 0)
        for (sql, table) in [("UPDATE member SET role = 'lead' WHERE name = 'maya'", "member"),
                             ("INSERT INTO definition (version, body) VALUES (9, '{}')", "definition"),
                             ("DELETE FROM lead", "lead"),
                             ("INSERT INTO handoff_setting VALUES ('personal', current_user)", "handoff_setting"),
                             ("SELECT nextval('member_position_seq')", "")] {
            let result = attempt(sql)
            #expect(result.status != 0, "\(sql) was allowed")
            let expected = table.isEmpty ? "permission denied for sequence member_position_seq" : "permission denied for table \(table)"
            #expect(result.output.contains(expected), "\(sql): \(result.output)")
        }
        #expect(attempt("SELECT role FROM member WHERE name = 'maya'").output == "sdr")
        // Without EXECUTE (admin grants gives it) the function is closed to it too.
        #expect(attempt("SELECT handoff_append('[]')").output.contains("permission denied for function handoff_append"))
    }

    @Test func theGrantsScriptQuotesAnyNameAndRefusesInvisibleOnes() throws {
        let cluster = try TestCluster.shared()
        let (database, url) = try cluster.newDatabase()
        defer { cluster.dropDatabase(database) }
        let store = try PostgresStore(url)
        try store.initialize(lead: "lee", founding: Founding(account: "postgres", personal: false))
        // A name that would end the statement and drop the log if it were pasted unquoted.
        let hostile = "x\(UUID().uuidString.prefix(4))\"; DROP TABLE event; --"
        let script = try PostgresGrants.script(login: hostile, database: database)
        #expect(script.contains("TO \"\(hostile.replacingOccurrences(of: "\"", with: "\"\""))\";"))
        try cluster.role(hostile, password: "pw")
        defer { cluster.dropRole(hostile, database: database) }
        try cluster.script(script, database: database)
        #expect(try cluster.sql("SELECT to_regclass('event') IS NOT NULL", database: database) == "t")
        let read = cluster.sql("SELECT count(*) FROM event", as: hostile, password: "pw", database: database)
        let count = try store.lastSequence()
        #expect(read.status == 0 && read.output == String(count), "\(read)")
        let write = cluster.sql("DELETE FROM lead", as: hostile, password: "pw", database: database)
        #expect(write.output.contains("permission denied for table lead"), "\(write)")
        // Not on the roster: the function refuses it as anyone.
        let append = cluster.sql("SELECT handoff_append('[{\"event\":{\"seq\":3,\"at\":\"2026-05-01T00:00:00Z\",\"actor\":\"lee\",\"lead\":null,\"type\":\"definition\",\"payload\":\"{}\"}}]')",
                                 as: hostile, password: "pw", database: database)
        #expect(append.output.contains("who is on no member's login; you cannot act as lee"), "\(append)")

        for (name, problem) in [("", "is empty"), ("maya\nDROP TABLE event", "U+000A"), ("maya\u{202E}", "U+202E"),
                                ("maya\u{0}", "U+0000"), (String(repeating: "m", count: 64), "longer than PostgreSQL's 63 bytes")] {
            let error = #expect(throws: RuleError.self) { try PostgresGrants.script(login: name, database: database) }
            #expect(error?.description.contains(problem) == true, "\(String(describing: error))")
            #expect(error?.description.contains("\n") == false)
        }
    }

    @Test func theServerKnowsEveryEventTypeAndRefusesOthers() throws {
        let subject = try StoreUnderTest(.postgres)
        defer { subject.remove() }
        let store = try subject.teamStore(clock: ManualClock(storeStart))
        let database = String(subject.location.split(separator: "/").last ?? "")
        let cluster = try TestCluster.shared()
        // A type added to EventType without a migration that recreates handoff_check fails here.
        let body = try cluster.sql("SELECT prosrc FROM pg_proc WHERE proname = 'handoff_check'", database: database)
        for type in EventType.allCases { #expect(body.contains("'\(type.rawValue)'"), "\(type.rawValue)") }
        // Even a team lead cannot append an event no reader could read.
        let next = try store.lastSequence() + 1
        let refused = #expect(throws: TestCluster.ClusterError.self) {
            try cluster.sql("""
                SELECT handoff_append('[{"event":{"seq":\(next),"at":"2026-05-01T00:00:00Z","actor":"lee","lead":null,"type":"bogus","payload":"{}"}}]')
                """, database: database)
        }
        #expect(refused?.description.contains("event #\(next) has an unknown type bogus") == true, "\(String(describing: refused))")
        #expect(try store.lastSequence() == next - 1)
    }

    @Test func onAPersonalStoreOnlyItsFoundersLoginActsAsAnyone() throws {
        let cluster = try TestCluster.shared()
        let (database, url) = try cluster.newDatabase()
        defer { cluster.dropDatabase(database) }
        let login = "sdr_\(UUID().uuidString.prefix(8).lowercased())"
        let founder = try PostgresStore(url)
        try founder.initialize(lead: "lee", founding: Founding(account: try founder.account(), personal: true))
        try founder.execute(.addMember(Member(name: "maya", role: .sdr, login: login)), as: "lee")
        // The founder's login plays maya: the store is personal for it.
        try founder.execute(.addLead(LeadFields(company: "Acme", contact: "Ann"), owner: nil), as: "maya")
        #expect(try founder.founding() == Founding(account: "postgres", personal: true))
        try cluster.role(login, password: "pw-\(login)")
        defer { cluster.dropRole(login, database: database) }
        try cluster.script(try PostgresGrants.script(login: login, database: database), database: database)
        let sdr = try PostgresStore("postgres://\(login):pw-\(login)@\(cluster.host):\(cluster.port)/\(database)")
        let count = try sdr.lastSequence()
        // The one-statement identity read agrees: the founder's store is personal for its login.
        let founderFacts = try founder.identityFacts()
        #expect(founderFacts.founding == Founding(account: "postgres", personal: true) && founderFacts.missingWriteGrant == nil)
        let sdrFacts = try sdr.identityFacts()
        #expect(sdrFacts.account == login && sdrFacts.team.member(login: login)?.name == "maya")
        #expect(sdrFacts.sequence == count && sdrFacts.founding == founderFacts.founding)
        // maya's own login acts as maya only, personal store or not.
        let refused = #expect(throws: RuleError.self) {
            try sdr.execute(.addLead(LeadFields(company: "Globex", contact: "G"), owner: "maya"), as: "lee")
        }
        #expect(refused == .notPermitted("you are logged in as \(login) (maya); you cannot act as lee"))
        #expect(try sdr.lastSequence() == count)
        try sdr.execute(.addLead(LeadFields(company: "Globex", contact: "G"), owner: nil), as: "maya")
        #expect(try sdr.lastSequence() == count + 1)
        #expect(try sdr.doctor().isClean)
    }

    @Test func theOwnerImportsALogWithItsOwnActorsAndARecordOfWhoImportedIt() throws {
        let subject = try StoreUnderTest(.postgres)
        defer { subject.remove() }
        let source = try StoreUnderTest(.sqlite)
        defer { source.remove() }
        let clock = ManualClock(storeStart)
        let original = try source.open(clock: clock)
        try original.initialize(lead: "lee", founding: Founding(account: "lee", personal: false))
        try original.execute(.addMember(Member(name: "maya", role: .sdr)), as: "lee")
        try original.execute(.addLead(LeadFields(company: "Acme", contact: "Ann"), owner: nil), as: "maya")
        try original.execute(.addLead(LeadFields(company: "Initech", contact: "Ian"), owner: nil), as: "maya")
        let log = try original.events(after: 0, limit: nil)
        let store = try subject.open(clock: clock)
        try store.importEvents(log)
        #expect(try store.events(after: 0, limit: nil) == log)
        let database = String(subject.location.split(separator: "/").last ?? "")
        #expect(try TestCluster.shared().sql("SELECT string_agg(actor || ':' || recorded_by, ',' ORDER BY seq) FROM event",
                                             database: database) == "lee:postgres,lee:postgres,lee:postgres,maya:postgres,maya:postgres")
        #expect(try store.doctor().isClean)
        // Not personal: the importing superuser is nobody's login, so it cannot act as maya.
        #expect(try store.founding()?.personal != true)
        let refused = #expect(throws: RuleError.self) {
            try store.execute(.addLead(LeadFields(company: "Globex", contact: "G"), owner: nil), as: "maya")
        }
        #expect(refused?.exitCode == 5)
        // A second import into the same store is refused by the client and the server alike.
        #expect(throws: RuleError.self) { try store.importEvents(log) }
    }
}
