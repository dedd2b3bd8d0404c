import Foundation

/// The current-state figures, from one pass over the cards as they stand at `now`.
extension StandupTally {
    /// Counts one card.
    mutating func survey(_ lead: ReportLead) {
        let sla = settings.slaSeconds
        guard lead.column != .archived else { return }
        noteBreach(lead)
        let days = Self.wholeDays(from: lead.columnSince, to: now)
        let onCard = lead.column == .handedOff || lead.column == .sao ? lead.ae ?? lead.owner : lead.owner
        let person = slot(owner: lead.owner, ae: lead.ae)
        let cardPerson = grouping == .ae && lead.column != .handedOff && lead.column != .sao ? nil : person
        var counts = agingCounts[Self.position(lead.column)]
        counts.cards += 1
        counts.days += days
        counts.oldest = max(counts.oldest, days)
        update(cardPerson) { $0.cards[lead.column] += 1 }
        if let limit = settings.agingDays[lead.column], days > limit {
            counts.over += 1
            update(cardPerson) { $0.overAgingLimit += 1 }
            agingCards.append(AgingCard(lead: lead.id, company: lead.company, column: lead.column, person: onCard,
                                        days: days, limitDays: limit, daysOver: days - limit))
        }
        agingCounts[Self.position(lead.column)] = counts

        switch lead.column {
        case .handedOff:
            // The SLA runs from the meeting's time whether or not its outcome was
            // logged: an unlogged meeting is undispositioned too (as the board marks it).
            if lead.outcome == nil, let time = lead.meetingAt, time < now {
                meetingsWithoutOutcome.append(OverdueMeeting(lead: lead.id, company: lead.company, sdr: lead.owner,
                                                             ae: lead.ae ?? "?", meetingAt: time,
                                                             hoursPast: Int(now.timeIntervalSince(time) / 3600)))
            }
            guard lead.outcome == nil || lead.outcome == .held, let start = lead.slaClockStart, start < now else { break }
            let waited = now.timeIntervalSince(start)
            if waited > sla {
                update(person) { $0.sla.openBreaches += 1 }
                slaBreaches.append(SLABreach(lead: lead.id, company: lead.company, ae: lead.ae ?? "?",
                                             sdr: lead.owner, since: start, meetingAt: lead.meetingAt ?? start,
                                             clockFromRuling: lead.meetingAt.map { start > $0 } ?? false, held: lead.outcome == .held,
                                             hoursWaiting: Int(waited / 3600), hoursOver: Int((waited - sla) / 3600)))
            } else if lead.outcome == .held {
                update(person) { $0.sla.awaiting += 1 }
            }
        case .nurture:
            if let revisit = lead.revisit, revisit <= now {
                update(person) { $0.nurtureDue += 1 }
                nurtureDue.append(NurtureDue(lead: lead.id, company: lead.company, sdr: lead.owner, revisit: revisit,
                                             daysOverdue: Self.wholeDays(from: revisit, to: now)))
            }
        case .returned:
            update(person) { $0.returnsToRework += 1 }
            let dispute: DisputeState? = lead.disputeOpenedAt == nil ? nil
                : lead.disputeResolution.map { $0 == .upheld ? .upheld : .overturned } ?? .open
            returnsToRework.append(ReturnToRework(lead: lead.id, company: lead.company, sdr: lead.owner, ae: lead.ae,
                                                  reasons: lead.reasons.map(\.rawValue), days: days, dispute: dispute))
        default:
            break
        }
        if lead.disputeOpen, let opened = lead.disputeOpenedAt {
            update(person) { $0.disputes.open += 1 }
            openDisputes.append(OpenDispute(lead: lead.id, company: lead.company, sdr: lead.owner, ae: lead.ae,
                                            openedAt: opened, days: Self.wholeDays(from: opened, to: now)))
        }
    }

    /// Puts every list in the order the standup reads it.
    mutating func sortLists() {
        agingCards.sort { $0.daysOver != $1.daysOver ? $0.daysOver > $1.daysOver : $0.lead < $1.lead }
        slaBreaches.sort { $0.since != $1.since ? $0.since < $1.since : $0.lead < $1.lead }
        meetingsWithoutOutcome.sort { $0.meetingAt != $1.meetingAt ? $0.meetingAt < $1.meetingAt : $0.lead < $1.lead }
        nurtureDue.sort { $0.revisit != $1.revisit ? $0.revisit < $1.revisit : $0.lead < $1.lead }
        returnsToRework.sort { $0.days != $1.days ? $0.days > $1.days : $0.lead < $1.lead }
        openDisputes.sort { $0.openedAt != $1.openedAt ? $0.openedAt < $1.openedAt : $0.lead < $1.lead }
    }

    /// A board column's place in `agingCounts`.
    static func position(_ column: Column) -> Int {
        switch column {
        case .queue: 0
        case .handedOff: 1
        case .sao: 2
        case .nurture: 3
        case .returned: 4
        case .archived: 5
        }
    }

    /// Whole days from `start` to `end`, as the board counts days in a column.
    static func wholeDays(from start: Date, to end: Date) -> Int {
        max(0, Int(end.timeIntervalSince(start) / 86_400))
    }
}
