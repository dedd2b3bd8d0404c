import Foundation
import HandoffCore
@testable import HandoffPostgres
import HandoffStore
import PostgresTestSupport
import Testing

/// The server's half of issue 16's new event types (migration v6): a client that skips the
/// rules and sends a `reassigned` or `away` event straight to `handoff_append` is held to
/// who may append it, in the same terms the client's rules use.
@Suite("PostgreSQL: who may reassign a meeting or mark someone away (server check)",
       .enabled(if: TestCluster.isWanted))
struct PostgresReassignServerTests {
    /// A team store that is not personal: lee (the owner's login), and the logins of sam
    /// (SDR), alex and ava (AEs). sam has booked L-1 with alex.
    final class Board: Sendable {
        let cluster: TestCluster
        let database: String
        let logins: [String: String]
        let lead: PostgresStore
        let stores: [String: PostgresStore]

        init() throws {
            cluster = try TestCluster.shared()
            let (database, url) = try cluster.newDatabase()
            self.database = database
            lead = try PostgresStore(url, now: .fixed(storeStart), calendar: storeCalendar)
            try lead.initialize(lead: "lee", founding: Founding(account: try lead.account(), personal: false))
            let suffix = UUID().uuidString.prefix(6).lowercased()
            var logins: [String: String] = [:]
            var stores: [String: PostgresStore] = [:]
            for (name, role) in [("sam", Role.sdr), ("alex", .ae), ("ava", .ae)] {
                let login = "\(name)_\(suffix)"
                logins[name] = login
                try lead.execute(.addMember(Member(name: name, role: role, login: login)), as: "lee")
                try cluster.role(login, password: "pw-\(login)")
                try cluster.script(try PostgresGrants.script(login: login, database: database), database: database)
                stores[name] = try PostgresStore("postgres://\(login):pw-\(login)@\(cluster.host):\(cluster.port)/\(database)",
                                                 now: .fixed(storeStart), calendar: storeCalendar)
            }
            self.logins = logins
            self.stores = stores
            let sam = try #require(stores["sam"])
            try sam.execute(.addLead(LeadFields(company: "Acme", contact: "Ann"), owner: nil), as: "sam")
            try sam.execute(.score(qualifyingScores), on: LeadID(1), as: "sam")
            try sam.execute(.book(ae: "alex", at: moment(2026, 3, 3, 11), agenda: "Close pain"), on: LeadID(1), as: "sam")
        }

        func store(_ name: String) throws -> PostgresStore { try #require(stores[name]) }

        func remove() {
            for login in logins.values { cluster.dropRole(login, database: database) }
            cluster.dropDatabase(database)
        }

        /// What a team lead's rules make of `command` on L-1, then sent by `actor`'s login
        /// as `actor`, straight to the server with the lead's row: no client rule in the way.
        func forge(_ command: Command, as actor: String, tamper: (inout Event) -> Void = { _ in }) throws {
            let current = try #require(try lead.lead(LeadID(1)))
            let team = try lead.team()
            let context = RuleContext(definition: team.definition, roster: team.members, now: storeStart, calendar: storeCalendar)
            var event = try Rules.decide(command, lead: current, actor: "lee", context: context)
            event.actor = actor
            tamper(&event)
            let next = try #require(Projection.apply(event, to: current))
            try store(actor).write { session in
                let writer = PostgresSession(session)
                try writer.insert(&event, payload: nil)
                try writer.save(next, state: nil)
            }
        }

        /// The server's refusal of a forged event, as the client translates it.
        func refusal(_ command: Command, as actor: String, tamper: (inout Event) -> Void = { _ in }) -> String {
            let before = (try? lead.lastSequence()) ?? -1
            do {
                try forge(command, as: actor, tamper: tamper)
                return "appended"
            } catch {
                if (try? lead.lastSequence()) != before { return "appended, then \(error)" }
                return "\(error)"
            }
        }
    }

