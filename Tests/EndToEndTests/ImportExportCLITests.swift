import Foundation
import Testing

/// `handoff import` and `handoff export` through the built binary, on the store tests' fixtures.
@Suite("command line: import and export")
struct ImportExportCLITests {
    static func fixture(_ name: String) -> String {
        Binary.packageRoot.appendingPathComponent("Tests/HandoffStoreTests/Fixtures/\(name)").path
    }

    func leadLines(_ sandbox: Sandbox) -> [String] {
        sandbox.run(["lead", "list"]).stdout.split(separator: "\n").map(String.init)
    }

    func team() -> Sandbox {
        let sandbox = Sandbox()
        sandbox.now = "2026-11-23 09:00"
        sandbox.seedTeam()
        return sandbox
    }

    @Test func salesforceAndHubSpotExportsImport() {
        let sandbox = team()
        // The export gives one lead to sue: an SDR imports only into their own queue.
        let bySDR = sandbox.run(["import", Self.fixture("salesforce-leads.csv")], as: "sam")
        #expect(bySDR.status == 3, "\(bySDR)")
        #expect((bySDR.stdout + bySDR.stderr).contains("line 7: cannot add a lead for sue: an SDR adds leads only to their own queue"), "\(bySDR)")
        let salesforce = sandbox.run(["import", Self.fixture("salesforce-leads.csv"), "--owner", "sam"], as: "lee")
        #expect(salesforce.status == 0, "\(salesforce)")
        #expect(salesforce.stdout.contains("imported 4 leads from salesforce-leads.csv (L-1…L-4)"), "\(salesforce)")
        #expect(salesforce.stdout.contains("6 rows: 4 imported, 0 duplicates, 2 skipped by status (Closed - Converted 1, Closed - Not Converted 1), 0 rejected"), "\(salesforce)")
        #expect(salesforce.stderr.contains("owner 'Dana Whitfield' (1 row) is not an SDR on the team: its lead goes to sam"), "\(salesforce)")

        let hubspot = sandbox.run(["import", Self.fixture("hubspot-contacts.csv"), "--owner", "sue"], as: "lee")
        #expect(hubspot.status == 0, "\(hubspot)")
        #expect(hubspot.stdout.contains("imported 5 leads"), "\(hubspot)")
        #expect(hubspot.stdout.contains("4 to the SDR queue, 1 to Nurture"), "\(hubspot)")
        #expect(leadLines(sandbox).count == 9)
        #expect(sandbox.run(["lead", "list", "--column", "nurture"]).stdout.contains("Helio Energy"))
        #expect(sandbox.show("L-5")?["externalID"] as? String == "51")
        #expect(sandbox.run(["doctor"]).status == 0)

        let json = sandbox.run(["import", Self.fixture("hubspot-api.json"), "--skip-invalid", "--format", "json"], as: "sam")
        #expect(json.status == 0, "\(json)")
        let report = (try? JSONSerialization.jsonObject(with: Data(json.stdout.utf8))) as? [String: Any]
        #expect((report?["imported"] as? [String])?.count == 2)
        #expect((report?["rejected"] as? [[String: Any]])?.first?["place"] as? String == "record 4")
    }

    @Test func aHostileFileChangesNothingAndNamesEveryBadLine() {
        let sandbox = team()
        for extra in [[], ["--dry-run"]] {
            let result = sandbox.run(["import", Self.fixture("hostile.csv")] + extra, as: "sam")
            #expect(result.status == 3, "\(result)")
            for line in ["line 6:", "line 7, column 2 (First Name): not valid UTF-8", "line 12, column 5 (Company)", "line 13, column 4 (Email)"] {
                #expect(result.stderr.contains(line), "\(line) in \(result)")
            }
            #expect(result.stderr.contains("4 rows rejected"), "\(result)")
            #expect(result.stdout.isEmpty, "\(result)")
            // Standard error is not a terminal here: no progress bar, no escape sequences.
            #expect(!result.stderr.contains("\u{1B}") && !result.stderr.contains("\r"), "\(result)")
        }
        #expect(leadLines(sandbox).isEmpty)
        #expect(sandbox.run(["doctor"]).status == 0)
    }

