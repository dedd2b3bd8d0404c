import Foundation
import Testing
@testable import HandoffCore

/// Logins: the account each member signs in with, recorded on the member's event.
struct LoginTests {
    @Test func aLoginDefaultsToTheNameAndCanBeGiven() throws {
        var board = try Fixture()
        #expect(board.team.member("sam")?.login == "sam")
        try board.run(.addMember(Member(name: "maya", role: .sdr, login: " mchen ")), as: "lee")
        #expect(board.team.member("maya")?.login == "mchen")
        #expect(board.team.member(login: "mchen")?.name == "maya")
        #expect(board.team.member(login: "maya") == nil)
        #expect(board.log.last?.payload.member == Member(name: "maya", role: .sdr, login: "mchen"))
        #expect(board.log.last?.summary == "maya is on the team as SDR (login mchen)")
    }

    @Test func loginsAreUniqueOnTheTeamRegardlessOfCase() throws {
        var board = try Fixture()
        try board.run(.addMember(Member(name: "maya", role: .sdr, login: "mchen")), as: "lee")
        for login in ["mchen", "MChen", "sam"] {
            let error = #expect(throws: RuleError.self) {
                try board.decide(.addMember(Member(name: "nia", role: .sdr, login: login)), as: "lee")
            }
            #expect(error?.kind == .refused)
            #expect(error?.description.contains("is already") == true, "\(String(describing: error))")
        }
        // A new member whose default login (their name) is someone's login is told so.
        let taken = #expect(throws: RuleError.self) { try board.decide(.addMember(Member(name: "mchen", role: .ae)), as: "lee") }
        #expect(taken?.description.contains("the login mchen is already maya's") == true)
    }

    @Test(arguments: ["", "  ", "two words", "a,b", "tab\there", "bell\u{7}", "rtl\u{202E}x", "e\u{301}", String(repeating: "x", count: 64)])
    func badLoginsAreRefused(_ login: String) throws {
        let board = try Fixture()
        let error = #expect(throws: RuleError.self) {
            try board.decide(.addMember(Member(name: "nia", role: .sdr, login: login)), as: "lee")
        }
        #expect(error?.kind == .invalid)
        #expect(board.team.member("nia") == nil)
    }

    @Test func teamEditChangesTheLoginAndKeepsTheRole() throws {
        var board = try Fixture()
        try board.run(.editMember(name: "sam", role: nil, login: "sgupta"), as: "lee")
        #expect(board.team.member("sam") == Member(name: "sam", role: .sdr, login: "sgupta"))
        // Taken, unchanged, unknown, or not a team lead: refused, nothing changes.
        let taken = #expect(throws: RuleError.self) { try board.decide(.editMember(name: "sue", role: nil, login: "sgupta"), as: "lee") }
        #expect(taken?.kind == .refused)
        let same = #expect(throws: RuleError.self) { try board.decide(.editMember(name: "sam", role: nil, login: "sgupta"), as: "lee") }
        #expect(same?.description.contains("nothing to change") == true)
        let nothing = #expect(throws: RuleError.self) { try board.decide(.editMember(name: "sam", role: nil, login: nil), as: "lee") }
        #expect(nothing?.kind == .invalid)
        let missing = #expect(throws: RuleError.self) { try board.decide(.editMember(name: "zed", role: nil, login: "z"), as: "lee") }
        #expect(missing?.kind == .notFound)
        let sdr = #expect(throws: RuleError.self) { try board.decide(.editMember(name: "sue", role: nil, login: "sue2"), as: "sam") }
        #expect(sdr?.kind == .notPermitted)
        #expect(board.team.member("sue")?.login == "sue")
    }

    @Test func aRoleChangeKeepsTheirLogin() throws {
        var board = try Fixture()
        try board.run(.editMember(name: "sam", role: nil, login: "sgupta"), as: "lee")
        try board.run(.editMember(name: "sam", role: .ae, login: nil), as: "lee")
        #expect(board.team.member("sam")?.login == "sgupta")
    }

    @Test func theFoundingAccountIsTheFirstLeadsLoginUnlessTheStoreIsPersonal() throws {
        let shared = try Rules.foundTeam(lead: "lee", founding: Founding(account: "lchan", personal: false), now: Fixture.start)
        #expect(shared.payload.member?.login == "lchan")
        #expect(shared.payload.founding == Founding(account: "lchan", personal: false))
        let personal = try Rules.foundTeam(lead: "lee", founding: Founding(account: "trainer", personal: true), now: Fixture.start)
        #expect(personal.payload.member?.login == "lee")
        #expect(personal.payload.founding?.personal == true)
    }

    @Test func membersRecordedBeforeLoginsDecodeWithTheirNameAsLogin() throws {
        let old = #"{"name":"maya","role":"sdr"}"#
        let member = try JSONDecoder().decode(Member.self, from: Data(old.utf8))
        #expect(member == Member(name: "maya", role: .sdr, login: "maya"))
        let payload = try JSONDecoder().decode(EventPayload.self, from: Data(#"{"member":{"name":"lee","role":"lead"}}"#.utf8))
        #expect(payload.member?.login == "lee")
        #expect(payload.founding == nil)
        let roundTrip = try JSONDecoder().decode(Member.self, from: JSONEncoder().encode(Member(name: "maya", role: .sdr, login: "mchen")))
        #expect(roundTrip.login == "mchen")
    }
}
