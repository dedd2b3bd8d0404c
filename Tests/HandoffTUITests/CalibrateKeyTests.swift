import Foundation
import Testing
@testable import HandoffCore
@testable import HandoffTUI

/// `c` without a store: a team lead's start form, a participant's blind score form, the
/// card detail and brief hidden from a participant, and the rules' refusal for anyone else.
@Suite("c: calibrate a handoff blind")
struct CalibrateKeyTests {
    static let now = Date(timeIntervalSince1970: 1_795_000_000)
    static let team = Team(members: [Member(name: "lee", role: .lead), Member(name: "sam", role: .sdr),
                                     Member(name: "alex", role: .ae), Member(name: "ava", role: .ae)])
    static let evidence = "Closes the books by hand"

    /// sam's L-1…L-3, scored and handed off to alex; `calibrating` names who scores L-1.
    static func lead(_ number: Int, calibrating: [String]? = nil) -> Lead {
        var lead = Lead(id: LeadID(number), fields: LeadFields(company: "Company \(number)", contact: "Pat"), owner: "sam",
                        at: now.addingTimeInterval(-86_400 * 3), actor: "sam")
        lead.scorecard = Scorecard(definitionVersion: 1, scores: ["need": CriterionScore(status: .met, evidence: evidence)],
                                   scoredBy: "sam", scoredAt: now.addingTimeInterval(-86_400 * 2))
        lead.column = .handedOff
        lead.handoffs = 1
        lead.version = 3
        lead.meeting = Meeting(ae: "alex", at: now.addingTimeInterval(3600), agenda: "Pain", bookedBy: "sam",
                               bookedAt: now.addingTimeInterval(-86_400))
        if let calibrating {
            lead.calibration = LeadCalibration(with: calibrating, definitionVersion: 1, startedBy: "lee", startedAt: now)
        }
        return lead
    }

    static func state(as me: String) -> AppState {
        var state = AppState(me: me, team: team, cards: (1...3).map { lead($0).card }, location: "/tmp/b.sqlite", now: now,
                             width: 120, height: 40)
        state.focus = Column.board.firstIndex(of: .handedOff) ?? 1
        Update.keepSelectionVisible(&state)
        return state
    }

    @discardableResult
    static func press(_ state: inout AppState, _ keys: Key...) -> [Effect] {
        keys.flatMap { Update.update(&state, .input(.key($0))) }
    }

    @Test func aTeamLeadTicksWhoScoresItAndEnterStartsIt() throws {
        var state = Self.state(as: "lee")
        let card = try #require(state.selectedCard)
        #expect(Self.press(&state, .char("c")) == [.loadLead(card.id, for: .calibrate)])
        _ = Update.update(&state, .calibrationLoaded(Self.lead(card.id.number), nil))
        guard case .form(let form) = state.mode, form.purpose == .calibrationStart([card.id]) else {
            Issue.record("no start form: \(state.mode) \(String(describing: state.status))")
            return
        }
        guard case .multi(let choices) = form.field("with")?.kind else {
            Issue.record("no pick list")
            return
        }
        // Everyone but the card's SDR, AEs first.
        #expect(choices.map(\.value) == ["alex", "ava", "lee"])
        #expect(Self.press(&state, .enter).isEmpty)
        guard case .form(let refused) = state.mode else { return }
        #expect(refused.error == "tick who scores it blind (Space ticks)")
        Self.press(&state, .right, .char(" "))
        #expect(Self.press(&state, .enter) == [.execute(.startCalibration(with: ["ava"]), lead: card.id, version: card.version)])
    }

