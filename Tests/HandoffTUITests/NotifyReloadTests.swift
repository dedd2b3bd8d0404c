import Foundation
import HandoffConfig
import Testing
@testable import HandoffCore
@testable import HandoffTUI

/// A settings reload takes config.toml's `[notify]` too (issue 16 item 5): turning the bell
/// or desktop notices on or off needs no restart.
@Suite("Settings reload: [notify]")
struct NotifyReloadTests {
    @Test func aReloadTakesTheNewNotifySettingsAndANilKeepsThem() {
        var state = FilterQueryBoardTests.board()
        #expect(state.notices.settings == NotifySettings.off)
        var settings = BoardSettings(source: "config.toml")
        settings.notify = NotifySettings(bell: true, desktop: .osc777)
        _ = Update.update(&state, .settingsReloaded(settings))
        #expect(state.notices.settings == NotifySettings(bell: true, desktop: .osc777))
        // Settings that say nothing of [notify] leave the board's as they are.
        _ = Update.update(&state, .settingsReloaded(BoardSettings(source: "keys.toml")))
        #expect(state.notices.settings.bell && state.notices.settings.desktop == NotifySettings.Desktop.osc777)
        // And a file that turns them off again is taken.
        settings.notify = NotifySettings.off
        _ = Update.update(&state, .settingsReloaded(settings))
        #expect(state.notices.settings == NotifySettings.off)
    }
}
