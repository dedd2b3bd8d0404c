import Foundation

/// Nanoseconds on the monotonic clock.
public func monotonicNanoseconds() -> UInt64 {
    DispatchTime.now().uptimeNanoseconds
}

/// Milliseconds since `start` (a `monotonicNanoseconds()` reading).
public func milliseconds(since start: UInt64) -> Double {
    Double(monotonicNanoseconds() &- start) / 1e6
}

/// Times `body` in milliseconds.
public func timed<T>(_ body: () throws -> T) rethrows -> (value: T, ms: Double) {
    let start = monotonicNanoseconds()
    let value = try body()
    return (value, milliseconds(since: start))
}

/// A set of measurements and the figures a benchmark reports of them.
public struct Sample: Sendable, Codable {
    public var values: [Double]

    public init(_ values: [Double] = []) { self.values = values }

    public mutating func add(_ value: Double) { values.append(value) }

    public var count: Int { values.count }

    /// The value below which `fraction` of the sample lies (nearest rank).
    public func percentile(_ fraction: Double) -> Double {
        guard !values.isEmpty else { return .nan }
        let sorted = values.sorted()
        let rank = Int((fraction * Double(sorted.count)).rounded(.up)) - 1
        return sorted[Swift.min(Swift.max(rank, 0), sorted.count - 1)]
    }

    public var median: Double { percentile(0.5) }
    public var p95: Double { percentile(0.95) }
    public var max: Double { values.max() ?? .nan }
    public var min: Double { values.min() ?? .nan }
}

/// Peak resident memory of this process so far, in megabytes.
public func peakMegabytesOfSelf() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1024
}

/// CPU seconds (user + system) this process has used so far.
public func cpuSecondsOfSelf() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
        + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
}
