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

    /// Wednesday 4 March 2026, 10:00 UTC: the form opens; alex is away Thursday and Friday.
    static let opened = Date(timeIntervalSince1970: 1_772_618_400)

    func awayTeam() -> Team {
        var team = team
        team.away = [Away(member: "alex", from: "2026-03-05", to: "2026-03-06")]
        return team
    }

    func opened(_ mode: RoutingSettings.Mode, team: Team) -> Form {
        var utc = Calendar(identifier: .gregorian)
        utc.timeZone = TimeZone(identifier: "UTC") ?? .current
        let proposal = Routing.propose(team: team, facts: [RoutingFact(seq: 1, at: Self.opened, type: .booked, ae: "ava")],
                                       meetingAt: nil, now: Self.opened, settings: RoutingSettings(mode: mode), calendar: utc)
        return Forms.book(lead, team: team, proposal: proposal)
    }

    @Test("a meeting on a day the proposed AE is away: the form proposes again for that day, and the next Enter books")
    func awayOnTheMeetingDayIsReplanned() throws {
        let team = awayTeam()
        let form = Form(opened(.flexible, team: team), at: "2026-03-06 15:00")
        #expect(form.field("ae")?.chosen == "alex", "on Wednesday alex is next")
        let replan = try #require(Forms.replanned(form, team: team, now: Self.opened))
        #expect(replan.stop)
        #expect(replan.form.error == "On 2026-03-06 the rotation proposes ava — 1 this week, next in rotation (alex away 2026-03-05 to 2026-03-06); Enter books")
        #expect(replan.form.field("ae")?.chosen == "ava")
        #expect(replan.form.intro == ["Rotation: ava — 1 this week, next in rotation (alex away 2026-03-05 to 2026-03-06)"])
        #expect(replan.form.field("at")?.text == "2026-03-06 15:00", "what was typed stays")
        #expect(Forms.replanned(replan.form, team: team, now: Self.opened) == nil, "ranked for that day already: Enter books")
        let command = try FormSubmission.command(for: replan.form, now: Self.opened)
        guard case .book(let ae, _, _, let route) = command else { Issue.record("not a booking: \(command)"); return }
        #expect(ae == "ava")
        #expect(route?.proposed == "ava")
        #expect(Forms.replanned(Form(opened(.flexible, team: team), at: "2026-03-04 16:00"), team: team, now: Self.opened) == nil,
                "a meeting on the day the form opened books at once")
    }

    @Test("an SDR who picked another AE keeps their pick; the booking counts against the meeting day's proposal")
    func anOverrideIsKept() throws {
        let team = awayTeam()
        var form = Form(opened(.flexible, team: team), at: "2026-03-06 15:00")
        let index = try #require(form.fields.firstIndex { $0.id == "ae" })
        form.fields[index].choice = try #require(form.fields[index].options.firstIndex { $0.value == "lee" })
        let replan = try #require(Forms.replanned(form, team: team, now: Self.opened))
        #expect(!replan.stop, "their choice is theirs: it books at once")
        #expect(replan.form.field("ae")?.chosen == "lee")
        #expect(replan.form.route?.proposed == "ava")
        #expect(replan.form.error == nil)
    }

    @Test("strict routing: the meeting day's proposal replaces the one offered; nobody available that day is said")
    func strictIsReplanned() throws {
        let team = awayTeam()
        let form = Form(opened(.strict, team: team), at: "2026-03-05 09:30")
        #expect(form.field("ae")?.options.map(\.value) == ["alex"])
        let replan = try #require(Forms.replanned(form, team: team, now: Self.opened))
        #expect(replan.stop)
        #expect(replan.form.field("ae")?.options.map(\.value) == ["ava"])
        #expect(replan.form.route == BookingRoute(proposed: "ava", strict: true,
                                                  reason: "ava — 1 this week, next in rotation (alex away 2026-03-05 to 2026-03-06)"))
        var everyone = team
        everyone.away.append(Away(member: "ava", from: "2026-03-05", to: "2026-03-05"))
        let nobody = try #require(Forms.replanned(Form(opened(.strict, team: everyone), at: "2026-03-05 09:30"), team: everyone, now: Self.opened))
        #expect(nobody.stop)
        #expect(nobody.form.error == "On 2026-03-05 nobody available: alex away 2026-03-05 to 2026-03-06; ava away 2026-03-05 to 2026-03-05 — no meeting can be booked that day")
    }
}

private extension Form {
    /// The form with its time typed in.
    init(_ form: Form, at time: String) {
        self = form
        if let index = fields.firstIndex(where: { $0.id == "at" }) { fields[index].text = time }
    }
}
