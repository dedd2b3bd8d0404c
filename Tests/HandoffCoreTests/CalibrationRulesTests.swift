import Foundation
import Testing
@testable import HandoffCore

/// Blind calibration (issue 17 item 1): a team lead asks members to score a handoff against
/// the definition version it was booked under; each named member scores it once, blind.
/// Every refusal by the one rules path, the projection, undo, redo and the log's audit.
@Suite("Calibrating a handoff")
struct CalibrationRulesTests {
    static let id = LeadID(1)
    static let blindScores: [String: CriterionScore] = [
        "need": CriterionScore(status: .met, evidence: "Closes the books by hand, three days"),
        "authority": CriterionScore(status: .notMet),
    ]

    static func held() throws -> Fixture {
        var board = try Fixture()
        try board.stage(.held)
        return board
    }

    @Test func aTeamLeadStartsItAndEachParticipantScoresOnceWithoutMovingTheCard() throws {
        var board = try Self.held()
        let before = try #require(board.lead())
        let start = try board.run(.startCalibration(with: [" sue", "ava "]), on: Self.id, as: "lee")
        #expect(start.type == .calibrating)
        #expect(start.from == .handedOff && start.to == .handedOff)
        #expect(start.payload.calibration == CalibrationRequest(with: ["ava", "sue"], definitionVersion: 1))
        #expect(start.summary == "asked ava, sue to score the lead blind (definition v1)")
        let open = try #require(board.lead()?.calibration)
        #expect(open.pending == ["ava", "sue"] && open.isOpen && open.startedBy == "lee")
        #expect(board.lead()?.calibrationIsBlind(for: "ava") == true)
        #expect(board.lead()?.calibrationIsBlind(for: "sam") == false)
        #expect(board.lead()?.calibrationIsBlind(for: "lee") == false)

        let score = try board.run(.scoreCalibration(Self.blindScores), on: Self.id, as: "ava")
        #expect(score.type == .calibrated && score.from == .handedOff && score.to == .handedOff)
        let card = try #require(score.payload.scorecard)
        #expect(card.scoredBy == "ava" && card.definitionVersion == 1 && card.scoredAt == board.now)
        #expect(card.scores["need"] == CriterionScore(status: .met, evidence: "Closes the books by hand, three days"))
        #expect(board.lead()?.calibration?.progress == "ava ✓, sue …")
        #expect(board.lead()?.calibrationIsBlind(for: "ava") == false)
        try board.run(.scoreCalibration(["fit": CriterionScore(status: .unknown)]), on: Self.id, as: "sue")
        #expect(board.lead()?.calibration?.isOpen == false)

        // Neither moved the card, nor touched the SDR's scorecard, meeting or credit.
        let after = try #require(board.lead())
        #expect(after.column == before.column && after.columnSince == before.columnSince)
        #expect(after.scorecard == before.scorecard && after.meeting == before.meeting && after.credits == before.credits)
        #expect(LogAudit.violations(in: board.log, calendar: utc).isEmpty)
        let applied = Applied(event: start, lead: after)
        #expect(Describe.applied(applied, calendar: utc).hasPrefix("L-1 calibration started: ava, sue score it blind under definition v1"))
    }

