import Foundation

/// The business windows of a span of days, laid out once with running totals so that
/// "business seconds between a and b" and "a plus N business hours" are a binary search
/// each. This is what lets the board compute every card's clock for a frame at 100,000
/// cards: the calendar walks days; the index is built once per ladder and shared.
/// Outside its span it answers nil and the caller walks the calendar instead.
public struct BusinessHoursIndex: Sendable {
    private let starts: [Double]
    private let ends: [Double]
    /// Business seconds in the windows before window i.
    private let before: [Double]
    /// The absolute span covered: [first, last).
    public let first: Double
    public let last: Double

    /// Days either side of the centre an index covers by default (a little over two years).
    public static let defaultReach = 800

    public init(_ hours: BusinessHours, around centre: Date, reach: Int = BusinessHoursIndex.defaultReach) {
        let middle = hours.day(of: centre.timeIntervalSince1970)
        let firstDay = middle - reach, lastDay = middle + reach
        var starts: [Double] = [], ends: [Double] = [], before: [Double] = []
        starts.reserveCapacity(reach * 2)
        ends.reserveCapacity(reach * 2)
        before.reserveCapacity(reach * 2)
        var total = 0.0
        for day in firstDay...lastDay {
            guard let window = hours.window(day: day), window.end > window.start else { continue }
            starts.append(window.start)
            ends.append(window.end)
            before.append(total)
            total += window.end - window.start
        }
        self.starts = starts
        self.ends = ends
        self.before = before
        first = hours.absolute(day: firstDay, seconds: 0)
        last = hours.absolute(day: lastDay + 1, seconds: 0)
    }

    /// Business seconds from the start of the span to `time`; nil outside the span.
    public func offset(_ time: Double) -> Double? {
        guard time >= first, time < last else { return nil }
        return running(time)
    }

    func running(_ time: Double) -> Double {
        // The last window starting at or before `time`.
        var low = 0, high = starts.count
        while low < high {
            let mid = (low + high) >> 1
            if starts[mid] <= time { low = mid + 1 } else { high = mid }
        }
        guard low > 0 else { return 0 }
        let i = low - 1
        return before[i] + min(time, ends[i]) - starts[i]
    }

    /// Business hours from `a` to `b`; nil when either is outside the span.
    public func hours(from a: Double, to b: Double) -> Double? {
        guard b > a else { return 0 }
        guard let x = offset(a), let y = offset(b) else { return nil }
        return (y - x) / 3600
    }

    /// `time` plus `hours` of business time; nil when the answer is outside the span.
    public func adding(hours: Double, to time: Double) -> Double? {
        guard hours > 0 else { return time }
        guard let base = offset(time) else { return nil }
        let target = base + max(0, hours) * 3600
        // The first window whose end reaches the target.
        var low = 0, high = starts.count
        while low < high {
            let mid = (low + high) >> 1
            if before[mid] + (ends[mid] - starts[mid]) < target { low = mid + 1 } else { high = mid }
        }
        guard low < starts.count else { return nil }
        let answer = max(starts[low] + (target - before[low]), time)
        return answer < last ? answer : nil
    }
}
