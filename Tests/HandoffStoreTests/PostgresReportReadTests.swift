import Foundation
@testable import HandoffCore
@testable import HandoffPostgres
@testable import HandoffSQLite
@testable import HandoffStore
import PostgresTestSupport
import Testing

/// The PostgreSQL report's packed read (`PostgresReportRead`): the server packs each range
/// of events' report columns into one length-prefixed text; the decoding is exact for any
/// text the columns hold, and a malformed text is `StoreError.damaged`, never a crash.
@Suite("PostgreSQL report read", .serialized)
struct PostgresReportReadTests {
    /// Free text that a naive encoding would split, quote or mangle.
    static let hostile = [
        "", "-", "t", "f", "3:abc", "-5,", "12,34:", ",,::--", "quote \" and ' and `", #"back\slash \\ \n \u0000"#,
        "line\nbreak\r\ttab", "Ünïcødé 株式会社 🚀 e\u{301} 👩‍👩‍👧", "O'Brien & Søn, Ltd.; DROP TABLE event; --",
        String(repeating: "x:", count: 80),
    ]

    /// `text` behind one of the hostile prefixes (which one depends only on `text`, so an
    /// undo's restored lead and an edit's change stay what the rules make of them).
    static func marked(_ text: String) -> String {
        hostile[text.utf8.reduce(0) { $0 &+ Int($1) } % hostile.count] + text
    }

    /// The generated log with hostile companies (the company is the free text the report
    /// columns hold; reason codes and criteria are closed lists the rules check).
    static func hostileLog() throws -> [Event] {
        var log = try ReportColumnsTests.log(leads: 120)
        for index in log.indices {
            if let company = log[index].payload.fields?.company { log[index].payload.fields?.company = marked(company) }
            if let company = log[index].payload.restored?.fields.company {
                log[index].payload.restored?.fields.company = marked(company)
            }
        }
        return log
    }

    @Test(.enabled(if: TestCluster.isWanted)) func bothEnginesAgreeOnHostileText() throws {
        let stores = try BothStores(try Self.hostileLog())
        defer { stores.remove() }
        let (sqlite, postgres) = (stores.sqlite, stores.postgres)
        let facts = try postgres.reportEvents()
        // Not vacuous: the hostile values reached the columns, and NULLs sit beside them.
        let companies = Set(facts.compactMap(\.company))
        let missing = Self.hostile.filter { prefix in !companies.contains { $0.hasPrefix(prefix) && $0 != prefix } }
        #expect(missing.isEmpty, "\(missing)")
        #expect(facts.contains { $0.returned != nil } && facts.contains { $0.undoes != nil })
        #expect(facts.contains { $0.company == nil && $0.person == nil })
        #expect(try sqlite.reportEvents() == facts)
        let expected = try ReportColumnsTests.expectedReports(sqlite)
        ReportColumnsTests.expectSameReports(try ReportColumnsTests.reports(sqlite), expected, "sqlite")
        ReportColumnsTests.expectSameReports(try ReportColumnsTests.reports(postgres), expected, "postgres")
    }

    // MARK: - The decoder alone

    /// One event as the server's query packs it.
    static func packed(seq: Int64, lead: Int, type: String, at: String, to: String? = nil, person: String? = nil,
                       company: String? = nil, undoes: String? = nil, reasons: String? = nil, failed: String? = nil,
                       before: Bool? = nil, outcome: String? = nil, outcomeReason: String? = nil) -> String {
        // char_length counts code points, not grapheme clusters.
        func text(_ value: String?) -> String { value.map { "\($0.unicodeScalars.count):\($0)" } ?? "-" }
        return "\(seq),\(lead)," + text(type) + text(at) + text(to) + text(person) + text(company) + "-" + text(outcome) + "--"
            + text(undoes) + text(reasons) + text(failed) + (before.map { $0 ? "t" : "f" } ?? "-") + text(outcomeReason)
    }

