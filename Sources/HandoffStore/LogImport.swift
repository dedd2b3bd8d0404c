import Foundation
import HandoffCore

/// An exported log checked as it streams in, event by event, before or while a store
/// writes it (in one transaction, so a refusal anywhere writes nothing): the order of the
/// log, each definition version once, every event decided by the rules (`LogAudit`, with
/// its own actor and time) and fitting the board the events before it made. It holds the
/// projection (the leads and team the log makes, what a store writes beside it) and each
/// lead's events (an undo is judged on its lead's history), never the log as a whole.
package struct LogImport {
    private var audit = LogAudit(same: LogCheck.sameAsStored)
    /// Each lead's events so far: as the file's JSON when read from one (decoded again
    /// only for an undo), else as given.
    private var histories: [LeadID: [Event]] = [:]
    private var jsonHistories: [LeadID: [ArraySlice<UInt8>]] = [:]
    private var last: Int64 = 0
    private var versions = Set<Int>()
    package private(set) var count = 0

    package init() {}

    /// Checks the next event; `line` is where it starts in the file it came from, `json`
    /// its bytes there.
    package mutating func check(_ event: Event, line: Int?, json: ArraySlice<UInt8>? = nil) throws(RuleError) {
        // Worded only for a refusal: built per event, it cost every import.
        var place: String { line.map { "line \($0): " } ?? "" }
        guard event.seq > last else {
            throw .invalid("\(place)event #\(event.seq) comes after #\(last): an exported log is in increasing sequence order; nothing was imported")
        }
        last = event.seq
        if let version = event.payload.definition?.version, !versions.insert(version).inserted {
            throw .invalid("\(place)event #\(event.seq) sets SQL definition v\(version) a second time; nothing was imported")
        }
        if let violation = audit.check(event, history: history) {
            throw .refused("\(place)\(violation); the rules refuse it, so nothing was imported")
        }
        guard audit.fold(event) else {
            throw .invalid("\(place)event #\(event.seq) does not fit the board the events before it made: this log cannot be rebuilt; nothing was imported")
        }
        if let id = event.lead {
            if let json { jsonHistories[id, default: []].append(json) } else { histories[id, default: []].append(event) }
        }
        count += 1
    }

    /// A lead's events so far, oldest first (an undo is judged on them).
    private func history(_ id: LeadID) -> [Event] {
        let kept = (jsonHistories[id] ?? []).compactMap { json in
            json.withUnsafeBytes { try? EventJSON.event($0) }
        }
        return (kept + (histories[id] ?? [])).sorted { $0.seq < $1.seq }
    }

    package mutating func check(_ batch: EventLogReader.Batch) throws(RuleError) {
        for (index, event) in batch.events.enumerated() {
            try check(event, line: index < batch.lines.count ? batch.lines[index] : nil,
                      json: index < batch.json.count ? batch.json[index] : nil)
        }
    }

    /// The leads the log makes, once every event is checked: a whole board's log has
    /// events and a team lead.
    package func finish() throws(RuleError) -> [LeadID: Lead] {
        guard count > 0 else { throw .invalid("the log holds no events: nothing to rebuild") }
        guard audit.projectedTeam.members.contains(where: \.isLead) else {
            throw .invalid("the log has no team lead: it is not a whole board's export; nothing was imported")
        }
        return audit.projectedLeads
    }

    package var team: Team { audit.projectedTeam }
}

/// Where an import's events come from: a file read as it streams in, or events in hand.
public struct EventSource {
    /// The next batch, nil after the last.
    package let next: () throws -> EventLogReader.Batch?

    /// Batches from `next`, nil after the last (a caller's own source: a progress bar's).
    public init(_ next: @escaping () throws -> EventLogReader.Batch?) {
        self.next = next
    }

    /// Batches of `reader`, the next one read and decoded on another thread while the
    /// caller checks and writes this one. Only one thread reads at a time.
    public static func reader(_ reader: EventLogReader, batch: Int = 20_000) -> EventSource {
        let shared = SharedReader(reader)
        func readAhead() -> Ahead<EventLogReader.Batch?> { Ahead { try shared.reader.next(limit: batch) } }
        var ahead: Ahead<EventLogReader.Batch?>? = readAhead()
        return EventSource {
            guard let current = ahead else { return nil }
            let result = try current.wait()
            ahead = result == nil ? nil : readAhead()
            return result
        }
    }

    public static func events(_ events: [Event]) -> EventSource {
        var given: [Event]? = events
        return EventSource {
            defer { given = nil }
            return given.map { EventLogReader.Batch(events: $0, lines: []) }
        }
    }
}

/// A reader handed from thread to thread, one `Ahead` read after the other.
private final class SharedReader: @unchecked Sendable {
    let reader: EventLogReader
    init(_ reader: EventLogReader) { self.reader = reader }
}
