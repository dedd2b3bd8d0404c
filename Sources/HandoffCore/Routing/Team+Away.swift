import Foundation

/// The away periods the `away` team events leave: recorded ones added, cleared ones taken
/// out. Derived from the log on every store (no table of their own).
extension Team {
    /// Folds one `away` event; false when it does not carry a well-formed period.
    mutating func applyAway(_ event: Event) -> Bool {
        guard let period = event.payload.away, ISODay.isDay(period.from), ISODay.isDay(period.to),
              period.from <= period.to else { return false }
        if period.cleared == true {
            away.removeAll { $0.member == period.member && $0.from <= period.to && $0.to >= period.from }
        } else if !away.contains(where: { $0.member == period.member && $0.from == period.from && $0.to == period.to }) {
            away.append(Away(member: period.member, from: period.from, to: period.to))
        }
        return true
    }

    /// The period `member` is away on `day` (YYYY-MM-DD), if any.
    public func awayPeriod(of member: String, on day: String) -> Away? {
        away.first { $0.member == member && $0.from <= day && day <= $0.to }
    }

    /// `member`'s periods that end on `today` or later, soonest first.
    public func awayPeriods(of member: String? = nil, notEndedBy today: String) -> [Away] {
        away.filter { (member == nil || $0.member == member) && $0.to >= today }
            .sorted { ($0.from, $0.member) < ($1.from, $1.member) }
    }
}
