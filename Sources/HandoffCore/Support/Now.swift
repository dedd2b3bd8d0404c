import Foundation
import Synchronization

/// The clock every rule and event reads, injected so tests and the demo control time.
/// Times are whole seconds so that events survive a round trip through text unchanged.
public struct Now: Sendable {
    private let read: @Sendable () -> Date

    public init(_ read: @escaping @Sendable () -> Date) {
        self.read = read
    }

    public func callAsFunction() -> Date {
        let date = read()
        return Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down))
    }

    public static let system = Now { Date() }

    public static func fixed(_ date: Date) -> Now { Now { date } }
}

/// A clock a test or the demo seeder can move by hand.
public final class ManualClock: Sendable {
    private let current: Mutex<Date>

    public init(_ start: Date) {
        current = Mutex(start)
    }

    public var date: Date { current.withLock { $0 } }

    public func set(_ date: Date) { current.withLock { $0 = date } }

    public func advance(by seconds: TimeInterval) { current.withLock { $0 += seconds } }

    public var now: Now { Now { [self] in self.date } }
}
