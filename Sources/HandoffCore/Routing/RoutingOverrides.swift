import Foundation

/// How often SDRs took the rotation's proposal in a period: of the bookings that carried
/// one (`proposedAE`), those booked with another AE are overrides (flexible routing).
/// Undone bookings are left out. In every report format (`handoff report`, `S`).
public struct RoutingOverrides: Codable, Sendable, Equatable {
    public struct BySDR: Codable, Sendable, Equatable {
        public var sdr: String
        /// Overrides of the SDR's proposed bookings.
        public var overrides: Ratio
    }

    /// Overrides of every proposed booking in the period.
    public var overrides = Ratio.empty
    public var bySDR: [BySDR] = []

    public init() {}

    public init(_ facts: [RoutingFact], in period: Period) {
        let undone = Set(facts.compactMap { $0.type == .undone ? $0.undoes : nil })
        var perSDR: [String: Ratio] = [:]
        for fact in facts where fact.type == .booked && !undone.contains(fact.seq)
            && fact.at >= period.since && fact.at < period.until {
            guard let proposed = fact.proposedAE else { continue }
            let override = fact.ae != proposed
            overrides.count(override)
            perSDR[fact.actor ?? "?", default: .empty].count(override)
        }
        bySDR = perSDR.sorted { $0.key < $1.key }.map { BySDR(sdr: $0.key, overrides: $0.value) }
    }

    /// "Routing: overrides 25 % (1/4) of the bookings the rotation proposed · maya 1/3, theo 0/1";
    /// nil when no booking in the period carried a proposal.
    public var text: String? {
        guard !overrides.isEmpty else { return nil }
        let people = bySDR.map { "\(SafeText.sanitize($0.sdr)) \($0.overrides.countText)" }.joined(separator: ", ")
        return "Routing: overrides \(overrides.percentText) of the bookings the rotation proposed · by SDR: \(people)"
    }

    /// The same as a markdown section (empty when there is nothing to say).
    public var markdown: String {
        guard !overrides.isEmpty else { return "" }
        var lines = ["## Routing overrides", "",
                     "Booked with another AE than the rotation proposed: \(overrides.percentText)", "",
                     "| SDR | overrides |", "| --- | --- |"]
        lines += bySDR.map { "| \(StandupText.escaped(SafeText.sanitize($0.sdr))) | \($0.overrides.percentText) |" }
        return lines.joined(separator: "\n") + "\n"
    }
}
