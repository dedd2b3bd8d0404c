import Foundation
import Testing
@testable import HandoffCore
@testable import HandoffSQLite
@testable import HandoffStore

/// The streamed export against the document built from whole, decoded values: the same
/// bytes, whether the log's events are encoded again or their stored JSON is spliced in.
@Suite("export, streamed a page at a time")
struct ExportStreamTests {
    static func store() throws -> (SQLiteStore, URL) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("handoff-export-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? .current
        let store = try DemoSeed.seed(path: folder.appendingPathComponent("demo.sqlite").path, lead: "lee",
                                      now: Date(timeIntervalSince1970: 1_795_000_000), calendar: calendar)
        // Text that JSON must escape, and characters outside ASCII.
        let owner = try #require(try store.team().members.first { $0.role == .sdr }).name
        try store.execute(.addLead(LeadFields(company: "Quote \"Co\" \\ back\\slash", contact: "Zoë 北京\nnew line\t\u{1B}[31m",
                                              email: "q@co.test"), owner: owner), as: owner)
        return (store, folder)
    }

    static func whole(_ store: SQLiteStore, _ query: LeadQuery, chosen: Set<LeadID>?) throws -> Data {
        let leads = try store.leads(query)
        let events = try store.events(after: 0, limit: nil)
        var out = Data()
        try Export.writeJSON(ExportPages(leads: { try $0(leads) }, events: { try $0(events) }), at: Date(timeIntervalSince1970: 0),
                             only: chosen) { out.append($0) }
        return out
    }

    @Test("every lead and event, spliced or encoded, is the one document")
    func splicedEqualsEncoded() throws {
        let (store, folder) = try Self.store()
        defer { try? FileManager.default.removeItem(at: folder) }
        let query = LeadQuery(includeArchived: true)
        var streamed = Data()
        try store.withExportPages(query) { pages in
            #expect(pages.encodedEvents != nil)
            try Export.writeJSON(pages, at: Date(timeIntervalSince1970: 0), only: nil) { streamed.append($0) }
        }
        let whole = try Self.whole(store, query, chosen: nil)
        #expect(streamed == whole)
        #expect(whole == (try Export.json(leads: store.leads(query), events: store.events(after: 0, limit: nil), at: Date(timeIntervalSince1970: 0))))
        // And it reads back as the log it came from.
        #expect(try Export.events(fromJSON: streamed) == (try store.events(after: 0, limit: nil)))
    }

    @Test("one column: its leads, the team's events and theirs")
    func oneColumn() throws {
        let (store, folder) = try Self.store()
        defer { try? FileManager.default.removeItem(at: folder) }
        let query = LeadQuery(columns: [.returned], includeArchived: true)
        let chosen = Set(try store.leads(query).map(\.id))
        #expect(!chosen.isEmpty)
        var streamed = Data()
        try store.withExportPages(query) { pages in
            try Export.writeJSON(pages, at: Date(timeIntervalSince1970: 0), only: chosen) { streamed.append($0) }
        }
        #expect(streamed == (try Self.whole(store, query, chosen: chosen)))
    }
}
