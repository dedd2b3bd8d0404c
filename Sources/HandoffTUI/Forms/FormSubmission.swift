import Foundation
import HandoffCore

/// Turns a filled form into a command, checking what can be checked before the store:
/// required fields and dates. The rules check the rest.
public enum FormSubmission {
    public static func command(for form: Form, now: Date, calendar: Calendar = .current) throws(RuleError) -> Command {
        for index in form.visibleIndices {
            let field = form.fields[index]
            guard field.required else { continue }
            switch field.kind {
            case .text, .date:
                if field.trimmed.isEmpty { throw .invalid("\(field.label.trimmingCharacters(in: .whitespaces)) is required") }
            case .multi:
                if field.picked.isEmpty { throw .invalid("pick at least one of \(field.label) (Space ticks)") }
            case .choice:
                if field.chosen == nil { throw .invalid("choose \(field.label)") }
            }
        }
        func text(_ id: String) -> String { form.field(id)?.trimmed ?? "" }
        func optional(_ id: String) -> String? { text(id).isEmpty ? nil : text(id) }
        func date(_ id: String) throws(RuleError) -> Date {
            guard let field = form.field(id) else { throw .invalid("missing \(id)") }
            let needsTime = field.kind == .date(needsTime: true)
            do {
                return needsTime ? try DateInput.parseMoment(field.trimmed, now: now, calendar: calendar)
                                 : try DateInput.parse(field.trimmed, now: now, calendar: calendar).date
            } catch {
                throw .invalid("\(field.label): \(error.description)")
            }
        }
        switch form.purpose {
        case .addLead, .editLead:
            let fields = LeadFields(company: text("company"), contact: text("contact"), title: optional("title"),
                                    email: optional("email"), phone: optional("phone"), source: optional("source"))
            let owner = form.field("owner")?.chosen
            return form.purpose == .addLead ? .addLead(fields, owner: owner) : .edit(fields, owner: owner)
        case .score, .calibrationScore:
            var scores: [String: CriterionScore] = [:]
            for field in form.fields where !field.id.hasSuffix(".evidence") {
                let status = field.chosen.flatMap(CriterionStatus.init(rawValue:)) ?? .unknown
                scores[field.id] = CriterionScore(status: status, evidence: text(field.id + ".evidence"))
            }
            return form.purpose == .score ? .score(scores) : .scoreCalibration(scores)
        case .book:
            return .book(ae: form.field("ae")?.chosen ?? "", at: try date("at"), agenda: text("agenda"), route: form.route)
        case .outcome:
            let outcome = form.field("outcome")?.chosen.flatMap(MeetingOutcome.init(rawValue:)) ?? .held
            let newTime = outcome == .rescheduled ? try date("at") : nil
            // No reason chosen ("choose a reason") is nil: the rules say it is required.
            let reason = outcome == .noShow || outcome == .canceled
                ? form.field("reason")?.chosen.flatMap(OutcomeReason.init(rawValue:)) : nil
            return .logOutcome(outcome, newTime: newTime, note: optional("note"), reason: reason)
        case .disposition:
            switch form.field("kind")?.chosen {
            case "accept":
                let assessment = Assessment(goodProblem: optional("goodProblem"), bigEnoughToAct: optional("bigEnough"),
                                            justifiesSolution: optional("justifies"), risks: optional("risks"))
                return .accept(nextStep: text("nextStep"), nextDate: try date("nextDate"), opportunity: optional("opportunity"),
                               assessment: assessment)
            case "nurture":
                return .nurture(reason: text("reason"), revisit: try date("revisit"))
            default:
                let reasons = (form.field("reasons")?.pickedValues ?? []).map(RejectionReason.init(rawValue:))
                return .returnLead(reasons: reasons, failed: form.field("failed")?.pickedValues ?? [], note: text("note"))
            }
        case .dispute:
            return .dispute(note: text("note"))
        case .reassign, .reassignMeeting, .calibrationStart:
            // Many leads, one command each: `Update.submitReassign(Meeting)` makes them.
            throw .invalid("a reassign is submitted for each lead")
        case .resolve:
            let ruling = form.field("ruling")?.chosen.flatMap(DisputeResolution.init(verb:)) ?? .upheld
            return .resolveDispute(ruling, note: optional("note"))
        }
    }
}
