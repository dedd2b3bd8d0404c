import Foundation
import HandoffCore

/// Enter on a card: everything an AE reads before the first conversation, and the timeline.
enum DetailView {
    /// Every line of the detail, the timeline's included (tests; the view draws through
    /// `header` and `timelineLine`, building only the lines on screen).
    static func lines(_ lead: Lead, timeline: [Event], state: AppState, width: Int) -> [Overlay.Line] {
        var lines = header(lead, state: state, width: width)
        if timeline.isEmpty { lines.append(loading) }
        lines += timeline.map(timelineLine)
        return lines
    }

    private static let loading = Overlay.Line("loading…", Style(.statusDim))

    /// One timeline line: when, who, what.
    static func timelineLine(_ event: Event) -> Overlay.Line {
        Overlay.Line(spans: [
            (DateInput.format(event.at) + "  ", Style(.timelineTime)),
            (SafeText.pad(event.actor, toWidth: 10) + " ", Style(.timelineActor, bold: true)),
            (event.summary, Style(.timelineEvent)),
        ])
    }

    /// The lead's fields, wrapped, up to the "Timeline" heading.
    static func header(_ lead: Lead, state: AppState, width: Int) -> [Overlay.Line] {
        var lines: [Overlay.Line] = []
        let label = Style(.formLabel)
        let value = Style(.overlay)
        func row(_ name: String, _ text: String?, _ style: Style = Style(.overlay)) {
            guard let text, !text.isEmpty else { return }
            let wrapped = Wrap.lines(text, width: max(width - 16, 10))
            for (index, part) in wrapped.enumerated() {
                lines.append(Overlay.Line(spans: [(index == 0 ? SafeText.pad(name, toWidth: 14) : String(repeating: " ", count: 14), label), (part, style)]))
            }
        }
        func heading(_ text: String) {
            lines.append(Overlay.Line(""))
            lines.append(Overlay.Line(text, Style(.overlayTitle, bold: true)))
        }
        let fields = lead.fields
        row("Contact", [fields.contact, fields.title].compactMap { $0 }.joined(separator: ", "))
        row("Column", "\(lead.column.title) for \(lead.daysInColumn(now: state.now)) day(s) · version \(lead.version)")
        row("Owner (SDR)", lead.owner)
        row("AE", lead.ae)
        row("Email", fields.email)
        row("Phone", fields.phone)
        row("Source", fields.source)
        let markers = lead.markers(now: state.now, thresholds: state.thresholds)
        if !markers.isEmpty { row("Flags", markers.map { "\($0.glyph) \($0.meaning)" }.joined(separator: "; "), Style(.statusError)) }
        row("Credit", lead.credits.isEmpty ? nil : "\(lead.creditedSQLs) SQL, \(lead.creditedSAOs) SAO")
        if let text = noShowLine(lead, state: state) {
            row("No-shows", text, Style(NoShows.reachedLimit(lead.noShows, policy: state.policy) ? .statusError : .overlay))
        }

        if let calibration = lead.calibration {
            row(calibration.isOpen ? "Calibrating" : "Calibrated", calibration.progress + " (definition v\(calibration.definitionVersion))")
        }

        let definition = state.team.definition
        if lead.calibrationIsBlind(for: state.me) {
            heading("Scorecard — \(CalibrationBlind.notice)")
        } else if let card = lead.scorecard {
            heading("Scorecard — SQL definition v\(card.definitionVersion), by \(card.scoredBy)")
            for criterion in definition.criteria {
                let score = card.scores[criterion.key]
                let status = score?.status ?? .unknown
                let role: ThemeRole = status == .met ? .statusSuccess : (criterion.required ? .statusError : .statusDim)
                let mark = status == .met ? "✓" : (status == .notMet ? "✗" : "?")
                let text = (score?.evidence).flatMap { $0.isEmpty ? nil : $0 } ?? (criterion.required ? "required" : "optional")
                let wrapped = Wrap.lines(text, width: max(width - 16, 10))
                for (index, part) in wrapped.enumerated() {
                    lines.append(Overlay.Line(spans: [
                        (index == 0 ? SafeText.pad("\(mark) \(criterion.label)", toWidth: 14) : String(repeating: " ", count: 14), Style(role, bold: index == 0)),
                        (part, value),
                    ]))
                }
            }
        }
        if let meeting = lead.meeting {
            heading("Meeting")
            row("With", "\(meeting.ae) at \(DateInput.format(meeting.at))\(meeting.reschedules > 0 ? " (rescheduled \(meeting.reschedules)×)" : "")")
            row("Outcome", meeting.outcome?.title ?? "to come")
            row("Agenda", meeting.agenda)
            row("Note", meeting.outcomeNote)
        }
        if let disposition = lead.disposition {
            switch disposition.kind {
            case .accepted:
                heading("Accepted (SAO) by \(disposition.by)")
                row("Next step", disposition.nextStep)
                row("Next date", disposition.nextDate.map { DateInput.format($0, time: false) })
                row("Opportunity", disposition.opportunity)
                row("Good problem", disposition.assessment?.goodProblem)
                row("Big enough", disposition.assessment?.bigEnoughToAct)
                row("Justifies us", disposition.assessment?.justifiesSolution)
                row("Risks", disposition.assessment?.risks)
            case .nurture:
                heading("Nurture — by \(disposition.by)")
                row("Reason", disposition.reason)
                row("Revisit", disposition.revisit.map { DateInput.format($0, time: false) })
            case .returned:
                heading("Returned by \(disposition.by)\(disposition.beforeMeeting ? " before the meeting" : "")")
                row("Reasons", disposition.reasons.map(\.label).joined(separator: ", "), Style(.statusError, bold: true))
                row("Failed", disposition.failedCriteria.joined(separator: ", "))
                row("Note", disposition.note)
            }
        }
        if let dispute = lead.dispute {
            heading("Dispute — \(dispute.resolution?.rawValue ?? "open")")
            row("By", dispute.by)
            row("Note", dispute.note)
            row("Ruling", dispute.resolvedBy.map { "\($0): \(dispute.resolutionNote ?? dispute.resolution?.rawValue ?? "")" })
        }
        heading("Timeline")
        return lines
    }

