import Foundation
import Testing
@testable import HandoffCore

/// `FilterQuery.narrows`: a yes must mean a subset for every card (the board then tests
/// only what the last keystroke showed); a no only costs a full pass.
@Suite("filter query: when one query narrows another")
struct FilterQueryNarrowingTests {
    static func narrows(_ tighter: String, _ wider: String) throws -> Bool {
        try FilterQuery.parse(tighter).narrows(FilterQuery.parse(wider))
    }

    @Test func typingOnNarrowsErasingDoesNot() throws {
        #expect(try Self.narrows("age:>10", "age:>1"))
        #expect(try !Self.narrows("age:>1", "age:>10"))
        #expect(try Self.narrows("age:>=10", "age:>9"))
        #expect(try Self.narrows("age:<1", "age:<10"))
        #expect(try !Self.narrows("age:<10", "age:<1"))
        #expect(try Self.narrows("age:=3", "age:>=3"))
        #expect(try !Self.narrows("age:=3", "age:>3"))
        #expect(try Self.narrows("age:12", "age:>=1"))
        #expect(try !Self.narrows("age:12", "age:1"))
        #expect(try Self.narrows("acme", "acm"))
        #expect(try !Self.narrows("acm", "acme"))
        #expect(try Self.narrows("acme corp", "acme"))
        #expect(try Self.narrows("is:breach age:>1", "is:breach"))
        #expect(try !Self.narrows("is:breach", "is:breach age:>1"))
        #expect(try Self.narrows("is:breach age:>10", "is:breach age:>1"))
        #expect(try Self.narrows("owner:sam is:aging", "is:aging"))
        #expect(try !Self.narrows("owner:sam1", "owner:sam"), "a longer name is another person")
        #expect(try Self.narrows("source:webinar", "source:web"))
        #expect(try !Self.narrows("is:breach or is:warning", "is:breach"), "an alternative added widens")
        #expect(try Self.narrows("is:breach", "is:breach or is:warning"))
        #expect(try Self.narrows("is:breach or owner:sam age:>2", "is:breach or owner:sam"))
        #expect(try !Self.narrows("zoë", "zo"), "beyond ASCII only an equal phrase")
        #expect(try Self.narrows("zoë age:>1", "zoë"))
    }

    /// Random queries over random cards: whenever `narrows` says yes, every card the
    /// tighter query matches, the wider one matches too.
    @Test func aYesHoldsForEveryCard() throws {
        var random = SystemRandomNumberGenerator()
        let now = Date(timeIntervalSince1970: 1_795_000_000)
        let words = ["age:>1", "age:>10", "age:>=2", "age:<3", "age:<=3", "age:=2", "age:12", "is:breach", "is:warning",
                     "is:aging", "is:rebook", "is:dispute", "is:due", "owner:sam", "owner:sue", "ae:alex", "acm", "acme",
                     "cme", "acme 1", "source:web", "source:webinar", "reason:no_need", "or"]
        func query() -> FilterQuery? {
            let text = (0..<Int.random(in: 1...4, using: &random)).map { _ in words.randomElement(using: &random) ?? "" }.joined(separator: " ")
            return try? FilterQuery.parse(text)
        }
        var cards: [(Card, String?, [String])] = []
        for id in 1...400 {
            let column = Column.board.randomElement(using: &random) ?? .queue
            let card = Card(id: LeadID(id), company: ["Acme", "Acme 1", "Bcme", "Zeta"].randomElement(using: &random) ?? "",
                            contact: "C", owner: ["sam", "sue"].randomElement(using: &random) ?? "",
                            ae: Bool.random(using: &random) ? "alex" : nil, column: column,
                            columnSince: now.addingTimeInterval(-Double.random(in: 0...(15 * 86_400), using: &random)), version: 1,
                            rebook: Bool.random(using: &random), disputeOpen: Bool.random(using: &random),
                            revisit: column == .nurture ? now.addingTimeInterval(Double.random(in: -86_400...86_400, using: &random)) : nil,
                            meetingAt: now.addingTimeInterval(-Double.random(in: 0...(200 * 3600), using: &random)),
                            meetingOutcome: [nil, .held, .noShow].randomElement(using: &random) ?? nil)
            cards.append((card, ["webinar", "web", "outbound", nil].randomElement(using: &random) ?? nil,
                          Bool.random(using: &random) ? ["no_need"] : []))
        }
        var yes = 0
        for _ in 0..<3_000 {
            guard let tighter = query(), let wider = query(), tighter.narrows(wider) else { continue }
            yes += 1
            for (card, source, reasons) in cards where tighter.matches(card, source: source, reasons: reasons, now: now) {
                #expect(wider.matches(card, source: source, reasons: reasons, now: now), "\(tighter) is said to narrow \(wider)")
            }
        }
        #expect(yes > 50)
    }
}
