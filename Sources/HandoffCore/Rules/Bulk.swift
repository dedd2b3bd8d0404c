import Foundation

/// The id every event of one bulk action carries (`EventPayload.group`).
public enum BulkGroup {
    /// At most this many cards in one bulk action: its undo reads the log around it.
    public static let maximumCards = 1_000

    /// 1 to 64 of `[A-Za-z0-9-]` (the stores write a UUID).
    public static func isValid(_ id: String) -> Bool {
        (1...64).contains(id.utf8.count) && id.utf8.allSatisfy { byte in
            (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || byte == 0x2D
        }
    }

    /// Why a recorded event's bookkeeping (its group, the undo it redoes) is not what a
    /// store writes; nil when it is. `history` is its lead's events before it.
    public static func auditProblem(_ event: Event, history: [Event]) -> String? {
        if let group = event.payload.group, !isValid(group) {
            return "its bulk id is not 1 to 64 letters, digits and dashes"
        }
        return Redo.auditProblem(event, history: history)
    }
}

/// What became of a bulk action (marked cards, or the undo or redo of one): the cards it
/// changed and, for each card it could not change, the rules' sentence.
public struct BulkOutcome: Sendable, Equatable {
    public struct Refusal: Sendable, Equatable {
        public var lead: LeadID
        public var reason: String

        public init(_ lead: LeadID, _ reason: String) {
            self.lead = lead
            self.reason = reason
        }
    }

    /// What was done, as a past participle for the summary: "archived", "undone".
    public var verb: String
    public var done: [LeadID]
    public var refused: [Refusal]
    /// The changed cards as they stand now (the board draws them at once).
    public var cards: [Card]
    /// The newest event appended (0 when none).
    public var lastSequence: Int64
    /// For a single change: what it did, in the board's words (`Describe.applied`).
    public var detail: String?

    public init(verb: String, done: [LeadID], refused: [Refusal], cards: [Card] = [], lastSequence: Int64 = 0) {
        self.verb = verb
        self.done = done
        self.refused = refused
        self.cards = cards
        self.lastSequence = lastSequence
    }

    /// "7 archived, 2 refused: L-3: cannot archive L-3: …; L-9: …", sanitised.
    public var summary: String {
        if refused.isEmpty, let detail { return detail }
        var text = "\(done.count) \(verb)"
        if done.count == 1, let id = done.first { text += " (\(id))" }
        guard !refused.isEmpty else { return text }
        text += ", \(refused.count) refused: "
        text += refused.map { "\($0.lead): \(SafeText.sanitize($0.reason))" }.joined(separator: "; ")
        return text
    }

    /// The summary's lines for an overlay: the count, then one refusal a line.
    public var lines: [String] {
        var lines = ["\(done.count) \(verb)" + (done.isEmpty ? "" : ": " + done.map(\.description).joined(separator: ", "))]
        if !refused.isEmpty {
            lines.append("\(refused.count) refused:")
            lines += refused.map { "  \($0.lead): \(SafeText.sanitize($0.reason))" }
        }
        return lines
    }
}

/// What the board can do to many marked cards at once: one command per card, each decided
/// by the rules on its own.
public enum BulkAction: Sendable, Equatable {
    /// To another SDR (`lead edit --owner` on each card).
    case reassign(to: String)
    /// Returned → SDR queue, Nurture → SDR queue (reactivate): the `w` key.
    case rework
    case archive
    /// Booked meetings to another AE (`handoff reassign`, the `R` key on each card).
    case reassignMeeting(ae: String, note: String?)
    /// Blind calibrations of handed-off leads (`handoff calibrate start`, the `c` key on
    /// marked cards): the same members named on each card.
    case startCalibration(with: [String])

    /// The summary's word for what was done: "3 archived".
    public var verb: String {
        switch self {
        case .reassign(let name): "reassigned to \(SafeText.sanitize(name))"
        case .rework: "reworked or reactivated"
        case .archive: "archived"
        case .reassignMeeting(let ae, _): "reassigned to AE \(SafeText.sanitize(Rules.trimmed(ae)))"
        case .startCalibration(let names): "put under calibration with \(SafeText.sanitize(names.map(Rules.trimmed).joined(separator: ", ")))"
        }
    }

    /// The rules' action behind it, for "may I?" on each marked card.
    public var kind: ActionKind {
        switch self {
        case .reassign: .edit
        case .rework: .rework
        case .archive: .archive
        case .reassignMeeting: .reassignMeeting
        case .startCalibration: .startCalibration
        }
    }

    /// The command for one card, as the lead stands (a reassign keeps every field).
    public func command(for lead: Lead) -> Command {
        switch self {
        case .reassign(let name): .edit(lead.fields, owner: name)
        case .rework: .rework
        case .archive: .archive
        case .reassignMeeting(let ae, let note): .reassignMeeting(ae: ae, note: note)
        case .startCalibration(let names): .startCalibration(with: names)
        }
    }
}