    @Test func anSDRAndAnAEWhoseMeetingItIsNotAreRefusedByTheServerAsByTheRules() throws {
        let team = try Board()
        defer { team.remove() }
        let move = Command.reassignMeeting(ae: "ava", note: nil)
        // The client's rules refuse both, with their sentence.
        #expect(throws: RuleError.notPermitted("cannot reassign the meeting of L-1: only the meeting's AE (alex) or a team lead may")) {
            try team.store("sam").execute(move, on: LeadID(1), as: "sam")
        }
        #expect(throws: RuleError.notPermitted("cannot reassign the meeting of L-1: only the meeting's AE (alex) or a team lead may")) {
            try team.store("ava").execute(move, on: LeadID(1), as: "ava")
        }
        // The server refuses both when the client is bypassed.
        let sdr = team.refusal(move, as: "sam")
        #expect(sdr.contains(#"sam is an SDR and may not append "reassigned" on L-1"#), "\(sdr)")
        let other = team.refusal(move, as: "ava")
        #expect(other.contains("L-1's meeting is with alex: ava may not append reassigned on it"), "\(other)")
        // The meeting's AE may not take the booking (the SDR's credit) with it, nor give it to its booker.
        let booking = team.refusal(move, as: "alex") { $0.payload.meeting?.bookedBy = "alex" }
        #expect(booking.contains("(reassigned) on L-1 must keep the meeting's booking by sam"), "\(booking)")
        let booker = team.refusal(move, as: "alex") { $0.payload.meeting?.ae = "sam" }
        #expect(booker.contains("L-1's meeting cannot go to sam, who booked it"), "\(booker)")
        #expect(try team.lead.lead(LeadID(1))?.meeting?.ae == "alex")

        // alex hands it to ava through the rules; the server takes it, and alex's hold ends there.
        let moved = try team.store("alex").execute(move, on: LeadID(1), as: "alex")
        #expect(moved.event.type == .reassigned && moved.lead?.meeting?.ae == "ava")
        #expect(try team.lead.lead(LeadID(1))?.meeting?.ae == "ava")
        let back = team.refusal(.reassignMeeting(ae: "alex", note: nil), as: "alex")
        #expect(back.contains("L-1's meeting is with ava: alex may not append reassigned on it"), "\(back)")
        // alex may still undo his own change; ava's meeting goes back to alex.
        try team.store("alex").undo(LeadID(1), as: "alex", expecting: nil)
        #expect(try team.lead.lead(LeadID(1))?.meeting?.ae == "alex")
        #expect(try team.lead.doctor().problems == [])
    }

    @Test func awayIsForATeamLeadOrTheMemberThemselves() throws {
        let team = try Board()
        defer { team.remove() }
        func away(_ member: String, as actor: String) -> String {
            let before = (try? team.lead.lastSequence()) ?? -1
            do {
                try team.store(actor).write { session in
                    var event = Event(at: storeStart, actor: actor, lead: nil, type: .away, from: nil, to: nil,
                                      payload: EventPayload(away: Away(member: member, from: "2026-12-22", to: "2027-01-02")))
                    try PostgresSession(session).insert(&event, payload: nil)
                }
                return (try? team.lead.lastSequence()) == before + 1 ? "appended" : "not appended"
            } catch {
                return "\(error)"
            }
        }
        let other = away("ava", as: "sam")
        #expect(other.contains("sam is an SDR: only a team lead or ava themselves says when ava is away"), "\(other)")
        #expect(away("ava", as: "ava") == "appended")
        let count = try team.lead.lastSequence()
        try team.lead.write { session in
            var event = Event(at: storeStart, actor: "lee", lead: nil, type: .away, from: nil, to: nil,
                              payload: EventPayload(away: Away(member: "alex", from: "2026-12-22", to: "2026-12-23")))
            try PostgresSession(session).insert(&event, payload: nil)
        }
        #expect(try team.lead.lastSequence() == count + 1)
    }
}
