import HandoffCore

/// The one place a booking meets the no-show limit on the write side: the rules refuse a
/// rebook at `[no_show] limit` (`Gate`) when the lead carries its count, and the count is
/// read here from the lead's history (`NoShows.count`). A single command, a redo and a
/// batch all go through it, so none of them books past the limit.
extension LogWriter {
    /// `lead` as the rules judge a command on it: with its no-show count when the command
    /// books (`booking`) and the policy has a limit; as it is otherwise.
    package static func judged(_ lead: Lead, booking: Bool, policy: RulePolicy,
                               history: () throws -> [Event]) rethrows -> Lead {
        guard booking, policy.noShowLimit != nil else { return lead }
        var judged = lead
        judged.noShows = NoShows.count(in: try history())
        return judged
    }

    /// Whether `command` books a meeting.
    package static func books(_ command: Command) -> Bool {
        if case .book = command { return true }
        return false
    }

    /// Whether redoing `undo` books again: the event it undid was a booking.
    static func rebooks(_ undo: Event, history: [Event]) -> Bool {
        guard let undone = undo.payload.undoes else { return false }
        return history.contains { $0.seq == undone && $0.type == .booked }
    }
}
