import Foundation
import HandoffCore

/// A write transaction that can also undo and redo whole actions: what that reads beyond
/// `LogSession`. The stores' command sessions provide it; a batch-only session need not.
package protocol LogUndoSession: LogSession {
    /// The actor's newest undo events, newest first (what redo looks for).
    func recentUndos(by actor: String, limit: Int) throws -> [Event]
    /// The events numbered `from` through `through`, oldest first (a bulk action's neighbours).
    func events(from: Int64, through: Int64) throws -> [Event]
}

/// Undo and redo of whole actions: the board's `u` and Ctrl-R, `handoff undo` and
/// `handoff redo`. A bulk action's events share a group id; its undo takes back every one
/// of them still in effect, each as its own undo event decided by `Undo`, and those undos
/// share a new group id, so a redo makes them all again.
extension LogWriter {
    /// Undoes the actor's last action still in effect: one change, or a bulk action whole.
    package static func undoLast(as actor: String, group: String, now: Date, calendar: Calendar,
                                 _ session: some LogUndoSession) throws -> BulkOutcome {
        let context = try actingContext(actor, now: now, calendar: calendar, session)
        guard let (target, history) = try lastUndoable(by: actor, session) else {
            throw RuleError.refused("nothing to undo: \(actor) has no change still in effect")
        }
        guard let id = target.payload.group else {
            let applied = try undoOne(target, history: history, actor: actor, group: nil, context: context, session)
            return outcome("undone", [applied], refused: [])
        }
        var done: [Applied] = []
        var refused: [BulkOutcome.Refusal] = []
        // Newest first: each undo is decided on the lead as the later ones left it.
        for event in try groupEvents(id, around: target, session).reversed() where event.type != .undone {
            guard let lead = event.lead else { continue }
            let history = try session.history(of: lead)
            // Undone on its own since: nothing left to take back on that card.
            guard Undo.effective(history).contains(where: { $0.seq == event.seq }) else { continue }
            do {
                done.append(try undoOne(event, history: history, actor: actor, group: group, context: context, session))
            } catch let error as RuleError {
                refused.append(BulkOutcome.Refusal(lead, error.description))
            }
        }
        return outcome("undone", done, refused: refused)
    }

    /// Makes again what the actor's last undo (or bulk undo) took back, while nobody has
    /// changed those cards since; each card the rules refuse says why.
    package static func redoLast(as actor: String, group: String, now: Date, calendar: Calendar,
                                 policy: RulePolicy = .replay, _ session: some LogUndoSession) throws -> BulkOutcome {
        var context = try actingContext(actor, now: now, calendar: calendar, session)
        // A redo is a command given again: a rebook is held to the no-show limit like `book`.
        context.policy = policy
        var target: Event?
        for undo in try session.recentUndos(by: actor, limit: 50) {
            guard let lead = undo.lead, !Redo.isRedone(undo, in: try session.history(of: lead)) else { continue }
            target = undo
            break
        }
        guard let target else {
            throw RuleError.refused("nothing to redo: \(actor) has undone nothing that is not redone already")
        }
        let undos = try target.payload.group.map { try groupEvents($0, around: target, session) } ?? [target]
        var done: [Applied] = []
        var refused: [BulkOutcome.Refusal] = []
        for undo in undos where undo.type == .undone {
            guard let id = undo.lead, let lead = try session.lead(id) else { continue }
            let history = try session.history(of: id)
            if Redo.isRedone(undo, in: history) { continue }
            do {
                var context = context
                if let target = history.first(where: { $0.seq == undo.payload.undoes }), target.type == .calibrated {
                    try LogWriter.addCalibrationDefinition(to: &context, for: .scoreCalibration([:]), lead: lead, session)
                }
                let judgedLead = judged(lead, booking: rebooks(undo, history: history), policy: policy) { history }
                var event = try Redo.decide(redoing: undo, history: history, lead: judgedLead, actor: actor, context: context)
                if undos.count > 1 { event.payload.group = group }
                try session.insert(&event, payload: nil)
                done.append(Applied(event: event, lead: try project(event, lead: lead, session)))
            } catch let error as RuleError {
                refused.append(BulkOutcome.Refusal(id, error.description))
            }
        }
        // One card refused: the rules' sentence is the answer, as for a single command.
        if done.isEmpty, refused.count == 1, let only = refused.first { throw RuleError.refused(only.reason) }
        return outcome("redone", done, refused: refused)
    }

    static func actingContext(_ actor: String, now: Date, calendar: Calendar, _ session: some LogSession) throws -> RuleContext {
        let team = try session.team()
        guard team.member(actor) != nil else {
            throw RuleError.notPermitted("\(actor) is not on the team roster: the board is read-only for you")
        }
        var context = RuleContext(definition: team.definition, roster: team.members, now: now, calendar: calendar)
        context.away = team.away
        return context
    }

    static func undoOne(_ target: Event, history: [Event], actor: String, group: String?, context: RuleContext,
                        _ session: some LogSession) throws -> Applied {
        guard let id = target.lead, let lead = try session.lead(id) else {
            throw RuleError.notFound("no lead for event #\(target.seq)")
        }
        var event = try Undo.decide(undoing: target, history: history, lead: lead, actor: actor, context: context)
        event.payload.group = group
        try session.insert(&event, payload: nil)
        return Applied(event: event, lead: try project(event, lead: lead, session))
    }

    /// The events of bulk action `id` by the actor of `event`, one of them. A bulk action is
    /// one transaction of at most `BulkGroup.maximumCards` cards, so they lie within that
    /// many events of each other.
    static func groupEvents(_ id: String, around event: Event, _ session: some LogUndoSession) throws -> [Event] {
        let reach = Int64(BulkGroup.maximumCards)
        return try session.events(from: max(1, event.seq - reach), through: event.seq + reach)
            .filter { $0.payload.group == id && $0.actor == event.actor && $0.lead != nil }
    }

    static func outcome(_ verb: String, _ done: [Applied], refused: [BulkOutcome.Refusal]) -> BulkOutcome {
        var result = BulkOutcome(verb: verb, done: done.compactMap(\.event.lead).sorted(), refused: refused.sorted { $0.lead < $1.lead },
                                 cards: done.compactMap { $0.lead?.card }, lastSequence: done.map(\.event.seq).max() ?? 0)
        if done.count == 1, refused.isEmpty, let only = done.first { result.detail = Describe.applied(only) }
        return result
    }
}
