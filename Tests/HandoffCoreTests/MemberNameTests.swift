import Foundation
import Testing
@testable import HandoffCore

/// Names as people read them (issue 12 part 3): NFC, trimmed of every whitespace, unique
/// regardless of case, no confusable look-alikes (UTS #39 skeleton), no hidden characters.
@Suite("Member names")
struct MemberNameTests {
    @Test func theConfusableSkeletonFollowsUTS39() {
        // Cyrillic а (U+0430), е (U+0435), о (U+043E), р (U+0440); Greek Α (U+0391), ο (U+03BF).
        #expect(Confusables.skeleton("m\u{0430}ya") == Confusables.skeleton("maya"))
        #expect(Confusables.skeleton("\u{0440}\u{0430}ypal") == Confusables.skeleton("paypal"))
        #expect(Confusables.skeleton("le\u{0435}") == Confusables.skeleton("lee"))
        #expect(Confusables.skeleton("\u{0391}lex") == Confusables.skeleton("Alex"))
        #expect(Confusables.skeleton("the\u{03BF}") == Confusables.skeleton("theo"))
        #expect(Confusables.skeleton("rn") == Confusables.skeleton("m"), "confusables.txt maps m to r n")
        #expect(Confusables.skeleton("maya") != Confusables.skeleton("mary"))
        #expect(Confusables.skeleton("theo") != Confusables.skeleton("thea"))
        #expect(Confusables.table.count > 6000, "the whole of confusables.txt")
    }

    @Test func namesAreNFCAndTrimmedOfEveryWhitespace() throws {
        #expect(try MemberName.validated("Zo\u{0065}\u{0308}") == "Zo\u{00EB}")
        #expect(try MemberName.validated("Zo\u{0065}\u{0308}").unicodeScalars.count == 3)
        for padded in ["lee\u{00A0}", "\u{2003}lee", "lee\u{3000}", "\tlee\n", "\u{202F}lee\u{205F}"] {
            #expect(try MemberName.validated(padded) == "lee", "\(padded.unicodeScalars.map { $0.value })")
        }
    }

    @Test("control, format and bidi characters are refused", arguments: [
        "ma\u{0007}ya", "ma\u{200B}ya", "\u{202E}ayam", "maya\u{2066}", "ma\u{200D}ya", "\u{FEFF}maya", "ma\u{00AD}ya", "ma\u{E000}ya",
    ])
    func hiddenCharactersAreRefused(_ name: String) throws {
        let error = #expect(throws: RuleError.self) { try MemberName.validated(name) }
        #expect(error?.kind == .invalid)
        #expect(error?.description.contains("may not contain control, format or bidi characters") == true, "\(String(describing: error))")
        #expect(error?.description.unicodeScalars.contains { $0.properties.generalCategory == .format || $0.value < 0x20 } == false,
                "the message itself is safe to print")
    }

    @Test func spacesCommasAndLengthAreRefused() {
        for name in ["", " ", "mary ann", "a,b", "mary\u{00A0}ann", String(repeating: "a", count: 41)] {
            let error = #expect(throws: RuleError.self) { try MemberName.validated(name) }
            #expect(error?.kind == .invalid, "'\(name)'")
        }
    }

    @Test("a name that looks like a member's is refused", arguments: [
        ("m\u{0430}ya", "maya"), ("Maya", "maya"), ("MAYA", "maya"), ("M\u{0410}YA", "maya"), ("the\u{03BF}", "theo"),
        ("Le\u{0435}", "lee"),
    ])
    func lookalikesAreRefused(_ name: String, _ existing: String) throws {
        var board = try Fixture()
        try board.run(.addMember(Member(name: "maya", role: .sdr)), as: "lee")
        try board.run(.addMember(Member(name: "theo", role: .sdr)), as: "lee")
        let error = #expect(throws: RuleError.self) { try board.decide(.addMember(Member(name: name, role: .ae)), as: "lee") }
        #expect(error?.kind == .refused)
        let sameLetters = name.lowercased() == existing
        let expected = sameLetters ? "is already on the team, written \(existing): names are unique regardless of case"
                                   : "looks like \(existing), who is already on the team"
        #expect(error?.description.contains(expected) == true, "\(String(describing: error))")
        #expect(board.team.members.count == Fixture.roster.count + 2)
    }

    @Test func distinctNamesAreWelcome() throws {
        var board = try Fixture()
        try board.run(.addMember(Member(name: "maya", role: .sdr)), as: "lee")
        for name in ["mary", "maja", "Zoë", "José", "Дмитрий", "李"] {
            try board.run(.addMember(Member(name: name, role: .sdr)), as: "lee")
        }
        #expect(board.team.member("Zoë")?.role == .sdr)
    }

    @Test func aMemberIsFoundByTheNameAsPeopleTypeIt() throws {
        let board = try Fixture()
        #expect(board.context.member("sam\u{00A0}")?.name == "sam")
        #expect(board.context.member("sam") != nil)
        #expect(board.context.member("Sam") == nil, "acting as someone stays exact")
    }
}
