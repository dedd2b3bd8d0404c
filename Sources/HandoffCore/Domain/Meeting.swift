import Foundation

public enum MeetingOutcome: String, Codable, Sendable, CaseIterable {
    case held
    case noShow = "no-show"
    case rescheduled
    case canceled

    public init?(slug: String) {
        let folded = slug.lowercased().filter(\.isLetter)
        if folded == "cancelled" { self = .canceled; return }
        guard let match = MeetingOutcome.allCases.first(where: { $0.rawValue.filter(\.isLetter) == folded }) else {
            return nil
        }
        self = match
    }

    public var title: String {
        switch self {
        case .held: "held"
        case .noShow: "no-show"
        case .rescheduled: "rescheduled"
        case .canceled: "canceled"
        }
    }
}

/// The first AE conversation, booked by the SDR as the handoff.
public struct Meeting: Codable, Sendable, Equatable {
    public var ae: String
    public var at: Date
    public var agenda: String
    public var bookedBy: String
    public var bookedAt: Date
    /// `nil` while the meeting is still to happen (booked or rescheduled).
    public var outcome: MeetingOutcome?
    public var outcomeNote: String?
    public var outcomeAt: Date?
    public var reschedules: Int

    public init(ae: String, at: Date, agenda: String, bookedBy: String, bookedAt: Date,
                outcome: MeetingOutcome? = nil, outcomeNote: String? = nil, outcomeAt: Date? = nil,
                reschedules: Int = 0) {
        self.ae = ae
        self.at = at
        self.agenda = agenda
        self.bookedBy = bookedBy
        self.bookedAt = bookedAt
        self.outcome = outcome
        self.outcomeNote = outcomeNote
        self.outcomeAt = outcomeAt
        self.reschedules = reschedules
    }

    public var wasHeld: Bool { outcome == .held }
}
