import Foundation

/// The AE brief: what an account executive pastes into an email or notes before the first
/// conversation, in markdown. One pure function builds it for both `handoff lead brief L-7`
/// and the board's `y`, so the two can never differ.
///
/// Every value from the lead (a company, a contact, evidence, an agenda, a note, a member's
/// name) is untrusted: it goes through `SafeText.sanitize`, so no escape or control sequence,
/// bidi control or line break from lead data reaches a terminal or a clipboard. Line breaks
/// in a value become spaces, so a value cannot start a markdown heading or list of its own.
public enum Brief {
    /// The brief's largest size in bytes (UTF-8). A longer brief keeps its newest timeline
    /// entries that fit and says how many it left out; OSC 52 payloads above about 100 KB
    /// are refused by several terminals, and base64 makes 64 KiB into about 87 KB.
    public static let maximumBytes = 64 * 1024

    /// The most timeline entries a brief lists, newest last; `lead show` has them all.
    public static let maximumEvents = 40

    /// The brief of `lead`, with `events` its timeline (oldest first), scored against
    /// `definition`, as of `now`, for `viewer`: a participant of the lead's open
    /// calibration who has not scored it yet does not see the SDR's scorecard.
    public static func markdown(_ lead: Lead, events: [Event], definition: Definition, now: Date,
                                calendar: Calendar = .current, maximumBytes: Int = Brief.maximumBytes,
                                viewer: String? = nil) -> String {
        func date(_ value: Date, time: Bool = true) -> String { DateInput.format(value, calendar: calendar, time: time) }
        var head: [String] = []
        head.append("# \(clean(lead.company)) — \(lead.id)")
        head.append("")
        let fields = lead.fields
        var contact = clean(lead.contact)
        if let title = present(fields.title) { contact += ", " + title }
        head.append("- **Contact:** \(contact)")
        let reach = [present(fields.email), present(fields.phone)].compactMap { $0 }
        if !reach.isEmpty { head.append("- **Reach:** \(reach.joined(separator: " · "))") }
        let place = [fields.city, fields.state, fields.country].compactMap(present).joined(separator: ", ")
        let company = [present(fields.industry), place.isEmpty ? nil : place, present(fields.website)].compactMap { $0 }
        if !company.isEmpty { head.append("- **Company:** \(company.joined(separator: " · "))") }
        if let source = present(fields.source) { head.append("- **Source:** \(source)") }
        var people = "- **SDR:** \(clean(lead.owner))"
        if let ae = lead.ae { people += " · **AE:** \(clean(ae))" }
        head.append(people)
        head.append("- **Now:** \(lead.column.title) for \(lead.daysInColumn(now: now)) day(s)")

        var body: [String] = []
        if lead.calibrationIsBlind(for: viewer) {
            body.append("")
            body.append("## Why it qualified, in the prospect's words")
            body.append("")
            body.append("The SDR's scorecard is \(CalibrationBlind.notice).")
        } else if let card = lead.scorecard {
            body.append("")
            body.append("## Why it qualified, in the prospect's words")
            body.append("")
            body.append("Scored by \(clean(card.scoredBy)) on \(date(card.scoredAt, time: false)) against SQL definition v\(card.definitionVersion).")
            body.append("")
            var keys = definition.criteria.map(\.key)
            keys += card.scores.keys.sorted().filter { !keys.contains($0) }
            for key in keys {
                let criterion = definition.criterion(key)
                let score = card.scores[key]
                let status = score?.status.rawValue ?? CriterionStatus.unknown.rawValue
                let optional = criterion.map { $0.required ? "" : ", optional" } ?? ""
                let label = clean(criterion?.label ?? key)
                body.append("- **\(label)** (\(status)\(optional))")
                if let evidence = score.flatMap({ present($0.evidence) }) { body.append("  > \(evidence)") }
            }
        }
        if let meeting = lead.meeting {
            body.append("")
            body.append("## Meeting")
            body.append("")
            body.append("- **When:** \(date(meeting.at)) with \(clean(meeting.ae)), booked by \(clean(meeting.bookedBy))")
            body.append("- **Outcome:** \(meeting.outcome?.title ?? "to come")"
                        + (meeting.reschedules > 0 ? " (rescheduled \(meeting.reschedules)×)" : ""))
            if let agenda = present(meeting.agenda) { body.append("- **Agenda:** \(agenda)") }
            if let note = meeting.outcomeNote.flatMap(present) { body.append("- **Note:** \(note)") }
        }
        if let disposition = lead.disposition {
            body.append("")
            body.append("## Disposition")
            body.append("")
            switch disposition.kind {
            case .accepted:
                let next = disposition.nextDate.map { " on " + date($0, time: false) } ?? ""
                body.append("- **Accepted** by \(clean(disposition.by)): next step \(clean(disposition.nextStep ?? ""))\(next)")
                if let opportunity = disposition.opportunity.flatMap(present) { body.append("- **Opportunity:** \(opportunity)") }
            case .nurture:
                let revisit = disposition.revisit.map { "; revisit \(date($0, time: false))" } ?? ""
                body.append("- **Nurture** by \(clean(disposition.by)): \(clean(disposition.reason ?? ""))\(revisit)")
            case .returned:
                let reasons = disposition.reasons.map { clean($0.rawValue) }.joined(separator: ", ")
                body.append("- **Returned** by \(clean(disposition.by))\(disposition.beforeMeeting ? " before the meeting" : ""): \(reasons)")
                if !disposition.failedCriteria.isEmpty {
                    body.append("- **Failed:** \(disposition.failedCriteria.map(clean).joined(separator: ", "))")
                }
                if let note = present(disposition.note) { body.append("- **Note:** \(note)") }
            }
        }
        if let dispute = lead.dispute {
            let state = dispute.resolution.map { "\($0.rawValue) by \(clean(dispute.resolvedBy ?? "a team lead"))" } ?? "open"
            body.append("- **Dispute** by \(clean(dispute.by)): \(clean(dispute.note)) — \(state)")
        }

        // The timeline, newest entries kept when it does not all fit.
        let entries = events.map { "- \(date($0.at)) · \(clean($0.actor)) · \(clean($0.summary))" }
        let fixed = (head + body).joined(separator: "\n")
        var budget = maximumBytes - fixed.utf8.count - 200
        var kept: [String] = []
        for entry in entries.reversed() {
            guard kept.count < maximumEvents, budget - entry.utf8.count - 1 >= 0 else { break }
            budget -= entry.utf8.count + 1
            kept.append(entry)
        }
        var timeline = ["", "## Timeline", ""]
        if kept.count < entries.count {
            timeline.append("(the \(kept.count) newest of \(entries.count) events; `handoff lead show \(lead.id)` lists them all)")
        }
        timeline += kept.reversed()
        let text = fixed + "\n" + timeline.joined(separator: "\n") + "\n"
        return cut(text, toBytes: maximumBytes)
    }

    /// A value as one safe line.
    static func clean(_ value: String) -> String {
        SafeText.sanitize(value).trimmingCharacters(in: .whitespaces)
    }

    /// A value worth a line: nil when absent or blank.
    static func present(_ value: String?) -> String? {
        guard let value else { return nil }
        let cleaned = clean(value)
        return cleaned.isEmpty ? nil : cleaned
    }

    /// At most `limit` bytes, cut at a character boundary (only a brief of huge fields, each
    /// already capped by `FieldLimits`, gets here).
    static func cut(_ text: String, toBytes limit: Int) -> String {
        guard text.utf8.count > limit else { return text }
        let marker = "\n…(cut at \(limit / 1024) KiB)\n"
        var result = ""
        var used = 0
        for character in text {
            let size = character.utf8.count
            guard used + size <= limit - marker.utf8.count else { break }
            result.append(character)
            used += size
        }
        return result + marker
    }
}
