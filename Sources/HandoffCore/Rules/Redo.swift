import Foundation

/// Redo makes again what an undo took back, as a new event decided by the rules now: the
/// undone event's command, given again by the member redoing it. It is possible only while
/// the undo is the newest event on its lead (nobody has changed the card since); the undo
/// itself stays in the log, like everything else.
public enum Redo {
    /// Decides the redo of `undo`, an undo event on `lead`, whose events (`history`) end
    /// with it. `team` is the roster and definition now (the command is decided against
    /// them, as any command would be).
    public static func decide(redoing undo: Event, history: [Event], lead: Lead, actor name: String,
                              context: RuleContext) throws(RuleError) -> Event {
        let actor = try Rules.rosterMember(name, context: context)
        guard undo.type == .undone, let undoneSeq = undo.payload.undoes else {
            throw .refused("nothing to redo on \(lead.id): event #\(undo.seq) is not an undo")
        }
        guard actor.isLead || undo.actor == name else {
            throw .notPermitted("cannot redo on \(lead.id): that undo was \(undo.actor)'s; only they or a team lead may redo it")
        }
        if let redone = history.first(where: { $0.seq > undo.seq && $0.payload.redoes == undo.seq }) {
            throw .refused("cannot redo on \(lead.id): that undo was already redone (event #\(redone.seq))")
        }
        if let change = changedSince(undo, in: history) {
            throw .refused("cannot redo on \(lead.id): it was changed since the undo by \(change.actor) (\(change.type.verb)); a redo is possible only while nobody has changed the card since")
        }
        guard let target = history.first(where: { $0.seq == undoneSeq }) else {
            throw .refused("cannot redo on \(lead.id): the undone event #\(undoneSeq) is not one of its events")
        }
        var event: Event
        if target.type == .created || target.type == .undone {
            // The undo withdrew the lead (or brought a withdrawn one back): undoing that
            // undo is the redo, as `Undo` already knows how to make it.
            event = try Undo.decide(undoing: undo, history: history, lead: lead, actor: name, context: context)
        } else {
            guard let command = LogAudit.command(for: target, team: Team()) else {
                throw .refused("cannot redo on \(lead.id): event #\(target.seq) lacks what a \(target.type.rawValue) event carries")
            }
            event = try Rules.decide(command, lead: lead, actor: name, context: context)
        }
        event.payload.redoes = undo.seq
        return event
    }

    /// Whether `undo` was already redone.
    public static func isRedone(_ undo: Event, in history: [Event]) -> Bool {
        history.contains { $0.seq > undo.seq && $0.payload.redoes == undo.seq }
    }

    /// The first change after `undo` on its lead, or nil when there is none but undos and
    /// their redos (undo twice, redo once: the first undo can still be redone).
    public static func changedSince(_ undo: Event, in history: [Event]) -> Event? {
        var open: [Int64] = []
        for event in history where event.seq > undo.seq {
            if event.type == .undone, event.payload.redoes == nil {
                open.append(event.seq)
            } else if let redone = event.payload.redoes, open.last == redone {
                open.removeLast()
            } else {
                return event
            }
        }
        return open.isEmpty ? nil : history.last
    }

    /// Why a recorded redo is not one (for the log's audit): it must redo an undo on the
    /// same lead, not redone yet, with nothing but undos and redos after it. Nil when it
    /// does, or when the event is no redo.
    public static func auditProblem(_ event: Event, history: [Event]) -> String? {
        guard let seq = event.payload.redoes else { return nil }
        guard let undo = history.first(where: { $0.seq == seq }), undo.type == .undone,
              !isRedone(undo, in: history), changedSince(undo, in: history) == nil else {
            return "it redoes event #\(seq), which is not an undo on \(event.lead.map(\.description) ?? "its lead") that could still be redone"
        }
        return nil
    }
}
