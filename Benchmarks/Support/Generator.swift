import Foundation
import HandoffCore
import HandoffStore

/// A deterministic random source (SplitMix64): the same seed builds the same board.
public struct SplitMix: RandomNumberGenerator {
    public var state: UInt64

    public init(state: UInt64) { self.state = state }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    public mutating func chance(_ probability: Double) -> Bool { Double.random(in: 0..<1, using: &self) < probability }

    public mutating func hours(_ range: ClosedRange<Double>) -> TimeInterval { Double.random(in: range, using: &self) * 3600 }
}

/// Synthesises a team's log: every lead lives through the closed loop by the real rules
/// (`Rules.decide`, `Undo.decide`, `Projection.apply`), with the odd no-show, reschedule,
/// return, dispute, rework, reactivation and undo. Leads are generated one at a time (a
/// lead's events depend only on it and the team), then merged into one log by time.
public struct LogGenerator {
    public let end: Date
    public let days: Double
    public let sdrs = (1...12).map { "sdr\($0)" }
    public let aes = (1...6).map { "ae\($0)" }
    public let lead = "lena"
    var random: SplitMix
    /// Commands the rules refused while the log was written (the story of that lead ends
    /// there); a healthy generator has none.
    public private(set) var refusals = 0
    public private(set) var firstRefusal: String?

    public init(end: Date, days: Double = 180, seed: UInt64 = 42) {
        self.end = end
        self.days = days
        random = SplitMix(state: seed)
    }

    public var team: [Member] {
        [Member(name: lead, role: .lead)] + sdrs.map { Member(name: $0, role: .sdr) } + aes.map { Member(name: $0, role: .ae) }
    }

    /// The whole log, numbered 1, 2, 3… in time order.
    public mutating func log(leads count: Int) throws -> [Event] {
        var log: [Event] = []
        log.reserveCapacity(count * 11)
        try stream(leads: count, piece: .max) { events, _ in log += events }
        return log
    }

    /// The log in time order, numbered 1, 2, 3…, handed over in pieces of about `piece`
    /// events, each with the leads whose stories were written since the last piece, as
    /// they stand at the end of the log. Leads are written one at a time in order of
    /// arrival; an event is handed over once no later lead can come before it (every
    /// event of a lead is at or after its arrival), so only the stories still running
    /// are held: a million leads and ten million events in a few hundred megabytes.
    public mutating func stream(leads count: Int, piece: Int, _ emit: (_ events: [Event], _ leads: [Lead]) throws -> Void) throws {
        let start = end.addingTimeInterval(-days * 86_400)
        var pending = EventHeap()
        // A personal store of the account running the benchmark: it drives the binary as
        // several members (`$HANDOFF_USER`), as one person trying the product would.
        let founding = Founding(account: OSAccount.current(), personal: true)
        var teamEvents = [try Rules.foundTeam(lead: lead, founding: founding, now: start)]
        teamEvents.append(Event(at: start, actor: lead, lead: nil, type: .definition, from: nil, to: nil,
                                payload: EventPayload(definitionVersion: Definition.standard.version, definition: .standard)))
        for member in team.dropFirst() {
            teamEvents.append(Event(at: start, actor: lead, lead: nil, type: .member, from: nil, to: nil,
                                    payload: EventPayload(member: member)))
        }
        for (index, event) in teamEvents.enumerated() { pending.push(event, order: index - teamEvents.count) }
        // Provisional seqs (per lead) become the log's numbering; an undo names its
        // target's number, and its target is always handed over first (it is earlier).
        var targets: [Int64: Int64] = [:]
        var out: [Event] = []
        var leads: [Lead] = []
        var next: Int64 = 1
        func handOver(before limit: Date?) throws {
            while let top = pending.top, limit.map({ top.at < $0 }) ?? true {
                var event = pending.pop()
                if targets[event.seq] != nil { targets[event.seq] = next }
                event.seq = next
                next += 1
                if let undone = event.payload.undoes { event.payload.undoes = targets.removeValue(forKey: undone) }
                out.append(event)
            }
            if out.count >= piece || (limit == nil && !(out.isEmpty && leads.isEmpty)) {
                try emit(out, leads)
                out.removeAll(keepingCapacity: true)
                leads.removeAll(keepingCapacity: true)
            }
        }
        var order = 0
        for number in 1...count {
            // Leads arrive evenly over the span; the newest ones are still mid-way.
            // To the second, as every time in the log: a store keeps times to the second.
            let born = Date(timeIntervalSince1970: (start.timeIntervalSince1970 + days * 86_400 * Double(number - 1) / Double(count) + 3600).rounded(.down))
            try handOver(before: born)
            let (events, last) = try life(of: LeadID(number), born: born)
            for event in events {
                if let undone = event.payload.undoes { targets[undone] = 0 }
                pending.push(event, order: order)
                order += 1
            }
            if let last { leads.append(last) }
        }
        try handOver(before: nil)
    }

