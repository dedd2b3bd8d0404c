import Foundation

/// The period figures, from one pass over the log in `seq` order. Each lead's card is
/// replayed alongside, just far enough to know what an event counts for (whose lead it
/// is, which meeting is pending and whether it was held, which return a ruling
/// overturns) and, when the caller has no projection at hand, to give the cards as they
/// stand now: the same fold as `Projection.apply`, on the fields a report reads.
extension StandupTally {
    struct Track {
        var card: ReportLead
        /// Whose figures the card's events go to (a `PeopleTable` slot).
        var person: Int?
        /// The period return a ruling would overturn.
        var pendingReturn: Int?
        /// False for an empty slot of a `TrackTable`.
        var exists = true

        static let none = Track(card: ReportLead(id: LeadID(0), company: "", owner: "", column: .archived,
                                                 columnSince: .distantPast), exists: false)
    }

    /// Folds the log (in consecutive parts); returns the cards it leaves, archived ones
    /// included.
    mutating func fold(_ parts: [[ReportEvent]]) -> TrackTable {
        // Undo appends a compensating event; the undone event stays in the log. What is
        // left in effect is every event that is neither an undo nor undone (Undo.effective).
        var undone: [Int64] = []
        var highest = 0
        var count = 0
        for facts in parts {
            count += facts.count
            for index in facts.indices {
                highest = max(highest, facts[index].lead.number)
                if facts[index].type == .undone, let seq = facts[index].undoes { undone.append(seq) }
            }
        }
        // An undo of an undo (a withdrawn lead brought back) puts the first undo's target
        // back in effect.
        if !undone.isEmpty { undone = Self.stillUndone(undone, parts) }
        undone.sort()
        var nextUndone = 0
        var tracks = TrackTable(highest: highest, events: count)
        for part in parts {
            part.withUnsafeBufferPointer { facts in
                for index in facts.indices where facts[index].type != .undone {
                    // The log is in seq order, so the undone seqs are met in order too.
                    let seq = facts[index].seq
                    while nextUndone < undone.count, undone[nextUndone] < seq { nextUndone += 1 }
                    if nextUndone < undone.count, undone[nextUndone] == seq { continue }
                    let id = facts[index].lead
                    if !tracks.contains(id) {
                        let card = placeholder(facts[index])
                        let person = facts[index].type == .created ? nil : slot(owner: card.owner, ae: card.ae)
                        tracks.insert(Track(card: card, person: person), for: id)
                    }
                    tracks.modify(id) { applyTimed(facts[index], to: &$0) }
                }
            }
        }
        return tracks
    }

    /// The undone seqs, less the targets of undos that were themselves undone.
    /// (Also the cohorts' pass, `CohortBuilder`.)
    static func stillUndone(_ undone: [Int64], _ parts: [[ReportEvent]]) -> [Int64] {
        var targets: [Int64: Int64] = [:]
        for facts in parts {
            for fact in facts where fact.type == .undone { if let seq = fact.undoes { targets[fact.seq] = seq } }
        }
        // Each undo of an undo cancels one undo of that target (a lead withdrawn again
        // after it was brought back stays withdrawn).
        var reversed: [Int64: Int] = [:]
        for seq in undone { if let target = targets[seq] { reversed[target, default: 0] += 1 } }
        guard !reversed.isEmpty else { return undone }
        var kept: [Int64] = []
        for seq in undone {
            if let count = reversed[seq], count > 0 {
                reversed[seq] = count - 1
            } else {
                kept.append(seq)
            }
        }
        return kept
    }

    /// A card for a lead whose `created` event the log lacks: the projection's, if given.
    private mutating func placeholder(_ fact: ReportEvent) -> ReportLead {
        if fact.type != .created, let known = projectedCard(fact.lead) { return known }
        return ReportLead(id: fact.lead, company: "", owner: "?", column: fact.to ?? .queue, columnSince: fact.at)
    }

