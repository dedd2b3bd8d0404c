import Foundation
import Testing
@testable import HandoffCore
@testable import HandoffStore
@testable import HandoffTUI

/// A store on a server can lose its connection: the status line says so for as long as it
/// lasts, in preference to anything else, and says when the board is back and caught up.
@Suite("board: the store's connection in the status line")
struct ConnectionStatusTests {
    @Test func aLostConnectionIsShownUntilItIsBack() throws {
        let fixture = try BoardFixture()
        var state = try fixture.state()
        state.status = StatusMessage("scored L-1")
        #expect(Update.update(&state, .connection("lost the connection to postgres://sam@db:5432/team; reconnecting…")).isEmpty)
        var text = BoardView.render(state).row(23)
        #expect(text.contains("lost the connection to postgres://sam@db"), "\(text)")
        #expect(!text.contains("scored L-1"))
        state.busy = true
        #expect(BoardView.render(state).row(23).contains("lost the connection"), "the problem outranks “working…”")
        state.busy = false
        _ = Update.update(&state, .connection(nil))
        text = BoardView.render(state).row(23)
        #expect(state.connectionProblem == nil)
        #expect(text.contains("reconnected to"), "\(text)")
    }

    /// A job slow to answer (a long first read of a big store, a write queued behind
    /// another writer's lock) shows the waiting line until it is answered, and never
    /// leaves it behind or wipes a message that came after it.
    @Test func theWaitingLineGoesWhenTheStoreAnswers() throws {
        let fixture = try BoardFixture()
        var state = try fixture.state()
        #expect(Update.update(&state, .waiting).isEmpty)
        #expect(BoardView.render(state).row(23).contains("waiting for the store… (a long read, or another writer"))
        // A read's answer sets no message of its own: the waiting line goes with it.
        #expect(Update.update(&state, .waited).isEmpty)
        #expect(state.status == nil)
        #expect(!BoardView.render(state).row(23).contains("waiting for the store"))
        // A write's answer says what it did: that stays.
        _ = Update.update(&state, .waiting)
        state.status = StatusMessage("undone: L-1 added")
        _ = Update.update(&state, .waited)
        #expect(state.status?.text == "undone: L-1 added")
    }

    @Test func aStoreOnThisHostHasNoConnectionProblem() throws {
        let fixture = try BoardFixture()
        #expect(fixture.store.connectionProblem == nil)
    }
}