    /// One lead's events, each decided by the rules at its own time.
    private mutating func life(of id: LeadID, born: Date) throws -> ([Event], Lead?) {
        let story = try story(of: id, born: born)
        return (story.events, story.lead)
    }

    private mutating func story(of id: LeadID, born: Date) throws -> Story {
        var story = Story(id: id, now: born, end: end, roster: team)
        defer {
            refusals += story.refusals.count
            if firstRefusal == nil { firstRefusal = story.refusals.first }
        }
        let owner = sdrs[Int.random(in: 0..<sdrs.count, using: &random)]
        let ae = aes[Int.random(in: 0..<aes.count, using: &random)]
        let company = "Company \(id.number) \(["GmbH", "Inc", "Ltd", "SA", "Oy"][id.number % 5])"
        guard try story.run(.addLead(LeadFields(company: company, contact: "Contact \(id.number)",
                                                email: "c\(id.number)@example.test"), owner: owner), as: owner) else {
            return story
        }
        if random.chance(0.1) {
            guard try story.wait(random.hours(1...6)),
                  try story.run(.edit(LeadFields(company: company, contact: "Contact \(id.number)", title: "VP Operations",
                                                 email: "c\(id.number)@example.test"), owner: nil), as: owner)
            else { return story }
        }
        var cycles = 0
        while cycles < 3 {
            cycles += 1
            // Qualify in three sittings, then book with an AE.
            let met = CriterionScore(status: .met, evidence: "Confirmed on the discovery call")
            guard try story.wait(random.hours(2...30)),
                  try story.run(.score(["need": met, "fit": met]), as: owner),
                  try story.wait(random.hours(1...20)),
                  try story.run(.score(["timeframe": met, "budget": CriterionScore(status: .unknown)]), as: owner),
                  try story.wait(random.hours(1...20)),
                  try story.run(.score(["authority": met]), as: owner),
                  try story.wait(random.hours(1...8)),
                  try story.run(.book(ae: ae, at: story.later(random.hours(24...120)), agenda: "Discovery"), as: owner)
            else { return story }
            // The meeting: maybe moved once, maybe missed.
            if random.chance(0.08) {
                guard try story.wait(random.hours(1...12)),
                      try story.run(.logOutcome(.rescheduled, newTime: story.later(random.hours(24...72)), note: "Prospect asked to move"), as: ae)
                else { return story }
            }
            guard try story.waitForMeeting(random.hours(0.5...20)) else { return story }
            if random.chance(0.2) {
                let missed: MeetingOutcome = random.chance(0.7) ? .noShow : .canceled
                guard try story.run(.logOutcome(missed, newTime: nil, note: nil), as: owner) else { return story }
                if random.chance(0.2) { _ = try story.undo(as: owner) }
                if story.lead?.column == .queue { continue }
            }
            if story.lead?.meeting?.outcome != .held {
                guard try story.run(.logOutcome(.held, newTime: nil, note: "Good conversation"), as: ae) else { return story }
            }
            // The disposition, usually within the SLA.
            guard try story.wait(random.chance(0.85) ? random.hours(1...40) : random.hours(49...140)) else { return story }
            let roll = Double.random(in: 0..<1, using: &random)
            if roll < 0.42 {
                guard try story.run(accept(story.now), as: ae) else { return story }
                if random.chance(0.03), try story.undo(as: ae) {
                    guard try story.run(.nurture(reason: "Timing", revisit: story.later(86_400 * 60)), as: ae) else { return story }
                }
                return story
            } else if roll < 0.67 {
                guard try story.run(.nurture(reason: "Budget next year", revisit: story.later(86_400 * Double.random(in: 14...90, using: &random))), as: ae)
                else { return story }
                guard random.chance(0.3), try story.wait(random.hours(24 * 14...24 * 60)), try story.run(.rework, as: owner) else {
                    return story
                }
                continue
            }
            let reasons: [RejectionReason] = [[.noNeed], [.notICP], [.noTimeframe], [.noAuthority, .other], [.duplicate], [.badData]][Int.random(in: 0..<6, using: &random)]
            guard try story.run(.returnLead(reasons: reasons, failed: [], note: "Not qualified yet"), as: ae) else { return story }
            if random.chance(0.12) {
                guard try story.wait(random.hours(1...24)), try story.run(.dispute(note: "The need was stated"), as: owner),
                      try story.wait(random.hours(2...48)) else { return story }
                let overturn = random.chance(0.5)
                guard try story.run(.resolveDispute(overturn ? .overturned : .upheld, note: nil), as: lead) else { return story }
                if overturn {
                    guard try story.wait(random.hours(1...30)) else { return story }
                    _ = try story.run(accept(story.now), as: ae)
                    return story
                }
            }
            guard try story.wait(random.hours(4...72)) else { return story }
            if random.chance(0.25) {
                _ = try story.run(.archive, as: owner)
                return story
            }
            guard random.chance(0.7), try story.run(.rework, as: owner) else { return story }
        }
        return story
    }

