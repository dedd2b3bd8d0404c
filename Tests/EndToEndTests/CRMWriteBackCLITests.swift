import Foundation
import PostgresTestSupport
import Testing

/// Issue 17 item 4 through the built binary: import from the CRM, work the board with the
/// verbs, write back with `export --format salesforce|hubspot`, and read the file again
/// with this test's own RFC 4180 parser. On SQLite and on PostgreSQL.
@Suite("command line: write back to the CRM")
struct CRMWriteBackCLITests {
    typealias Run = (_ arguments: [String], _ user: String) -> RunResult

    static let salesforceFile = """
        Lead ID,First Name,Last Name,Company,Email,Lead Status,Lead Owner\r
        00Q5e00000A1xQ1,Ann,One,"Acme, Inc.",ann@acme.test,Open - Not Contacted,sam\r
        00Q5e00000A1xQ2,Bo,Two,Beta Ltd,bo@beta.test,Working - Contacted,sam\r
        00Q5e00000A1xQ3,Cy,Three,"=HYPERLINK(""http://evil.test"")",cy@gamma.test,Working - Contacted,sam\r
        ,Di,Four,Delta Co,di@delta.test,Working - Contacted,sam\r
        00Q5e00000A1xQ5EAJ,Ed,Five,Echo GmbH,ed@echo.test,Open - Not Contacted,sam\r

        """

    static let hubspotFile = """
        Record ID,First Name,Last Name,Company Name,Email,Lead Status\r
        51,Fay,Six,Fjord AB,fay@fjord.test,NEW\r

        """

