import Foundation

/// One line that says what a command did, in the board's words; the command line and the
/// board's status line both use it.
public enum Describe {
    public static func applied(_ applied: Applied, calendar: Calendar = .current) -> String {
        let event = applied.event
        guard let lead = applied.lead else { return SafeText.sanitize(event.summary) }
        let id = lead.id.description
        let place = "now in \(lead.column.title) (v\(lead.version))"
        switch event.type {
        case .created:
            return "\(id) added to \(SafeText.sanitize(lead.owner))'s queue: \(SafeText.sanitize(lead.company))"
        case .booked:
            let meeting = lead.meeting
            let when = meeting.map { DateInput.format($0.at, calendar: calendar) } ?? "?"
            return "\(id) handed off: meeting with \(SafeText.sanitize(meeting?.ae ?? "?")) at \(when) · \(place)"
        case .outcome:
            var line = "\(id) meeting \(event.payload.outcome?.title ?? "logged")"
            if event.payload.outcome == .rescheduled, let at = lead.meeting?.at {
                line += " to \(DateInput.format(at, calendar: calendar))"
            }
            if lead.rebook { line += "; flagged to rebook" }
            return line + " · \(place)"
        case .reassigned:
            let again = event.payload.redoes == nil ? "" : " again (redo)"
            let from = event.payload.previousAE.map { " (from \(SafeText.sanitize($0)))" } ?? ""
            return "\(id) meeting reassigned to \(SafeText.sanitize(lead.meeting?.ae ?? "?"))\(from)\(again) · \(place)"
        case .calibrating:
            let again = event.payload.redoes == nil ? "" : " again (redo)"
            let names = (event.payload.calibration?.with ?? []).map { SafeText.sanitize($0) }.joined(separator: ", ")
            let version = event.payload.calibration.map { " under definition v\($0.definitionVersion)" } ?? ""
            return "\(id) calibration started\(again): \(names) score it blind\(version) · \(place)"
        case .calibrated:
            let again = event.payload.redoes == nil ? "" : " again (redo)"
            return "\(id) calibration score by \(SafeText.sanitize(event.actor)) recorded\(again) · \(place)"
        case .undone:
            if let redone = event.payload.redoes { return "\(id): redid what undo #\(redone) took back · \(place)" }
            return "\(id): undid event #\(event.payload.undoes ?? 0) · \(place)"
        default:
            return "\(id) \(event.type.verb)\(event.payload.redoes == nil ? "" : " again (redo)") · \(place)"
        }
    }
}
