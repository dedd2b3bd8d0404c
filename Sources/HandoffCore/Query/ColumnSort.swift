import Foundation

/// How a board column orders its cards. `board` is the board's own order (what needs
/// attention first, then the longest waiting); the others are picked per column with a key.
public enum ColumnSort: String, Sendable, CaseIterable {
    case board
    /// Longest in the column first.
    case age
    /// Least time left before the SLA ladder's breach first; cards with no clock last.
    case sla
    /// Soonest meeting first; cards with no meeting last.
    case meeting
    /// Company A to Z.
    case company

    /// For the column header and the status line.
    public var label: String {
        switch self {
        case .board: "board order"
        case .age: "age"
        case .sla: "SLA left"
        case .meeting: "meeting"
        case .company: "company"
        }
    }

    /// For a column header, where room is short.
    public var shortLabel: String {
        switch self {
        case .board: ""
        case .age: "age"
        case .sla: "SLA"
        case .meeting: "meeting"
        case .company: "A-Z"
        }
    }

    /// The next in the cycle a key steps through.
    public var next: ColumnSort {
        let all = Self.allCases
        let index = all.firstIndex(of: self) ?? 0
        return all[(index + 1) % all.count]
    }
}

extension Card {
    /// When the current step of the SLA ladder breaches (outcome, disposition, rework,
    /// revisit), whether or not its clock has started; `slaBreached` is true once `now`
    /// is past it.
    public func slaDeadline(thresholds: Thresholds = .standard) -> Date? {
        SLALadder(thresholds: thresholds).breachDate(self)
    }

    /// Whether this card comes before `other` under `sort` (ties: nil, the board order decides).
    public func precedes(_ other: Card, by sort: ColumnSort, thresholds: Thresholds = .standard) -> Bool? {
        func compare<T: Comparable>(_ a: T?, _ b: T?) -> Bool? {
            switch (a, b) {
            case let (a?, b?): a == b ? nil : a < b
            case (.some, nil): true
            case (nil, .some): false
            case (nil, nil): nil
            }
        }
        switch sort {
        case .board: return nil
        case .age: return compare(columnSince, other.columnSince)
        case .sla: return compare(slaDeadline(thresholds: thresholds), other.slaDeadline(thresholds: thresholds))
        case .meeting: return compare(meetingAt, other.meetingAt)
        case .company:
            let order = company.localizedCaseInsensitiveCompare(other.company)
            return order == .orderedSame ? nil : order == .orderedAscending
        }
    }
}
