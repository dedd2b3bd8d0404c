import Foundation
import HandoffCore
import HandoffPostgres
import HandoffStore
import PostgresTestSupport
import Testing

/// On PostgreSQL the server, not the client, decides who acts: a teammate's login, given
/// exactly what `handoff admin grants` prints, cannot write around the rules with `psql`,
/// and the real binary records the login's own member as the actor.
@Suite("PostgreSQL: the server enforces who acts", .serialized, .enabled(if: TestCluster.isWanted))
struct ServerIdentityPostgresTests {
    /// A team store created by the superuser (the schema's owner, team lead lee), with an SDR
    /// (maya) and an AE (alex) whose database logins are their own: `maya_…`, `alex_…`.
    struct Team {
        let cluster: TestCluster
        let database: String
        let ownerURL: String
        let sandbox = Sandbox()
        let maya: String
        let alex: String
        let store: PostgresStore
        let clock = ManualClock(Date(timeIntervalSince1970: 1_780_000_000))
        /// maya's lead, booked with alex and held.
        let heldLead: LeadID

        init() throws {
            cluster = try TestCluster.shared()
            let (name, url) = try cluster.newDatabase()
            database = name
            ownerURL = "postgres://postgres@\(cluster.host):\(cluster.port)/\(name)"
            let suffix = String(name.suffix(6))
            maya = "maya_\(suffix)"
            alex = "alex_\(suffix)"
            store = try PostgresStore(url, now: clock.now)
            // Not personal: the owner's login is lee's, and acts as lee only.
            try store.initialize(lead: "lee", founding: Founding(account: "postgres", personal: false))
            try store.execute(.addMember(Member(name: "maya", role: .sdr, login: maya)), as: "lee")
            try store.execute(.addMember(Member(name: "alex", role: .ae, login: alex)), as: "lee")
            let added = try store.execute(.addLead(LeadFields(company: "Held Co", contact: "Hal Held"), owner: "maya"), as: "lee")
            heldLead = try #require(added.event.lead)
            let met = CriterionScore(status: .met, evidence: "Said so on the call")
            let scores = Dictionary(uniqueKeysWithValues: Definition.standard.criteria.map { ($0.key, met) })
            try store.execute(.score(scores), on: heldLead, as: "lee")
            try store.execute(.book(ae: "alex", at: clock.date.addingTimeInterval(3600), agenda: "Discovery"), on: heldLead, as: "lee")
            clock.advance(by: 7200)
            try store.execute(.logOutcome(.held, newTime: nil, note: nil), on: heldLead, as: "lee")
            for login in [maya, alex] {
                try cluster.role(login, password: "pw-\(login)")
                let grants = sandbox.run(["admin", "grants", "--login", login, "--db", ownerURL])
                #expect(grants.status == 0, "\(grants)")
                try cluster.script(grants.stdout, database: database)
            }
        }

        func url(for login: String) -> String { "postgres://\(login)@\(cluster.host):\(cluster.port)/\(database)" }

        /// `handoff ARGS` with `login`'s database login and password, naming no member
        /// (`--as` in ARGS names one).
        func run(_ arguments: [String], login: String) -> RunResult {
            sandbox.run(arguments, environment: ["HANDOFF_DB": url(for: login), "PGPASSWORD": "pw-\(login)",
                                                 "HANDOFF_USER": "", "HANDOFF_NOW": "2026-05-29 12:00"])
        }

        /// `statement` through psql as `login`.
        func psql(_ statement: String, as login: String) -> (status: Int32, output: String) {
            cluster.sql(statement, as: login, password: "pw-\(login)", database: database)
        }

        func nextSeq(as login: String) -> Int {
            Int(psql("SELECT max(seq) + 1 FROM event", as: login).output) ?? -1
        }

        func remove() {
            for login in [maya, alex] { cluster.dropRole(login, database: database) }
            cluster.dropDatabase(database)
        }
    }

    /// One `handoff_append` argument: an event with no lead row, its payload as JSON text.
    static func entries(seq: Int, actor: String, lead: LeadID?, type: String, payload: String) -> String {
        let text = payload.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        return """
            [{"event":{"seq":\(seq),"at":"2026-05-29T12:00:00Z","actor":"\(actor)","lead":\(lead.map { String($0.number) } ?? "null"),\
            "type":"\(type)","from_column":null,"to_column":null,"payload":"\(text)"},"lead":null}]
            """
    }

