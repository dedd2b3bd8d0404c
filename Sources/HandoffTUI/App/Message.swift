import Foundation
import HandoffCore
import HandoffStore

/// Everything that can happen to the app.
public enum Message: Sendable {
    case input(InputEvent)
    /// Leads changed in the store (anyone's change), with the team when it changed.
    case storeChanged([Lead], team: Team?, now: Date)
    /// The store carried out the user's command.
    case performed(Applied)
    /// The store refused; `current` is the lead as it now stands, for a conflict.
    case refused(String, current: Lead?)
    case timelineLoaded(LeadID, [Event])
    case standupLoaded([String])
    /// The store is slow to answer (locked by another writer).
    case waiting(String)
    case tick(Date)
}

/// What the run loop must do for the app: the only impure part.
public enum Effect: Sendable, Equatable {
    case execute(Command, lead: LeadID?, version: Int?)
    case undo
    case loadTimeline(LeadID)
    case loadStandup
}
