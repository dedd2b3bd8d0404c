import Foundation
import GRDB
import HandoffCore
import HandoffStore

/// The calibration section's read (issue 17 item 1). The report's fast path reads no
/// payload, and a calibration needs whole scorecards with their evidence; so, only when the
/// report's log holds a `calibrating` event, the whole events of those few leads are read
/// (by the `event_by_lead` index) and decoded for `CalibrationTally`. A log without a
/// calibration costs one pass over the facts already in memory.
extension SQLiteStore {
    /// SQLite takes at most 32,766 bound values; far fewer per statement keeps each small.
    static let calibrationLeadsPerRead = 500

    /// Sets `standup.calibration` (and each definition version's agreement) from the leads
    /// calibrated in `parts`, the report's log, read up to its newest event.
    func attachCalibration(to standup: inout Standup, parts: [[ReportEvent]], team: Team) throws {
        let leads = CalibrationTally.calibratedLeads(in: parts)
        guard !leads.isEmpty, let last = parts.last(where: { !$0.isEmpty })?.last?.seq else { return }
        let events = try calibrationEvents(of: leads, through: last)
        standup.attachCalibration(CalibrationTally(events: events, definition: team.definition))
    }

    /// The whole events of `leads` up to `last`, each lead's in `seq` order.
    func calibrationEvents(of leads: [LeadID], through last: Int64) throws -> [Event] {
        try read { db in
            var events: [Event] = []
            var start = 0
            while start < leads.count {
                let chunk = leads[start..<min(leads.count, start + Self.calibrationLeadsPerRead)]
                start += chunk.count
                let marks = Array(repeating: "?", count: chunk.count).joined(separator: ",")
                events += try Rows.events(db, sql: "SELECT * FROM event WHERE lead IN (\(marks)) AND seq <= ? ORDER BY seq",
                                          arguments: StatementArguments(chunk.map(\.number) + [Int(last)]))
            }
            return events
        }
    }
}
