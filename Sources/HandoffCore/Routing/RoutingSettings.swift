import Foundation

/// How the rotation proposes an AE for a booking (`[routing]` in config.toml). A team
/// without the table gets `flexible`, every AE weighing 1, and no cap: the AE with the
/// fewest bookings this week is proposed, and the SDR may pick another.
public struct RoutingSettings: Sendable, Equatable {
    public enum Mode: String, Sendable, CaseIterable {
        /// The proposal is taken: booking another AE is refused.
        case strict
        /// The SDR may pick another AE; the booking records what was proposed (an override).
        case flexible
    }

    public var mode: Mode
    /// Bookings an AE takes in a week, for AEs without a cap of their own; nil: no cap.
    public var weeklyCap: Int?
    /// Per-AE caps, overriding `weeklyCap`.
    public var caps: [String: Int]
    /// Per-AE weights (default 1): an AE weighing 2 is proposed twice as often.
    public var weights: [String: Double]

    /// The most bookings a week a cap may name.
    public static let maxCap = 10_000
    /// The heaviest weight.
    public static let maxWeight = 100.0

    public init(mode: Mode = .flexible, weeklyCap: Int? = nil, caps: [String: Int] = [:], weights: [String: Double] = [:]) {
        self.mode = mode
        self.weeklyCap = weeklyCap
        self.caps = caps
        self.weights = weights
    }

    public func weight(of ae: String) -> Double { weights[ae] ?? 1 }
    /// `caps.NAME = 0` leaves that AE without a cap even under `weekly_cap` (kept as `Int.max`).
    public func cap(of ae: String) -> Int? {
        guard let own = caps[ae] else { return weeklyCap }
        return own == Int.max ? nil : own
    }
}