    mutating func apply(_ fact: borrowing ReportEvent, to track: inout Track) {
        let inPeriod = period.contains(fact.at)
        switch fact.type {
        case .created:
            track.card = ReportLead(id: fact.lead, company: fact.company ?? "", owner: fact.person ?? "?",
                                    column: fact.to ?? .queue, columnSince: fact.at)
            track.person = slot(owner: track.card.owner, ae: nil)
            return
        case .edited:
            if let owner = fact.person {
                track.card.owner = owner
                track.person = slot(owner: owner, ae: track.card.ae)
            }
            if let company = fact.company { track.card.company = company }
        case .booked:
            track.card.ae = fact.person
            if grouping == .ae { track.person = slot(owner: track.card.owner, ae: fact.person) }
            track.card.meetingAt = fact.meetingAt
            track.card.outcome = nil
            track.card.clearDisposition()
            track.pendingReturn = nil
            if inPeriod {
                update(track.person) { $0.handoffs += 1 }
                if let bucket = trend.bucket(fact.at) { trend.handoffs[bucket] += 1 }
            }
        case .outcome:
            guard let outcome = fact.outcome, track.card.meetingAt != nil else { break }
            if outcome == .rescheduled {
                if inPeriod { update(track.person) { $0.meetings.record(.rescheduled) } }
                if let time = fact.meetingAt { track.card.meetingAt = time }
                track.card.outcome = nil
                break
            }
            track.card.outcome = outcome
            // A meeting counts in the period its (final) time falls in.
            guard let time = track.card.meetingAt, period.contains(time) else { break }
            update(track.person) { $0.meetings.record(outcome) }
            shows.record(outcome, reason: fact.outcomeReason, sdr: track.card.owner, ae: track.card.ae)
            if let bucket = trend.bucket(time) {
                if outcome == .held { trend.held[bucket] += 1 } else { trend.missed[bucket] += 1 }
            }
        case .accepted, .nurtured:
            if inPeriod { countDisposition(fact, of: track.card, person: track.person) }
            track.card.reasons = []
            track.card.revisit = fact.type == .nurtured ? fact.revisit : nil
        case .returned:
            track.pendingReturn = nil
            if inPeriod {
                // The SLA waits with the rest of the return's figures: a later overturn annuls it.
                let span = track.card.outcome == .held ? slaSpan(track.card, at: fact.at) : nil
                track.pendingReturn = returns.count
                returns.append(PendingReturn(at: fact.at, person: track.person, facts: fact.returned, sla: span))
            }
            track.card.reasons = fact.returned?.reasons ?? []
            track.card.revisit = nil
            track.card.clearDispute()
        case .disputed:
            if inPeriod { update(track.person) { $0.disputes.opened += 1 } }
            track.card.disputeOpenedAt = fact.at
            track.card.disputeResolution = nil
            track.card.disputeResolvedAt = nil
        case .resolved:
            guard let resolution = fact.resolution, track.card.disputeOpenedAt != nil else { break }
            if resolution == .overturned {
                if let index = track.pendingReturn { returns[index].overturned = true }
                track.card.reasons = []
                track.card.revisit = nil
            }
            track.pendingReturn = nil
            track.card.disputeResolution = resolution
            track.card.disputeResolvedAt = fact.at
            if inPeriod { update(track.person) { $0.disputes.record(resolution) } }
        case .reworked, .reactivated, .restored:
            track.card.ae = nil
            if grouping == .ae { track.person = nil }
            track.card.meetingAt = nil
            track.card.outcome = nil
            track.card.clearDisposition()
            track.pendingReturn = nil
        case .reassigned:
            // Cover: the meeting and what follows it are the new AE's from here on; the
            // handoff itself stays counted where it was booked.
            track.card.ae = fact.person
            if grouping == .ae { track.person = slot(owner: track.card.owner, ae: fact.person) }
        case .scored, .archived, .undone, .member, .definition, .away, .calibrating, .calibrated:
            break
        }
        if let to = fact.to, to != track.card.column {
            track.card.column = to
            track.card.columnSince = fact.at
        }
    }

