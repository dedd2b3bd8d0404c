import Foundation

/// Computes the standup. Pure: the log, the board, the team and a clock in; a `Standup`
/// out. One pass over the events (period figures), one over the cards (current state).
public enum StandupBuilder {
    /// The standup from whole events and projected leads: what tests and a board that
    /// already holds its leads call.
    public static func build(events: [Event], leads: [Lead], team: Team, period: Period,
                             settings: Thresholds = .standard, grouping: ReportGrouping = .sdr,
                             now: Date) -> Standup {
        let facts = events.compactMap(ReportEvent.init)
        var standup = build(facts: facts, leads: leads.map(ReportLead.init), team: team,
                            period: period, settings: settings, grouping: grouping, now: now)
        // What the stores add from their own reads: definition health from the log's
        // definition events, and the calibration tally from the calibrated leads' events.
        standup.definition = DefinitionHealthBuilder.build(facts: facts, history: events.compactMap(DefinitionMark.init),
                                                           now: now)
        let calibrated = Set(CalibrationTally.calibratedLeads(in: [facts]))
        if !calibrated.isEmpty {
            standup.attachCalibration(CalibrationTally(events: events.filter { $0.lead.map(calibrated.contains) ?? false },
                                                       definition: team.definition))
        }
        return standup
    }

    /// The standup from the lead events in `seq` order: all of them, not only the
    /// period's, since a meeting booked last month can be held this week and a later undo
    /// or ruling changes what a period event counts for. The cards now come from `leads`
    /// (the projection) when given, else from replaying `facts`, which is what the store
    /// does to avoid decoding every card.
    public static func build(facts: [ReportEvent], leads: [ReportLead]? = nil, team: Team, period: Period,
                             settings: Thresholds = .standard, grouping: ReportGrouping = .sdr,
                             now: Date) -> Standup {
        build(factParts: [facts], leads: leads, team: team, period: period, settings: settings, grouping: grouping,
              now: now)
    }

    /// The same, from the log in consecutive parts (a store that reads ranges of it at
    /// once need not copy them into one array).
    public static func build(factParts: [[ReportEvent]], leads: [ReportLead]? = nil, team: Team, period: Period,
                             settings: Thresholds = .standard, grouping: ReportGrouping = .sdr,
                             now: Date) -> Standup {
        var tally = StandupTally(team: team, leads: leads, period: period, settings: settings, grouping: grouping,
                                 now: now)
        let replayed = tally.fold(factParts)
        if let leads {
            leads.forEach { tally.survey($0) }
        } else {
            replayed.forEach { tally.survey($0) }
        }
        tally.sortLists()
        var standup = tally.standup()
        standup.cohorts = CohortBuilder.build(factParts: factParts, team: team, period: period, now: now)
        return standup
    }

    /// The cards as a replay of `facts` leaves them (archived ones included), by id: what
    /// the store's fast path uses in place of the projection. Tests hold it to
    /// `ReportLead(lead)` of the real projection.
    public static func cards(facts: [ReportEvent]) -> [ReportLead] {
        var tally = StandupTally(team: Team(), leads: nil, period: Period(since: .distantPast, until: .distantPast),
                                 settings: .standard, grouping: .team, now: .distantPast)
        return tally.fold([facts]).cards.sorted { $0.id < $1.id }
    }
}

/// The running totals behind a standup.
struct StandupTally {
    let team: Team
    let period: Period
    let settings: Thresholds
    let grouping: ReportGrouping
    let now: Date
    /// The projection's cards, when the caller has them.
    let leads: [ReportLead]?
    var leadCount: Int { leads?.count ?? 0 }
    /// Positions in `leads`, built only if the log lacks a lead's `created` event.
    var projectedIndex: [LeadID: Int]?

    var teamFigures = Figures()
    var people = PeopleTable()
    var shows = ShowTally()
    var trend: Trend

    /// Returns in the period, held back until the whole log is read: a later overturn
    /// takes a return out of the figures.
    var returns: [PendingReturn] = []
    /// Hours from a held meeting to its disposition, for the medians.
    var teamSLAHours: [SLASpan] = []

    var agingCounts = Array(repeating: (cards: 0, days: 0, oldest: 0, over: 0), count: 6)
    var agingCards: [AgingCard] = []
    var slaBreaches: [SLABreach] = []
    var meetingsWithoutOutcome: [OverdueMeeting] = []
    var nurtureDue: [NurtureDue] = []
    var returnsToRework: [ReturnToRework] = []
    var openDisputes: [OpenDispute] = []
    /// The team lead's attention list: breaches on the SLA ladder.
    var attention: [SLAAttention] = []
    let ladder: SLALadder
    /// Every ladder step's two clocks, and the owners' away days (StepClocks.swift).
    var clocks: StepClockTally

    struct PendingReturn {
        var at: Date
        var person: Int?
        var facts: ReturnFacts?
        /// Hours from the held meeting (or the ruling that restarted the clock) to the
        /// return; nil for a return before the meeting. Counted only if the return stands.
        var sla: SLASpan?
        var overturned = false
    }

    init(team: Team, leads: [ReportLead]?, period: Period, settings: Thresholds, grouping: ReportGrouping, now: Date) {
        self.team = team
        self.leads = leads
        self.period = period
        self.settings = settings
        self.grouping = grouping
        self.now = now
        trend = Trend(period: period)
        ladder = SLALadder(thresholds: settings, leads: SLALadder.leads(of: team), around: now)
        clocks = StepClockTally(team: team, settings: settings)
        // The roster's SDRs (or AEs) get a row even on a quiet week.
        let role: Role? = grouping == .sdr ? .sdr : grouping == .ae ? .ae : nil
        for member in team.members where member.role == role {
            _ = people.slot(member.name)
        }
    }

