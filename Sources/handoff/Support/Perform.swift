import Foundation
import HandoffCore
import HandoffStore

/// The one path every changing command takes: open the store, hand the command to the
/// rules through the store, print what happened.
func perform(_ command: Command, on lead: LeadID?, options: StoreOptions, expecting version: Int?,
             format: OutputFormat = .text) throws {
    let store = try options.open()
    let applied = try store.execute(command, on: lead, as: options.actorName, expecting: version)
    try report(applied, format: format)
}

func report(_ applied: Applied, format: OutputFormat) throws {
    switch format {
    case .json:
        if let lead = applied.lead {
            try printJSON(LeadDocument(lead, events: nil))
        } else {
            try printJSON(applied.event)
        }
    case .text:
        print(describe(applied))
    }
}

/// One line that says what happened, in the board's words.
func describe(_ applied: Applied) -> String {
    let event = applied.event
    guard let lead = applied.lead else { return safe(event.summary) }
    let id = lead.id.description
    let place = "now in \(lead.column.title) (v\(lead.version))"
    switch event.type {
    case .created:
        return id
    case .booked:
        let meeting = lead.meeting
        return "\(id) handed off: meeting with \(safe(meeting?.ae)) at \(meeting.map { DateInput.format($0.at) } ?? "?") · \(place)"
    case .outcome:
        let outcome = event.payload.outcome?.title ?? "logged"
        var line = "\(id) meeting \(outcome)"
        if event.payload.outcome == .rescheduled, let at = lead.meeting?.at { line += " to \(DateInput.format(at))" }
        if lead.rebook { line += "; flagged to rebook" }
        return line + " · \(place)"
    case .undone:
        return "\(id): undid event #\(event.payload.undoes ?? 0) · \(place)"
    default:
        return "\(id) \(safe(event.type.verb)) · \(place)"
    }
}
