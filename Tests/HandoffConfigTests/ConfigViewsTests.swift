import Foundation
import HandoffCore
import Testing
@testable import HandoffConfig

@Suite("Config: [views]")
struct ConfigViewsTests {
    func refusal(_ text: String) -> String? {
        do {
            _ = try Config.parse(text, file: "config.toml")
            return nil
        } catch {
            return error.description
        }
    }

    @Test func viewsKeepTheFileOrder() throws {
        let config = try Config.parse("""
            [views]
            standup = "is:breach or is:aging"
            aging_queue = "is:aging age:>7d"
            "maya chen" = "owner:\\"maya chen\\""
            """)
        #expect(config.views == [SavedView(name: "standup", query: "is:breach or is:aging"),
                                 SavedView(name: "aging_queue", query: "is:aging age:>7d"),
                                 SavedView(name: "maya chen", query: "owner:\"maya chen\"")])
    }

    @Test("a bad view is refused at file:line with the query's own words")
    func badViews() {
        #expect(refusal("[views]\nstandup = \"is:breach or is:aging\"\nmine = \"onwer:maya\"\n")
            == "config.toml:3: [views] mine: unknown field 'onwer' — did you mean owner?")
        #expect(refusal("[views]\n\nlate = \"is:lat\"\n")?.hasPrefix("config.toml:3: [views] late: is:lat is not a state") == true)
        #expect(refusal("[views]\nx = 5\n") == "config.toml:2: [views] x must be a query in quotes, e.g. \"is:breach or is:aging\", not an integer"
                || refusal("[views]\nx = 5\n")?.hasPrefix("config.toml:2: [views] x must be a query in quotes") == true)
        #expect(refusal("[views]\nx = \"\"\n") == "config.toml:2: [views] x is empty: give it a query")
        // reason: and source: filter the board too (it reads each lead's source and reasons once).
        #expect(refusal("[views]\nreturns = \"reason:no_authority or source:webinar\"\n") == nil)
        #expect(refusal("[views]\nx = \"reason:no_authorty\"\n")?.hasPrefix("config.toml:2: [views] x: reason:no_authorty is not a return reason") == true)
        #expect(refusal("[veiws]\nx = \"is:due\"\n")?.hasPrefix("config.toml:1: unknown key 'veiws' (did you mean views?)") == true)
        let ten = (1...10).map { "v\($0) = \"is:due\"" }.joined(separator: "\n")
        #expect(refusal("[views]\n" + ten)?.hasPrefix("config.toml:11: [views] holds at most 9 views") == true)
        #expect(refusal("[views]\n\"bad\\u0007name\" = \"is:due\"\n")?.contains("a view's name is") == true)
    }
}
