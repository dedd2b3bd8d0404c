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

/// The thresholds behind the markers (and the standup report).
public struct Thresholds: Sendable, Equatable, Codable {
    /// Hours after the meeting's time within which the AE must disposition it.
    public var slaHours: Int
    /// Days a card may stay in a column before it is aging; columns not listed never age.
    public var agingDays: [Column: Int]

    public init(slaHours: Int = 48, agingDays: [Column: Int] = [.queue: 5, .handedOff: 3, .returned: 2]) {
        self.slaHours = slaHours
        self.agingDays = agingDays
    }

    public static let standard = Thresholds()
}
