import Foundation

/// Computes `Cohorts` from the lead log in `seq` order, the way the standup reads it:
/// one pass over the report's events (no payload is decoded), undone events left out,
/// every handoff (a `booked` event) followed until the lead is booked again, reworked,
/// reactivated or restored. Pure.
public enum CohortBuilder {
    public static func build(facts: [ReportEvent], team: Team, period: Period, now: Date,
                             timeZone: TimeZone = .current) -> Cohorts {
        build(factParts: [facts], team: team, period: period, now: now, timeZone: timeZone)
    }

    public static func build(factParts: [[ReportEvent]], team: Team, period: Period, now: Date,
                             timeZone: TimeZone = .current) -> Cohorts {
        var undone: [Int64] = []
        var highest = 0
        var count = 0
        for facts in factParts {
            count += facts.count
            for index in facts.indices {
                highest = max(highest, facts[index].lead.number)
                if facts[index].type == .undone, let seq = facts[index].undoes { undone.append(seq) }
            }
        }
        if !undone.isEmpty { undone = StandupTally.stillUndone(undone, factParts) }
        let skipped = Set(undone)
        var pass = CohortPass(period: period, calendar: CohortRules.isoCalendar(timeZone), highest: highest, events: count)
        for facts in factParts {
            // In place: a million copies of the events (their strings retained and released)
            // would cost more than the pass itself.
            facts.withUnsafeBufferPointer { facts in
                for index in facts.indices {
                    switch facts[index].type {
                    case .booked, .reassigned, .outcome, .accepted, .nurtured, .returned, .disputed, .archived, .resolved,
                         .reworked, .reactivated, .restored:
                        if skipped.isEmpty || !skipped.contains(facts[index].seq) { pass.apply(facts[index]) }
                    default:
                        break
                    }
                }
            }
        }
        return pass.cohorts(team: team, now: now, zone: timeZone)
    }
}

/// The running state of one pass.
struct CohortPass {
    struct Handoff {
        var lead: LeadID
        var bookedAt: Date
        /// Index in `weeks` when booked in the period.
        var week: Int?
        var ae: String?
        var meetingAt: Date?
        /// The meeting's final outcome (held, no-show, canceled) and when it was logged.
        var outcome: MeetingOutcome?
        var outcomeAt: Date?
        var dispositions: [Int] = []
        /// Something was logged on the meeting (an outcome or a disposition).
        var aeActed = false
        /// After an overturned return, the ruling restarts the clock to the disposition.
        var clockStart: Date?
    }

    struct Disposition {
        var kind: DispositionKind
        var at: Date
        var handoff: Int
        var ae: String?
        /// Hours from the held meeting (or the ruling) to it; nil unless the meeting was held.
        var heldHours: Double?
        /// When a ruling overturned it (returns only).
        var annulledAt: Date?
    }

    struct Week {
        var start: Date
        var end: Date
        var label: String
    }

    let period: Period
    let calendar: Calendar
    var handoffs: [Handoff] = []
    var dispositions: [Disposition] = []
    var weeks: [Week] = []
    /// Each lead's current handoff.
    var current: CohortLeadSlots<Int>
    /// A standing return's disposition, until a ruling or a new handoff.
    var pendingReturn: CohortLeadSlots<Int>
    /// Returns waiting for the SDR's first action, since when.
    var returnWaiting: CohortLeadSlots<Date>
    var toOutcome: [Double] = []
    var aeWaits: [Double] = []
    var sdrWaits: [Double] = []

    init(period: Period, calendar: Calendar, highest: Int, events: Int) {
        self.period = period
        self.calendar = calendar
        current = CohortLeadSlots(highest: highest, events: events)
        pendingReturn = CohortLeadSlots(highest: highest, events: events)
        returnWaiting = CohortLeadSlots(highest: highest, events: events)
    }