    /// Rows of an RFC 4180 file as column → value, by this test's own parser.
    static func records(_ text: String) -> [[String: String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var quoted = false
        var chars = Array(text.unicodeScalars)[...]
        while let c = chars.popFirst() {
            if quoted {
                if c == "\"" {
                    if chars.first == "\"" { field.unicodeScalars.append("\""); chars.removeFirst() } else { quoted = false }
                } else { field.unicodeScalars.append(c) }
            } else if c == "\"" {
                quoted = true
            } else if c == "," {
                row.append(field); field = ""
            } else if c == "\r", chars.first == "\n" {
                chars.removeFirst(); row.append(field); rows.append(row); row = []; field = ""
            } else { field.unicodeScalars.append(c) }
        }
        if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
        guard let header = rows.first else { return [] }
        return rows.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
    }

    /// The whole loop on one store; returns the two write-back files.
    static func roundTrip(_ sandbox: Sandbox, _ run: Run) throws -> (salesforce: String, hubspot: String) {
        #expect(run(["init", "--lead", "lee", "--personal"], "lee").status == 0)
        for (name, role) in [("sam", "sdr"), ("alex", "ae"), ("ava", "ae")] {
            #expect(run(["team", "add", name, "--role", role], "lee").status == 0)
        }
        let salesforce = sandbox.folder.appendingPathComponent("salesforce-leads.csv").path
        let hubspot = sandbox.folder.appendingPathComponent("hubspot-contacts.csv").path
        try salesforceFile.write(toFile: salesforce, atomically: true, encoding: .utf8)
        try hubspotFile.write(toFile: hubspot, atomically: true, encoding: .utf8)
        let imported = run(["import", salesforce], "sam")
        #expect(imported.status == 0 && imported.stdout.contains("imported 5 leads"), "\(imported)")
        #expect(run(["import", hubspot], "sam").status == 0)
        #expect(run(["lead", "add", "--company", "Typed In", "--contact", "Gus Seven"], "sam").status == 0)

        sandbox.now = "2026-11-23 09:00"
        for id in ["L-1", "L-2", "L-3", "L-6"] {
            let scored = run(["score", id, "--met", "need=Close takes 9 days", "--met", "fit=300 staff",
                              "--met", "timeframe=Before the audit", "--met", "authority=Runs finance"], "sam")
            #expect(scored.status == 0, "\(scored)")
            let booked = run(["book", id, "--ae", id == "L-6" ? "ava" : "alex", "--at", "2026-11-24 10:00", "--agenda", "Close pain"], "sam")
            #expect(booked.status == 0, "\(booked)")
        }
        sandbox.now = "2026-11-24 11:00"
        for id in ["L-1", "L-2", "L-3"] { #expect(run(["outcome", id, "held"], "alex").status == 0) }
        #expect(run(["accept", "L-1", "--next-step", "Demo for the CFO", "--next-date", "2026-11-30", "--opportunity", "OPP-42"], "alex").status == 0)
        #expect(run(["nurture", "L-2", "--reason", "Budget frozen", "--revisit", "2027-03-01"], "alex").status == 0)
        let returned = run(["return", "L-3", "--reason", "no_authority,not_icp", "--note=-1 \"intern\", tiny shop\u{1B}[31m"], "alex")
        #expect(returned.status == 0, "\(returned)")

        let salesforceOut = sandbox.folder.appendingPathComponent("salesforce-update.csv").path
        let sf = run(["export", "--format", "salesforce", "--out", salesforceOut], "lee")
        #expect(sf.status == 0, "\(sf)")
        #expect(sf.stdout.contains("exported 4 leads to \(salesforceOut)"), "\(sf)")
        #expect(sf.stderr.contains("skipped 2 leads with no external id (not imported from Salesforce): L-4, L-7"), "\(sf)")
        #expect(sf.stderr.contains("skipped 1 lead whose external id is not a Salesforce Lead id: L-6"), "\(sf)")

        let hs = run(["export", "--format", "hubspot"], "lee")
        #expect(hs.status == 0, "\(hs)")
        #expect(hs.stderr.contains("skipped 2 leads with no external id (not imported from HubSpot): L-4, L-7"), "\(hs)")
        #expect(hs.stderr.contains("skipped 4 leads whose external id is not a HubSpot record id: L-1, L-2, L-3, L-5"), "\(hs)")
        return (try String(contentsOfFile: salesforceOut, encoding: .utf8), hs.stdout)
    }

    static func check(_ files: (salesforce: String, hubspot: String)) {
        #expect(files.salesforce.hasPrefix("Id,Status,Description,Handoff_Lead__c,"), "\(files.salesforce)")
        let rows = records(files.salesforce)
        #expect(rows.map { $0["Id"] } == ["00Q5e00000A1xQ1EAJ", "00Q5e00000A1xQ2EAJ", "00Q5e00000A1xQ3EAJ", "00Q5e00000A1xQ5EAJ"])
        #expect(rows.map { $0["Handoff_Lead__c"] } == ["L-1", "L-2", "L-3", "L-5"])
        #expect(rows.map { $0["Status"] } == ["Converted", "Nurture", "Unqualified", "Working"])
        #expect(rows.map { $0["Handoff_Disposition__c"] } == ["accepted", "nurture", "returned", ""])
        #expect(rows[0]["Handoff_Next_Step__c"] == "Demo for the CFO" && rows[0]["Handoff_Next_Step_Date__c"] == "2026-11-30")
        #expect(rows[0]["Handoff_Opportunity__c"] == "OPP-42" && rows[0]["Handoff_AE__c"] == "alex")
        #expect(rows[1]["Handoff_Reasons__c"] == "Budget frozen" && rows[1]["Handoff_Revisit_Date__c"] == "2027-03-01")
        #expect(rows[2]["Handoff_Reasons__c"]?.hasPrefix("no_authority; not_icp") == true, "\(rows[2])")
        // The note began with "-": guarded, its quote and comma intact, its escape gone.
        #expect(rows[2]["Handoff_Note__c"] == "'-1 \"intern\", tiny shop", "\(rows[2])")
        #expect(rows.allSatisfy { $0["Handoff_Meeting_Outcome__c"] != nil })
        #expect(!files.salesforce.contains("\u{1B}") && !files.hubspot.contains("\u{1B}"))

        let contacts = records(files.hubspot)
        #expect(files.hubspot.hasPrefix("Record ID,hs_lead_status,handoff_meeting_outcome,"), "\(files.hubspot)")
        #expect(contacts.count == 1)
        #expect(contacts.first?["Record ID"] == "51" && contacts.first?["hs_lead_status"] == "CONNECTED")
        #expect(contacts.first?["handoff_meeting_outcome"] == "SCHEDULED" && contacts.first?["handoff_ae"] == "ava")
    }

    @Test func importWorkTheBoardAndWriteBackOnSQLite() throws {
        let sandbox = Sandbox()
        let files = try Self.roundTrip(sandbox) { sandbox.run($0, as: $1) }
        Self.check(files)
    }

    @Test(.enabled(if: TestCluster.isWanted))
    func importWorkTheBoardAndWriteBackOnPostgreSQL() throws {
        let cluster = try TestCluster.shared()
        let (database, _) = try cluster.newDatabase()
        defer { cluster.dropDatabase(database) }
        let url = "postgres://postgres@\(cluster.host):\(cluster.port)/\(database)"
        let sandbox = Sandbox()
        let files = try Self.roundTrip(sandbox) { arguments, user in
            sandbox.run(arguments + ["--db", url], as: user, environment: ["PGPASSWORD": cluster.superPassword])
        }
        Self.check(files)
        // The same board gives the same files on both stores.
        let lite = Sandbox()
        let liteFiles = try Self.roundTrip(lite) { lite.run($0, as: $1) }
        #expect(files.salesforce == liteFiles.salesforce && files.hubspot == liteFiles.hubspot)
    }

    @Test func aFileTheExportDidNotWriteIsNeverReplaced() throws {
        let sandbox = Sandbox()
        sandbox.now = "2026-11-23 09:00"
        sandbox.seedTeam()
        let source = sandbox.folder.appendingPathComponent("in.csv").path
        try Self.salesforceFile.write(toFile: source, atomically: true, encoding: .utf8)
        #expect(sandbox.run(["import", source], as: "sam").status == 0)
        let mine = sandbox.folder.appendingPathComponent("pipeline.csv").path
        try "Id,Status\r\n00Q5e00000A1xQ1EAJ,Hand-kept\r\n".write(toFile: mine, atomically: true, encoding: .utf8)
        let board = sandbox.folder.appendingPathComponent("board.csv").path
        #expect(sandbox.run(["export", "--out", board], as: "lee").status == 0)
        for (path, kind) in [(mine, "Salesforce"), (board, "Salesforce"), (source, "HubSpot")] {
            let before = try String(contentsOfFile: path, encoding: .utf8)
            let refused = sandbox.run(["export", "--format", kind.lowercased(), "--out", path], as: "lee")
            #expect(refused.status == 3, "\(refused)")
            #expect(refused.stderr.contains("already exists and is not a Handoff \(kind) write-back file: add --force"), "\(refused)")
            #expect(try String(contentsOfFile: path, encoding: .utf8) == before)
        }
        // Its own previous file is replaced; a foreign one only with --force.
        let update = sandbox.folder.appendingPathComponent("update.csv").path
        #expect(sandbox.run(["export", "--format", "salesforce", "--out", update], as: "lee").status == 0)
        #expect(sandbox.run(["export", "--format", "salesforce", "--out", update], as: "lee").status == 0)
        #expect(sandbox.run(["export", "--format", "hubspot", "--out", update], as: "lee").status == 3)
        #expect(sandbox.run(["export", "--format", "salesforce", "--out", mine, "--force"], as: "lee").status == 0)
        #expect(try String(contentsOfFile: mine, encoding: .utf8).hasPrefix("Id,Status,Description"))
        // Never the store, even with --force.
        let store = sandbox.run(["export", "--format", "hubspot", "--out", sandbox.store, "--force"], as: "lee")
        #expect(store.status == 3 && store.stderr.contains("an export never writes over the board"), "\(store)")
    }

    @Test func aTeamsPicklistFromConfigAndTheHelp() throws {
        let sandbox = Sandbox()
        sandbox.now = "2026-11-23 09:00"
        sandbox.seedTeam()
        let source = sandbox.folder.appendingPathComponent("in.csv").path
        try Self.salesforceFile.write(toFile: source, atomically: true, encoding: .utf8)
        #expect(sandbox.run(["import", source], as: "sam").status == 0)
        let config = sandbox.folder.appendingPathComponent("config/handoff")
        try FileManager.default.createDirectory(at: config, withIntermediateDirectories: true)
        try "[export.salesforce.status]\nqueue = \"Working - Contacted\"\n"
            .write(to: config.appendingPathComponent("config.toml"), atomically: true, encoding: .utf8)
        let out = sandbox.run(["export", "--format", "salesforce"], as: "lee")
        #expect(out.status == 0, "\(out)")
        #expect(Self.records(out.stdout).map { $0["Status"] } == Array(repeating: "Working - Contacted", count: 4))
        try "[export.salesforce.status]\nqueued = \"Working\"\n"
            .write(to: config.appendingPathComponent("config.toml"), atomically: true, encoding: .utf8)
        let typo = sandbox.run(["export", "--format", "salesforce"], as: "lee")
        #expect(typo.status != 0 && typo.stderr.contains("config.toml:2") && typo.stderr.contains("queued"), "\(typo)")
        #expect(typo.stdout.isEmpty)

        let help = sandbox.run(["export", "--help"])
        for word in ["salesforce", "hubspot", "hs_lead_status", "Handoff_Disposition__c", "[export.salesforce.status]"] {
            #expect(help.stdout.contains(word), "\(word)")
        }
    }
}
