import Foundation
import Testing
@testable import HandoffCore

@Suite("filter query: parse and match")
struct FilterQueryTests {
    static let now = Date(timeIntervalSince1970: 1_795_000_000)
    static let day = 86_400.0

    static func card(_ id: Int, company: String = "Acme Corp", owner: String = "maya", ae: String? = nil,
                     column: Column = .queue, days: Double = 0, rebook: Bool = false, dispute: Bool = false,
                     revisit: Date? = nil, meetingAt: Date? = nil, outcome: MeetingOutcome? = nil) -> Card {
        Card(id: LeadID(id), company: company, contact: "Pat Doe", owner: owner, ae: ae, column: column,
             columnSince: now.addingTimeInterval(-days * day), version: 1, rebook: rebook, disputeOpen: dispute,
             revisit: revisit, meetingAt: meetingAt, meetingOutcome: outcome)
    }

    static func matches(_ query: String, _ card: Card, source: String? = nil, reasons: [String] = []) throws -> Bool {
        try FilterQuery.parse(query).matches(card, source: source, reasons: reasons, now: now)
    }

    @Test func fieldsParse() throws {
        let query = try FilterQuery.parse("owner:Maya ae:alex reason:no_authority is:breach age:>5d source:webinar")
        #expect(query.alternatives == [[.owner("maya"), .ae("alex"), .reason("no_authority"), .state(.breach),
                                        .age(.greater, days: 5), .source("webinar")]])
        #expect(query.needsLead)
        #expect(try FilterQuery.parse("age:<=2").alternatives == [[.age(.lessOrEqual, days: 2)]])
        #expect(try FilterQuery.parse("age:3d").alternatives == [[.age(.equal, days: 3)]])
        #expect(!(try FilterQuery.parse("is:aging")).needsLead)
    }

    @Test("and binds tighter than or; bare words side by side are one phrase")
    func precedence() throws {
        let query = try FilterQuery.parse("is:breach or owner:maya is:aging")
        #expect(query.alternatives == [[.state(.breach)], [.owner("maya"), .state(.aging)]])
        #expect(try FilterQuery.parse("a and b or c").alternatives == [[.text("a"), .text("b")], [.text("c")]])
        #expect(try FilterQuery.parse("Acme Corp owner:maya").alternatives == [[.text("acme corp"), .owner("maya")]])
        #expect(try FilterQuery.parse("\"smith and sons\"").alternatives == [[.text("smith and sons")]])
        #expect(try FilterQuery.parse("owner:\"maya chen\"").alternatives == [[.owner("maya chen")]])
        // Quoted before its colon, a word is text: a company named "Re: Solutions" is found.
        #expect(try FilterQuery.parse("\"re: solutions\"").alternatives == [[.text("re: solutions")]])
        #expect(try FilterQuery.parse("\"acme (uk)\" owner:maya").alternatives == [[.text("acme (uk)"), .owner("maya")]])
        #expect(try FilterQuery.parse("  ").alternatives.isEmpty)
    }

    @Test("errors say what is wrong and suggest the field meant")
    func errors() {
        func message(_ text: String) -> String {
            do {
                _ = try FilterQuery.parse(text)
                return "parsed"
            } catch {
                return error.message
            }
        }
        #expect(message("onwer:maya") == "unknown field 'onwer' — did you mean owner?")
        #expect(message("is:brech") == "is:brech is not a state — did you mean breach?")
        #expect(message("reason:no_autority").contains("did you mean no_authority?"))
        #expect(message("age:lots").hasPrefix("age:lots should be days in the column"))
        #expect(message("owner:") == "owner: needs a value, e.g. owner:maya")
        #expect(message("or is:breach") == "'or' needs a term on each side")
        #expect(message("is:breach and") == "'and' needs a term on each side")
        #expect(message("a or or b") == "'or' needs a term on each side")
        #expect(message("\"open") == "a quote is not closed")
        #expect(message("(is:breach)").hasPrefix("parentheses are not supported"))
        #expect(message("Acme (UK)").hasSuffix("to find a bracket, put the text in quotes"))
        #expect(message("zzzzzz:1") == "unknown field 'zzzzzz' (fields: owner, ae, reason, is, age, source)")
        // Not a field: free text with a colon.
        #expect(message("10:30") == "parsed")
    }

    @Test("hostile input: too long, too many terms, control characters, nesting; linear time")
    func hostile() throws {
        #expect(throws: FilterQueryError.self) { try FilterQuery.parse(String(repeating: "a", count: FilterQuery.maxBytes + 1)) }
        #expect(throws: FilterQueryError.self) { try FilterQuery.parse(Array(repeating: "is:due", count: 65).joined(separator: " ")) }
        #expect(throws: FilterQueryError("the query holds a control character (U+001B)")) { try FilterQuery.parse("acme\u{1B}[2J") }
        #expect(throws: FilterQueryError.self) { try FilterQuery.parse("acme\u{202E}") }
        #expect(throws: FilterQueryError.self) { try FilterQuery.parse(String(repeating: "(", count: 500)) }
        // The longest allowed query of words parses at once: one pass.
        let long = String(repeating: "ab ", count: FilterQuery.maxBytes / 3)
        let start = Date()
        let query = try FilterQuery.parse(long)
        #expect(Date().timeIntervalSince(start) < 0.5)
        #expect(query.alternatives.count == 1)
        // A misspelt field far longer than any field is named without a suggestion, quickly.
        let field = String(repeating: "x", count: 900) + ":1"
        #expect(throws: FilterQueryError.self) { try FilterQuery.parse(field) }
    }

    @Test("is: uses the board's markers, age: days in column, text the card's fields")
    func matching() throws {
        let breach = Self.card(1, ae: "alex", column: .handedOff, days: 4, meetingAt: Self.now.addingTimeInterval(-3 * Self.day))
        let fresh = Self.card(2, ae: "alex", column: .handedOff, days: 1, meetingAt: Self.now.addingTimeInterval(-Self.day))
        #expect(try Self.matches("is:breach", breach) && !(try Self.matches("is:breach", fresh)))
        #expect(try Self.matches("is:aging", breach) && !(try Self.matches("is:aging", fresh)))
        #expect(try Self.matches("age:>3d", breach) && !(try Self.matches("age:>3d", fresh)))
        #expect(try Self.matches("age:1", fresh))
        let rebook = Self.card(3, rebook: true)
        #expect(try Self.matches("is:rebook", rebook) && !(try Self.matches("is:rebook", fresh)))
        #expect(try Self.matches("is:dispute", Self.card(4, column: .returned, dispute: true)))
        #expect(try Self.matches("is:due", Self.card(5, column: .nurture, revisit: Self.now.addingTimeInterval(-60))))
        #expect(!(try Self.matches("is:due", Self.card(6, column: .nurture, revisit: Self.now.addingTimeInterval(60)))))
        #expect(try Self.matches("owner:MAYA ae:alex", breach) && !(try Self.matches("owner:may", breach)))
        #expect(try Self.matches("acme corp", breach) && !(try Self.matches("acme inc", breach)))
        #expect(try Self.matches("L-1", breach))
        #expect(try Self.matches("is:rebook or is:breach", breach) && !(try Self.matches("is:rebook and is:breach", breach)))
        #expect(try Self.matches("source:web", breach, source: "Webinar") && !(try Self.matches("source:web", breach)))
        #expect(try Self.matches("reason:no_authority", breach, reasons: ["no_authority", "no_need"]))
        #expect(!(try Self.matches("reason:no_authority", breach, reasons: ["no_need"])))
        // The thresholds are the caller's (config.toml's [report]).
        let tight = Thresholds(slaHours: 12, agingDays: AgingThresholds(handedOff: 0))
        #expect(try FilterQuery.parse("is:breach is:aging").matches(fresh, now: Self.now, thresholds: tight))
    }

    @Test func plainText() {
        #expect(FilterQuery.isPlainText("acme corp"))
        #expect(FilterQuery.isPlainText(" a c"))
        #expect(!FilterQuery.isPlainText("is:breach"))
        #expect(!FilterQuery.isPlainText("acme or globex"))
        #expect(!FilterQuery.isPlainText("\"acme"))
    }
}
