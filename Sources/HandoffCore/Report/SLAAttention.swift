import Foundation

/// A card past its SLA breach: a line of the team lead's attention list (`handoff report`,
/// the standup's `S` panel and the board's `!`), with who the ladder told and when.
/// Derived from the card and the clock, never logged.
public struct SLAAttention: Codable, Sendable, Equatable {
    public var lead: LeadID
    public var company: String
    public var column: Column
    public var step: SLAStep
    /// Who owes the step: the AE (outcome, disposition) or the SDR (rework, revisit).
    public var owner: String
    public var start: Date
    public var warnedAt: Date?
    public var warned: [String]
    public var breachedAt: Date?
    /// The owner and the team leads.
    public var told: [String]
    public var hoursPast: Double

    public init(_ clock: SLAClock, company: String, column: Column) {
        lead = clock.lead
        self.company = company
        self.column = column
        step = clock.step
        owner = clock.owner
        start = clock.start
        let warning = clock.notices.first { $0.state == .warning }
        let breach = clock.notices.first { $0.state == .breach }
        warnedAt = warning?.at
        warned = warning?.people ?? []
        breachedAt = breach?.at
        told = breach?.people ?? []
        hoursPast = clock.hoursPastBreach
    }

    /// "warned alex 2026-11-17 14:00 · breached 2026-11-18 09:00, told alex and lee".
    public func story(_ when: (Date) -> String) -> String {
        let warnedText = "warned \(Self.names(warned))" + (warnedAt.map { " " + when($0) } ?? "")
        let breachText = "breached" + (breachedAt.map { " " + when($0) } ?? "") + ", told \(Self.names(told))"
        return warnedText + " · " + breachText
    }

    public static func names(_ people: [String]) -> String {
        let clean = people.map { SafeText.sanitize($0) }
        guard clean.count > 1, let last = clean.last else { return clean.first ?? "nobody" }
        return clean.dropLast().joined(separator: ", ") + " and " + last
    }

    /// The list in reading order: the longest past its breach first.
    public static func sorted(_ items: [SLAAttention]) -> [SLAAttention] {
        items.sorted { $0.hoursPast != $1.hoursPast ? $0.hoursPast > $1.hoursPast : $0.lead < $1.lead }
    }

    /// The attention list of `cards` at `now`.
    public static func list(_ cards: some Sequence<Card>, ladder: SLALadder, now: Date) -> [SLAAttention] {
        var found: [SLAAttention] = []
        for card in cards {
            guard ladder.glance(card, now: now)?.state == .breach, let clock = ladder.clock(for: card, now: now) else { continue }
            found.append(SLAAttention(clock, company: card.company, column: card.column))
        }
        return sorted(found)
    }
}

extension ReportLead {
    /// The card the ladder reads: the report's row holds all it needs.
    public var slaCard: Card {
        Card(id: id, company: company, contact: "", owner: owner, ae: ae, column: column, columnSince: columnSince,
             version: 0, rebook: false, disputeOpen: disputeOpen, revisit: revisit, meetingAt: meetingAt,
             meetingOutcome: outcome)
    }
}

extension StandupTally {
    /// Puts a card past its ladder's breach on the attention list.
    mutating func noteBreach(_ lead: ReportLead) {
        guard lead.column == .handedOff || lead.column == .returned || lead.column == .nurture else { return }
        let card = lead.slaCard
        guard ladder.glance(card, now: now)?.state == .breach, let clock = ladder.clock(for: card, now: now) else { return }
        attention.append(SLAAttention(clock, company: lead.company, column: lead.column))
    }
}
