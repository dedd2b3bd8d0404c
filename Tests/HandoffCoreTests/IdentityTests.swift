import Foundation
import Testing
@testable import HandoffCore

/// One row of the identity table: an account, whom it asks to be, on which store, and what
/// `Identity.decide` must answer.
struct IdentityCase: Sendable, CustomTestStringConvertible {
    enum Expect: Sendable, Equatable {
        case acting(String, personal: Bool)
        case readOnly(String)
        case refused(saying: String)
    }

    let account: String
    let requested: String?
    let founding: Founding?
    let expect: Expect

    var testDescription: String {
        let store = founding.map { $0.personal ? "\($0.account)'s personal store" : "a team store" } ?? "an old store"
        return "\(account) asking for \(requested ?? "nobody") on \(store)"
    }
}

/// lee (login lchan) leads; maya (login mchen) is an SDR; alex (login alex) is an AE.
private let team = Team(members: [
    Member(name: "lee", role: .lead, login: "lchan"),
    Member(name: "maya", role: .sdr, login: "mchen"),
    Member(name: "alex", role: .ae),
])
private let shared = Founding(account: "lchan", personal: false)
private let personal = Founding(account: "trainer", personal: true)

private let identityCases: [IdentityCase] = [
    // Not asking: the account's own member, else read-only.
    IdentityCase(account: "mchen", requested: nil, founding: shared, expect: .acting("maya", personal: false)),
    IdentityCase(account: "mchen", requested: "", founding: shared, expect: .acting("maya", personal: false)),
    IdentityCase(account: "alex", requested: nil, founding: nil, expect: .acting("alex", personal: false)),
    IdentityCase(account: "bob", requested: nil, founding: shared,
                 expect: .readOnly("you are logged in as bob, who is on no member's login")),
    // The login is what counts, not the name: an account spelled like a member's name is not them.
    IdentityCase(account: "maya", requested: nil, founding: shared,
                 expect: .readOnly("you are logged in as maya, who is on no member's login")),
    IdentityCase(account: "maya", requested: "maya", founding: shared,
                 expect: .refused(saying: "you are logged in as maya, who is on no member's login; you cannot act as maya")),
    // Asking for yourself is fine, with the name trimmed as typed.
    IdentityCase(account: "mchen", requested: "maya", founding: shared, expect: .acting("maya", personal: false)),
    IdentityCase(account: "mchen", requested: " maya ", founding: shared, expect: .acting("maya", personal: false)),
    // …and in any case: names are unique regardless of case, and the roster's spelling is recorded.
    IdentityCase(account: "mchen", requested: "Maya", founding: shared, expect: .acting("maya", personal: false)),
    IdentityCase(account: "trainer", requested: "ALEX", founding: personal, expect: .acting("alex", personal: true)),
    IdentityCase(account: "mchen", requested: "Lee", founding: shared,
                 expect: .refused(saying: "you are logged in as mchen (maya); you cannot act as Lee")),
    // Asking for anyone else is refused, saying who you are and whom you asked for.
    IdentityCase(account: "mchen", requested: "lee", founding: shared,
                 expect: .refused(saying: "you are logged in as mchen (maya); you cannot act as lee")),
    IdentityCase(account: "mchen", requested: "zed", founding: shared,
                 expect: .refused(saying: "you are logged in as mchen (maya); you cannot act as zed")),
    IdentityCase(account: "bob", requested: "alex", founding: shared,
                 expect: .refused(saying: "you are logged in as bob, who is on no member's login; you cannot act as alex")),
    // The team store's founder is its lead, and no more than that.
    IdentityCase(account: "lchan", requested: "maya", founding: shared,
                 expect: .refused(saying: "you are logged in as lchan (lee); you cannot act as maya")),
    // A personal store: its creator may be anyone on the roster…
    IdentityCase(account: "trainer", requested: "maya", founding: personal, expect: .acting("maya", personal: true)),
    IdentityCase(account: "trainer", requested: "alex", founding: personal, expect: .acting("alex", personal: true)),
    IdentityCase(account: "trainer", requested: nil, founding: personal, expect: .acting("lee", personal: true)),
    IdentityCase(account: "trainer", requested: "zed", founding: personal, expect: .readOnly("zed is not on the team roster")),
    // …and nobody else gains from it.
    IdentityCase(account: "mchen", requested: "lee", founding: personal,
                 expect: .refused(saying: "you are logged in as mchen (maya); you cannot act as lee")),
    IdentityCase(account: "mchen", requested: nil, founding: personal, expect: .acting("maya", personal: false)),
    IdentityCase(account: "bob", requested: "lee", founding: personal,
                 expect: .refused(saying: "you are logged in as bob, who is on no member's login; you cannot act as lee")),
    // A store that is not personal is not made personal by its founder's account.
    IdentityCase(account: "trainer", requested: "maya", founding: Founding(account: "trainer", personal: false),
                 expect: .refused(saying: "you are logged in as trainer, who is on no member's login; you cannot act as maya")),
]

struct IdentityTests {
    @Test(arguments: identityCases)
    func decides(_ row: IdentityCase) {
        let decision = Identity.decide(account: row.account, requested: row.requested, team: team, founding: row.founding)
        switch (decision, row.expect) {
        case (.acting(let member, let account, let personal), .acting(let name, let expectPersonal)):
            #expect(member.name == name)
            #expect(account == row.account)
            #expect(personal == expectPersonal)
        case (.readOnly(_, let reason), .readOnly(let prefix)):
            #expect(reason.hasPrefix(prefix), "\(reason)")
            #expect(decision.member == nil)
        case (.refused(let message), .refused(let text)):
            #expect(message.hasPrefix(text), "\(message)")
        default:
            Issue.record("expected \(row.expect), got \(decision)")
        }
    }

    @Test func readOnlyTellsTheAccountHowToJoin() {
        let decision = Identity.decide(account: "bob", requested: nil, team: team, founding: shared)
        guard case .readOnly(let viewer, let reason) = decision else {
            Issue.record("expected read-only, got \(decision)")
            return
        }
        #expect(viewer == "bob")
        #expect(reason.contains("handoff team add NAME --role sdr|ae|lead --login bob"))
    }

    @Test func aPersonalStoreWithoutTheCreatorOnTheRosterStillHasALeadToActAs() {
        let roster = Team(members: [Member(name: "maya", role: .sdr), Member(name: "lin", role: .lead)])
        let decision = Identity.decide(account: "trainer", requested: nil, team: roster, founding: personal)
        #expect(decision.member?.name == "lin")
    }
}