    @Test func anSDRsLoginCannotWriteAroundTheRulesWithPsql() throws {
        let team = try Team()
        defer { team.remove() }
        let before = try team.store.lastSequence()
        let lead = team.heldLead
        let maya = team.maya
        // Reading is allowed: the board needs it.
        let read = team.psql("SELECT count(*) FROM event", as: maya)
        #expect(read.status == 0 && read.output == String(before), "\(read)")

        var attacks: [(what: String, sql: String, refusal: String)] = [
            ("a direct INSERT into the log",
             "INSERT INTO event (seq, at, actor, lead, type, payload) VALUES (\(before + 1), '2026-05-29T12:00:00Z', 'maya', \(lead.number), 'accepted', '{}')",
             "permission denied for table event"),
            ("a direct UPDATE of the board", "UPDATE lead SET owner = 'maya', column_slug = 'sao'", "permission denied for table lead"),
            ("a direct change of the roster", "UPDATE member SET role = 'lead' WHERE name = 'maya'", "permission denied for table member"),
            ("emptying the log", "TRUNCATE event", "permission denied for table event"),
            ("the owner's import", "SELECT handoff_import('[]')", "permission denied for function handoff_import"),
        ]
        let seq = team.nextSeq(as: maya)
        #expect(seq == Int(before) + 1)
        attacks += [
            ("appending as the team lead",
             "SELECT handoff_append('\(Self.entries(seq: seq, actor: "lee", lead: lead, type: "edited", payload: #"{"owner":"maya"}"#))')",
             "you are logged in as \(maya) (maya); you cannot act as lee"),
            ("appending as the AE",
             "SELECT handoff_append('\(Self.entries(seq: seq, actor: "alex", lead: lead, type: "accepted", payload: #"{"disposition":{"by":"alex"}}"#))')",
             "you are logged in as \(maya) (maya); you cannot act as alex"),
            ("an AE's disposition as herself",
             "SELECT handoff_append('\(Self.entries(seq: seq, actor: "maya", lead: lead, type: "accepted", payload: #"{"disposition":{"by":"maya"}}"#))')",
             "maya is an SDR and may not append \"accepted\" on \(lead)"),
            ("a return as herself",
             "SELECT handoff_append('\(Self.entries(seq: seq, actor: "maya", lead: lead, type: "returned", payload: #"{"disposition":{"by":"maya"}}"#))')",
             "maya is an SDR and may not append \"returned\" on \(lead)"),
            ("making herself a team lead",
             "SELECT handoff_append('\(Self.entries(seq: seq, actor: "maya", lead: nil, type: "member", payload: #"{"member":{"name":"maya","role":"lead","login":"\#(maya)"}}"#))')",
             "maya is an SDR: only a team lead manages the team"),
            ("changing the SQL definition",
             "SELECT handoff_append('\(Self.entries(seq: seq, actor: "maya", lead: nil, type: "definition", payload: #"{"definition":{"version":2,"criteria":[]}}"#))')",
             "maya is an SDR: only a team lead edits the SQL definition"),
        ]
        for attack in attacks {
            let result = team.psql(attack.sql, as: maya)
            #expect(result.status != 0, "\(attack.what) was accepted: \(result.output)")
            #expect(result.output.contains("ERROR:  \(attack.refusal)"), "\(attack.what): \(result.output)")
        }
        #expect(try team.store.lastSequence() == before, "nothing was appended")
        #expect(try team.store.lead(lead)?.column == .handedOff)
        #expect(try team.store.team().member("maya")?.role == .sdr)
        #expect(try team.store.doctor().isClean)
    }

    @Test func theRealBinaryRecordsTheLoginsOwnMemberAndRefusesAnyOther() throws {
        let team = try Team()
        defer { team.remove() }
        // maya's login adds a lead, without naming herself: the actor is hers.
        let added = team.run(["lead", "add", "--company", "Own Co", "--contact", "Oda Own"], login: team.maya)
        #expect(added.status == 0, "\(added)")
        let newest = try #require(try team.store.events(after: 0, limit: nil).last)
        #expect(newest.actor == "maya" && newest.type == .created && newest.payload.owner == "maya")
        let recorded = try team.cluster.sql("SELECT actor || ' ' || recorded_by FROM event WHERE seq = \(newest.seq)",
                                            database: team.database)
        #expect(recorded == "maya \(team.maya)")
        #expect(try newest.lead.flatMap { try team.store.lead($0) }?.lastActor == "maya")

        // Claiming to be the team lead, or the AE, is refused (exit 5) and changes nothing.
        let count = try team.store.lastSequence()
        for (member, arguments) in [("lee", ["lead", "add", "--company", "Lee Co", "--contact", "L", "--owner", "maya"]),
                                    ("alex", ["accept", team.heldLead.description, "--next-step", "Demo", "--next-date", "+3d"])] {
            let claimed = team.run(arguments + ["--as", member], login: team.maya)
            #expect(claimed.status == 5, "\(member): \(claimed)")
            #expect(claimed.stderr.contains("cannot act as \(member)"), "\(claimed.stderr)")
            #expect(claimed.stderr.split(separator: "\n").count == 1, "one line: \(claimed.stderr)")
        }
        // The AE's own login may accept the meeting booked with them; maya's may not.
        let ae = team.run(["accept", team.heldLead.description, "--next-step", "Demo", "--next-date", "+3d"], login: team.alex)
        #expect(ae.status == 0, "\(ae)")
        #expect(try team.store.lastSequence() == count + 1)
        #expect(try team.store.history(of: team.heldLead).last?.actor == "alex")
    }

    @Test func theOwnerActsOnlyAsItsOwnMemberOnATeamStore() throws {
        let team = try Team()
        defer { team.remove() }
        let count = try team.store.lastSequence()
        // The superuser owns the schema and is lee's login: as maya it is refused by the server.
        let error = #expect(throws: RuleError.self) {
            try team.store.execute(.addLead(LeadFields(company: "Not Mine", contact: "N"), owner: nil), as: "maya")
        }
        #expect(error == .notPermitted("you are logged in as postgres (lee); you cannot act as maya"))
        #expect(try team.store.lastSequence() == count)
        // As lee it acts.
        try team.store.execute(.addLead(LeadFields(company: "Lee's Pick", contact: "P"), owner: "maya"), as: "lee")
        #expect(try team.store.lastSequence() == count + 1)
    }
}
