import Foundation
import GRDB

/// How a connection waits for another process's lock: it tries again after 1, 2, 3, 4 ms,
/// then every 5 ms, until it has slept `timeout` in all.
///
/// Not SQLite's own busy timeout: that one backs off (1, 2, 5, 10 … 50 ms) to a try every
/// 100 ms, so a writer that has waited a while loses nearly every race for the lock to
/// writers that arrived after it and try again within a few milliseconds. With a few dozen
/// writers at once, one could sleep out the whole timeout and report the store busy while
/// the store committed a hundred times a second (the load test's driver saw it at 48
/// writers on two cores; at 16 the longest wait went from 1.7–3.5 s to about 1 s). Trying
/// as often as a newcomer after the first few milliseconds gives every waiter about the
/// same chance at each release of the lock.
///
/// Like SQLite's, the timeout counts the time asked to sleep, not the time on the clock.
enum BusyWait {
    static let longestSleep = 5

    static func mode(timeout: TimeInterval) -> Database.BusyMode {
        let limit = Int((max(0, timeout) * 1000).rounded(.up))
        return .callback { tries in
            let slept = tries < longestSleep ? tries * (tries + 1) / 2
                : longestSleep * (longestSleep - 1) / 2 + (tries - longestSleep + 1) * longestSleep
            guard slept < limit else { return false }
            usleep(UInt32(1_000 * min(tries + 1, longestSleep)))
            return true
        }
    }
}