    /// The people-table slot of whoever a card's figures go to under the grouping.
    mutating func slot(owner: String, ae: String?) -> Int? {
        switch grouping {
        case .sdr: people.slot(owner)
        case .ae: ae.map { people.slot($0) }
        case .team: nil
        }
    }

    /// Applies `change` to the team's figures and to the person's in `slot`, if any.
    mutating func update(_ slot: Int?, _ change: (inout Figures) -> Void) {
        change(&teamFigures)
        if let slot { change(&people.figures[slot]) }
    }

    mutating func recordSLA(_ span: SLASpan, person: Int?) {
        let within = span.wall * 3600 <= settings.slaSeconds
        update(person) { $0.sla.withinSLA.count(within) }
        teamSLAHours.append(span)
        clocks.record(.disposition, span)
        if let person { people.slaHours[person].append(span) }
    }

    // MARK: - Assembly

    mutating func standup() -> Standup {
        let codes = settleReturns()
        finish(&teamFigures, codes: codes.team, hours: teamSLAHours)
        var rows: [PersonFigures] = []
        if grouping != .team {
            for (slot, name) in people.names.enumerated() {
                var figures = people.figures[slot]
                finish(&figures, codes: codes.people[slot], hours: people.slaHours[slot])
                rows.append(PersonFigures(name: name, role: team.member(name)?.role, figures: figures))
            }
            rows.sort { $0.name < $1.name }
        }
        var standup = Standup(generatedAt: now, period: period, grouping: grouping, settings: settings, team: teamFigures,
                       people: rows, columns: columnAging(), agingCards: agingCards,
                       slaBreaches: slaBreaches, meetingsWithoutOutcome: meetingsWithoutOutcome,
                       nurtureDue: nurtureDue, returnsToRework: returnsToRework, openDisputes: openDisputes,
                       trend: trend, shows: shows.rates(team: team), attention: SLAAttention.sorted(attention))
        standup.clocks = clocks.result()
        return standup
    }

    struct CodeCounts {
        var reasons: [String: Int] = [:]
        var criteria: [String: Int] = [:]

        mutating func add(_ pending: PendingReturn) {
            for reason in pending.facts?.reasons ?? [] { reasons[reason.rawValue, default: 0] += 1 }
            for key in pending.facts?.failedCriteria ?? [] { criteria[key, default: 0] += 1 }
        }
    }

    /// Counts the returns that still stand, now that every ruling is known.
    private mutating func settleReturns() -> (team: CodeCounts, people: [CodeCounts]) {
        var teamCodes = CodeCounts()
        var peopleCodes = Array(repeating: CodeCounts(), count: people.names.count)
        // An overturned return was annulled: it is no disposition, in no rate and not in
        // the SLA (the AE's clock restarted at the ruling).
        for pending in returns where !pending.overturned {
            if let span = pending.sla { recordSLA(span, person: pending.person) }
            update(pending.person) { figures in
                figures.dispositions.record(.returned)
                if pending.facts?.beforeMeeting == true { figures.dispositions.returnedBeforeMeeting += 1 }
            }
            if let bucket = trend.bucket(pending.at) { trend.returned[bucket] += 1 }
            teamCodes.add(pending)
            if let person = pending.person { peopleCodes[person].add(pending) }
        }
        return (teamCodes, peopleCodes)
    }

    private func finish(_ figures: inout Figures, codes: CodeCounts, hours: [SLASpan]) {
        let returned = figures.dispositions.returned
        figures.dispositions.returnsByReason = Self.ranked(codes.reasons, of: returned) { RejectionReason(rawValue: $0).label }
        figures.dispositions.returnsByCriterion = Self.ranked(codes.criteria, of: returned) { [team] key in
            team.definition.criterion(key)?.label ?? key
        }
        figures.sla.medianHours = Self.median(hours.map(\.wall))
        // The two clocks: the AE's own hours, and the hours the card waited outside them.
        figures.sla.ownerMedianHours = Self.median(hours.map(\.owner))
        figures.sla.outsideMedianHours = Self.median(hours.map { max(0, $0.wall - $0.owner) })
    }

    static func ranked(_ counts: [String: Int], of total: Int, label: (String) -> String) -> [CodeCount] {
        counts.map { CodeCount(code: $0.key, label: label($0.key), count: $0.value, share: Ratio($0.value, of: total)) }
            .sorted { $0.count != $1.count ? $0.count > $1.count : $0.code < $1.code }
    }

    static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        var sorted = values
        sorted.sort()
        let middle = sorted.count / 2
        let value = sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
        return (value * 10).rounded() / 10
    }

    private func columnAging() -> [ColumnAging] {
        Column.board.map { column in
            let counts = agingCounts[Self.position(column)]
            return ColumnAging(column: column, cards: counts.cards, limitDays: settings.agingDays[column],
                               overLimit: Ratio(counts.over, of: counts.cards),
                               averageDays: counts.cards == 0 ? nil : (Double(counts.days) / Double(counts.cards) * 10).rounded() / 10,
                               oldestDays: counts.oldest)
        }
    }
}

/// The people of the grouping, each given a slot number when first seen, so that the
/// loop over a million events indexes an array instead of hashing names.
struct PeopleTable {
    private(set) var names: [String] = []
    private var slots: [String: Int] = [:]
    var figures: [Figures] = []
    var slaHours: [[SLASpan]] = []

    mutating func slot(_ name: String) -> Int {
        if let slot = slots[name] { return slot }
        let slot = names.count
        slots[name] = slot
        names.append(name)
        figures.append(Figures())
        slaHours.append([])
        return slot
    }
}

/// One held meeting's time to its disposition on the two clocks: all of it, and the part
/// its AE could act in (business hours).
struct SLASpan: Equatable {
    var wall: Double
    var owner: Double
}
