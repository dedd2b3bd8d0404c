import Foundation
import Testing
@testable import HandoffCore

/// `Rules.check` answers "may this member do this to this lead now?" without the input.
/// It must agree with `Rules.decide` given plausible input: allowed exactly when decide
/// succeeds, and refused with decide's own sentence.
@Suite("Rules.check agrees with Rules.decide")
struct RuleCheckTests {
    static let now = utcDate(2026, 3, 10, 12, 0)
    static let roster = [
        Member(name: "sam", role: .sdr), Member(name: "sue", role: .sdr),
        Member(name: "alex", role: .ae), Member(name: "ava", role: .ae),
        Member(name: "lee", role: .lead), Member(name: "lou", role: .lead),
        // Owned leads as an SDR, then became an AE.
        Member(name: "kim", role: .ae),
    ]
    static let actors = ["sam", "sue", "alex", "ava", "lee", "lou", "kim", "zed"]
    static let owners = ["sam", "kim"]
    static let columns: [Column] = [.queue, .handedOff, .sao, .nurture, .returned, .archived]
    enum MeetingState: CaseIterable { case none, upcoming, past, held }
    enum DisputeState: CaseIterable { case none, open, upheld, overturned }
    enum ScoreState: CaseIterable { case none, qualified, unmet, oldVersion }

    static let definitionV2 = Definition(version: 2, criteria: Definition.standard.criteria)

    static func context(_ definition: Definition) -> RuleContext {
        RuleContext(definition: definition, roster: roster, now: now, calendar: utc)
    }

    /// Every combination of column, owner, meeting (booked by the SDR or by a team lead
    /// with themselves as AE), dispute and scorecard; some are not reachable, and the two
    /// must agree on those too.
    static func leads(definition: Definition) -> [Lead] {
        var leads: [Lead] = []
        var number = 0
        for column in columns {
            for owner in owners {
                for meetingState in MeetingState.allCases {
                    for (ae, booker) in [("alex", owner), ("lee", "lee")] where meetingState != .none || ae == "alex" {
                        for disputeState in DisputeState.allCases {
                            for scoreState in ScoreState.allCases {
                                number += 1
                                var lead = Lead(id: LeadID(number), fields: LeadFields(company: "Acme", contact: "Pat"),
                                                owner: owner, at: now.addingTimeInterval(-86_400 * 10), actor: owner)
                                lead.column = column
                                switch meetingState {
                                case .none: break
                                case .upcoming, .past, .held:
                                    let at = meetingState == .upcoming ? now.addingTimeInterval(3600) : now.addingTimeInterval(-3600)
                                    lead.meeting = Meeting(ae: ae, at: at, agenda: "Pain", bookedBy: booker,
                                                           bookedAt: now.addingTimeInterval(-86_400),
                                                           outcome: meetingState == .held ? .held : nil)
                                }
                                if disputeState != .none {
                                    var dispute = Dispute(note: "wrong", by: owner, at: now.addingTimeInterval(-600))
                                    if disputeState != .open {
                                        dispute.resolution = disputeState == .upheld ? .upheld : .overturned
                                        dispute.resolvedBy = "lee"
                                    }
                                    lead.dispute = dispute
                                }
                                let met = CriterionScore(status: .met, evidence: "said so")
                                switch scoreState {
                                case .none: break
                                case .qualified, .oldVersion:
                                    let version = scoreState == .qualified ? definition.version : definition.version - 1
                                    lead.scorecard = Scorecard(definitionVersion: max(version, 0),
                                                               scores: Dictionary(uniqueKeysWithValues: definition.requiredKeys.map { ($0, met) }),
                                                               scoredBy: owner, scoredAt: now)
                                case .unmet:
                                    lead.scorecard = Scorecard(definitionVersion: definition.version, scores: ["need": met],
                                                               scoredBy: owner, scoredAt: now)
                                }
                                leads.append(lead)
                            }
                        }
                    }
                }
            }
        }
        return leads
    }