    private func accept(_ now: Date) -> Command {
        .accept(nextStep: "Diagnosis workshop", nextDate: now.addingTimeInterval(7 * 86_400), opportunity: "OPP-1",
                assessment: Assessment(goodProblem: "Yes", bigEnoughToAct: "Likely"))
    }
}

/// One lead's history as it is being written.
struct Story {
    let id: LeadID
    var now: Date
    let end: Date
    var context: RuleContext
    var lead: Lead?
    var events: [Event] = []
    var refusals: [String] = []

    init(id: LeadID, now: Date, end: Date, roster: [Member]) {
        self.id = id
        self.now = now
        self.end = end
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        context = RuleContext(definition: .standard, roster: roster, now: now, calendar: calendar)
    }

    /// Moves time on; false once the story reaches the end of the log.
    mutating func wait(_ seconds: TimeInterval) throws -> Bool {
        now = Date(timeIntervalSince1970: (now.timeIntervalSince1970 + max(1, seconds)).rounded(.down))
        return now < end
    }

    /// A time `seconds` from now, to the second (a store keeps times to the second: a
    /// fraction would make the state and the card columns disagree for `doctor`).
    func later(_ seconds: TimeInterval) -> Date {
        Date(timeIntervalSince1970: (now.timeIntervalSince1970 + seconds).rounded(.down))
    }

    /// Moves time to just after the meeting.
    mutating func waitForMeeting(_ after: TimeInterval) throws -> Bool {
        guard let meeting = lead?.meeting?.at else { return false }
        now = max(now, meeting)
        return try wait(after)
    }

    /// Decides and applies `command`; false (nothing written) when the rules refuse.
    mutating func run(_ command: Command, as actor: String) throws -> Bool {
        guard now < end else { return false }
        context.now = now
        var event: Event
        do {
            event = try Rules.decide(command, lead: lead, actor: actor, context: context)
        } catch {
            refusals.append(error.description)
            return false
        }
        if event.type == .created { event.lead = id }
        return try append(event)
    }

    mutating func undo(as actor: String) throws -> Bool {
        guard let current = lead, let target = Undo.effective(events).last, try wait(60) else { return false }
        context.now = now
        let event: Event
        do {
            event = try Undo.decide(undoing: target, history: events, lead: current, actor: actor, context: context)
        } catch {
            refusals.append(error.description)
            return false
        }
        return try append(event)
    }

    private mutating func append(_ decided: Event) throws -> Bool {
        var event = decided
        // Provisional and unique across leads; the generator renumbers the merged log.
        event.seq = Int64(id.number) * 1_000 + Int64(events.count)
        guard let next = Projection.apply(event, to: lead) else {
            throw GeneratorError("event \(event.type.rawValue) does not fit \(id)")
        }
        lead = next
        events.append(event)
        return true
    }
}

public struct GeneratorError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// Events waiting to be handed over, earliest first (then in the order they were written).
struct EventHeap {
    private var items: [(event: Event, order: Int)] = []

    var top: Event? { items.first?.event }

    private func before(_ a: Int, _ b: Int) -> Bool {
        let (x, y) = (items[a], items[b])
        return x.event.at != y.event.at ? x.event.at < y.event.at : x.order < y.order
    }

    mutating func push(_ event: Event, order: Int) {
        items.append((event, order))
        var child = items.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard before(child, parent) else { break }
            items.swapAt(child, parent)
            child = parent
        }
    }

    /// The earliest event; only when `top` is not nil.
    mutating func pop() -> Event {
        items.swapAt(0, items.count - 1)
        let event = items.removeLast().event
        var parent = 0
        while true {
            let left = 2 * parent + 1, right = left + 1
            var first = parent
            if left < items.count, before(left, first) { first = left }
            if right < items.count, before(right, first) { first = right }
            guard first != parent else { return event }
            items.swapAt(parent, first)
            parent = first
        }
    }
}
