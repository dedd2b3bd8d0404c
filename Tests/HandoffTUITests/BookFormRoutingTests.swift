import Foundation
import HandoffCore
import Testing
@testable import HandoffTUI

/// The book form with the rotation's proposal (issue 16 item 1).
@Suite("book form: the rotation's proposal")
struct BookFormRoutingTests {
    let team = Team(members: [Member(name: "lee", role: .lead), Member(name: "sam", role: .sdr),
                              Member(name: "alex", role: .ae), Member(name: "ava", role: .ae)])
    var lead: Lead { Lead(id: LeadID(7), fields: LeadFields(company: "Acme", contact: "Pat"), owner: "sam", at: .distantPast, actor: "sam") }

    func proposal(_ ae: String?, _ mode: RoutingSettings.Mode, _ reason: String) -> RoutingProposal {
        RoutingProposal(ae: ae, reason: reason, mode: mode, standings: [])
    }

    @Test("flexible: the proposal is selected, the reason shown, the others still offered")
    func flexible() throws {
        let form = Forms.book(lead, team: team, proposal: proposal("ava", .flexible, "ava — 0 this week, next in rotation"))
        #expect(form.intro == ["Rotation: ava — 0 this week, next in rotation"])
        let ae = try #require(form.field("ae"))
        #expect(ae.chosen == "ava")
        #expect(ae.options.map(\.value) == ["ava", "alex", "lee"])
        let command = try FormSubmission.command(for: Form(form, at: "2030-01-02 10:00"), now: .distantPast)
        let at = try DateInput.parse("2030-01-02 10:00", now: .distantPast).date
        #expect(command == .book(ae: "ava", at: at, agenda: "",
                                 route: BookingRoute(proposed: "ava", strict: false, reason: "ava — 0 this week, next in rotation")))
    }

    @Test("strict: only the proposal is offered; nobody available is said")
    func strictAndNobody() throws {
        let strict = Forms.book(lead, team: team, proposal: proposal("alex", .strict, "alex — 2 this week of 8, next in rotation"))
        #expect(strict.intro == ["Rotation (strict): alex — 2 this week of 8, next in rotation"])
        #expect(strict.field("ae")?.options.map(\.value) == ["alex"])
        let nobody = Forms.book(lead, team: team, proposal: proposal(nil, .flexible, "nobody available: alex at cap (8 of 8); ava at cap (8 of 8)"))
        #expect(nobody.intro == ["Rotation: nobody available: alex at cap (8 of 8); ava at cap (8 of 8) — pick an AE yourself"])
        #expect(nobody.route?.proposed == nil)
        #expect(Forms.book(lead, team: team).intro.isEmpty, "without a proposal the form is as before")
    }
}

private extension Form {
    /// The form with its time typed in.
    init(_ form: Form, at time: String) {
        self = form
        if let index = fields.firstIndex(where: { $0.id == "at" }) { fields[index].text = time }
    }
}