    mutating func apply(_ fact: borrowing ReportEvent) {
        let lead = fact.lead
        let inPeriod = period.contains(fact.at)
        switch fact.type {
        case .booked:
            let week = inPeriod ? weekIndex(fact.at) : nil
            current[lead] = handoffs.count
            handoffs.append(Handoff(lead: lead, bookedAt: fact.at, week: week, ae: fact.person, meetingAt: fact.meetingAt))
            pendingReturn[lead] = nil
            returnWaiting[lead] = nil
        case .reassigned:
            if let index = current[lead] { handoffs[index].ae = fact.person }
        case .outcome:
            guard let index = current[lead], let outcome = fact.outcome, handoffs[index].meetingAt != nil else { return }
            aeAct(index, at: fact.at, rescheduled: outcome == .rescheduled)
            if outcome == .rescheduled {
                if let time = fact.meetingAt { handoffs[index].meetingAt = time }
                return
            }
            handoffs[index].outcome = outcome
            handoffs[index].outcomeAt = fact.at
            if inPeriod { toOutcome.append(hours(from: handoffs[index].bookedAt, to: fact.at)) }
        case .accepted, .nurtured, .returned:
            guard let index = current[lead] else { return }
            aeAct(index, at: fact.at, rescheduled: false)
            let handoff = handoffs[index]
            var held: Double?
            if handoff.outcome == .held, let meeting = handoff.meetingAt {
                held = hours(from: max(meeting, handoff.clockStart ?? meeting), to: fact.at)
            }
            let kind: DispositionKind = fact.type == .accepted ? .accepted : fact.type == .nurtured ? .nurture : .returned
            handoffs[index].dispositions.append(dispositions.count)
            if kind == .returned {
                pendingReturn[lead] = dispositions.count
                returnWaiting[lead] = fact.at
            }
            dispositions.append(Disposition(kind: kind, at: fact.at, handoff: index, ae: handoff.ae, heldHours: held))
        case .disputed, .archived:
            sdrAct(lead, at: fact.at)
        case .resolved:
            guard fact.resolution == .overturned, let returned = pendingReturn[lead] else {
                pendingReturn[lead] = nil
                return
            }
            dispositions[returned].annulledAt = fact.at
            handoffs[dispositions[returned].handoff].clockStart = fact.at
            pendingReturn[lead] = nil
        case .reworked, .reactivated, .restored:
            sdrAct(lead, at: fact.at)
            current[lead] = nil
            pendingReturn[lead] = nil
        default:
            break
        }
    }

    /// The first thing logged on a meeting: a wait for the AE when the meeting's time had come.
    private mutating func aeAct(_ index: Int, at: Date, rescheduled: Bool) {
        guard !handoffs[index].aeActed, let meeting = handoffs[index].meetingAt else { return }
        if at >= meeting {
            if period.contains(at) { aeWaits.append(hours(from: meeting, to: at)) }
            handoffs[index].aeActed = true
        } else if !rescheduled {
            // Before the meeting (a triage return, a cancellation): no wait to measure.
            handoffs[index].aeActed = true
        }
    }

    private mutating func sdrAct(_ lead: LeadID, at: Date) {
        guard let since = returnWaiting.removeValue(forKey: lead) else { return }
        if period.contains(at) { sdrWaits.append(hours(from: since, to: at)) }
    }

    private func hours(from start: Date, to end: Date) -> Double {
        max(0, end.timeIntervalSince(start)) / 3600
    }

    /// The week `date` falls in; bookings come in time order, so the last week usually is it.
    private mutating func weekIndex(_ date: Date) -> Int? {
        if let last = weeks.indices.last, weeks[last].start <= date, date < weeks[last].end { return last }
        if let found = weeks.firstIndex(where: { $0.start <= date && date < $0.end }) { return found }
        guard let interval = calendar.dateInterval(of: .weekOfYear, for: date) else { return nil }
        let parts = calendar.dateComponents([.yearForWeekOfYear, .weekOfYear], from: date)
        let label = String(format: "%04d-W%02d", parts.yearForWeekOfYear ?? 0, parts.weekOfYear ?? 0)
        weeks.append(Week(start: interval.start, end: interval.end, label: label))
        return weeks.count - 1
    }

    // MARK: - Figures

    func cohorts(team: Team, now: Date, zone: TimeZone) -> Cohorts {
        var cohorts = Cohorts()
        cohorts.timeZone = zone.identifier
        var members: [[Int]] = Array(repeating: [], count: weeks.count)
        for (index, handoff) in handoffs.enumerated() { if let week = handoff.week { members[week].append(index) } }
        let order = weeks.indices.sorted { weeks[$0].start < weeks[$1].start }
        cohorts.weeks = order.map { week in
            let w = weeks[week]
            var snapshots = Cohorts.ages.map { age -> CohortSnapshot in
                let asOf = calendar.date(byAdding: .day, value: age, to: w.end) ?? w.end.addingTimeInterval(Double(age) * 86_400)
                guard asOf <= now else {
                    return CohortSnapshot(ageDays: age, asOf: asOf, reached: false, showRate: .empty, acceptance: .empty, saoRate: .empty)
                }
                return snapshot(members[week], asOf: asOf, age: age)
            }
            snapshots.append(snapshot(members[week], asOf: now, age: nil))
            return CohortWeek(week: w.label, start: w.start, end: w.end,
                              partial: w.start < period.since || period.until < w.end,
                              handoffs: members[week].count, snapshots: snapshots)
        }
        cohorts.handoffToOutcome = TimeDistribution(hours: toOutcome)
        let standing = dispositions.filter { $0.annulledAt == nil && period.contains($0.at) }
        cohorts.heldToDisposition = TimeDistribution(hours: standing.compactMap(\.heldHours))
        (cohorts.byAE, cohorts.teamAcceptance, cohorts.teamReturnRate) = Self.byAE(standing, team: team)
        cohorts.waits.ae = TimeDistribution(hours: aeWaits)
        cohorts.waits.sdr = TimeDistribution(hours: sdrWaits)
        var waiting = 0
        current.forEach { index in
            let handoff = handoffs[index]
            if !handoff.aeActed, let meeting = handoff.meetingAt, meeting <= now { waiting += 1 }
        }
        cohorts.waits.aeWaitingNow = waiting
        var returns = 0
        returnWaiting.forEach { _ in returns += 1 }
        cohorts.waits.sdrWaitingNow = returns
        return cohorts
    }

