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
