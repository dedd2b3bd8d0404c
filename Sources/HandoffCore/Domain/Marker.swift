import Foundation

/// What a card flags for attention. Each has its own themed glyph on the board, explained
/// in the help overlay.
public enum Marker: String, CaseIterable, Sendable, Codable {
    /// The SLA ladder's current step is past its breach (outcome, disposition, rework, revisit).
    case slaBreach = "sla-breach"
    /// The current step is past its warning, not yet its breach.
    case slaWarning = "sla-warning"
    /// Longer in its column than the team's threshold.
    case aging
    /// A no-show or cancellation: the SDR must book again.
    case rebook
    /// The SDR disputes the return; a team lead must rule.
    case dispute
    /// A nurture lead whose revisit date has come.
    case revisitDue = "revisit-due"

    public var glyph: String {
        switch self {
        case .slaBreach: "▲"
        case .slaWarning: "△"
        case .aging: "●"
        case .rebook: "↻"
        case .dispute: "⚑"
        case .revisitDue: "◆"
        }
    }

    /// For a terminal that cannot show the glyphs.
    public var asciiGlyph: String {
        switch self {
        case .slaBreach: "^"
        case .slaWarning: "!"
        case .aging: "o"
        case .rebook: "r"
        case .dispute: "d"
        case .revisitDue: "*"
        }
    }

    public var meaning: String {
        switch self {
        case .slaBreach: "SLA breach: the step's owner did not act in time; the team leads are told"
        case .slaWarning: "SLA warning: the step's breach is near; its owner is told"
        case .aging: "aging: longer in this column than the team's threshold"
        case .rebook: "rebook: no-show or canceled, book the meeting again"
        case .dispute: "dispute open: a team lead must uphold or overturn"
        case .revisitDue: "revisit due: the nurture date has come"
        }
    }
}
