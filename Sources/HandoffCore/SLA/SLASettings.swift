import Foundation
import Synchronization

/// A step of the closed loop that has a clock: someone owes the card something by a time.
public enum SLAStep: String, Sendable, Codable, CaseIterable {
    /// Handed off, the meeting's time has passed, and no outcome is logged ("outcome overdue").
    case outcome
    /// The meeting was held and the AE has not dispositioned it.
    case disposition
    /// Returned to the SDR, not yet reworked (or archived) nor disputed.
    case rework
    /// In nurture, the revisit date has come and the SDR has not reactivated it.
    case revisit

    /// What the clock waits for, as the board and the report say it.
    public var title: String {
        switch self {
        case .outcome: "outcome overdue"
        case .disposition: "disposition"
        case .rework: "rework or dispute"
        case .revisit: "nurture revisit"
        }
    }

    /// The owner of the step: the AE for the meeting's steps, the SDR for the others.
    public var ownerRole: Role {
        switch self {
        case .outcome, .disposition: .ae
        case .rework, .revisit: .sdr
        }
    }
}

/// When a step's clock warns and when it breaches, in hours after the step starts
/// (business hours when the calendar is set). 0 ≤ warning < breach.
public struct SLALimit: Sendable, Equatable, Codable {
    public var warning: Double
    public var breach: Double

    public init(warning: Double, breach: Double) {
        self.warning = warning
        self.breach = breach
    }

    /// The warning a breach gets when none is set: three quarters of the way.
    public static func defaultWarning(breach: Double) -> Double { breach * 0.75 }
}

/// The `[sla]` settings: the business calendar (nil = wall-clock hours) and each step's
/// limits. A step left unset takes its default; the two meeting steps default to the
/// AE SLA of `[report] sla_hours` (48 h), which is what the board and the report have
/// always used, so a config without `[sla]` behaves as before.
public struct SLASettings: Sendable, Equatable {
    /// The working week the clocks count in; nil counts wall-clock hours.
    public var businessHours: BusinessHours? { didSet { memo = IndexMemo() } }
    public var outcome: SLALimit?
    public var disposition: SLALimit?
    public var rework: SLALimit?
    public var revisit: SLALimit?

    public init(businessHours: BusinessHours? = nil, outcome: SLALimit? = nil, disposition: SLALimit? = nil,
                rework: SLALimit? = nil, revisit: SLALimit? = nil) {
        self.businessHours = businessHours
        self.outcome = outcome
        self.disposition = disposition
        self.rework = rework
        self.revisit = revisit
    }

    public static let standard = SLASettings()

    /// The calendar laid out around `time`, built once per settings value and shared by
    /// its copies (a board refresh asks this for every card); nil without a calendar.
    public func index(around time: Date) -> BusinessHoursIndex? {
        businessHours.map { memo.index($0, around: time) }
    }

    private var memo = IndexMemo()

    public static func == (a: SLASettings, b: SLASettings) -> Bool {
        a.businessHours == b.businessHours && a.outcome == b.outcome && a.disposition == b.disposition
            && a.rework == b.rework && a.revisit == b.revisit
    }

    /// Hours the return and revisit steps allow by default.
    public static let defaultRework = SLALimit(warning: 36, breach: 48)
    public static let defaultRevisit = SLALimit(warning: 24, breach: 48)

    /// The step's limits, with `slaHours` (`[report] sla_hours`) for the meeting steps left unset.
    public func limit(_ step: SLAStep, slaHours: Double) -> SLALimit {
        let meeting = SLALimit(warning: SLALimit.defaultWarning(breach: slaHours), breach: slaHours)
        switch step {
        case .outcome: return outcome ?? meeting
        case .disposition: return disposition ?? meeting
        case .rework: return rework ?? Self.defaultRework
        case .revisit: return revisit ?? Self.defaultRevisit
        }
    }

    public subscript(step: SLAStep) -> SLALimit? {
        get {
            switch step {
            case .outcome: outcome
            case .disposition: disposition
            case .rework: rework
            case .revisit: revisit
            }
        }
        set {
            switch step {
            case .outcome: outcome = newValue
            case .disposition: disposition = newValue
            case .rework: rework = newValue
            case .revisit: revisit = newValue
            }
        }
    }
}

/// The index a settings value built, kept while the times asked about stay well inside it.
final class IndexMemo: Sendable {
    private let stored = Mutex<BusinessHoursIndex?>(nil)

    func index(_ hours: BusinessHours, around time: Date) -> BusinessHoursIndex {
        let seconds = time.timeIntervalSince1970
        let margin = 400 * 86_400.0
        return stored.withLock { index in
            if let index, seconds - margin >= index.first, seconds + margin < index.last { return index }
            let built = BusinessHoursIndex(hours, around: time)
            index = built
            return built
        }
    }
}
