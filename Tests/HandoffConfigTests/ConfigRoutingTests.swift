import Foundation
import HandoffCore
import Testing
@testable import HandoffConfig

@Suite("Config: [routing]")
struct ConfigRoutingTests {
    func refusal(_ text: String) -> String? {
        do {
            _ = try Config.parse(text, file: "config.toml")
            return nil
        } catch {
            return error.description
        }
    }

    @Test("no [routing]: flexible, every AE weighing 1, no cap")
    func defaults() throws {
        let routing = try Config.parse("theme = \"light\"").routing
        #expect(routing == RoutingSettings(mode: .flexible, weeklyCap: nil, caps: [:], weights: [:]))
        #expect(routing.weight(of: "alex") == 1 && routing.cap(of: "alex") == nil)
    }

    @Test func everyKey() throws {
        let routing = try Config.parse("""
            [routing]
            mode = "Strict"
            weekly_cap = 8
            weights.alex = 2
            weights.jordan = 0.5
            caps.jordan = 4
            caps.sam = 0
            """).routing
        #expect(routing.mode == .strict)
        #expect(routing.cap(of: "alex") == 8 && routing.cap(of: "jordan") == 4 && routing.cap(of: "sam") == nil)
        #expect(routing.weight(of: "alex") == 2 && routing.weight(of: "jordan") == 0.5)
    }

    @Test("mistakes are refused at file:line with the nearest name")
    func mistakes() {
        #expect(refusal("[routing]\nmode = \"strikt\"")
                == "config.toml:2: [routing] mode = \"strikt\" (did you mean strict?): the choices are \"strict\" and \"flexible\"")
        #expect(refusal("[routing]\nweekly_cap = 8\nweekly_cpa = 3")?.hasPrefix("config.toml:3: unknown key 'weekly_cpa' in [routing] (did you mean weekly_cap?)") == true)
        #expect(refusal("[routin]\nmode = \"strict\"")?.hasPrefix("config.toml:1: unknown key 'routin' (did you mean routing?)") == true)
        #expect(refusal("[routing]\nweekly_cap = -1")
                == "config.toml:2: [routing] weekly_cap must be a whole number of bookings a week from 0 (no cap) to 10000, not -1")
        #expect(refusal("[routing]\nweights.alex = 0")
                == "config.toml:2: [routing] weights.alex must be a number above 0 and at most 100, not 0.0")
        #expect(refusal("[routing]\ncaps.jordan = \"four\"")?.hasPrefix("config.toml:2: [routing] caps.jordan must be a whole number") == true)
        #expect(refusal("[routing]\nmode = 3") == "config.toml:2: [routing] mode must be \"strict\" or \"flexible\", not an integer")
    }
}
