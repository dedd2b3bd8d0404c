import Foundation
import HandoffCore

/// `handoff lead show` as text: what an AE reads before the first conversation.
enum LeadText {
    /// `viewer`: a participant of the lead's open calibration who has not scored it yet
    /// does not see the SDR's scorecard.
    static func render(_ lead: Lead, events: [Event], definition: Definition, now: Date, viewer: String? = nil) -> String {
        var lines: [String] = []
        lines.append("\(lead.id)  \(safe(lead.company)) — \(safe(lead.contact))\(lead.fields.title.map { ", " + safe($0) } ?? "")")
        lines.append("column     \(lead.column.title) for \(lead.daysInColumn(now: now)) day(s) · version \(lead.version)")
        lines.append("owner      \(safe(lead.owner))" + (lead.ae.map { " · AE \(safe($0))" } ?? ""))
        let fields = lead.fields
        let place = [fields.city, fields.state, fields.country].compactMap { $0 }.joined(separator: ", ")
        let details: [(String, String?)] = [("email", fields.email), ("phone", fields.phone), ("website", fields.website),
                       ("industry", fields.industry), ("location", place.isEmpty ? nil : place), ("source", fields.source),
                       ("crm", [fields.externalID, fields.status, fields.createdInCRM.map { "created \($0)" }]
                           .compactMap { $0 }.joined(separator: " · "))]
        for (label, value) in details {
            if let value, !value.isEmpty { lines.append(label.padding(toLength: 11, withPad: " ", startingAt: 0) + safe(value)) }
        }
        if lead.rebook { lines.append("flag       rebook the meeting") }
        if lead.calibrationIsBlind(for: viewer) {
            lines.append("")
            lines.append("scorecard  \(CalibrationBlind.notice)")
        } else if let card = lead.scorecard {
            lines.append("")
            lines.append("scorecard (SQL definition v\(card.definitionVersion), by \(safe(card.scoredBy)))")
            for criterion in definition.criteria {
                let score = card.scores[criterion.key]
                let status = score?.status.rawValue ?? "unknown"
                let evidence = score.map(\.evidence).flatMap { $0.isEmpty ? nil : " — " + safe($0) } ?? ""
                lines.append("  \(criterion.key.padding(toLength: 10, withPad: " ", startingAt: 0)) \(status)\(criterion.required ? "" : " (optional)")\(evidence)")
            }
        }
        if let meeting = lead.meeting {
            lines.append("")
            lines.append("meeting    with \(safe(meeting.ae)) at \(DateInput.format(meeting.at)) — \(meeting.outcome?.title ?? "to come")")
            if !meeting.agenda.isEmpty { lines.append("agenda     \(safe(meeting.agenda))") }
            if let note = meeting.outcomeNote { lines.append("note       \(safe(note))") }
        }
        if let disposition = lead.disposition {
            lines.append("")
            switch disposition.kind {
            case .accepted:
                lines.append("accepted   by \(safe(disposition.by)): next step \(safe(disposition.nextStep)) on \(disposition.nextDate.map { DateInput.format($0, time: false) } ?? "?")")
                if let opportunity = disposition.opportunity { lines.append("opportunity \(safe(opportunity))") }
            case .nurture:
                lines.append("nurture    by \(safe(disposition.by)): \(safe(disposition.reason)); revisit \(disposition.revisit.map { DateInput.format($0, time: false) } ?? "?")")
            case .returned:
                lines.append("returned   by \(safe(disposition.by))\(disposition.beforeMeeting ? " before the meeting" : ""): \(disposition.reasons.map(\.rawValue).joined(separator: ", "))")
                if !disposition.failedCriteria.isEmpty { lines.append("failed     \(disposition.failedCriteria.joined(separator: ", "))") }
                lines.append("note       \(safe(disposition.note))")
            }
        }
        if let dispute = lead.dispute {
            lines.append("dispute    by \(safe(dispute.by)): \(safe(dispute.note)) — \(dispute.resolution.map { "\($0.rawValue) by \(safe(dispute.resolvedBy))" } ?? "open")")
        }
        if let calibration = lead.calibration {
            lines.append("\(calibration.isOpen ? "calibrating" : "calibrated ") \(safe(calibration.progress)) (definition v\(calibration.definitionVersion), started by \(safe(calibration.startedBy)))")
        }
        lines.append("credit     \(lead.creditedSQLs) SQL, \(lead.creditedSAOs) SAO")
        lines.append("")
        lines.append("timeline")
        for event in events {
            lines.append("  #\(event.seq)  \(DateInput.format(event.at))  \(safe(event.actor))  \(safe(event.summary))")
        }
        return lines.joined(separator: "\n")
    }
}