    /// Input a member would plausibly type for `kind`: valid, so that only the lead's state
    /// and the member can make `decide` refuse.
    static func command(_ kind: ActionKind, actor: String) -> Command? {
        let tomorrow = now.addingTimeInterval(86_400)
        switch kind {
        case .addLead: return .addLead(LeadFields(company: "Initech", contact: "Bill"), owner: nil)
        case .edit: return .edit(LeadFields(company: "Acme Renamed", contact: "Pat"), owner: nil)
        case .score: return .score(["need": CriterionScore(status: .met, evidence: "budget approved")])
        case .book: return .book(ae: actor == "alex" ? "ava" : "alex", at: tomorrow, agenda: "Pain")
        case .outcome: return .logOutcome(.rescheduled, newTime: tomorrow, note: nil)
        case .accept: return .accept(nextStep: "Demo", nextDate: tomorrow, opportunity: nil, assessment: nil)
        case .nurture: return .nurture(reason: "No budget this quarter", revisit: tomorrow)
        case .returnLead: return .returnLead(reasons: [RejectionReason.defaults[0]], failed: [], note: "Not a fit")
        case .rework: return .rework
        case .archive: return .archive
        case .restore: return .restore
        case .dispute: return .dispute(note: "They confirmed the budget")
        case .resolve: return .resolveDispute(.upheld, note: nil)
        case .reassignMeeting: return .reassignMeeting(ae: "ava", note: nil)
        case .startCalibration: return .startCalibration(with: ["ava"])
        case .scoreCalibration: return .scoreCalibration(["need": CriterionScore(status: .met, evidence: "said so")])
        case .undo: return nil
        }
    }

    @Test func checkAgreesWithDecideOnEveryGeneratedCase() {
        var cases = 0
        var allowed = 0
        for definition in [Definition.standard, Self.definitionV2] {
            let context = Self.context(definition)
            for lead in Self.leads(definition: definition) {
                for actor in Self.actors {
                    for kind in ActionKind.allCases {
                        guard let command = Self.command(kind, actor: actor) else { continue }
                        let target: Lead? = kind.needsLead ? lead : nil
                        let check = Rules.check(kind, on: target?.facts, actor: actor, context: context)
                        let decided: Permission
                        do {
                            _ = try Rules.decide(command, lead: target, actor: actor, context: context)
                            decided = .allowed
                        } catch {
                            decided = .refused(error)
                        }
                        if check != decided {
                            Issue.record("\(kind) on \(lead.id) (\(lead.column.title), owner \(lead.owner)) by \(actor): check \(check), decide \(decided)")
                        }
                        cases += 1
                        if decided == .allowed { allowed += 1 }
                    }
                }
            }
        }
        // The table covers both answers, plenty of each.
        #expect(cases > 10_000)
        #expect(allowed > 500)
        #expect(cases - allowed > 5_000)
    }

    /// A board card lacks the scorecard: book is not refused from it, and the full lead
    /// then says why in the same words as decide.
    @Test func aCardDefersQualificationToTheFullLead() throws {
        let context = Self.context(.standard)
        var lead = Lead(id: LeadID(7), fields: LeadFields(company: "Acme", contact: "Pat"), owner: "sam", at: Self.now, actor: "sam")
        lead.scorecard = Scorecard(definitionVersion: 1, scores: [:], scoredBy: "sam", scoredAt: Self.now)
        #expect(Rules.check(.book, on: lead.card.facts, actor: "sam", context: context) == .allowed)
        let full = Rules.check(.book, on: lead.facts, actor: "sam", context: context)
        #expect(full.reason == "cannot book L-7: not qualified — need, fit, timeframe, authority not met")
        // What the card knows it still refuses: an AE may not book.
        #expect(Rules.check(.book, on: lead.card.facts, actor: "alex", context: context).reason
            == "cannot book L-7: it belongs to sam; only its SDR or a team lead may")
    }

    @Test func everyCommandOnALeadHasTheVerbOfItsKind() {
        for kind in ActionKind.allCases {
            guard let command = Self.command(kind, actor: "sam") else { continue }
            #expect(command.kind == kind)
            #expect(command.verb == kind.verb)
        }
    }

    @Test func undoAsksOnlyForAMemberAndSaysWhatUndoSays() throws {
        let context = Self.context(.standard)
        #expect(Rules.check(.undo, on: nil, actor: "alex", context: context) == .allowed)
        let lead = Lead(id: LeadID(1), fields: LeadFields(company: "Acme", contact: "Pat"), owner: "sam", at: Self.now, actor: "sam")
        var created = Event(at: Self.now, actor: "sam", lead: lead.id, type: .created, from: nil, to: .queue,
                            payload: EventPayload(fields: lead.fields, owner: "sam"))
        created.seq = 1
        let undo: Permission
        do {
            _ = try Undo.decide(undoing: created, history: [created], lead: lead, actor: "zed", context: context)
            undo = .allowed
        } catch {
            undo = .refused(error)
        }
        #expect(Rules.check(.undo, on: nil, actor: "zed", context: context) == undo)
        #expect(undo != .allowed)
    }
}
