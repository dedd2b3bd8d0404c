import Foundation
import Testing
@testable import HandoffCore

/// `owner:` and `ae:` compare without lowercasing a copy of every card's name when both are
/// ASCII; the answer must be `lowercased() ==`'s, for any name.
@Suite("filter query: names compared folded")
struct FilterQueryFoldTests {
    @Test func foldedEqualsLowercasedComparison() {
        let names = ["maya", "Maya", "MAYA", "maya ", "may", "mayb", "", "m@ya_1", "Ünal", "ünal", "UNAL", "İpek", "i̇pek",
                     "ipek", "Straße", "strasse", "ΣΟΦΙΑ", "σοφια", "Zoë", "zoë", "sdr1", "SDR1", "sdr10"]
        for text in names {
            for wanted in names.map({ $0.lowercased() }) {
                #expect(FilterQuery.isFolded(text, wanted) == (text.lowercased() == wanted), "\(text) vs \(wanted)")
            }
        }
    }

    @Test func ownerAndAEMatchInAnyCase() throws {
        let card = FilterQueryTests.card(1, owner: "Maya", ae: "ALEX")
        let now = Date(timeIntervalSince1970: 1_795_000_000)
        #expect(try FilterQuery.parse("owner:maya ae:alex").matches(card, now: now))
        #expect(try FilterQuery.parse("owner:MAYA").matches(card, now: now))
        #expect(try !FilterQuery.parse("owner:may").matches(card, now: now))
        #expect(try !FilterQuery.parse("ae:maya").matches(FilterQueryTests.card(2, owner: "maya", ae: nil), now: now))
    }
}