    @Test func whoMayStartItAndWhomTheyMayName() throws {
        var board = try Self.held()
        let nine = ["a1", "a2", "a3", "a4", "a5", "a6", "a7", "a8", "a9"]
        let cases: [(String, [String], RuleError)] = [
            ("alex", ["ava"], .notPermitted("cannot calibrate L-1: alex is an AE, and only a team lead starts a calibration")),
            ("sam", ["ava"], .notPermitted("cannot calibrate L-1: sam is an SDR, and only a team lead starts a calibration")),
            ("lee", [], .invalid("cannot calibrate L-1: name who scores it blind (--with alex,theo)")),
            ("lee", nine, .invalid("cannot calibrate L-1: 9 names; a calibration takes at most 8")),
            ("lee", ["ava", " "], .invalid("cannot calibrate L-1: an empty name in the list")),
            ("lee", ["zed"], .notFound("cannot calibrate L-1: zed is not on the team")),
            ("lee", ["Ava"], .notFound("cannot calibrate L-1: Ava is not on the team (did you mean ava?)")),
            ("lee", ["\u{1B}[31mzed"], .notFound("cannot calibrate L-1: zed is not on the team")),
            ("lee", ["ava", " ava"], .invalid("cannot calibrate L-1: ava is named twice")),
            ("lee", ["sam"], .invalid("cannot calibrate L-1: sam is its SDR, whose scorecard the others are compared with; name someone else")),
            ("lee", [String(repeating: "x", count: 65)], .invalid("cannot calibrate L-1: the participant's name is longer than 64 characters (it has 65)")),
        ]
        for (actor, names, error) in cases {
            #expect(throws: error) { try board.decide(.startCalibration(with: names), on: Self.id, as: actor) }
        }
        // A team lead may name themselves; then one open calibration at a time.
        try board.run(.startCalibration(with: ["lee", "alex"]), on: Self.id, as: "lee")
        #expect(throws: RuleError.refused("cannot calibrate L-1: its calibration with alex, lee is still open (alex …, lee …); wait for their scores, or undo it")) {
            try board.decide(.startCalibration(with: ["ava"]), on: Self.id, as: "lee")
        }
        try board.run(.scoreCalibration(Self.blindScores), on: Self.id, as: "lee")
        try board.run(.scoreCalibration(Self.blindScores), on: Self.id, as: "alex")
        // Once everyone has scored, another may start.
        let again = try board.run(.startCalibration(with: ["ava"]), on: Self.id, as: "lee")
        #expect(again.payload.calibration?.with == ["ava"])
        #expect(board.lead()?.calibration?.scored == [])
    }

    /// Only a lead handed off now: from Handed off on; never one that was never booked,
    /// nor one back in the SDR queue.
    @Test(arguments: Stage.allCases)
    func onlyAHandoff(_ stage: Stage) throws {
        var board = try Fixture()
        try board.stage(stage)
        let result = Result { () throws(RuleError) in
            try board.decide(.startCalibration(with: ["ava"]), on: Self.id, as: "lee")
        }
        switch stage {
        case .new, .qualified:
            #expect(throws: RuleError.refused("cannot calibrate L-1: it was never handed off; a calibration scores a handoff against the definition it was booked under")) {
                try result.get()
            }
        case .rebook:
            #expect(throws: RuleError.refused("cannot calibrate L-1: it is in SDR queue and not handed off now; only a lead from Handed off on (Handed off, SAO, Nurture, Returned, Archived) can be calibrated")) {
                try result.get()
            }
        default:
            #expect(throws: Never.self) { try result.get() }
            #expect(Rules.check(.startCalibration, on: board.lead()?.facts, actor: "lee", context: board.context) == .allowed)
        }
    }

    @Test func aScorecardChangedAfterAMissedMeetingIsNotTheHandoffs() throws {
        var board = try Fixture()
        try board.stage(.rebook)
        try board.run(.score(["budget": CriterionScore(status: .notMet)]), on: Self.id, as: "sam")
        try board.run(.archive, on: Self.id, as: "sam")
        #expect(throws: RuleError.refused("cannot calibrate L-1: its scorecard is no longer the one it was handed off with (it was scored again after a missed meeting); calibrate it once it is handed off again")) {
            try board.decide(.startCalibration(with: ["ava"]), on: Self.id, as: "lee")
        }
    }

    @Test func whoMayScoreItAndWhatTheScoreMustHold() throws {
        var board = try Self.held()
        #expect(throws: RuleError.refused("cannot score the calibration of L-1: it is not being calibrated (a team lead starts one: `handoff calibrate start L-1 --with NAMES`)")) {
            try board.decide(.scoreCalibration(Self.blindScores), on: Self.id, as: "ava")
        }
        try board.run(.startCalibration(with: ["ava"]), on: Self.id, as: "lee")
        let huge = String(repeating: "é", count: FieldLimits.text + 1)
        let cases: [(String, [String: CriterionScore], RuleError)] = [
            ("alex", Self.blindScores, .notPermitted("cannot score the calibration of L-1: alex is not named in it (ava)")),
            ("lee", Self.blindScores, .notPermitted("cannot score the calibration of L-1: lee is not named in it (ava)")),
            ("ava", ["champion": CriterionScore(status: .met, evidence: "x")],
             .invalid("cannot score the calibration of L-1: 'champion' is not a criterion of the SQL definition v1 (need, fit, timeframe, authority, budget)")),
            ("ava", ["need": CriterionScore(status: .met, evidence: "  ")],
             .invalid("cannot score the calibration of L-1: 'need' is marked met but has no evidence; say what the prospect said or did")),
            ("ava", [:], .invalid("cannot score the calibration of L-1: no criteria given")),
            ("ava", ["need": CriterionScore(status: .met, evidence: huge)],
             .invalid("cannot score the calibration of L-1: the evidence for need is longer than 4000 characters (it has 4001)")),
            ("ava", ["need": CriterionScore(status: .met, evidence: "a\u{0}b")],
             .invalid("cannot score the calibration of L-1: the evidence for need contains a NUL byte (U+0000), which Handoff does not store")),
            ("ava", ["x\u{1B}]0;pwned\u{7}y": CriterionScore(status: .notMet)],
             .invalid("cannot score the calibration of L-1: 'xy' is not a criterion of the SQL definition v1 (need, fit, timeframe, authority, budget)")),
        ]
        for (actor, scores, error) in cases {
            #expect(throws: error) { try board.decide(.scoreCalibration(scores), on: Self.id, as: actor) }
        }
        // Escape sequences in evidence are kept as typed (the log is the record) and
        // neutralised wherever they are shown.
        let hostile = "said \u{1B}[2Jyes"
        let event = try board.run(.scoreCalibration(["need": CriterionScore(status: .met, evidence: hostile)]), on: Self.id, as: "ava")
        #expect(event.payload.scorecard?.scores["need"]?.evidence == hostile)
        #expect(!SafeText.sanitize(hostile).contains("\u{1B}"))
        #expect(throws: RuleError.refused("cannot score the calibration of L-1: ava has already scored it, and a second score is refused (undo yours first: `handoff undo L-1`)")) {
            try board.decide(.scoreCalibration(Self.blindScores), on: Self.id, as: "ava")
        }
    }

    /// The score is judged against the version the lead was handed off under, not the
    /// current one: the store gives that version to the rules.
    @Test func aScoreIsAgainstTheDefinitionVersionOfTheHandoff() throws {
        var board = try Self.held()
        let first = board.team.definition
        var criteria = first.criteria.filter { $0.key != "budget" }
        criteria.append(Criterion(key: "champion", label: "Champion", required: false, guidance: "Someone sells for us inside"))
        try board.run(.setDefinition(criteria), as: "lee")
        #expect(board.team.definition.version == 2)
        let start = try board.run(.startCalibration(with: ["ava"]), on: Self.id, as: "lee")
        #expect(start.payload.calibration?.definitionVersion == 1)

        let lead = try #require(board.lead())
        var context = board.context
        #expect(throws: RuleError.refused("cannot score the calibration of L-1: the SQL definition v1 it was handed off under is not in this store")) {
            try Rules.decide(.scoreCalibration(Self.blindScores), lead: lead, actor: "ava", context: context)
        }
        context.definitions = [1: first]
        #expect(throws: RuleError.invalid("cannot score the calibration of L-1: 'champion' is not a criterion of the SQL definition v1 (need, fit, timeframe, authority, budget)")) {
            try Rules.decide(.scoreCalibration(["champion": CriterionScore(status: .notMet)]), lead: lead, actor: "ava", context: context)
        }
        var event = try Rules.decide(.scoreCalibration(["budget": CriterionScore(status: .notMet)]), lead: lead, actor: "ava", context: context)
        #expect(event.payload.scorecard?.definitionVersion == 1)
        board.commit(&event)
        // The audit knows every version the log set.
        #expect(LogAudit.violations(in: board.log, calendar: utc).isEmpty)
    }

    @Test func undoTakesAScoreOrTheCalibrationBackAndRedoMakesItAgain() throws {
        var board = try Self.held()
        try board.run(.startCalibration(with: ["ava", "sue"]), on: Self.id, as: "lee")
        let score = try board.run(.scoreCalibration(Self.blindScores), on: Self.id, as: "ava")
        // Only ava (or a team lead) undoes ava's score.
        #expect(throws: RuleError.notPermitted("cannot undo on L-1: the last change was ava's; only they or a team lead may undo it")) {
            try board.undo(as: "sue")
        }
        let undo = try board.undo(as: "ava")
        #expect(undo.type == .undone && undo.payload.undoes == score.seq)
        #expect(board.lead()?.calibration?.scored == [])
        #expect(board.lead()?.calibrationIsBlind(for: "ava") == true)
        let lead = try #require(board.lead())
        var redo = try Redo.decide(redoing: undo, history: board.history(of: Self.id), lead: lead, actor: "ava", context: board.context)
        #expect(redo.type == .calibrated && redo.payload.scorecard?.scores == score.payload.scorecard?.scores)
        board.commit(&redo)
        #expect(board.lead()?.calibration?.scored == ["ava"])
        try board.undo(as: "ava")
        // With the score taken back, the team lead takes the calibration back.
        try board.undo(as: "lee")
        #expect(board.lead()?.calibration == nil)
        #expect(board.lead()?.column == .handedOff)
        #expect(throws: RuleError.refused("cannot score the calibration of L-1: it is not being calibrated (a team lead starts one: `handoff calibrate start L-1 --with NAMES`)")) {
            try board.decide(.scoreCalibration(Self.blindScores), on: Self.id, as: "ava")
        }
        #expect(LogAudit.violations(in: board.log, calendar: utc).isEmpty)
    }

    @Test func theAuditRefusesAScoreByAnotherNameOrVersion() throws {
        var board = try Self.held()
        try board.run(.startCalibration(with: ["ava"]), on: Self.id, as: "lee")
        try board.run(.scoreCalibration(Self.blindScores), on: Self.id, as: "ava")
        var log = board.log
        let last = log.count - 1
        log[last].payload.scorecard?.definitionVersion = 2
        #expect(LogAudit.violations(in: log, calendar: utc).first?.message.contains("the recorded scorecard differs") == true)
        log = board.log
        log[last].actor = "alex"
        #expect(LogAudit.violations(in: log, calendar: utc).first?.message == "cannot score the calibration of L-1: alex is not named in it (ava)")
        log = board.log
        log[last - 1].payload.calibration?.with = ["sam"]
        #expect(LogAudit.violations(in: log, calendar: utc).first?.message
            == "cannot calibrate L-1: sam is its SDR, whose scorecard the others are compared with; name someone else")
    }

    @Test func theBoardAsksTheSameGatesOnACardAndOnTheLead() throws {
        var board = try Self.held()
        let card = try #require(board.lead()?.card.facts)
        let context = board.context
        #expect(Rules.check(.startCalibration, on: card, actor: "lee", context: context) == .allowed)
        #expect(Rules.check(.startCalibration, on: card, actor: "alex", context: context).reason
            == "cannot calibrate L-1: alex is an AE, and only a team lead starts a calibration")
        try board.run(.startCalibration(with: ["ava"]), on: Self.id, as: "lee")
        let facts = try #require(board.lead()?.facts)
        #expect(Rules.check(.scoreCalibration, on: facts, actor: "ava", context: context) == .allowed)
        #expect(Rules.check(.scoreCalibration, on: facts, actor: "alex", context: context).reason
            == "cannot score the calibration of L-1: alex is not named in it (ava)")
        #expect(BulkAction.startCalibration(with: ["ava"]).kind == .startCalibration)
        #expect(BulkAction.startCalibration(with: ["ava"]).command(for: try #require(board.lead())) == .startCalibration(with: ["ava"]))
    }

    @Test func blindHidesTheSDRsScoresAndTheOtherParticipantsOnly() throws {
        var board = try Self.held()
        try board.run(.startCalibration(with: ["ava", "sue"]), on: Self.id, as: "lee")
        let sues = try board.run(.scoreCalibration(Self.blindScores), on: Self.id, as: "sue")
        let scored = try #require(board.log.first { $0.type == .scored })
        #expect(CalibrationBlind.hides(scored, from: "ava"))
        #expect(CalibrationBlind.hides(sues, from: "ava"))
        #expect(!CalibrationBlind.hides(sues, from: "sue"))
        #expect(board.lead()?.calibrationIsBlind(for: "sue") == false)
        #expect(board.lead()?.calibrationIsBlind(for: "ava") == true)
        #expect(board.lead()?.calibrationIsBlind(for: nil) == false)
    }
}
