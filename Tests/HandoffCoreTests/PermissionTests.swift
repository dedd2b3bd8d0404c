import Foundation
import Testing
@testable import HandoffCore

/// Who is asking, relative to lead L-1 (owned by sam, meeting with alex).
enum Who: String, CaseIterable, Sendable {
    case owningSDR = "sam"
    case otherSDR = "sue"
    case meetingAE = "alex"
    case otherAE = "ava"
    case teamLead = "lee"
    case stranger = "zed"
}

/// The commands of the permission matrix: each is tried on a lead in the stage where the
/// rightful person may do it, so the only thing that varies is who asks.
enum Ask: String, CaseIterable, Sendable {
    case addLead, edit, score, book, held, noShow, accept, nurture, returnLead
    case rework, reactivate, archive, dispute, resolve, restore, addMember, setDefinition

    var stage: Stage? {
        switch self {
        case .addLead, .addMember, .setDefinition: nil
        case .edit, .score: .new
        case .book: .qualified
        case .held, .noShow: .due
        case .accept, .nurture, .returnLead: .held
        case .rework, .archive, .dispute: .returned
        case .reactivate: .nurture
        case .resolve: .disputed
        case .restore: .archived
        }
    }

    var command: Command {
        switch self {
        case .addLead: .addLead(LeadFields(company: "Globex", contact: "Hank"), owner: nil)
        case .edit: Action.edit.command
        case .score: Action.score.command
        case .book: Action.book.command
        case .held: Action.held.command
        case .noShow: Action.noShow.command
        case .accept: Action.accept.command
        case .nurture: Action.nurture.command
        case .returnLead: Action.returnLead.command
        case .rework, .reactivate: .rework
        case .archive: .archive
        case .dispute: Action.dispute.command
        case .resolve: Action.uphold.command
        case .restore: .restore
        case .addMember: .addMember(Member(name: "nia", role: .sdr))
        case .setDefinition: .setDefinition(Array(Definition.standard.criteria.prefix(3)))
        }
    }
}

struct PermissionCase: Sendable, CustomTestStringConvertible {
    let ask: Ask
    let who: Who
    let allowed: Bool

    var testDescription: String { "\(who) (\(who.rawValue)) \(allowed ? "may" : "may not") \(ask.rawValue)" }
}

/// The permission matrix, one line per command: who may. Everyone else is not permitted.
let permissionTable: [Ask: Set<Who>] = [
    // An AE cannot add leads; any SDR and a lead can (a lead owns what they add).
    .addLead: [.owningSDR, .otherSDR, .teamLead],
    .edit: [.owningSDR, .teamLead],
    .score: [.owningSDR, .teamLead],
    // An AE cannot book, nor an SDR book someone else's lead.
    .book: [.owningSDR, .teamLead],
    // Meeting outcomes: the SDR or the AE (SPEC: "Handed off → Handed off | SDR or AE").
    .held: [.owningSDR, .meetingAE, .teamLead],
    .noShow: [.owningSDR, .meetingAE, .teamLead],
    // An SDR cannot disposition; only the meeting's AE or a lead.
    .accept: [.meetingAE, .teamLead],
    .nurture: [.meetingAE, .teamLead],
    .returnLead: [.meetingAE, .teamLead],
    .rework: [.owningSDR, .teamLead],
    .reactivate: [.owningSDR, .teamLead],
    .archive: [.owningSDR, .teamLead],
    .dispute: [.owningSDR, .teamLead],
    .resolve: [.teamLead],
    .restore: [.teamLead],
    .addMember: [.teamLead],
    .setDefinition: [.teamLead],
]

let permissionMatrix: [PermissionCase] = Ask.allCases.flatMap { ask in
    Who.allCases.map { who in PermissionCase(ask: ask, who: who, allowed: permissionTable[ask]?.contains(who) == true) }
}

extension Fixture {
    /// Stages lead L-1 where `ask` rightly applies; nil for commands without a lead.
    mutating func stage(for ask: Ask) throws(RuleError) -> LeadID? {
        guard let stage = ask.stage else { return nil }
        return try self.stage(stage)
    }
}

