import Foundation

/// What a card flags for attention. Each has its own themed glyph on the board, explained
/// in the help overlay.
public enum Marker: String, CaseIterable, Sendable, Codable {
    /// Held, or past its time, with no disposition within the SLA.
    case slaBreach = "sla-breach"
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
        case .aging: "●"
        case .rebook: "↻"
        case .dispute: "⚑"
        case .revisitDue: "◆"
        }
    }

    public var meaning: String {
        switch self {
        case .slaBreach: "SLA breach: the meeting was due, no disposition in time"
        case .aging: "aging: longer in this column than the team's threshold"
        case .rebook: "rebook: no-show or canceled, book the meeting again"
        case .dispute: "dispute open: a team lead must uphold or overturn"
        case .revisitDue: "revisit due: the nurture date has come"
        }
    }
}
