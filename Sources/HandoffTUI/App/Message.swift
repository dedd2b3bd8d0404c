import Foundation
import HandoffCore

/// Everything that can happen to the app.
public enum Message: Sendable {
    case input(InputEvent)
    /// Leads changed in the store (anyone's change), with the team when it changed, and
    /// the newest event they reflect.
    case storeChanged([Card], team: Team?, now: Date, through: Int64)
    /// The store carried out the user's command.
    case performed(Applied)
    /// The store refused; `current` is the lead as it now stands, for a conflict.
    case refused(String, current: Lead?)
    /// A card opened in full, with its timeline.
    case detailLoaded(Lead, [Event])
    /// The open card could not be read (a damaged row): why, naming the lead and field.
    case detailFailed(LeadID, String)
    /// The lead behind the selected card, read to open the form `action` asked for.
    case leadLoaded(Lead, for: Action)
    /// `c`: the lead, and the definition version its calibration scores against when that
    /// is not the current one (nil: the current one, or none).
    case calibrationLoaded(Lead, Definition?)
    /// The lead to book, with the rotation's proposal for it (the book form).
    case bookLoaded(Lead, RoutingProposal)
    case standupLoaded(Standup)
    case standupFailed(String)
    /// A job has waited past the board's patience for the store (a long read, or a write
    /// waiting for another writer's lock): the status line says so until it is answered.
    case waiting
    /// The job that waited has its answer: the waiting line goes, unless another message
    /// has replaced it.
    case waited
    /// The store's server connection is lost (why) or back (nil): the status line says so.
    case connection(String?)
    case tick(Date)
    /// Every card, read behind the first frame, as of the event `through`.
    case allLoaded([Card], now: Date, through: Int64)
    /// The column sorts could not be remembered: why.
    case sortsNotSaved(String)
    /// A bulk action, an undo or a redo was carried out: what became of each card.
    case bulkDone(BulkOutcome)
    /// config.toml, keys.toml and the theme, read again (SIGHUP or `reload settings`).
    case settingsReloaded(BoardSettings)
    /// They could not be: why (file:line and the problem); the old settings stay.
    case settingsNotReloaded(String)
    /// Leads' sources and return reasons, for `source:` and `reason:` (`partial`: only
    /// those of the leads that changed).
    case extrasLoaded([LeadID: FilterQuery.LeadExtras], partial: Bool)
    /// The lead and timeline `y` asked for, to build its brief.
    case briefLoaded(Lead, [Event])
    /// The brief of a lead went to the clipboard (its size in bytes) by this route.
    case copied(LeadID, bytes: Int, Clipboard.Route)
    /// What landed for me in the events read (`n`, the status line), or why it could not be read.
    case noticesLoaded(NoticeRead)
    case noticesFailed(String)
    /// What I have seen could not be remembered: why.
    case seenNotSaved(String)
    /// The SLA ladder's warnings and breaches on my cards, as of the check.
    case slaNoticesLoaded([Notice])
}

/// What the run loop must do for the app: the only impure part.
public enum Effect: Sendable, Equatable {
    case execute(Command, lead: LeadID?, version: Int?)
    /// Undo my last action (a bulk action whole); redo what the last undo took back.
    case undo
    case redo
    /// One command per lead, through the store's one write path, sharing a bulk id.
    case bulk(BulkAction, leads: [LeadID])
    case loadDetail(LeadID)
    case loadLead(LeadID, for: Action)
    case loadStandup
    /// Reload the leads touched by events after this sequence number.
    case reload(after: Int64)
    /// Read every card (the first frame had only the top of each column).
    case loadAll
    /// Remember the acting member's column sorts (a small file beside config.toml).
    case saveSorts([Column: ColumnSort])
    /// Read config.toml, keys.toml and the theme again.
    case reloadSettings
    /// Read the sources and return reasons of these leads (nil: of every lead).
    case loadExtras([LeadID]?)
    /// Read a lead and its timeline for its brief (`y` on a card not open in the detail).
    case loadBrief(LeadID)
    /// Put a lead's brief on the clipboard: the run loop asks the terminal (OSC 52).
    case copyToClipboard(String, lead: LeadID)
    /// Read what landed for me in the events after this one.
    case loadNotices(after: Int64)
    /// Remember what I have now seen (`n` opened the list).
    case saveSeen(SeenMark)
    /// Ring the bell and/or send a desktop notice (`[notify]`): the run loop asks the terminal.
    case alert([Notice])
    /// Look for the SLA ladder's warnings and breaches on my cards (once a minute).
    case checkSLA
}
