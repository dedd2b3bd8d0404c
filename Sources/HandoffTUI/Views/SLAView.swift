import Foundation
import HandoffCore

/// The SLA ladder on the board: a card's time left before its warning ("⏳ 6h"), what the
/// markers mean in `?`, and the team lead's attention list (`!`).
enum SLAView {
    /// " ⏳ 6h" while the card's clock runs short of its warning; "" otherwise (no clock, or
    /// past the warning, where the marker says it).
    static func countdown(_ card: Card, _ state: AppState) -> String {
        guard let glance = SLALadder(thresholds: state.thresholds, around: state.now).glance(card, now: state.now),
              glance.state == .ok else { return "" }
        return " " + countdownGlyph(state) + " " + hoursText(glance.hoursToWarning)
    }

    static func countdownGlyph(_ state: AppState) -> String { state.asciiCharts ? "T-" : "⏳" }

    /// "40m", "6h", "12d": the clock's own hours (business hours when [sla] sets them).
    static func hoursText(_ hours: Double) -> String {
        let minutes = Int((max(hours, 0) * 60).rounded(.up))
        if minutes < 60 { return "\(minutes)m" }
        if minutes < 100 * 60 { return "\(minutes / 60)h" }
        return "\(minutes / 60 / 24)d"
    }

    static func countdownMeaning(_ state: AppState) -> String {
        let unit = state.thresholds.sla.businessHours == nil ? "hours" : "business hours ([sla] in config.toml)"
        return "SLA clock: \(unit) left before the warning on the card's current step (outcome after the meeting, "
            + "disposition after a held meeting, rework after a return, reactivation after a revisit date)"
    }

    /// The limits behind the warning and breach markers, as `?` states them.
    static func limits(_ marker: Marker, _ thresholds: Thresholds) -> String {
        let ladder = SLALadder(thresholds: thresholds)
        let steps = SLAStep.allCases.map { step in
            let limit = ladder.limit(step)
            let hours = Thresholds.hoursText(marker == .slaBreach ? limit.breach : limit.warning)
            return "\(step.title) \(hours) h"
        }
        let unit = thresholds.sla.businessHours == nil ? "" : " business"
        let who = marker == .slaBreach ? "; the team leads are on the attention list (!)" : ""
        return " (\(steps.joined(separator: ", "))\(unit)\(who))"
    }

    // MARK: - The attention list (!)

    static let title = "Attention: cards past their SLA — Esc to close"

    /// One line a card: id, company, step, owner and how long past; then who was told, when.
    static func lines(_ state: AppState) -> [Overlay.Line] {
        let items = state.attention
        var lines: [Overlay.Line] = []
        guard !items.isEmpty else {
            lines.append(Overlay.Line("No card is past its SLA: every outcome, disposition, rework and revisit is in time.",
                                      Style(.helpText)))
            return lines
        }
        lines.append(Overlay.Line("\(items.count) past the SLA, the longest first", Style(.overlayTitle, bold: true)))
        let glyph = state.asciiCharts ? Marker.slaBreach.asciiGlyph : Marker.slaBreach.glyph
        let calendar = state.thresholds.sla.businessHours.map { hours -> Calendar in
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = hours.timeZone
            return calendar
        } ?? .current
        for item in items {
            let past = hoursText(item.hoursPast)
            lines.append(Overlay.Line(spans: [
                (glyph + " ", Style(.markerBreach, bold: true)),
                ("\(item.lead)  \(SafeText.sanitize(item.company)) · \(item.step.title) · \(SafeText.sanitize(item.owner)) · \(past) past",
                 Style(.helpText, bold: true)),
            ]))
            lines.append(Overlay.Line("    " + item.story { DateInput.format($0, calendar: calendar) }, Style(.statusDim)))
        }
        return lines
    }

    @discardableResult
    static func draw(_ canvas: inout Canvas, _ state: AppState, scroll: Int) -> Int {
        let inside = Overlay.frame(&canvas, title: title)
        return Overlay.lines(&canvas, lines(state), in: inside, scroll: scroll)
    }
}
