import Foundation
import Testing
@testable import HandoffCore
@testable import HandoffStore
@testable import HandoffTUI

@Suite("board interaction through update and the real store")
struct BoardInteractionTests {
    @Test func qualifyBookHoldAcceptFromTheKeyboard() throws {
        let fixture = try BoardFixture()
        let id = try fixture.add("Acme Corp")
        let sdr = try fixture.app(as: "sam")
        sdr.press(.char("s"))
        guard case .form(let form) = sdr.state.mode else { Issue.record("no score form"); return }
        #expect(form.purpose == .score)
        #expect(sdr.screen.contains("Score L-1"))
        // need: met + evidence, fit, timeframe, authority the same; budget stays unknown.
        for _ in 0..<4 {
            sdr.press(.char("m"), .tab)
            sdr.type("They said so")
            sdr.press(.tab)
        }
        sdr.press(.enter)
        #expect(sdr.state.mode == .board, "\(sdr.state.status?.text ?? "")")
        #expect(try fixture.store.lead(id)?.scorecard?.isQualified(against: .standard) == true)

        sdr.press(.char("b"))
        #expect(sdr.screen.contains("hand off to an AE"))
        sdr.press(.tab)
        sdr.type("+1d 10:00")
        sdr.press(.enter)
        #expect(try fixture.store.lead(id)?.column == .handedOff, "\(sdr.state.status?.text ?? "")")
        #expect(sdr.state.status?.kind == .success)

        fixture.clock.advance(by: 2 * 86_400)
        let ae = try fixture.app(as: "alex")
        ae.press(.char("l"))
        ae.press(.char("o"))
        ae.press(.enter)
        #expect(try fixture.store.lead(id)?.meeting?.outcome == .held, "\(ae.state.status?.text ?? "")")
        ae.press(.char("d"))
        ae.press(.tab)
        ae.type("Demo for the CFO")
        ae.press(.tab)
        ae.type("+3d")
        ae.press(.enter)
        #expect(try fixture.store.lead(id)?.column == .sao, "\(ae.state.status?.text ?? "")")
        ae.press(.char("l"))
        #expect(ae.screen.contains("Acme Corp"))
    }

    @Test func returnWithTwoReasonsAndANoteShowsInDetail() throws {
        let fixture = try BoardFixture()
        let id = try fixture.add("Globex")
        try fixture.handOff(id)
        let ae = try fixture.app(as: "alex")
        ae.press(.char("l"), .char("d"))
        // Not held yet: the form opens on "return" (triage).
        ae.press(.tab)
        ae.press(.char(" "), .right, .char(" "))
        ae.press(.tab, .tab)
        ae.type("Twelve people, intern")
        ae.press(.enter)
        let lead = try fixture.store.lead(id)
        #expect(lead?.column == .returned, "\(ae.state.status?.text ?? "")")
        #expect(lead?.disposition?.reasons == [.noNeed, .notICP])
        ae.press(.char("l"), .char("l"), .char("l"), .enter, .pageDown)
        let screen = ae.screen
        #expect(screen.contains("No need, Not ICP"), "\(screen)")
        #expect(screen.contains("Twelve people, intern"))
    }

    @Test func validationAndRefusalKeepWhatWasTyped() throws {
        let fixture = try BoardFixture()
        try fixture.add("Acme")
        let sdr = try fixture.app(as: "sam")
        sdr.press(.char("a"))
        sdr.type("Initech")
        sdr.press(.enter)
        guard case .form(let form) = sdr.state.mode else { Issue.record("form closed"); return }
        #expect(form.error?.contains("Contact is required") == true)
        #expect(form.field("company")?.text == "Initech")
        sdr.press(.tab)
        sdr.type("Bill")
        sdr.press(.tab, .tab)
        sdr.type("not-an-email")
        sdr.press(.enter)
        guard case .form(let refused) = sdr.state.mode else { Issue.record("form closed on a refusal"); return }
        #expect(refused.error?.contains("not an email address") == true)
        #expect(refused.field("company")?.text == "Initech")
        #expect(refused.field("contact")?.text == "Bill")
        #expect(sdr.state.status?.kind == .error)
        // Shown in full in the form, under the email field (wrapped at 80 columns).
        #expect(sdr.screen.contains("✗ cannot add a lead: 'not-an-email' is not an email"))
        #expect(try fixture.store.leads(LeadQuery()).count == 1)
    }

