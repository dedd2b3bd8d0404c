import HandoffConfig
import HandoffCore
import Testing

@Suite struct ConfigNoShowTests {
    @Test func theLimitDefaultsToTwoAndZeroLiftsIt() throws {
        #expect(Config.standard.noShow == .standard)
        #expect(Config.standard.noShow.noShowLimit == 2)
        #expect(try Config.parse("[no_show]\n").noShow.noShowLimit == 2)
        #expect(try Config.parse("[no_show]\nlimit = 3\n").noShow.noShowLimit == 3)
        #expect(try Config.parse("[no_show]\nlimit = 0\n").noShow.noShowLimit == nil)
        #expect(try Config.parse("[no_show]\nlimit = 0\n").noShow.outcomeReasonRequired)
    }

    @Test(arguments: [
        ("[no_show]\nlimt = 2\n", "config.toml:2: unknown key 'limt' in [no_show] (did you mean limit?); expected limit"),
        ("[no_show]\nlimit = 101\n", "config.toml:2: [no_show] limit must be a whole number of no-shows from 0 (no limit) to 100, not 101"),
        ("[no_show]\nlimit = \"two\"\n", "config.toml:2: [no_show] limit must be a whole number of no-shows from 0 (no limit) to 100, not a string"),
        ("no_show = 2\n", "config.toml:1: 'no_show' must be a table ([no_show]), not an integer"),
        ("[no_shows]\nlimit = 2\n", "did you mean no_show?"),
    ])
    func mistakesNameTheLineAndTheNearestKey(_ text: String, _ message: String) {
        let error = #expect(throws: ConfigError.self) { try Config.parse(text) }
        #expect(error?.description.contains(message) == true, "\(error?.description ?? "")")
    }
}
