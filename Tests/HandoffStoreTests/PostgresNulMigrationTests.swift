import Foundation
@testable import HandoffCore
@testable import HandoffPostgres
@testable import HandoffStore
import PostgresTestSupport
import Testing

/// A PostgreSQL store written before NUL was refused at every entry can hold `\u0000` in
/// a payload. Migration v4 casts payloads to jsonb, which refuses that escape for good:
/// such a store could never be opened again. Now the escape becomes U+FFFD for the cast,
/// the columns hold U+FFFD where the payload holds NUL, and doctor takes them as equal.
@Suite("PostgreSQL: migration v4 on an old payload holding NUL", .serialized, .enabled(if: TestCluster.isWanted))
struct PostgresNulMigrationTests {
    @Test func aV3StoreWithANulInAPayloadOpensAndItsColumnsAgree() throws {
        let log = try ReportColumnsTests.log(leads: 30)
        let database = try StoreUnderTest(.postgres)
        defer { database.remove() }
        do {
            let store = try PostgresStore(database.target, now: .fixed(ReportColumnsTests.end), calendar: storeCalendar)
            try store.importEvents(log)
        }
        let created = try #require(log.first { $0.type == .created && $0.lead == LeadID(7) })
        let company = try #require(created.payload.fields?.company)
        let withNUL = String(company.prefix(3)) + "\\u0000" + String(company.dropFirst(3))
        // An escaped backslash before `u0000` is text, not a NUL: it must stay as it is.
        let note = try #require(log.first { $0.lead == LeadID(9) && $0.payload.note != nil })
        let noteText = try #require(note.payload.note)
        let schema = "\"public\""
        for statement in [
            // Back to v3: no columns, the v3 functions, the migration not applied.
            PostgresFunctions.append(insert: PostgresFunctions.insertEvent, create: "CREATE OR REPLACE"),
            PostgresFunctions.importLog(insert: PostgresFunctions.insertEvent, create: "CREATE OR REPLACE"),
            "DROP FUNCTION @schema.handoff_facts(text, text, bigint, jsonb)",
            // v8's packed text is made of the columns: it goes first, and comes back after v4.
            "ALTER TABLE @schema.event DROP COLUMN report_pack",
            "DELETE FROM @schema.handoff_migration WHERE name = '\(PostgresReportPack.migrationName)'",
            "ALTER TABLE @schema.event " + ReportColumns.names.map { "DROP COLUMN \($0)" }.joined(separator: ", "),
            "DELETE FROM @schema.handoff_migration WHERE name = 'v4: report columns'",
            // What an older handoff could write: a NUL in lead 7's company, in its payloads and state.
            "ALTER TABLE @schema.event DISABLE TRIGGER event_no_update_or_delete",
            "UPDATE @schema.event SET payload = replace(payload, '\(company)', '\(withNUL)') WHERE lead = 7",
            "UPDATE @schema.event SET payload = replace(payload, '\(noteText)', '\\\\u0000\(noteText)') WHERE seq = \(note.seq)",
            "ALTER TABLE @schema.event ENABLE TRIGGER event_no_update_or_delete",
            "UPDATE @schema.lead SET state = replace(state, '\(company)', '\(withNUL)') WHERE id = 7",
        ] {
            let failure = try database.raw(statement.replacingOccurrences(of: "@schema", with: schema))
            try #require(failure == nil, "\(failure ?? "")")
        }
        #expect(try database.raw("SELECT payload::jsonb FROM event WHERE lead = 7") != nil, "jsonb refuses the old payload")

        let store = try PostgresStore(database.target, now: .fixed(ReportColumnsTests.end), calendar: storeCalendar)
        let events = try store.events(after: 0, limit: nil)
        let stored = try ReportColumnsTests.storedColumns(store)
        #expect(stored[created.seq]?.company == company.prefix(3) + "\u{FFFD}" + company.dropFirst(3))
        #expect(events.first { $0.seq == created.seq }?.payload.fields?.company == company.prefix(3) + "\u{0}" + company.dropFirst(3))
        #expect(events.first { $0.seq == note.seq }?.payload.note == "\\u0000" + noteText)
        #expect(LogCheck.reportColumnProblems(events: events, stored: stored).isEmpty)
        // doctor: the columns agree; what it names is the NUL the rules refuse today, nothing else.
        let problems = try store.doctor().problems
        #expect(!problems.isEmpty)
        #expect(problems.allSatisfy { $0.contains("NUL") || $0.contains("L-7") || $0.contains("L-9") }, "\(problems.prefix(5))")
        #expect(!problems.contains { $0.contains("report columns") }, "\(problems.prefix(5))")
    }
}
