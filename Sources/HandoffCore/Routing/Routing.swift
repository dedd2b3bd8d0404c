import Foundation

/// A booking event as the rotation reads it from the log: a `booked` or `reassigned`
/// event (with the meeting's AE after it) or an `undone` (with the event it reverses).
public struct RoutingFact: Sendable, Equatable {
    public var seq: Int64
    public var at: Date
    public var type: EventType
    public var ae: String?
    public var undoes: Int64?
    /// Read only for the report (`proposals: true`): who booked, and the AE the rotation proposed.
    public var actor: String?
    public var proposedAE: String?

    public init(seq: Int64, at: Date, type: EventType, ae: String? = nil, undoes: Int64? = nil,
                actor: String? = nil, proposedAE: String? = nil) {
        self.seq = seq
        self.at = at
        self.type = type
        self.ae = ae
        self.undoes = undoes
        self.actor = actor
        self.proposedAE = proposedAE
    }
}

/// Where one AE stands in this week's rotation.
public struct RoutingStanding: Sendable, Equatable {
    public var name: String
    /// Meetings booked with them this week (a meeting reassigned to them counts, at the reassign).
    public var booked: Int
    public var cap: Int?
    public var weight: Double
    /// The away period covering the meeting's day, if any.
    public var away: Away?
    /// Their latest booking this week, if any.
    public var lastBooked: Date?

    public var atCap: Bool { cap.map { booked >= $0 } ?? false }
    public var isAvailable: Bool { away == nil && !atCap }

    /// "3 this week of 8" (with "(weight 2)" when it is not 1).
    public var load: String {
        var text = "\(booked) this week" + (cap.map { " of \($0)" } ?? "")
        if weight != 1 { text += " (weight \(Routing.number(weight)))" }
        return text
    }

    /// Why they are skipped: "jordan away 2026-12-22 to 2027-01-02", "sam at cap (8 of 8)".
    public var unavailability: String? {
        if let away { return "\(name) away \(away.from) to \(away.to)" }
        if atCap, let cap { return "\(name) at cap (\(booked) of \(cap))" }
        return nil
    }
}

/// What a proposal was ranked from: the week's bookings per AE, the team and the settings.
/// Kept on the proposal so that the board can rank again for the day the SDR types without
/// reading the log again (`RoutingProposal.forMeeting(at:)`).
public struct RoutingBasis: Sendable, Equatable {
    /// One AE's bookings this week and the latest of them.
    public struct Count: Sendable, Equatable {
        public var count: Int
        public var latest: Date

        public init(count: Int, latest: Date) {
            self.count = count
            self.latest = latest
        }
    }

    public var team: Team
    public var tally: [String: Count]
    public var settings: RoutingSettings
    public var calendar: Calendar

    public init(team: Team, tally: [String: Count], settings: RoutingSettings, calendar: Calendar) {
        self.team = team
        self.tally = tally
        self.settings = settings
        self.calendar = calendar
    }
}

/// The rotation's answer for one booking: the AE (nil when nobody is available) and the
/// sentence the book form and `handoff book` show.
public struct RoutingProposal: Sendable, Equatable {
    public var ae: String?
    public var reason: String
    public var mode: RoutingSettings.Mode
    /// Every AE of the team, in the order the rotation ranks them (available first).
    public var standings: [RoutingStanding]
    /// The day (YYYY-MM-DD) the proposal was ranked for: who is away is read for it.
    public var day: String?
    /// What it was ranked from, for ranking again on another day.
    public var basis: RoutingBasis?

    public init(ae: String?, reason: String, mode: RoutingSettings.Mode, standings: [RoutingStanding],
                day: String? = nil, basis: RoutingBasis? = nil) {
        self.ae = ae
        self.reason = reason
        self.mode = mode
        self.standings = standings
        self.day = day
        self.basis = basis
    }

    /// What the booking command carries: the proposal, and whether it must be taken.
    public var route: BookingRoute { BookingRoute(proposed: ae, strict: mode == .strict, reason: reason) }

    /// The proposal for a meeting at `meetingAt`: the same week's bookings, ranked again for
    /// that day (an AE away on the meeting's day is not proposed, wherever the form opened).
    /// Nil when the proposal keeps no basis or the day is the one it was ranked for.
    public func forMeeting(at meetingAt: Date) -> RoutingProposal? {
        guard let basis else { return nil }
        let day = ISODay.text(of: meetingAt, calendar: basis.calendar)
        guard day != self.day else { return nil }
        return Routing.rank(basis, day: day)
    }
}

