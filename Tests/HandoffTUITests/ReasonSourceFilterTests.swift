import Foundation
import Testing
@testable import HandoffCore
@testable import HandoffStore
@testable import HandoffTUI

/// `reason:` and `source:` filter the board, and agree with `lead list --where`: both
/// match with the core's one matcher on the lead's own source and return reasons.
@Suite("reason: and source: on the board")
struct ReasonSourceFilterTests {
    /// The fixture's five columns, plus leads from a webinar and a second return.
    static func fixture() throws -> BoardFixture {
        let fixture = try BoardFixture()
        try fixture.spread()
        for (company, source) in [("Webinar One", "Webinar: Q3 close"), ("Webinar Two", "webinar"), ("Outbound Co", "outbound")] {
            try fixture.store.execute(.addLead(LeadFields(company: company, contact: "Pat", source: source), owner: "sue"), as: "sue")
        }
        return fixture
    }

    static func visible(_ state: AppState) -> Set<LeadID> {
        Set(Column.board.flatMap { state.board.cards(in: $0).map(\.id) })
    }

    static func filter(_ app: BoardApp, _ query: String) {
        app.press(.char("/"))
        app.type(query)
        app.press(.enter)
        app.settle()
    }

    @Test(arguments: ["reason:no_authority", "reason:not_icp", "source:webinar", "source:web or reason:no_authority",
                      "source:webinar owner:sue", "reason:duplicate", "reason:no_authority is:aging", "-source:webinar"])
    func theBoardShowsWhatLeadListWhereLists(_ query: String) throws {
        let fixture = try Self.fixture()
        let app = try fixture.app(as: "lee", width: 120, height: 40)
        Self.filter(app, query)
        guard let parsed = try? FilterQuery.parse(query) else {
            #expect(app.state.filterError != nil)
            return
        }
        #expect(app.state.filterError == nil, "\(app.state.filterError ?? "")")
        let listed = Set(try fixture.store.leads(LeadQuery()).filter {
            Column.board.contains($0.column) && parsed.matches($0, now: app.state.now, thresholds: app.state.thresholds)
        }.map(\.id))
        #expect(Self.visible(app.state) == listed, "\(query)")
        if query == "reason:no_authority" || query.hasPrefix("source:") { #expect(!listed.isEmpty) }
    }

    /// config.toml's `[views]` takes `reason:` and `source:` too: the view's key filters the
    /// board exactly as typing its query does.
    @Test func aViewWithReasonOrSourceFiltersTheBoard() throws {
        let fixture = try Self.fixture()
        let typed = try fixture.app(as: "lee", width: 120, height: 40)
        Self.filter(typed, "source:webinar or reason:no_authority")
        let viewed = try fixture.app(as: "lee", width: 120, height: 40)
        viewed.state.views = [SavedView(name: "inbound", query: "source:webinar or reason:no_authority")]
        viewed.press(.char("1"))
        viewed.settle()
        #expect(viewed.state.activeView?.name == "inbound")
        #expect(Self.visible(viewed.state) == Self.visible(typed.state))
        #expect(Self.visible(viewed.state).count == 3)
    }

    @Test func aReturnMadeElsewhereJoinsTheFilter() throws {
        let fixture = try Self.fixture()
        let app = try fixture.app(as: "lee", width: 120, height: 40)
        Self.filter(app, "reason:no_authority")
        let before = Self.visible(app.state)
        #expect(before.count == 1)
        // Another AE returns a lead for no authority; the open board picks it up.
        let id = try fixture.add("Late Return")
        try fixture.handOff(id)
        try fixture.store.execute(.returnLead(reasons: [.noAuthority], failed: [], note: "Wrong person"), on: id, as: "alex")
        #expect(app.poll())
        app.settle()
        #expect(Self.visible(app.state) == before.union([id]))
    }

    @Test func theLeadsAreReadOnceNotPerKeystroke() throws {
        let fixture = try Self.fixture()
        var state = try fixture.state(as: "lee", width: 120, height: 40)
        var effects: [Effect] = []
        effects += Update.update(&state, .input(.key(.char("/"))))
        for character in "reason:no_authority or source:webinar" {
            effects += Update.update(&state, .input(.key(.char(character))))
        }
        #expect(effects.filter { $0 == .loadExtras(nil) }.count == 1)
        #expect(state.status?.text.hasPrefix("reading each lead's source and return reasons") == true)
        // Plain text and card fields never read them.
        var plain = try fixture.state(as: "lee", width: 120, height: 40)
        var none: [Effect] = []
        for key in [Key.char("/")] + "owner:sam is:aging acme".map(Key.char) { none += Update.update(&plain, .input(.key(key))) }
        #expect(!none.contains { if case .loadExtras = $0 { true } else { false } })
    }

    @Test func sqliteReadsTheSameExtrasAsTheLeadsHold() throws {
        let fixture = try Self.fixture()
        // An archived return is not on the board: neither list holds it.
        let archived = try fixture.add("Gone Co")
        try fixture.handOff(archived)
        try fixture.store.execute(.returnLead(reasons: [.duplicate], failed: [], note: "Dup"), on: archived, as: "alex")
        try fixture.store.execute(.archive, on: archived, as: "sam")
        let fromLeads = Dictionary(try fixture.store.leads(LeadQuery()).map { ($0.id, FilterQuery.LeadExtras($0)) },
                                   uniquingKeysWith: { $1 })
        let read = try fixture.store.leadExtras()
        #expect(read == fromLeads)
        #expect(read[archived] == nil)
        #expect(read.values.contains { $0.reasons == ["no_authority", "not_icp"] })
        #expect(read.values.contains { $0.source == "Webinar: Q3 close" })
    }
}