    @Test func aConflictShowsTheNewStateAndKeepsTheForm() throws {
        let fixture = try BoardFixture()
        let id = try fixture.add("Acme")
        let sdr = try fixture.app(as: "sam")
        sdr.press(.char("e"))
        sdr.press(.end)
        sdr.type(" Holdings")
        // Meanwhile the team lead edits the same card.
        try fixture.store.execute(.edit(LeadFields(company: "Acme Inc", contact: "Pat Doe"), owner: nil), on: id, as: "lee")
        sdr.press(.enter)
        guard case .form(let form) = sdr.state.mode else { Issue.record("form closed"); return }
        #expect(form.error?.contains("was changed by lee") == true, "\(form.error ?? "")")
        #expect(form.field("company")?.text == "Acme Holdings")
        #expect(sdr.state.board.leads[id]?.company == "Acme Inc")
        // Retrying applies on the new version.
        sdr.press(.enter)
        #expect(sdr.state.mode == .board)
        #expect(try fixture.store.lead(id)?.company == "Acme Holdings")
    }

    @Test func filterIsIncrementalAndOnlyMineToggles() throws {
        let fixture = try BoardFixture()
        try fixture.add("Acme Corp")
        try fixture.add("Acorn Ltd", owner: "sue")
        try fixture.add("Globex")
        let app = try fixture.app(as: "sam")
        app.press(.char("/"), .char("a"), .char("c"))
        #expect(app.state.board.count(in: .queue) == 2)
        #expect(app.screen.contains("/ac"))
        app.press(.enter, .char("m"))
        #expect(app.state.board.count(in: .queue) == 1)
        #expect(app.screen.contains("only mine"))
        app.press(.char("m"))
        #expect(app.state.board.count(in: .queue) == 2)
        app.press(.char("/"), .escape)
        #expect(app.state.board.count(in: .queue) == 3)
    }

    @Test func roleAndReadOnlyRefusals() throws {
        let fixture = try BoardFixture()
        try fixture.add("Acme")
        let ae = try fixture.app(as: "alex")
        ae.press(.char("s"))
        #expect(ae.state.mode == .board)
        #expect(ae.state.status?.text == "cannot score L-1: it belongs to sam; only its SDR or a team lead may")
        let stranger = try fixture.app(as: "mallory")
        #expect(stranger.screen.contains("read-only"))
        stranger.press(.char("a"))
        #expect(stranger.state.mode == .board)
        #expect(stranger.state.status?.text.contains("not on the team roster") == true)
    }

    @Test func mouseClickSelectsACard() throws {
        let fixture = try BoardFixture()
        try fixture.add("Acme")
        let second = try fixture.add("Globex")
        let app = try fixture.app(as: "sam")
        let rect = BoardLayout(width: 80, height: 24).cardRect(column: 0, slot: 1)
        app.send(.input(.mouse(x: rect.x + 2, y: rect.y + 1, button: 1)))
        app.settle()
        #expect(app.state.selectedCard?.id == second)
    }

    @Test func undoFromTheBoard() throws {
        let fixture = try BoardFixture()
        let id = try fixture.add("Acme")
        try fixture.handOff(id)
        let sdr = try fixture.app(as: "sam")
        sdr.press(.char("u"))
        #expect(try fixture.store.lead(id)?.column == .queue, "\(sdr.state.status?.text ?? "")")
        #expect(sdr.state.board.count(in: .queue) == 1)
    }

    @Test func resizeAndTooSmallRecover() throws {
        let fixture = try BoardFixture()
        try fixture.add("Acme")
        let app = try fixture.app(as: "sam")
        app.send(.input(.resize(width: 60, height: 20)))
        #expect(app.screen.contains("at least 80×24"))
        app.send(.input(.resize(width: 120, height: 40)))
        #expect(app.screen.contains("Acme"))
    }

    @Test func anotherPersonsChangeAppearsWithoutAKey() throws {
        let fixture = try BoardFixture()
        try fixture.add("Acme")
        let app = try fixture.app(as: "sam")
        try fixture.add("Globex", owner: "sue")
        #expect(app.poll())
        #expect(app.screen.contains("Globex"))
        #expect(!app.poll())
    }
}
