import Foundation
import GRDB
@testable import HandoffCore
@testable import HandoffSQLite
@testable import HandoffStore
@testable import HandoffTUI
import Testing

/// Issue 13, class 7, on the board: a card whose stored row cannot be read opens to a
/// message naming the lead and the field, not to "loading…" for ever; the other cards open.
@Suite("board: a damaged card")
struct DamagedDetailTests {
    @Test func aDamagedCardSaysWhyAndTheOthersStillOpen() throws {
        let fixture = try BoardFixture()
        let damaged = try fixture.add("Acme Corp")
        try fixture.add("Globex")
        try fixture.store.pool.write { db in
            try db.execute(sql: "UPDATE lead SET state = json_set(state, '$.fields.company', json('[1]')) WHERE id = ?",
                           arguments: [damaged.number])
        }
        let app = try fixture.app(as: "sam")
        app.state.selection[.queue] = damaged
        app.press(.enter)
        #expect(app.state.mode == .board, "\(app.state.mode)")
        let status = app.state.status?.text ?? ""
        #expect(status.contains("lead \(damaged) cannot be read") && status.contains("`fields.company`"), "\(status)")
        #expect(!app.screen.contains("loading…"), "\(app.screen)")

        app.state.selection[.queue] = LeadID(damaged.number + 1)
        app.press(.enter)
        #expect(app.screen.contains("Globex"), "\(app.screen)")
        #expect(app.state.detail?.company == "Globex")
    }
}
