import Foundation

extension FilterQuery {
    /// Whether a card matches. `is:` uses the card's own predicates (the same as its markers
    /// on the board and the standup's thresholds); `age:` its days in column. `source` and
    /// `reasons` are the lead's, when known (a board card does not carry them: see
    /// `needsLead`). `text` answers whether the card's search text contains a lowercased
    /// phrase; by default the company, contact, SDR, AE and id, lowercased.
    public func matches(_ card: Card, source: String? = nil, reasons: [String] = [], now: Date,
                        thresholds: Thresholds = .standard, text: ((String) -> Bool)? = nil) -> Bool {
        guard !alternatives.isEmpty else { return true }
        return alternatives.contains { terms in
            terms.allSatisfy { term in
                switch term {
                case .text(let phrase):
                    if let text { return text(phrase) }
                    return [card.company, card.contact, card.owner, card.ae ?? "", card.id.description]
                        .contains { $0.lowercased().contains(phrase) }
                case .owner(let name): return Self.isFolded(card.owner, name)
                case .ae(let name): return card.ae.map { Self.isFolded($0, name) } ?? false
                case .source(let wanted): return source?.lowercased().contains(wanted) ?? false
                case .reason(let code): return reasons.contains(code)
                case .state(let state): return Self.holds(state, card, now: now, thresholds: thresholds)
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

    /// `is:` as the board's markers say it.
    static func holds(_ state: State, _ card: Card, now: Date, thresholds: Thresholds) -> Bool {
        let marker: Marker = switch state {
        case .breach: .slaBreach
        case .warning: .slaWarning
        case .aging: .aging
        case .rebook: .rebook
        case .dispute: .dispute
        case .due: .revisitDue
        }
        return card.markers(now: now, thresholds: thresholds).contains(marker)
    }
}
