import Foundation

/// One event of a log that the rules would not have written: its seq, lead, actor, and
/// the rule's own message (or how the recorded event differs from what the rule makes).
public struct LogViolation: Sendable, Equatable, CustomStringConvertible {
    public var seq: Int64
    public var lead: LeadID?
    public var actor: String
    public var type: EventType
    public var message: String

    public var description: String {
        let lead = self.lead.map { "\($0), " } ?? ""
        return "event #\(seq) (\(lead)\(type.rawValue) by \(SafeText.sanitize(actor))): \(message)"
    }
}

/// Replays a log through the rules: each event is turned back into the command that
/// would make it, decided by `Rules.decide` (or `Undo.decide`) against the state the
/// events before it left (roster, definition, lead), with the event's own actor and time,
/// and the decision must be the recorded event apart from its seq. Import refuses a log
/// at the first violation; doctor reports them all.
public struct LogAudit {
    /// Whether two events are the same as stored (a store compares their encodings, which
    /// keep dates to the second).
    public typealias Same = (Event, Event) -> Bool

    let calendar: Calendar
    let same: Same
    var team = Team()
    var leads: [LeadID: Lead] = [:]
    var founded = false
    var definitionSet = false
    /// Every version of the SQL definition the log has set so far (a calibration score is
    /// judged against the version its lead was handed off under).
    var definitions: [Int: Definition] = [:]
    /// The context of the next decision: rebuilt when the team changes, re-timed per event.
    var context: RuleContext

    public init(calendar: Calendar = .current, same: @escaping Same = { $0 == $1 }) {
        self.calendar = calendar
        self.same = same
        context = RuleContext(definition: team.definition, roster: [], now: .distantPast, calendar: calendar)
    }

    /// The leads as the events folded so far made them (the log's projection).
    public var projectedLeads: [LeadID: Lead] { leads }
    /// The roster and definition as the events folded so far made them.
    public var projectedTeam: Team { team }

    /// Every violation in `events` (in seq order), or only the first when `firstOnly`.
    public static func violations(in events: [Event], calendar: Calendar = .current, firstOnly: Bool = false,
                                  same: @escaping Same = { $0 == $1 }) -> [LogViolation] {
        var audit = LogAudit(calendar: calendar, same: same)
        // Each lead's events, as positions in the log: an undo is judged on its lead's history.
        var histories: [LeadID: [Int]] = [:]
        var found: [LogViolation] = []
        for (index, event) in events.enumerated() {
            if let violation = audit.check(event, history: { (histories[$0] ?? []).map { events[$0] } }) {
                found.append(violation)
                if firstOnly { break }
            }
            if audit.fold(event), let id = event.lead { histories[id, default: []].append(index) }
        }
        return found
    }