    /// The scroll `draw` would show, without drawing: a key costs one frame, not two.
    /// How many lines the open card's detail has; nil while it is loading.
    static func lineCount(_ state: AppState, lead id: LeadID) -> Int? {
        guard let lead = state.detail, lead.id == id else { return nil }
        let inside = Overlay.inside(width: state.width, height: state.height)
        return header(lead, state: state, width: inside.width - 2).count + max(state.timeline.count, 1)
    }

    /// Returns the scroll shown (at most the last screenful; as asked while loading).
    @discardableResult
    static func draw(_ canvas: inout Canvas, _ state: AppState, lead id: LeadID, scroll: Int) -> Int {
        guard let lead = state.detail, lead.id == id else {
            let inside = Overlay.frame(&canvas, title: "\(id)")
            let text = state.board.leads[id] == nil ? "\(id) is no longer on the board (archived). Esc to close." : "loading…"
            canvas.put(x: inside.x + 1, y: inside.y, text: text, style: Style(.statusDim))
            return scroll
        }
        let inside = Overlay.frame(&canvas, title: "\(lead.id) · \(lead.company) — Esc to close")
        let header = header(lead, state: state, width: inside.width - 2)
        let timeline = state.timeline
        let count = header.count + max(timeline.count, 1)
        return Overlay.lines(&canvas, count: count, in: inside, scroll: scroll) { index in
            if index < header.count { return header[index] }
            return timeline.isEmpty ? loading : timelineLine(timeline[index - header.count])
        }
    }
}
