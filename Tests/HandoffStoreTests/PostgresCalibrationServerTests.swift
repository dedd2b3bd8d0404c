import Foundation
import HandoffCore
@testable import HandoffPostgres
import HandoffStore
import PostgresTestSupport
import Testing

/// The server's half of calibration (migration v7): a client that skips the rules and sends
/// a `calibrating` or `calibrated` event straight to `handoff_append` is held to who may
/// append it: a team lead starts one, only a named participant scores, once, against the
/// calibration's definition version, and nothing moves the card.
@Suite("PostgreSQL: who may start and score a calibration (server check)", .enabled(if: TestCluster.isWanted))
struct PostgresCalibrationServerTests {
    typealias Board = PostgresReassignServerTests.Board

    /// Sends `event` by `actor`'s login straight to the server with a row for L-1: what the
    /// event makes of it, or the row as it was one version on (the check comes first).
    static func send(_ team: Board, _ event: Event, as actor: String) -> String {
        let before = (try? team.lead.lastSequence()) ?? -1
        do {
            let current = try #require(try team.lead.lead(LeadID(1)))
            var next = Projection.apply(event, to: current) ?? current
            next.version = current.version + 1
            var sent = event
            try (actor == "lee" ? team.lead : team.store(actor)).write { session in
                let writer = PostgresSession(session)
                try writer.insert(&sent, payload: nil)
                try writer.save(next, state: nil)
            }
            return (try? team.lead.lastSequence()) == before + 1 ? "appended" : "not appended"
        } catch {
            if (try? team.lead.lastSequence()) != before { return "appended, then \(error)" }
            return "\(error)"
        }
    }

    static func start(_ names: [String], by actor: String, version: Int = 1) -> Event {
        Event(at: storeStart, actor: actor, lead: LeadID(1), type: .calibrating, from: .handedOff, to: .handedOff,
              payload: EventPayload(calibration: CalibrationRequest(with: names, definitionVersion: version)))
    }

    static func score(by actor: String, version: Int = 1) -> Event {
        let card = Scorecard(definitionVersion: version, scores: ["need": CriterionScore(status: .notMet)],
                             scoredBy: actor, scoredAt: storeStart)
        return Event(at: storeStart, actor: actor, lead: LeadID(1), type: .calibrated, from: .handedOff, to: .handedOff,
                     payload: EventPayload(scorecard: card))
    }

    @Test func onlyATeamLeadStartsItAndOnlyANamedParticipantScoresItOnce() throws {
        let team = try Board()
        defer { team.remove() }
        // The meeting's AE may not start one: the rules say so, and so does the server.
        #expect(throws: RuleError.notPermitted("cannot calibrate L-1: alex is an AE, and only a team lead starts a calibration")) {
            try team.store("alex").execute(.startCalibration(with: ["ava"]), on: LeadID(1), as: "alex")
        }
        let forged = Self.send(team, Self.start(["ava"], by: "alex"), as: "alex")
        #expect(forged.contains("alex is an AE: only a team lead starts a calibration (L-1)"), "\(forged)")
        // A team lead may not name the SDR, nobody, an outsider, twice, nor another version.
        let cases: [(Event, String)] = [
            (Self.start(["sam"], by: "lee"), "must name members of the team, each once, and not its SDR sam"),
            (Self.start(["zed"], by: "lee"), "must name members of the team, each once, and not its SDR sam"),
            (Self.start(["ava", "ava"], by: "lee"), "must name members of the team, each once, and not its SDR sam"),
            (Self.start([], by: "lee"), "must name 1 to 8 members and a definition version"),
            (Self.start(["ava"], by: "lee", version: 9), "must score against definition v1, which it was handed off under"),
        ]
        for (event, message) in cases {
            let refused = Self.send(team, event, as: "lee")
            #expect(refused.contains(message), "\(event.payload.calibration.map { "\($0)" } ?? ""): \(refused)")
        }
        var moving = Self.start(["ava"], by: "lee")
        moving.to = .sao
        #expect(Self.send(team, moving, as: "lee").contains("may not move the card"))

        // Through the rules: lee starts it with ava; alex, not named, may not score.
        try team.lead.execute(.startCalibration(with: ["ava"]), on: LeadID(1), as: "lee")
        #expect(Self.send(team, Self.start(["alex"], by: "lee"), as: "lee").contains("L-1's calibration (event #"))
        let outsider = Self.send(team, Self.score(by: "alex"), as: "alex")
        #expect(outsider.contains("alex is not named in an open calibration of L-1 and may not score it"), "\(outsider)")
        let otherVersion = Self.send(team, Self.score(by: "ava", version: 2), as: "ava")
        #expect(otherVersion.contains("(calibrated) on L-1 must score against definition v1"), "\(otherVersion)")
        var someoneElse = Self.score(by: "ava")
        someoneElse.payload.scorecard?.scoredBy = "sam"
        #expect(Self.send(team, someoneElse, as: "ava").contains("records someone else as acting"))

        // ava, an AE whose meeting it is not, scores it (her role does not matter, her name does), once.
        let scored = try team.store("ava").execute(.scoreCalibration(["need": CriterionScore(status: .met, evidence: "Three days of close")]),
                                                   on: LeadID(1), as: "ava")
        #expect(scored.event.type == .calibrated && scored.lead?.calibration?.scored == ["ava"])
        let twice = Self.send(team, Self.score(by: "ava"), as: "ava")
        #expect(twice.contains("ava has already scored the calibration of L-1"), "\(twice)")
        // Her undo takes the score back; then she may score again.
        try team.store("ava").undo(LeadID(1), as: "ava", expecting: nil)
        #expect(try team.lead.lead(LeadID(1))?.calibration?.scored == [])
        #expect(Self.send(team, Self.score(by: "ava"), as: "ava") == "appended")
        #expect(try team.lead.lead(LeadID(1))?.column == .handedOff)
        #expect(try team.lead.doctor().problems == [])
    }
}
