import Foundation
import HandoffCore

/// What a field query asks of a card, kept per sorted column as plain arrays beside its
/// search text: a keystroke's pass over 100,000 cards reads a few numbers per card, and
/// never copies a `Card` (whose Foundation dates make each copy and release cost as much
/// as the match itself did).
extension BoardModel {
    struct CardFacts: Sendable {
        /// The SDR's and the AE's names lowercased (as `owner:` and `ae:` compare them),
        /// each a number in `folded`; -1: no AE.
        var owner: [Int32] = []
        var ae: [Int32] = []
        var folded: [String: Int32] = [:]
        /// The same names as written (as "only mine" compares them), numbered in `names`.
        var ownerName: [Int32] = []
        var aeName: [Int32] = []
        var names: [String: Int32] = [:]
        /// The time the card came into the column, in seconds since the reference date:
        /// what `Card.daysInColumn` subtracts from `now`.
        var since: [Double] = []
        /// The nurture revisit in the same count; NaN when there is none (no time is past it).
        var revisit: [Double] = []
        /// `rebook` and `disputeOpen`.
        var flags: [UInt8] = []
        var ids: [LeadID] = []
        /// Each card's clock inputs, end to end: a pass of the ladder over them reads
        /// 24 bytes a card instead of walking the column's entries.
        var clocks: [SLAClockInput] = []

        static let rebook: UInt8 = 1
        static let dispute: UInt8 = 2

        init() {}

        init(capacity: Int) {
            owner.reserveCapacity(capacity)
            ae.reserveCapacity(capacity)
            ownerName.reserveCapacity(capacity)
            aeName.reserveCapacity(capacity)
            since.reserveCapacity(capacity)
            revisit.reserveCapacity(capacity)
            flags.reserveCapacity(capacity)
            ids.reserveCapacity(capacity)
            clocks.reserveCapacity(capacity)
        }

        mutating func append(_ card: Card, clock: SLAClockInput, ownerFolded: String, aeFolded: String?) {
            owner.append(Self.number(ownerFolded, in: &folded))
            ae.append(aeFolded.map { Self.number($0, in: &folded) } ?? -1)
            ownerName.append(Self.number(card.owner, in: &names))
            aeName.append(card.ae.map { Self.number($0, in: &names) } ?? -1)
            since.append(card.columnSince.timeIntervalSinceReferenceDate)
            revisit.append(card.revisit?.timeIntervalSinceReferenceDate ?? .nan)
            flags.append((card.rebook ? Self.rebook : 0) | (card.disputeOpen ? Self.dispute : 0))
            ids.append(card.id)
            clocks.append(clock)
        }

        static func number(_ name: String, in table: inout [String: Int32]) -> Int32 {
            if let known = table[name] { return known }
            let next = Int32(table.count)
            table[name] = next
            return next
        }
    }

    /// One term of a query as the facts of one column answer it.
    enum FactTest {
        /// No card of the column can meet it (a name no card has, `is:rebook` outside Queue…).
        case never
        case owner(Int32)
        case ae(Int32)
        /// `is:rebook`, `is:dispute`: a flag.
        case flag(UInt8)
        /// `is:breach`, `is:warning`: the column's clock states at `now`.
        case clock(SLAState)
        /// `age:` and `is:aging`: days in column within these bounds.
        case days(ClosedRange<Int>)
        /// `is:due` in Nurture.
        case due
        /// The phrase's search bytes (empty: every card).
        case text([UInt8])
        case source(String)
        case reason(String)

        /// Cheap and narrow first; the order cannot change the result (every test is a pure
        /// predicate and all must hold).
        var cost: Int {
            switch self {
            case .never: 0
            case .owner, .ae, .flag: 1
            case .clock, .due: 2
            case .days: 3
            case .text: 4
            case .source, .reason: 5
            }
        }
    }

    /// `term` for the cards of `column`, each test equal to what `FilterQuery.matches` says
    /// of the card (see there): a card's column is the column it is sorted into.
    static func factTest(_ term: FilterQuery.Term, column: Column, facts: CardFacts, thresholds: Thresholds) -> FactTest {
        switch term {
        case .text(let phrase): return .text(Array(SafeText.sanitize(phrase).lowercased().utf8))
        case .owner(let name): return facts.folded[name].map(FactTest.owner) ?? .never
        case .ae(let name): return facts.folded[name].map(FactTest.ae) ?? .never
        case .source(let wanted): return .source(wanted)
        case .reason(let code): return .reason(code)
        case .age(let comparison, let days):
            return FilterQuery.ageRange(comparison, days).map(FactTest.days) ?? .never
        case .state(let state):
            switch state {
            case .breach: return .clock(.breach)
            case .warning: return .clock(.warning)
            case .aging:
                guard let days = thresholds.agingDays[column] else { return .never }
                return FilterQuery.ageRange(.greater, days).map(FactTest.days) ?? .never
            case .rebook: return column == .queue ? .flag(CardFacts.rebook) : .never
            case .dispute: return .flag(CardFacts.dispute)
            case .due: return column == .nurture ? .due : .never
            }
        }
    }
}
