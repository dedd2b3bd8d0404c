import Foundation
import HandoffCore

/// `y`: the AE brief of the card, built by the core's one function (`Brief.markdown`, as
/// `handoff lead brief` prints it), to the clipboard through the terminal.
extension Update {
    /// The open detail has the lead and its timeline already; on the board they are read.
    static func copyBrief(_ state: inout AppState) -> [Effect] {
        guard let card = state.actionCard else {
            state.status = StatusMessage(AppState.noCardSelected, .error)
            return []
        }
        if case .detail(let id, _) = state.mode, let lead = state.detail, lead.id == id {
            return [briefEffect(&state, lead, state.timeline)]
        }
        return [.loadBrief(card.id)]
    }

    static func briefEffect(_ state: inout AppState, _ lead: Lead, _ events: [Event]) -> Effect {
        let text = Brief.markdown(lead, events: events, definition: state.team.definition, now: state.now)
        return .copyToClipboard(text, lead: lead.id)
    }

    /// What the status line says: copied, sent without a sign it arrived, or not sent; the
    /// last two say how to print the brief instead.
    static func copiedStatus(_ id: LeadID, bytes: Int, _ route: Clipboard.Route) -> StatusMessage {
        let size = bytes < 1024 ? "\(bytes) bytes" : String(format: "%.1f KB", Double(bytes) / 1024)
        let print = "handoff lead brief \(id)"
        switch route {
        case .direct:
            return StatusMessage("copied the brief of \(id) to the clipboard (\(size), OSC 52)", .success)
        case .tmuxBuffer:
            return StatusMessage("copied the brief of \(id) (\(size)) to tmux's paste buffer and clipboard", .success)
        case .tmuxPassthrough:
            return StatusMessage("sent the brief of \(id) (\(size)) through tmux; the terminal gives no sign it copies: \(print) prints it")
        case .unsure(let why):
            return StatusMessage("sent the brief of \(id) (\(size)) as OSC 52, but \(why): \(print) prints it")
        case .notSent(let why):
            return StatusMessage("the brief of \(id) was not copied: \(why); \(print) prints it", .error)
        }
    }
}