    /// A no-show's reason rides last (read from the outcome event's payload); one this
    /// version does not know is damage, named.
    @Test func decodesAnOutcomeReason() throws {
        let noShow = Self.packed(seq: 11, lead: 3, type: "outcome", at: "2026-03-09T12:00:00Z", to: "queue",
                                 outcome: "no-show", outcomeReason: "no_response")
        let facts = try Self.decode(noShow)
        #expect(facts.map(\.outcome) == [.noShow] && facts.map(\.outcomeReason) == [.noResponse])
        let unknown = Self.packed(seq: 11, lead: 3, type: "outcome", at: "2026-03-09T12:00:00Z", to: "queue",
                                  outcome: "no-show", outcomeReason: "bored")
        #expect(throws: StoreError.damaged("event #11's report columns from the server are malformed (outcome reason)")) {
            try Self.decode(unknown)
        }
    }

    static func decode(_ text: String) throws -> [ReportEvent] {
        var facts: [ReportEvent] = []
        let bytes = Array(text.utf8)
        try bytes.withUnsafeBytes { raw in try PostgresReportRead.decode(raw, into: &facts) }
        return facts
    }

    static let sample = packed(seq: 7, lead: 3, type: "created", at: "2026-03-09T09:00:00Z", to: "queue",
                               person: "ana", company: "e\u{301}1:x👩‍👩‍👧-")
        + packed(seq: 9, lead: 3, type: "returned", at: "2026-03-09T10:00:00Z", reasons: #"["no_need","a\"b,c"]"#,
                 failed: #"["","x\ny"]"#, before: true)
        + packed(seq: 10, lead: 3, type: "undone", at: "2026-03-09T11:00:00Z", undoes: "9")

    @Test func decodesWhatTheServerPacks() throws {
        let facts = try Self.decode(Self.sample)
        #expect(facts.map(\.seq) == [7, 9, 10])
        #expect(facts[0].company == "e\u{301}1:x👩‍👩‍👧-" && facts[0].person == "ana" && facts[0].to == .queue)
        #expect(facts[1].returned?.reasons.map(\.rawValue) == ["no_need", "a\"b,c"])
        #expect(facts[1].returned?.failedCriteria == ["", "x\ny"] && facts[1].returned?.beforeMeeting == true)
        #expect(facts[2].undoes == 9 && facts[2].company == nil)
        #expect(try Self.decode("").isEmpty)
    }

    @Test func eventsPackedOutOfOrderComeOutInLogOrder() throws {
        let facts = try Self.decode(Self.sample)
        let shuffled = [facts[2], facts[0], facts[1]]
        #expect(PostgresReportRead.inLogOrder(shuffled) == facts)
        #expect(PostgresReportRead.inLogOrder(facts) == facts)
    }

    /// Many small ranges, all sent at once and decoded as they come (some hold no lead
    /// event, and join to NULL), read the same events as one range and as SQLite; every
    /// lead event but a `scored` one has its packed text, made by the server.
    @Test(.enabled(if: TestCluster.isWanted)) func manyRangesReadAsOne() throws {
        let stores = try BothStores(try Self.hostileLog())
        defer { stores.remove() }
        let (sqlite, postgres, database) = (stores.sqlite, stores.postgres, stores.database)
        // Team events first: the first ranges hold no lead event.
        let expected = try sqlite.reportEvents()
        #expect(expected.count > 500 && expected.first?.seq ?? 0 > 3)
        for span: Int64 in [1, 3, 40, 1_000_000] {
            let read = try postgres.read { session in try PostgresReportRead.events(session, span: span) }
            #expect(read == expected, "span \(span)")
        }
        let packed = try TestCluster.shared().sql("""
            SELECT count(*) FILTER (WHERE report_pack IS NOT NULL) || '/' || count(*) FILTER (WHERE lead IS NOT NULL AND type <> 'scored')
            FROM event
            """, database: String((database.location.split(separator: "/").last ?? "").prefix { $0 != "?" }))
        #expect(packed == "\(expected.count)/\(expected.count)")
        // No client writes it: the server generates it from the event's columns.
        let refused = try database.raw("ALTER TABLE event DISABLE TRIGGER USER; UPDATE event SET report_pack = 'x' WHERE seq = 1")
        #expect(refused?.contains("report_pack") == true, "\(refused ?? "accepted")")
    }

    @Test func aMalformedTextIsDamagedNeverACrash() throws {
        let boundaries = Set([0, Self.packed(seq: 7, lead: 3, type: "created", at: "2026-03-09T09:00:00Z", to: "queue",
                                             person: "ana", company: "e\u{301}1:x👩‍👩‍👧-").utf8.count])
        let bytes = Array(Self.sample.utf8)
        // Every cut that is not between two events fails cleanly.
        for length in 1..<bytes.count where !boundaries.contains(length) {
            let prefix = String(decoding: bytes[..<length], as: UTF8.self)
            guard prefix.utf8.count == length else { continue } // cut inside a character
            do {
                let facts = try Self.decode(prefix)
                // A cut can only succeed at the end of the second event.
                #expect(facts.count == 2, "a cut at \(length) decoded \(facts.count) events")
            } catch {
                guard let error = error as? StoreError, case .damaged = error else {
                    Issue.record("cut at \(length): \(error)")
                    continue
                }
            }
        }
        for bad in ["7,3,99999999999999999999:created", "7,3,7:created20:2026-03-09T09:00:00Z" + String(repeating: "-", count: 9) + "x",
                    "99999999999999999999,3,", "7,3,7:nonsuch20:2026-03-09T09:00:00Z----------", "7,3,7:created5:early---------",
                    "7,3,-1:created", "7,,", "x", "7,3,7:created20:2026-03-09T09:00:00Z------1:x---",
                    "7,3,7:created20:2026-03-09T09:00:00Z-----" + "1:bad" + "----",
                    "7,3,7:created20:2026-03-09T09:00:00Z---------" + "9:[\"a\"]" + "--"] {
            #expect(throws: StoreError.self, "\(bad)") { try Self.decode(bad) }
        }
    }
}