/// Round robin at booking (issue 16): the AE with the fewest bookings this week, divided
/// by their weight, among AEs not away on the meeting's day and not at their weekly cap;
/// a tie goes to whoever was booked least recently ("next in rotation"), then roster order.
/// The week starts Monday 00:00 in `calendar`'s time zone (the board's `TZ`).
public enum Routing {
    /// The week `now` falls in, Monday to Monday.
    public static func week(containing now: Date, calendar: Calendar) -> DateInterval {
        var monday = calendar
        monday.firstWeekday = 2
        monday.minimumDaysInFirstWeek = 4
        return monday.dateInterval(of: .weekOfYear, for: now) ?? DateInterval(start: now, duration: 7 * 86_400)
    }

    /// The bookings of `facts` still in effect: undone ones taken out.
    public static func bookings(_ facts: [RoutingFact], in week: DateInterval) -> [RoutingFact] {
        let undone = Set(facts.compactMap { $0.type == .undone ? $0.undoes : nil })
        return facts.filter {
            ($0.type == .booked || $0.type == .reassigned) && $0.ae != nil && !undone.contains($0.seq)
                && $0.at >= week.start && $0.at < week.end
        }
    }

    public static func propose(team: Team, facts: [RoutingFact], meetingAt: Date?, now: Date,
                               settings: RoutingSettings, calendar: Calendar) -> RoutingProposal {
        let basis = RoutingBasis(team: team, tally: tally(facts, in: week(containing: now, calendar: calendar)),
                                 settings: settings, calendar: calendar)
        return rank(basis, day: ISODay.text(of: meetingAt ?? now, calendar: calendar))
    }

    /// Bookings still in effect per AE in `week`, with the latest of each.
    static func tally(_ facts: [RoutingFact], in week: DateInterval) -> [String: RoutingBasis.Count] {
        // One pass, one dictionary lookup a booking: a whole week at 100,000 leads is
        // thousands of them, and the book form waits for this.
        let undone = Set(facts.lazy.compactMap { $0.type == .undone ? $0.undoes : nil })
        var tally: [String: RoutingBasis.Count] = [:]
        for fact in facts where (fact.type == .booked || fact.type == .reassigned) && fact.at >= week.start && fact.at < week.end {
            guard let ae = fact.ae, undone.isEmpty || !undone.contains(fact.seq) else { continue }
            if let index = tally.index(forKey: ae) {
                tally.values[index].count += 1
                if fact.at > tally.values[index].latest { tally.values[index].latest = fact.at }
            } else {
                tally[ae] = RoutingBasis.Count(count: 1, latest: fact.at)
            }
        }
        return tally
    }

    /// The AEs of `basis` ranked for a meeting on `day` (YYYY-MM-DD).
    public static func rank(_ basis: RoutingBasis, day: String) -> RoutingProposal {
        let (team, tally, settings) = (basis.team, basis.tally, basis.settings)
        let aes = team.members.filter { $0.role == .ae }
        var standings = aes.map { member in
            RoutingStanding(name: member.name, booked: tally[member.name]?.count ?? 0, cap: settings.cap(of: member.name),
                            weight: max(settings.weight(of: member.name), .leastNonzeroMagnitude),
                            away: team.awayPeriod(of: member.name, on: day), lastBooked: tally[member.name]?.latest)
        }
        let order = Dictionary(aes.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { first, _ in first })
        standings.sort { left, right in
            if left.isAvailable != right.isAvailable { return left.isAvailable }
            let (l, r) = (Double(left.booked) / left.weight, Double(right.booked) / right.weight)
            if l != r { return l < r }
            switch (left.lastBooked, right.lastBooked) {
            case (nil, .some): return true
            case (.some, nil): return false
            case (.some(let a), .some(let b)) where a != b: return a < b
            default: return (order[left.name] ?? 0) < (order[right.name] ?? 0)
            }
        }
        let skipped = standings.compactMap(\.unavailability)
        guard let chosen = standings.first, chosen.isAvailable else {
            let why = aes.isEmpty ? "the team has no AE" : skipped.joined(separator: "; ")
            return RoutingProposal(ae: nil, reason: "nobody available: \(why)", mode: settings.mode, standings: standings,
                                   day: day, basis: basis)
        }
        var reason = "\(chosen.name) — \(chosen.load), next in rotation"
        if !skipped.isEmpty { reason += " (\(skipped.joined(separator: "; ")))" }
        return RoutingProposal(ae: chosen.name, reason: reason, mode: settings.mode, standings: standings, day: day, basis: basis)
    }

    /// 2 for 2.0, 1.5 for 1.5.
    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e9 ? String(Int(value)) : String(value)
    }
}

/// What a booking carries about the rotation: the AE it proposed (recorded on the booked
/// event as `proposedAE`; a booking with another AE is an override) and whether the team
/// routes strictly (then another AE is refused). `reason` is for the refusal's sentence.
public struct BookingRoute: Sendable, Equatable {
    public var proposed: String?
    public var strict: Bool
    public var reason: String

    public init(proposed: String?, strict: Bool, reason: String = "") {
        self.proposed = proposed
        self.strict = strict
        self.reason = reason
    }
}