@Suite("Permissions: role × command")
struct PermissionTests {
    @Test("role × command", arguments: permissionMatrix)
    func matrix(_ testCase: PermissionCase) throws {
        var board = try Fixture()
        let id = try board.stage(for: testCase.ask)
        let before = board.log.count
        if testCase.allowed {
            let event = try board.run(testCase.ask.command, on: id, as: testCase.who.rawValue)
            #expect(event.actor == testCase.who.rawValue)
            #expect(board.log.count == before + 1)
        } else {
            let error = #expect(throws: RuleError.self) {
                try board.decide(testCase.ask.command, on: id, as: testCase.who.rawValue)
            }
            #expect(error?.kind == .notPermitted, "\(String(describing: error))")
            if let id, testCase.who != .stranger {
                #expect(error?.description.contains(id.description) == true, "the message names the lead: \(String(describing: error))")
            }
        }
    }

    @Test("every command has a row")
    func tableIsComplete() {
        #expect(Set(permissionTable.keys) == Set(Ask.allCases))
        #expect(permissionMatrix.count == Ask.allCases.count * Who.allCases.count)
    }

    @Test("a stranger can do nothing and is told the board is read-only", arguments: Ask.allCases)
    func strangerCanDoNothing(_ ask: Ask) throws {
        var board = try Fixture()
        let id = try board.stage(for: ask)
        let error = #expect(throws: RuleError.self) { try board.decide(ask.command, on: id, as: "zed") }
        #expect(error == .notPermitted("zed is not on the team roster: the board is read-only for you (a team lead can add you with `handoff team add zed --role sdr|ae|lead`)"))
    }

    @Test("a team lead may do everything", arguments: Ask.allCases)
    func teamLeadMayDoEverything(_ ask: Ask) throws {
        var board = try Fixture()
        let id = try board.stage(for: ask)
        try board.run(ask.command, on: id, as: "lee")
    }

    @Test func anSDRCannotDisposition() throws {
        var board = try Fixture()
        let id = try board.stage(.held)
        for ask in [Ask.accept, .nurture, .returnLead] {
            let error = #expect(throws: RuleError.self) { try board.decide(ask.command, on: id, as: "sam") }
            #expect(error == .notPermitted("cannot \(ask.command.verb) L-1: only the meeting's AE (alex) or a team lead may"))
        }
    }

    @Test func anAECannotBookOrAddLeads() throws {
        var board = try Fixture()
        let id = try board.stage(.qualified)
        let book = #expect(throws: RuleError.self) { try board.decide(Action.book.command, on: id, as: "alex") }
        #expect(book == .notPermitted("cannot book L-1: it belongs to sam; only its SDR or a team lead may"))
        let add = #expect(throws: RuleError.self) { try board.decide(Ask.addLead.command, as: "alex") }
        #expect(add == .notPermitted("alex is an AE: only SDRs and team leads add leads"))
    }

    @Test func anotherAECannotLogTheMeeting() throws {
        var board = try Fixture()
        let id = try board.stage(.due)
        let error = #expect(throws: RuleError.self) { try board.decide(Action.held.command, on: id, as: "ava") }
        #expect(error == .notPermitted("cannot log the meeting of L-1: only its SDR (sam), the meeting's AE (alex) or a team lead may"))
    }

    @Test func aDispositionOnALeadWithoutAMeetingSaysWhereTheLeadIs() throws {
        var board = try Fixture()
        let id = try board.stage(.qualified)
        let error = #expect(throws: RuleError.self) { try board.decide(Action.accept.command, on: id, as: "alex") }
        #expect(error == .refused("cannot accept L-1: it is in SDR queue; only leads in Handed off can be accepted"))
        let sdr = #expect(throws: RuleError.self) { try board.decide(Action.returnLead.command, on: id, as: "sam") }
        #expect(sdr?.kind == .refused, "where the lead is comes first, for everyone on the team")
    }

    @Test func anotherAEMayNotDisposition() throws {
        var board = try Fixture()
        let id = try board.stage(.held)
        for ask in [Ask.accept, .nurture, .returnLead] {
            let error = #expect(throws: RuleError.self) { try board.decide(ask.command, on: id, as: "ava") }
            #expect(error == .notPermitted("cannot \(ask.command.verb) L-1: only the meeting's AE (alex) or a team lead may"))
        }
    }

    @Test func teamAndDefinitionOnlyByALead() throws {
        var board = try Fixture()
        for name in ["sam", "alex"] {
            let team = #expect(throws: RuleError.self) { try board.decide(Ask.addMember.command, as: name) }
            #expect(team?.kind == .notPermitted)
            #expect(team?.description.contains("only a team lead manages the team") == true)
            let definition = #expect(throws: RuleError.self) { try board.decide(Ask.setDefinition.command, as: name) }
            #expect(definition?.description.contains("only a team lead edits the SQL definition") == true)
        }
        try board.run(Ask.addMember.command, as: "lee")
        #expect(board.team.member("nia")?.role == .sdr)
        // `team add` only adds; a role change is `team edit`, a new member event.
        let again = #expect(throws: RuleError.self) { try board.decide(Ask.addMember.command, as: "lee") }
        #expect(again == .refused("nia is already on the team as SDR; `team add` only adds new members (to change a role: `handoff team edit nia --role R`)"))
        try board.run(.editMember(name: "nia", role: .ae, login: nil), as: "lee")
        #expect(board.team.member("nia")?.role == .ae)
        #expect(board.team.members.count == Fixture.roster.count + 1)
    }

    @Test func memberNamesAreOneWord() throws {
        let board = try Fixture()
        for name in ["", "  ", "mary ann", "a,b", "tab\tname"] {
            let error = #expect(throws: RuleError.self) { try board.decide(.addMember(Member(name: name, role: .sdr)), as: "lee") }
            #expect(error?.kind == .invalid, "'\(name)'")
        }
    }

    @Test func theOnlyLeadCannotDemoteThemself() throws {
        var board = try Fixture()
        let error = #expect(throws: RuleError.self) { try board.decide(.editMember(name: "lee", role: .sdr, login: nil), as: "lee") }
        #expect(error == .refused("lee is the only team lead; add another lead before changing your own role"))
        try board.run(.addMember(Member(name: "lin", role: .lead)), as: "lee")
        try board.run(.editMember(name: "lee", role: .ae, login: nil), as: "lee")
        #expect(board.team.member("lee")?.role == .ae)
    }

    @Test(arguments: [(Role.sdr, true, false, false), (.ae, false, true, false), (.lead, true, true, true)])
    func roleAbilities(_ role: Role, _ queue: Bool, _ meetings: Bool, _ lead: Bool) {
        let member = Member(name: "m", role: role)
        #expect(member.canWorkQueue == queue)
        #expect(member.canTakeMeetings == meetings)
        #expect(member.isLead == lead)
    }
}
