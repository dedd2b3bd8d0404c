import Foundation

/// Why a booked meeting did not happen: the reason code a no-show or a cancellation takes
/// (`payload.outcomeReason` on its outcome event). The codes are the ones sales teams file
/// missed first meetings under; `other` takes the rest, with the note saying what.
public enum OutcomeReason: String, Codable, Sendable, CaseIterable {
    /// The prospect did not turn up and did not answer (the classic no-show).
    case noResponse = "no_response"
    /// The prospect had a clash: travel, illness, another meeting.
    case conflict
    /// The meeting was with the wrong person: no authority, left the company, a gatekeeper.
    case wrongPerson = "wrong_person"
    /// The prospect said they no longer want the meeting.
    case notInterested = "not_interested"
    /// The call could not happen: a broken link, dial-in or calendar invite.
    case technical
    case other

    /// A code as typed: any case, `-` or space for `_` (`no-response`, `Wrong person`).
    public init?(code: String) {
        let folded = code.trimmingCharacters(in: .whitespaces).lowercased()
            .replacingOccurrences(of: "-", with: "_").replacingOccurrences(of: " ", with: "_")
        guard let match = OutcomeReason(rawValue: folded) else { return nil }
        self = match
    }

    /// What the code means, for `--help`, `?` and the form's picker.
    public var meaning: String {
        switch self {
        case .noResponse: "did not turn up or answer"
        case .conflict: "a clash on their side (travel, illness, another meeting)"
        case .wrongPerson: "not the right person (no authority, left, a gatekeeper)"
        case .notInterested: "no longer wants the meeting"
        case .technical: "the call could not happen (link, dial-in, invite)"
        case .other: "anything else (say what in the note)"
        }
    }

    /// Every code, comma-separated, for messages.
    public static var codes: String { allCases.map(\.rawValue).joined(separator: ", ") }

    /// Every code with its meaning, one per line, for `--help`.
    public static var glossary: String {
        allCases.map { "\($0.rawValue): \($0.meaning)" }.joined(separator: "; ")
    }
}
