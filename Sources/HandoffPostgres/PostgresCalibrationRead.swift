import Foundation
import HandoffCore
import HandoffStore
import PostgresNIO

/// The calibration section's read on PostgreSQL (issue 17 item 1), as on SQLite
/// (`SQLiteStore.attachCalibration`): the report's packed read carries no payload, so
/// only when its log holds a `calibrating` event are the whole events of those few leads
/// read, in the same snapshot, and decoded for `CalibrationTally`.
enum PostgresCalibrationRead {
    /// The whole events of the leads calibrated in `facts`, up to its newest event; nil
    /// when no lead was ever calibrated (nothing is read then).
    static func events(_ session: Session, facts: [ReportEvent]) throws -> [Event]? {
        let leads = CalibrationTally.calibratedLeads(in: [facts])
        guard !leads.isEmpty, let last = facts.last?.seq else { return nil }
        return try PostgresRows.events(session, """
            SELECT \(unescaped: PostgresRows.eventColumns) FROM event
            WHERE lead = ANY(\(leads.map(\.number))) AND seq <= \(last) ORDER BY seq
            """)
    }
}
