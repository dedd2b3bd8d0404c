import Foundation
import HandoffCore

/// An export read a page at a time from one consistent view of the store: the leads, by
/// id, and the log, by sequence. A board of 100,000 leads and a million events is written
/// in bounded memory instead of being held whole.
public struct ExportPages {
    /// Calls `body` with the chosen leads, a page at a time, in id order.
    public let leads: (_ body: ([Lead]) throws -> Void) throws -> Void
    /// Calls `body` with the whole log, a page at a time, in sequence order.
    public let events: (_ body: ([Event]) throws -> Void) throws -> Void

    /// The log already in its export form, one JSON object and its lead per event, where
    /// the store keeps each payload as that JSON (SQLite): no event is decoded and encoded
    /// again. Nil: `events` is encoded.
    public let encodedEvents: ((_ body: ([(lead: LeadID?, json: Data)]) throws -> Void) throws -> Void)?

    /// The stored leads `leads` left out because they cannot be read, each named with its
    /// field: the export writes the others and says which are missing.
    public let damaged: DamagedLeads

    public init(leads: @escaping (_ body: ([Lead]) throws -> Void) throws -> Void,
                events: @escaping (_ body: ([Event]) throws -> Void) throws -> Void,
                encodedEvents: ((_ body: ([(lead: LeadID?, json: Data)]) throws -> Void) throws -> Void)? = nil,
                damaged: DamagedLeads = DamagedLeads()) {
        self.leads = leads
        self.events = events
        self.encodedEvents = encodedEvents
        self.damaged = damaged
    }
}

extension BoardStore {
    /// What an export reads. This version reads all of it at once; a store that can hold
    /// one read transaction open (SQLite) pages through it instead.
    public func withExportPages<T>(_ query: LeadQuery, _ body: (ExportPages) throws -> T) throws -> T {
        let damaged = DamagedLeads()
        let leads = try self.leads(query, damaged: damaged)
        let events = try self.events(after: 0, limit: nil)
        return try body(ExportPages(leads: { try $0(leads) }, events: { try $0(events) }, damaged: damaged))
    }
}

extension Export {
    /// The JSON document of `json(leads:events:at:)`, written in pieces to `write`. With
    /// `only`, the log keeps the team's events and those of the chosen leads.
    public static func writeJSON(_ pages: ExportPages, at: Date, only chosen: Set<LeadID>?, to write: (Data) throws -> Void) throws {
        try write(Data("{\"format\":\"\(format)\",\"version\":\(version),\"exportedAt\":".utf8) + StreamingJSONEncoder.data(at)
                  + Data(",\n\"leads\":[".utf8))
        var first = true
        try pages.leads { leads in
            var chunk = Data()
            for lead in leads {
                chunk.append(contentsOf: Array((first ? "\n" : ",\n").utf8))
                chunk.append(try StreamingJSONEncoder.data(LeadDocument(lead, events: nil)))
                first = false
            }
            try write(chunk)
        }
        try write(Data("\n],\n\"events\":[".utf8))
        first = true
        if let encoded = pages.encodedEvents {
            try encoded { events in
                var chunk = Data()
                for event in events where chosen == nil || (event.lead.map { chosen?.contains($0) == true } ?? true) {
                    chunk.append(contentsOf: Array((first ? "\n" : ",\n").utf8))
                    chunk.append(event.json)
                    first = false
                }
                try write(chunk)
            }
            try write(Data("\n]}\n".utf8))
            return
        }
        try pages.events { events in
            var chunk = Data()
            for event in events where chosen == nil || (event.lead.map { chosen?.contains($0) == true } ?? true) {
                chunk.append(contentsOf: Array((first ? "\n" : ",\n").utf8))
                chunk.append(try StreamingJSONEncoder.data(event))
                first = false
            }
            try write(chunk)
        }
        try write(Data("\n]}\n".utf8))
    }

    /// The CSV of `csv(_:now:calendar:)`, written in pieces to `write`.
    public static func writeCSV(_ pages: ExportPages, now: Date, calendar: Calendar = .current, to write: (Data) throws -> Void) throws {
        try write(Data(csvHeader.utf8))
        try pages.leads { leads in
            var chunk = ""
            for lead in leads { chunk += csvRow(lead, now: now, calendar: calendar) }
            try write(Data(chunk.utf8))
        }
    }
}
