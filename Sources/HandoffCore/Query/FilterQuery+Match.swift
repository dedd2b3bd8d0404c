import Foundation

extension FilterQuery {
    /// Whether a card matches. `is:` uses the card's own predicates (the same as its markers
    /// on the board and the standup's thresholds); `age:` its days in column. `source` and
    /// `reasons` are the lead's, when known (a board card does not carry them: see
    /// `needsLead`). `text` answers whether the card's search text contains a lowercased
    /// phrase; by default the company, contact, SDR, AE and id, lowercased. `sla`, when not
    /// nil, is the card's SLA state at `now` (itself nil when no clock runs), given by a
    /// caller that has it already (a board works out every card's clock once per pass:
    /// `SLALadder.states`); when nil it is worked out here.
    public func matches(_ card: Card, source: String? = nil, reasons: [String] = [], now: Date,
                        thresholds: Thresholds = .standard, sla: SLAState?? = nil) -> Bool {
        matches(card, source: source, reasons: reasons, now: now, thresholds: thresholds, sla: sla) { phrase in
            [card.company, card.contact, card.owner, card.ae ?? "", card.id.description]
                .contains { $0.lowercased().contains(phrase) }
        }
    }

    /// The same, with `text` not escaping: a board matching 100,000 cards at a keystroke
    /// allocates nothing per card for it.
    public func matches(_ card: Card, source: String? = nil, reasons: [String] = [], now: Date,
                        thresholds: Thresholds = .standard, sla: SLAState?? = nil,
                        text: (String) -> Bool) -> Bool {
        guard !alternatives.isEmpty else { return true }
        return alternatives.contains { terms in
            terms.allSatisfy { term in
                switch term {
                case .text(let phrase): return text(phrase)
                case .owner(let name): return Self.isFolded(card.owner, name)
                case .ae(let name): return card.ae.map { Self.isFolded($0, name) } ?? false
                case .source(let wanted): return Self.sourceMatches(source, wanted)
                case .reason(let code): return reasons.contains(code)
                case .state(let state): return Self.holds(state, card, now: now, thresholds: thresholds, sla: sla)
                case .age(let comparison, let days):
                    let age = card.daysInColumn(now: now)
                    switch comparison {
                    case .less: return age < days
                    case .lessOrEqual: return age <= days
                    case .equal: return age == days
                    case .greaterOrEqual: return age >= days
                    case .greater: return age > days
                    }
                }
            }
        }
    }

    /// `source:` on a lead's source (nil: unknown, no match): the one place it is decided,
    /// for this matcher and the board's (`BoardModel+Filter`).
    public static func sourceMatches(_ source: String?, _ wanted: String) -> Bool {
        source?.lowercased().contains(wanted) ?? false
    }

    /// A lead, with its source and return reasons.
    public func matches(_ lead: Lead, now: Date, thresholds: Thresholds = .standard) -> Bool {
        let extras = LeadExtras(lead)
        return matches(lead.card, source: extras.source, reasons: extras.reasons, now: now, thresholds: thresholds)
    }

    /// What `reason:` and `source:` ask of a lead that its board card does not carry: taken
    /// from the lead here, and only here, so `lead list --where` and the board's `/` agree.
    public struct LeadExtras: Sendable, Equatable {
        public var source: String?
        /// The return's reason codes, as written in the log.
        public var reasons: [String]

        public init(source: String?, reasons: [String]) {
            self.source = source
            self.reasons = reasons
        }

        public init(_ lead: Lead) {
            source = lead.fields.source
            reasons = lead.disposition?.reasons.map(\.rawValue) ?? []
        }
    }

    /// Whether `text` lowercased is `lowered` (already lowercase), without making the
    /// lowercased copy when both are ASCII: the board asks this of every card, 100,000 of
    /// them at each keystroke of an `owner:` query.
    static func isFolded(_ text: String, _ lowered: String) -> Bool {
        let bytes = text.utf8
        let wanted = lowered.utf8
        guard bytes.allSatisfy({ $0 < 0x80 }), wanted.allSatisfy({ $0 < 0x80 }) else { return text.lowercased() == lowered }
        guard bytes.count == wanted.count else { return false }
        return zip(bytes, wanted).allSatisfy { byte, other in (byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte) == other }
    }

    /// `is:` as the board's markers say it (`Card.markers`), each asked on its own: no list
    /// of markers made, and no clock worked out for a term that is not about the clock.
    static func holds(_ state: State, _ card: Card, now: Date, thresholds: Thresholds,
                      sla: SLAState?? = nil) -> Bool {
        func clock() -> SLAState? { sla ?? card.slaState(now: now, thresholds: thresholds) }
        switch state {
        case .breach: return clock() == .breach
        case .warning: return clock() == .warning
        case .aging: return card.isAging(now: now, thresholds: thresholds)
        case .rebook: return card.rebook && card.column == .queue
        case .dispute: return card.disputeOpen
        case .due: return card.revisitDue(now: now)
        }
    }

    /// Whether a term asks for the SLA clock (`is:breach`, `is:warning`).
    public var asksSLA: Bool {
        alternatives.contains { $0.contains { $0 == .state(.breach) || $0 == .state(.warning) } }
    }
}