    /// A week's handoffs as they stood at `asOf`.
    private func snapshot(_ members: [Int], asOf: Date, age: Int?) -> CohortSnapshot {
        var show = Ratio.empty
        var acceptance = Ratio.empty
        var sao = Ratio.empty
        for index in members {
            let handoff = handoffs[index]
            if let outcome = handoff.outcome, let at = handoff.outcomeAt, at <= asOf { show.count(outcome == .held) }
            // The disposition standing then: the last made by then that no ruling had annulled by then.
            let standing = handoff.dispositions.last { number in
                let d = dispositions[number]
                return d.at <= asOf && !(d.annulledAt.map { $0 <= asOf } ?? false)
            }.map { dispositions[$0].kind }
            if let standing { acceptance.count(standing == .accepted) }
            sao.count(standing == .accepted)
        }
        return CohortSnapshot(ageDays: age, asOf: asOf, reached: true, showRate: show, acceptance: acceptance, saoRate: sao)
    }

    /// Acceptance and return rate per AE (the roster's AEs always), each against the
    /// other AEs together; and the team's.
    static func byAE(_ standing: [Disposition], team: Team) -> ([AECohortRow], Ratio, Ratio) {
        var counts: [String: (accepted: Int, returned: Int, total: Int)] = [:]
        for member in team.members where member.role == .ae { counts[member.name] = (0, 0, 0) }
        var teamAccepted = Ratio.empty
        var teamReturned = Ratio.empty
        for d in standing {
            teamAccepted.count(d.kind == .accepted)
            teamReturned.count(d.kind == .returned)
            guard let ae = d.ae else { continue }
            var c = counts[ae] ?? (0, 0, 0)
            c.total += 1
            if d.kind == .accepted { c.accepted += 1 }
            if d.kind == .returned { c.returned += 1 }
            counts[ae] = c
        }
        let acceptedAll = counts.values.reduce(0) { $0 + $1.accepted }
        let totalAll = counts.values.reduce(0) { $0 + $1.total }
        let rows = counts.map { name, c -> AECohortRow in
            let own = Ratio(c.accepted, of: c.total)
            let peers = Ratio(acceptedAll - c.accepted, of: totalAll - c.total)
            return AECohortRow(name: name, dispositions: c.total, acceptance: own, returnRate: Ratio(c.returned, of: c.total),
                               peersAcceptance: peers, belowPeers: CohortRules.belowPeers(own, peers: peers))
        }.sorted { $0.name < $1.name }
        return (rows, teamAccepted, teamReturned)
    }
}

/// A value per lead: an array indexed by lead number while numbers are dense (they are
/// handed out one by one), a dictionary otherwise, as `TrackTable` does.
struct CohortLeadSlots<Value> {
    private var dense: [Value?] = []
    private var sparse: [LeadID: Value] = [:]
    private let isDense: Bool

    init(highest: Int, events: Int) {
        isDense = highest >= 0 && highest <= max(4096, events * 2)
        if isDense { dense = Array(repeating: nil, count: highest + 1) }
    }

    subscript(id: LeadID) -> Value? {
        get { isDense && dense.indices.contains(id.number) ? dense[id.number] : sparse[id] }
        set {
            if isDense, dense.indices.contains(id.number) { dense[id.number] = newValue } else { sparse[id] = newValue }
        }
    }

    mutating func removeValue(forKey id: LeadID) -> Value? {
        let value = self[id]
        if value != nil { self[id] = nil }
        return value
    }

    func forEach(_ body: (Value) -> Void) {
        for value in dense { if let value { body(value) } }
        for value in sparse.values { body(value) }
    }
}
