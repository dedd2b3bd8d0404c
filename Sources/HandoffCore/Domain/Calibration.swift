import Foundation

/// A team lead's request that some members score a handed-off lead blind, against the
/// definition version it was handed off under (issue 17). Carried by a `calibrating` lead
/// event (`EventPayload.calibration`); each participant's score is a `calibrated` event
/// whose `payload.scorecard` is made against `definitionVersion`.
public struct CalibrationRequest: Codable, Sendable, Equatable {
    /// The members asked to score: canonical names, sorted, 1…8, none the lead's owner SDR.
    public var with: [String]
    /// The version of the SQL definition the lead was handed off under (the booked event's
    /// `payload.definitionVersion`).
    public var definitionVersion: Int

    public init(with: [String], definitionVersion: Int) {
        self.with = with
        self.definitionVersion = definitionVersion
    }
}

/// The calibration a lead is under, as its `calibrating` and `calibrated` events left it
/// (`Lead.calibration`): who was asked, under which definition version, who has scored.
/// Stored with the lead's state, so undo restores it like the rest of the lead.
public struct LeadCalibration: Codable, Sendable, Equatable {
    /// The participants, canonical names, sorted.
    public var with: [String]
    public var definitionVersion: Int
    /// The team lead who started it, and when.
    public var startedBy: String
    public var startedAt: Date
    /// The participants who have submitted their score, in the order they did.
    public var scored: [String]

    /// At most this many participants in one calibration.
    public static let maximumParticipants = 8

    public init(with: [String], definitionVersion: Int, startedBy: String, startedAt: Date, scored: [String] = []) {
        self.with = with
        self.definitionVersion = definitionVersion
        self.startedBy = startedBy
        self.startedAt = startedAt
        self.scored = scored
    }

    /// The participants who still owe a score, in name order.
    public var pending: [String] { with.filter { !scored.contains($0) } }

    /// Open while somebody named still owes a score.
    public var isOpen: Bool { !pending.isEmpty }

    /// Whether `viewer` must not see the SDR's scorecard, nor the other participants'
    /// scores: they are named in this open calibration and have not submitted yet.
    public func isBlind(for viewer: String?) -> Bool {
        guard let viewer else { return false }
        return pending.contains(viewer)
    }

    /// "theo ✓, alex …": each participant, scored or still owing, in name order.
    public var progress: String {
        with.map { scored.contains($0) ? "\($0) ✓" : "\($0) …" }.joined(separator: ", ")
    }
}

extension Lead {
    /// Whether `viewer` is a participant of the lead's open calibration who has not scored
    /// yet: the SDR's scorecard and the other participants' scores are hidden from them.
    public func calibrationIsBlind(for viewer: String?) -> Bool {
        calibration?.isBlind(for: viewer) == true
    }
}

/// What a blind participant sees where the SDR's scorecard would be.
public enum CalibrationBlind {
    public static let notice = "hidden until you submit your calibration score"

    /// Whether a timeline event's content is hidden from a blind participant: the SDR's
    /// scores and the other participants' calibration scores.
    public static func hides(_ event: Event, from viewer: String) -> Bool {
        switch event.type {
        case .scored: true
        case .calibrated: event.actor != viewer
        default: false
        }
    }
}
