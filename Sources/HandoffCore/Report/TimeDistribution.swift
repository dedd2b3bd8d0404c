import Foundation

/// How long something took, over many cases: the count, the median and the 90th
/// percentile, in hours. Percentiles are nearest-rank: the p-th percentile of n values
/// is the value at rank ⌈p/100 × n⌉ of them sorted (1-based), so it is always one of the
/// values measured (for an even count the median is the lower of the two middle values).
/// No values: no median, no p90 ("—").
public struct TimeDistribution: Codable, Sendable, Equatable {
    public var count: Int
    /// Hours, to a tenth; nil when there is nothing to measure.
    public var medianHours: Double?
    public var p90Hours: Double?

    public init(count: Int = 0, medianHours: Double? = nil, p90Hours: Double? = nil) {
        self.count = count
        self.medianHours = medianHours
        self.p90Hours = p90Hours
    }

    /// The distribution of `hours` (any order).
    public init(hours: [Double]) {
        var sorted = hours
        sorted.sort()
        self.init(count: sorted.count,
                  medianHours: Self.nearestRank(50, ofSorted: sorted).map(Self.tenth),
                  p90Hours: Self.nearestRank(90, ofSorted: sorted).map(Self.tenth))
    }

    /// The nearest-rank `percent`-th percentile of `sorted` (ascending); nil when empty.
    public static func nearestRank(_ percent: Double, ofSorted sorted: [Double]) -> Double? {
        guard !sorted.isEmpty else { return nil }
        let rank = Int((percent / 100 * Double(sorted.count)).rounded(.up))
        return sorted[min(max(rank, 1), sorted.count) - 1]
    }

    static func tenth(_ hours: Double) -> Double { (hours * 10).rounded() / 10 }

    /// "median 23.5 h · p90 70 h (n = 11)", or "— (n = 0)".
    public var text: String {
        guard let medianHours, let p90Hours else { return "— (n = 0)" }
        return "median \(Thresholds.hoursText(medianHours)) h · p90 \(Thresholds.hoursText(p90Hours)) h (n = \(count))"
    }

    /// "23.5 h" for a table cell; "—" when empty.
    static func cell(_ hours: Double?) -> String {
        hours.map { "\(Thresholds.hoursText($0)) h" } ?? "—"
    }
}
