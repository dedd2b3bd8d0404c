import Foundation
import Testing
@testable import HandoffCore
@testable import HandoffStore
@testable import HandoffTUI

/// What the board shows of who is acting, as `Identity.decide` found them.
@Suite("board: who is acting")
struct BoardIdentityTests {
    @Test func aPersonalStoreSaysWhomItsCreatorIsPlaying() throws {
        let fixture = try BoardFixture()
        let terminal = RecordingTerminal(width: 100, height: 24)
        let app = try BoardApp(store: fixture.store, terminal: terminal, me: "sam", personal: true,
                               clock: fixture.clock.now) { _, _, _ in throw RuleError.invalid("no standup here") }
        #expect(app.screen.contains("acting as sam · SDR · personal store"), "\(app.screen)")
        // A team store names the member alone.
        let team = try fixture.app(as: "sam", width: 100)
        #expect(team.screen.contains("sam · SDR"))
        #expect(!team.screen.contains("personal store"))
        #expect(!team.screen.contains("acting as"))
    }

    /// The board starts from the roster read to decide who is acting (one round trip fewer
    /// on PostgreSQL); a change committed after that read is not lost.
    @Test func aBoardStartedFromIdentityFactsCatchesUpWithChangesAfterThem() throws {
        let fixture = try BoardFixture()
        let facts = try fixture.store.identityFacts()
        #expect(facts.sequence == (try fixture.store.lastSequence()))
        // After the facts were read: a new member and a new lead.
        try fixture.store.execute(.addMember(Member(name: "nia", role: .ae)), as: "lee")
        _ = try fixture.add("Latecomer")
        let app = try BoardApp(store: fixture.store, terminal: RecordingTerminal(width: 120, height: 24), me: "sam",
                               known: facts, clock: fixture.clock.now) { _, _, _ in throw RuleError.invalid("no standup here") }
        // The first frame is the facts' roster; the reload behind it brings nia.
        #expect(app.state.team.member("nia") == nil)
        app.settle()
        #expect(app.state.team.member("nia")?.role == .ae)
        #expect(app.screen.contains("Latecomer"), "\(app.screen)")
        #expect(app.state.seenSequence == (try fixture.store.lastSequence()))
    }

    @Test func anAccountOnNoLoginIsReadOnlyEvenWhenSpelledLikeAMember() throws {
        let fixture = try BoardFixture()
        try fixture.add("Acme")
        // The OS account `sam` is not the member sam (whose login could be anything): the
        // reason the identity decision gave is what the board goes by.
        let reason = Identity.notOnRoster("sam")
        let app = try BoardApp(store: fixture.store, terminal: RecordingTerminal(width: 200, height: 24), me: "sam",
                               readOnly: reason, clock: fixture.clock.now) { _, _, _ in throw RuleError.invalid("no standup here") }
        #expect(app.state.role == nil)
        #expect(app.screen.contains("sam · read-only"), "\(app.screen)")
        #expect(app.screen.contains("you are logged in as sam, who is on no member's login"), "\(app.screen)")
        app.press(.char("a"))
        #expect(app.state.mode == .board)
        #expect(app.state.status?.text == reason)
        // A reload of the roster does not hand it sam's role either.
        app.send(.storeChanged([], team: try fixture.store.team(), now: fixture.clock.now(), through: 0))
        #expect(app.state.role == nil)
    }
}
