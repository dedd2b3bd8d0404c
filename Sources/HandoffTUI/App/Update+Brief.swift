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
        let text = Brief.markdown(lead, events: events, definition: state.team.definition, now: state.now, viewer: state.me)
        return .copyToClipboard(text, lead: lead.id)
    }

    /// What the status line says: copied, sent without a sign it arrived, or not sent; the
    /// last two say how to print the brief instead.
    static func copiedStatus(_ id: LeadID, bytes: Int, _ route: Clipboard.Route) -> StatusMessage {
        let size = bytes < 1024 ? "\(bytes) bytes" : String(format: "%.1f KB", Double(bytes) / 1024)
        let print = "handoff lead brief \(id)"
        // What to do comes first: the status line is cut at the screen's edge.
        switch route {
        case .direct:
            return StatusMessage("copied the brief of \(id) to the clipboard (\(size), OSC 52)", .success)
        case .tmuxBuffer:
            return StatusMessage("copied the brief of \(id) (\(size)) to tmux's paste buffer and clipboard", .success)
        case .tmuxPassthrough:
            return StatusMessage("brief of \(id) sent through tmux (\(size)), no sign it arrived; \(print) prints it")
        case .unsure(let why):
            return StatusMessage("brief of \(id) sent (\(size), OSC 52), no sign it arrived; \(print) prints it (\(why))")
        case .notSent(let why):
            return StatusMessage("brief of \(id) not copied; \(print) prints it (\(why))", .error)
        }
    }
}
