import Foundation
import Testing
@testable import HandoffCore
@testable import HandoffStore
@testable import HandoffTUI

/// The SLA ladder on the board: a card counts down to its warning (⏳), then shows the
/// warning marker (△), then the breach (▲); `!` lists the breach with who was told, when.
@Suite("Board: the SLA ladder (⏳, △, ▲ and the attention list !)")
struct SLABoardTests {
    @Test func countdownThenWarningThenBreachOnTheLeadsList() throws {
        let fixture = try BoardFixture()
        let globex = try fixture.add("Globex")
        try fixture.handOff(globex, ae: "alex")
        fixture.clock.advance(by: 2 * 3600)
        try fixture.store.execute(.logOutcome(.held, newTime: nil, note: nil), on: globex, as: "alex")
        let app = try fixture.app(as: "lee", width: 150, height: 30)
        // Held an hour ago: 35 of the 36 hours before the warning are left.
        #expect(app.screen.contains("alex · 0d ⏳ 35h"), "\(app.screen)")
        #expect(!app.screen.contains(Marker.slaWarning.glyph) && !app.screen.contains(Marker.slaBreach.glyph))

        fixture.clock.advance(by: 40 * 3600)
        app.send(.tick(fixture.clock.date))
        app.settle()
        #expect(!app.screen.contains("⏳"))
        #expect(app.screen.contains(Marker.slaWarning.glyph) && !app.screen.contains(Marker.slaBreach.glyph))
        app.press(.char("/"))
        for character in "is:warning" { app.press(.char(character)) }
        app.press(.enter)
        #expect(app.state.board.count(in: .handedOff) == 1)
        app.press(.char("/"), .escape)
        #expect(app.state.filter.isEmpty)

        fixture.clock.advance(by: 10 * 3600)
        app.send(.tick(fixture.clock.date))
        app.settle()
        #expect(app.screen.contains(Marker.slaBreach.glyph))
        app.press(.char("!"))
        let list = app.screen
        #expect(list.contains("1 past the SLA"))
        #expect(list.contains("\(globex)  Globex · disposition · alex · 3h past"), "\(list)")
        #expect(list.contains("warned alex") && list.contains("told alex and lee"), "\(list)")
        app.press(.escape)
        #expect(app.state.mode == .board)
    }

    @Test func helpExplainsTheCountdownAndTheListKey() throws {
        let fixture = try BoardFixture()
        let app = try fixture.app(as: "lee", width: 120, height: 60)
        let help = HelpView.lines(app.state).map { $0.spans.map(\.0).joined() }.joined(separator: "\n")
        #expect(help.contains("⏳ 6h") && help.contains("left before the warning"))
        #expect(help.contains("attention list: cards past their SLA"))
        #expect(help.contains(Marker.slaWarning.glyph))
    }
}
