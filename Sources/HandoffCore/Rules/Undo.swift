import Foundation

/// Undo is a compensating event: it restores the lead as it stood before the undone event.
/// Nothing is deleted; the undone event stays in the log and the timeline.
public enum Undo {
    /// The lead's events that are still in effect, oldest first: undone events and the
    /// undo events themselves are taken out, so repeated undo walks back one step at a time.
    /// Undoing the undo of a lead's creation (the lead was withdrawn) puts the creation back.
    public static func effective(_ history: [Event]) -> [Event] {
        var stack: [Event] = []
        var withdrawn: [Int64: Event] = [:]
        for event in history {
            if event.type == .undone {
                guard let undone = event.payload.undoes else { continue }
                if let index = stack.lastIndex(where: { $0.seq == undone }) {
                    let removed = stack.remove(at: index)
                    if removed.type == .created { withdrawn[event.seq] = removed }
                } else if let created = withdrawn.removeValue(forKey: undone) {
                    stack.append(created)
                }
            } else {
                stack.append(event)
            }
        }
        return stack
    }

    /// What `undo` on this lead reverses: the newest event in effect or, on a lead whose
    /// creation was undone, that undo (which brings the lead back).
    public static func target(in history: [Event]) -> Event? {
        if let top = effective(history).last { return top }
        guard let last = history.last, isWithdrawal(last, in: history) else { return nil }
        return last
    }

    /// An undo that withdrew the lead by reversing its creation.
    static func isWithdrawal(_ event: Event, in history: [Event]) -> Bool {
        guard event.type == .undone, event.payload.restored == nil, let undone = event.payload.undoes else { return false }
        return history.contains { $0.seq == undone && $0.type == .created }
    }

    /// Decides the undo of `target`, which must be the newest event in effect on its lead.
    public static func decide(undoing target: Event, history: [Event], lead: Lead, actor name: String,
                              context: RuleContext) throws(RuleError) -> Event {
        let actor = try Rules.rosterMember(name, context: context)
        guard actor.isLead || target.actor == name else {
            throw .notPermitted("cannot undo on \(lead.id): the last change was \(target.actor)'s; only they or a team lead may undo it")
        }
        let inEffect = effective(history)
        if inEffect.isEmpty, history.last?.seq == target.seq, isWithdrawal(target, in: history) {
            // Undoing the withdrawal: the lead comes back as it was just before it.
            var restored: Lead?
            for event in history where event.seq < target.seq {
                restored = Projection.apply(event, to: restored)
            }
            guard let restored else { throw .refused("nothing to undo on \(lead.id)") }
            return Event(at: context.now, actor: name, lead: lead.id, type: .undone, from: lead.column, to: restored.column,
                         payload: EventPayload(undoes: target.seq, restored: restored))
        }
        guard let top = inEffect.last else {
            throw .refused("nothing to undo on \(lead.id)")
        }
        guard inEffect.contains(where: { $0.seq == target.seq }) else {
            throw .refused("cannot undo on \(lead.id): that change (\(target.type.verb), event #\(target.seq)) is no longer in effect")
        }
        guard top.seq == target.seq else {
            throw .refused("cannot undo on \(lead.id): it was changed since by \(top.actor) (\(top.type.verb)); undo theirs first or act on the card as it is")
        }
        var restored: Lead?
        for event in history where event.seq < target.seq {
            restored = Projection.apply(event, to: restored)
        }
        let to = restored?.column ?? .archived
        return Event(at: context.now, actor: name, lead: lead.id, type: .undone, from: lead.column, to: to,
                     payload: EventPayload(undoes: target.seq, restored: restored))
    }
}