    /// An acceptance or a nurture in the period: the disposition, the SDR's credit if the
    /// meeting was held (SPEC §1), and the AE's time to it.
    private mutating func countDisposition(_ fact: borrowing ReportEvent, of card: ReportLead, person: Int?) {
        let sao = fact.type == .accepted
        let held = card.outcome == .held
        update(person) { figures in
            figures.dispositions.record(sao ? .accepted : .nurture)
            if held { figures.credits.record(sao: sao) }
        }
        if let bucket = trend.bucket(fact.at) {
            if sao { trend.accepted[bucket] += 1 } else { trend.nurtured[bucket] += 1 }
            if held {
                trend.sqls[bucket] += 1
                if sao { trend.saos[bucket] += 1 }
            }
        }
        if held { recordSLA(card, at: fact.at, person: person) }
    }

    private mutating func projectedCard(_ lead: LeadID) -> ReportLead? {
        guard let leads else { return nil }
        if projectedIndex == nil {
            projectedIndex = Dictionary(leads.enumerated().map { ($0.element.id, $0.offset) }, uniquingKeysWith: { first, _ in first })
        }
        return projectedIndex?[lead].map { leads[$0] }
    }

    private mutating func recordSLA(_ card: ReportLead, at: Date, person: Int?) {
        guard let span = slaSpan(card, at: at) else { return }
        recordSLA(span, person: person)
    }

    /// From the held meeting (or the ruling) to the disposition: the wall-clock hours, and
    /// those the AE could act in (the ladder's business hours, all of them without `[sla] hours`,
    /// less the AE's away days).
    private func slaSpan(_ card: ReportLead, at: Date) -> SLASpan? {
        card.slaClockStart.map { span(from: $0, to: at, owner: card.ae ?? card.owner) }
    }
}

extension ReportLead {
    mutating func clearDispute() {
        disputeOpenedAt = nil
        disputeResolution = nil
        disputeResolvedAt = nil
    }

    mutating func clearDisposition() {
        reasons = []
        revisit = nil
        clearDispute()
    }
}

/// Each lead's track, by lead. Lead numbers are handed out one by one, so an array
/// indexed by number does (no hashing a million times); a log with far-flung numbers
/// falls back on a dictionary.
struct TrackTable {
    typealias Track = StandupTally.Track
    private var dense: [Track] = []
    private var sparse: [LeadID: Track] = [:]
    private let isDense: Bool

    init(highest: Int, events: Int) {
        isDense = highest >= 0 && highest <= max(4096, events * 2)
        if isDense {
            dense = Array(repeating: .none, count: highest + 1)
        } else {
            sparse.reserveCapacity(events / 4)
        }
    }

    func contains(_ id: LeadID) -> Bool {
        if isDense, dense.indices.contains(id.number) { return dense[id.number].exists }
        return sparse[id] != nil
    }

    mutating func insert(_ track: Track, for id: LeadID) {
        if isDense, dense.indices.contains(id.number) {
            dense[id.number] = track
        } else {
            sparse[id] = track
        }
    }

    mutating func modify(_ id: LeadID, _ body: (inout Track) -> Void) {
        if isDense, dense.indices.contains(id.number) {
            body(&dense[id.number])
        } else if let index = sparse.index(forKey: id) {
            body(&sparse.values[index])
        }
    }

    var cards: [ReportLead] {
        var cards: [ReportLead] = []
        forEach { cards.append($0) }
        return cards
    }

    /// Every card, without copying the table.
    func forEach(_ body: (ReportLead) -> Void) {
        for index in dense.indices where dense[index].exists { body(dense[index].card) }
        for track in sparse.values { body(track.card) }
    }
}