    @Test func skipInvalidImportsTheGoodRowsAndARerunNothingNew() {
        let sandbox = team()
        let first = sandbox.run(["import", Self.fixture("hostile.csv"), "--skip-invalid"], as: "sam")
        #expect(first.status == 0, "\(first)")
        #expect(first.stdout.contains("imported 4 leads"), "\(first)")
        #expect(first.stdout.contains("2 duplicates, 1 skipped by status (Closed - Converted 1), 4 rejected"), "\(first)")
        #expect(first.stderr.contains("line 9: duplicate, same email as line 2"), "\(first)")
        let lines = leadLines(sandbox)
        #expect(lines.count == 4)
        // Names arrive without their escape sequences and bidi controls.
        #expect(lines.contains { $0.contains("Evil Name") })
        #expect(!lines.joined().unicodeScalars.contains { $0 == "\u{1B}" || $0 == "\u{202E}" })

        let again = sandbox.run(["import", Self.fixture("hostile.csv"), "--skip-invalid"], as: "sam")
        #expect(again.status == 0, "\(again)")
        #expect(again.stdout.contains("imported 0 leads"), "\(again)")
        #expect(again.stdout.contains("6 duplicates"), "\(again)")
        #expect(leadLines(sandbox).count == 4)

        let csv = sandbox.run(["export"])
        #expect(csv.status == 0, "\(csv)")
        #expect(csv.stdout.contains("\"'=HYPERLINK(\"\"http://x.test\"\",\"\"click\"\")\""), "\(csv)")
        #expect(csv.stdout.contains("\"'@SUM(A1)\""))
        #expect(csv.stdout.contains("\"'+1 Corp\""))
        #expect(csv.stdout.contains("\"'-2\""))
        let file = sandbox.folder.appendingPathComponent("board.csv").path
        #expect(sandbox.run(["export", "--column", "queue", "--out", file]).status == 0)
        let written = FileManager.default.contents(atPath: file) ?? Data()
        #expect(written.starts(with: [0xEF, 0xBB, 0xBF]))
        #expect(String(decoding: written, as: UTF8.self).split(separator: "\r\n").count == 5)
    }

    @Test func configMapsAStatus() throws {
        let sandbox = team()
        let csv = sandbox.folder.appendingPathComponent("recycled.csv")
        try "Company,First Name,Last Name,Lead Status\nAcme,Ann,Lee,Recycled\n".write(to: csv, atomically: true, encoding: .utf8)
        let unmapped = sandbox.run(["import", csv.path], as: "sam")
        #expect(unmapped.status == 3)
        #expect(unmapped.stderr.contains("\"recycled\" = \"queue\""), "\(unmapped)")
        let config = sandbox.folder.appendingPathComponent("config/handoff")
        try FileManager.default.createDirectory(at: config, withIntermediateDirectories: true)
        try "[import.status]\n\"recycled\" = \"nurture\"\n".write(to: config.appendingPathComponent("config.toml"), atomically: true, encoding: .utf8)
        let mapped = sandbox.run(["import", csv.path], as: "sam")
        #expect(mapped.status == 0, "\(mapped)")
        #expect(sandbox.run(["lead", "list", "--column", "nurture"]).stdout.contains("Acme"))
    }