    @Test func withMarksTheSameTeammatesScoreEveryMarkedCard() {
        var state = Self.state(as: "lee")
        Self.press(&state, .char(" "), .down, .char(" "))
        let ids = state.markedIDs
        Self.press(&state, .char("c"))
        guard case .form(let form) = state.mode, form.purpose == .calibrationStart(ids) else {
            Issue.record("no start form: \(state.mode)")
            return
        }
        #expect(BoardView.render(state).text.contains("Calibrate 2 marked cards: who scores it blind"))
        Self.press(&state, .char(" "), .right, .char(" "))
        #expect(Self.press(&state, .enter) == [.bulk(.startCalibration(with: ["alex", "ava"]), leads: ids)])
        // An SDR may not: the rules' sentence, on every marked card.
        var sdr = Self.state(as: "sam")
        Self.press(&sdr, .char(" "), .down, .char(" "))
        #expect(Self.press(&sdr, .char("c")).isEmpty)
        #expect(sdr.status?.text == "none of the 2 marked cards: cannot calibrate L-1: sam is an SDR, and only a team lead starts a calibration"
                || sdr.status?.text.hasPrefix("none of the 2 marked cards: cannot calibrate L-") == true, "\(String(describing: sdr.status))")
    }

    @Test func aParticipantGetsABlankBlindScoreFormAndNoScorecardAnywhere() throws {
        var state = Self.state(as: "ava")
        let lead = Self.lead(1, calibrating: ["alex", "ava"])
        state.board.update([lead.card], now: Self.now)
        _ = Update.update(&state, .calibrationLoaded(lead, nil))
        guard case .form(let form) = state.mode, form.purpose == .calibrationScore else {
            Issue.record("no score form: \(state.mode) \(String(describing: state.status))")
            return
        }
        #expect(form.field("need.evidence")?.text == "", "the SDR's evidence is not filled in")
        let screen = BoardView.render(state).text
        #expect(screen.contains("The SDR's scorecard is hidden until you submit your calibration score."), "\(screen)")
        #expect(!screen.contains(Self.evidence))
        // need: unknown → met, with evidence.
        Self.press(&state, .right, .tab)
        for character in "Said so" { Self.press(&state, .char(character)) }
        let effects = Self.press(&state, .enter)
        guard case .execute(.scoreCalibration(let scores), let id, let version)? = effects.first else {
            Issue.record("not a calibration score: \(effects)")
            return
        }
        #expect(id == LeadID(1) && version == lead.version)
        #expect(scores["need"] == CriterionScore(status: .met, evidence: "Said so"))

        // The card detail and the brief hide the SDR's scorecard from ava, not from the others.
        let detail = DetailView.lines(lead, timeline: [], state: state, width: 100).map { $0.spans.map(\.0).joined() }.joined(separator: "\n")
        #expect(detail.contains("Scorecard — hidden until you submit your calibration score") && !detail.contains(Self.evidence), "\(detail)")
        #expect(detail.contains("Calibrating") && detail.contains("alex …, ava … (definition v1)"), "\(detail)")
        let brief = Update.briefEffect(&state, lead, [])
        guard case .copyToClipboard(let text, _) = brief else { return }
        #expect(text.contains("hidden until you submit your calibration score") && !text.contains(Self.evidence))
        let lee = Self.state(as: "lee")
        let shown = DetailView.lines(lead, timeline: [], state: lee, width: 100).map { $0.spans.map(\.0).joined() }.joined(separator: "\n")
        #expect(shown.contains(Self.evidence) && !shown.contains("hidden until"), "\(shown)")
    }

    @Test func someoneNotNamedIsToldWhy() {
        var state = Self.state(as: "alex")
        _ = Update.update(&state, .calibrationLoaded(Self.lead(1, calibrating: ["ava"]), nil))
        #expect(state.mode == .board)
        #expect(state.status == StatusMessage("cannot score the calibration of L-1: alex is not named in it (ava)", .error))
        var sdr = Self.state(as: "sam")
        _ = Update.update(&sdr, .calibrationLoaded(Self.lead(1), nil))
        #expect(sdr.status?.text == "cannot score the calibration of L-1: it is not being calibrated (a team lead starts one: `handoff calibrate start L-1 --with NAMES`)")
    }

    @Test func theKeyIsInTheRegistryAndInHelp() {
        #expect(Keymap.action(for: .char("c"), in: .board) == .calibrate)
        #expect(Keymap.bindings.contains { $0.action == .calibrate && $0.context == .card })
    }
}