    /// The violation of `event`, judged against the state before it. `history` gives a
    /// lead's events folded so far, oldest first (asked only for an undo).
    public func check(_ event: Event, history: (LeadID) -> [Event]) -> LogViolation? {
        func violation(_ message: String) -> LogViolation {
            LogViolation(seq: event.seq, lead: event.lead, actor: event.actor, type: event.type, message: message)
        }
        var context = self.context
        context.now = event.at
        let decided: Event
        do {
            if !founded {
                guard event.type == .member, let member = event.payload.member, event.actor == member.name else {
                    return violation("a log starts with its first team lead adding themselves")
                }
                decided = try Rules.foundTeam(lead: member.name, founding: event.payload.founding, now: event.at)
            } else if event.type == .definition, !definitionSet, let definition = event.payload.definition,
                      definition.version == team.definition.version {
                // The store's founding definition, written by `init` beside the first lead.
                guard team.member(event.actor)?.isLead == true else {
                    return violation("\(event.actor) is not a team lead: only a team lead sets the SQL definition")
                }
                let problems = definition.problems()
                guard problems.isEmpty else { return violation("the SQL definition is not valid: " + problems.joined(separator: "; ")) }
                decided = event
            } else if event.type == .undone {
                guard let id = event.lead, let lead = leads[id], let undoes = event.payload.undoes else {
                    return violation("an undo names no lead the log has made, or no event")
                }
                let history = history(id)
                guard let target = history.first(where: { $0.seq == undoes }) else {
                    return violation("it undoes event #\(undoes), which is not one of \(id)'s")
                }
                decided = try Undo.decide(undoing: target, history: history, lead: lead, actor: event.actor, context: context)
            } else {
                guard let command = Self.command(for: event, team: team) else {
                    return violation("the event lacks what a \(event.type.rawValue) event carries")
                }
                if case .editMember(let name, let role, _) = command, role != nil {
                    context.memberLeads = leads.values.filter { $0.owner == name || $0.meeting?.ae == name }
                }
                var lead: Lead?
                if command.needsLead {
                    guard let id = event.lead, let found = leads[id] else {
                        return violation("it acts on \(event.lead.map(\.description) ?? "no lead"), which the log has not created")
                    }
                    lead = found
                }
                var made = try Rules.decide(command, lead: lead, actor: event.actor, context: context)
                if event.type == .created {
                    guard let id = event.lead, leads[id] == nil else {
                        return violation("it creates \(event.lead.map(\.description) ?? "a lead without an id"), which already exists")
                    }
                    made.lead = id
                }
                decided = made
            }
        } catch {
            return violation(error.description)
        }
        var made = decided
        made.seq = event.seq
        // A bulk action's id and a redo's undo are bookkeeping beside the decision: checked apart.
        // Only a redo is judged on its lead's history (asked for only then: an import decodes it again).
        let leadHistory = event.payload.redoes == nil ? [] : event.lead.map(history) ?? []
        if let problem = BulkGroup.auditProblem(event, history: leadHistory) { return violation(problem) }
        made.payload.group = event.payload.group
        made.payload.redoes = event.payload.redoes
        guard made == event || same(made, event) else {
            return violation("the recorded event is not what the rules make of this command (\(Self.difference(made, event)))")
        }
        return nil
    }

    /// Folds the recorded event into the state, so the next event is judged against the
    /// log as written. Returns false for an event that does not fit the state (it changes
    /// nothing; doctor reports it apart, an import refuses the log); a lead event that
    /// fits joins its lead's history.
    @discardableResult
    public mutating func fold(_ event: Event) -> Bool {
        guard let id = event.lead else {
            // The version in force until now stays known (a store founded on the standard one has no event for it).
            definitions[team.definition.version] = team.definition
            guard team.apply(event) else { return false }
            if event.type == .member { founded = true }
            if event.type == .definition {
                definitionSet = true
                definitions[team.definition.version] = team.definition
            }
            context = RuleContext(definition: team.definition, roster: team.members, now: event.at, calendar: calendar)
            context.away = team.away
            context.definitions = definitions
            return true
        }
        guard let next = Projection.apply(event, to: leads[id]) else { return false }
        leads[id] = next
        return true
    }

    /// Which part of the event differs: a word for the message.
    static func difference(_ made: Event, _ recorded: Event) -> String {
        if made.type != recorded.type { return "the rules make a \(made.type.rawValue) event" }
        if made.actor != recorded.actor { return "actor" }
        if made.from != recorded.from || made.to != recorded.to {
            return "it moves the lead to \(made.to?.title ?? "nowhere"), not \(recorded.to?.title ?? "nowhere")"
        }
        let a = made.payload, b = recorded.payload
        let fields: [(String, Bool)] = [
            ("fields", a.fields == b.fields), ("owner", a.owner == b.owner), ("scorecard", a.scorecard == b.scorecard),
            ("definition version", a.definitionVersion == b.definitionVersion), ("meeting", a.meeting == b.meeting),
            ("outcome", a.outcome == b.outcome && a.newTime == b.newTime && a.note == b.note
                && a.outcomeReason == b.outcomeReason),
            ("disposition", a.disposition == b.disposition), ("ruling", a.resolution == b.resolution),
            ("undo", a.undoes == b.undoes && a.restored == b.restored), ("member", a.member == b.member),
            ("SQL definition", a.definition == b.definition), ("previous AE", a.previousAE == b.previousAE),
            ("proposed AE", a.proposedAE == b.proposedAE), ("away period", a.away == b.away),
            ("calibration", a.calibration == b.calibration),
        ]
        return fields.first { !$0.1 }.map { "the recorded \($0.0) differs" } ?? "the recorded time differs"
    }
}