    @Test func theBoardRebuildsFromAJSONExport() throws {
        let sandbox = team()
        #expect(sandbox.run(["import", Self.fixture("salesforce-leads.csv"), "--owner", "sam"], as: "lee").status == 0)
        let id = sandbox.qualifiedLead("Acme Corp")
        #expect(sandbox.run(["book", id, "--ae", "alex", "--at", "2026-11-24 10:00"], as: "sam").status == 0)
        sandbox.now = "2026-11-24 11:00"
        #expect(sandbox.run(["outcome", id, "held"], as: "alex").status == 0)
        #expect(sandbox.run(["accept", id, "--next-step", "Demo", "--next-date", "2026-11-30"], as: "alex").status == 0)
        #expect(sandbox.run(["undo", "L-2"], as: "lee").status == 0)
        let export = sandbox.folder.appendingPathComponent("board.json").path
        let written = sandbox.run(["export", "--format", "json", "--out", export])
        #expect(written.status == 0, "\(written)")

        let copy = Sandbox()
        copy.now = sandbox.now
        #expect(copy.run(["import", "--events", export, "--dry-run"]).status == 0)
        let rebuilt = copy.run(["import", "--events", export])
        #expect(rebuilt.status == 0, "\(rebuilt)")
        #expect(copy.run(["doctor"]).status == 0)
        #expect(copy.run(["export", "--format", "json"]).stdout == sandbox.run(["export", "--format", "json"]).stdout)
        #expect(copy.run(["lead", "list", "--column", "archived"]).stdout == sandbox.run(["lead", "list", "--column", "archived"]).stdout)

        let twice = copy.run(["import", "--events", export])
        #expect(twice.status == 3, "\(twice)")
        #expect(twice.stderr.contains("not empty"), "\(twice)")
        let notAnExport = copy.run(["import", "--events", Self.fixture("hubspot-api.json")])
        #expect(notAnExport.status == 3, "\(notAnExport)")
    }

    /// The export is streamed a page at a time (2,000 leads, 5,000 events): across page
    /// boundaries it is one document, to a file it is the same bytes as to standard output
    /// (CSV: plus the byte order mark), and a device or a link is written through, never
    /// replaced by a file.
    @Test func theExportStreamsAndNeverReplacesADevice() throws {
        let sandbox = team()
        var rows = ["First Name,Last Name,Company,Email"]
        for number in 1...2_300 { rows.append("Pat,Doe \(number),Firm \(number),pat\(number)@firm\(number).test") }
        let csv = sandbox.folder.appendingPathComponent("many.csv")
        try rows.joined(separator: "\n").write(to: csv, atomically: true, encoding: .utf8)
        #expect(sandbox.run(["import", csv.path], as: "sam").status == 0)

        let toStdout = sandbox.run(["export", "--format", "json"])
        #expect(toStdout.status == 0, "\(toStdout)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(toStdout.stdout.utf8)) as? [String: Any])
        #expect((document["leads"] as? [Any])?.count == 2_300)
        #expect(((document["events"] as? [Any])?.count ?? 0) > 2_300)
        let file = sandbox.folder.appendingPathComponent("out.json").path
        #expect(sandbox.run(["export", "--format", "json", "--out", file]).stdout.contains("exported 2300 leads"))
        #expect(FileManager.default.contents(atPath: file) == Data(toStdout.stdout.utf8))
        #expect(try FileManager.default.contentsOfDirectory(atPath: sandbox.folder.path).allSatisfy { !$0.hasSuffix(".partial") })

        // A link to a file: written through the link, which stays a link. The file is not a
        // previous export, so replacing it takes --force.
        let target = sandbox.folder.appendingPathComponent("target.csv").path
        try String(repeating: "old content that is longer than nothing\n", count: 10_000).write(toFile: target, atomically: true, encoding: .utf8)
        let link = sandbox.folder.appendingPathComponent("link.csv").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        #expect(sandbox.run(["export", "--out", link]).status == 3)
        #expect(sandbox.run(["export", "--out", link, "--force"]).status == 0)
        #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: link)) == target)
        let csvOut = sandbox.run(["export"]).stdout
        #expect(FileManager.default.contents(atPath: target) == Data(("\u{FEFF}" + csvOut).utf8))
        // A device: /dev/null stays the null device.
        #expect(sandbox.run(["export", "--format", "json", "--out", "/dev/null"]).status == 0)
        var status = stat()
        #expect(stat("/dev/null", &status) == 0 && (status.st_mode & S_IFMT) == S_IFCHR)
    }

    @Test func helpIsWrittenForAPerson() {
        let sandbox = Sandbox()
        let help = sandbox.run(["import", "--help"])
        #expect(help.stdout.contains("--skip-invalid") && help.stdout.contains("[import.status]"), "\(help)")
        #expect(sandbox.run(["export", "--help"]).stdout.contains("formula"))
        #expect(sandbox.run(["import", "/no/such/file.csv"]).status == 1)
    }
}
