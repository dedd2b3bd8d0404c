import Foundation
import HandoffCore

extension Update {
    /// `!`: the cards on the board past their SLA ladder's breach, as of now, with who the
    /// ladder told (the step's owner at the warning, the owner and the team leads at the
    /// breach). Computed once when the list opens, from the cards the board holds.
    static func openAttention(_ state: inout AppState) {
        let ladder = SLALadder(thresholds: state.thresholds, leads: SLALadder.leads(of: state.team), around: state.now)
        state.attention = SLAAttention.list(state.board.leads.values, ladder: ladder, now: state.now)
        state.mode = .attention(scroll: 0)
    }
}
