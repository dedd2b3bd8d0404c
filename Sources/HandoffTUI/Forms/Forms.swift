import Foundation
import HandoffCore

/// The forms behind the action keys, each prefilled from the lead as it stands.
public enum Forms {
    /// Members with one of `roles`, in the order of `roles` (AEs before team leads), with
    /// `first` (the current owner or AE) at the top.
    static func people(_ team: Team, _ roles: [Role], first: String? = nil) -> [Choice] {
        var names = roles.flatMap { role in team.members.filter { $0.role == role }.map(\.name) }
        if let first, let index = names.firstIndex(of: first) { names.insert(names.remove(at: index), at: 0) }
        return names.map { Choice($0) }
    }

    public static func addLead(team: Team, me: String) -> Form {
        Form(.addLead, title: "Add a lead", intro: ["It goes into the SDR queue of its owner."], fields: [
            Field("company", "Company", required: true),
            Field("contact", "Contact", required: true),
            Field("title", "Title", hint: "e.g. VP Operations"),
            Field("email", "Email"),
            Field("phone", "Phone"),
            Field("source", "Source", hint: "webinar, outbound, referral…"),
            Field("owner", "Owner (SDR)", kind: .choice(people(team, [.sdr, .lead], first: me))),
        ])
    }

    public static func editLead(_ lead: Lead, team: Team) -> Form {
        let fields = lead.fields
        return Form(.editLead, title: "Edit \(lead.id)", lead: lead.id, version: lead.version, fields: [
            Field("company", "Company", text: fields.company, required: true),
            Field("contact", "Contact", text: fields.contact, required: true),
            Field("title", "Title", text: fields.title ?? ""),
            Field("email", "Email", text: fields.email ?? ""),
            Field("phone", "Phone", text: fields.phone ?? ""),
            Field("source", "Source", text: fields.source ?? ""),
            Field("owner", "Owner (SDR)", kind: .choice(people(team, [.sdr, .lead], first: lead.owner))),
        ])
    }

    static let statuses = [Choice(CriterionStatus.met.rawValue, "met"), Choice(CriterionStatus.notMet.rawValue, "not met"),
                           Choice(CriterionStatus.unknown.rawValue, "unknown")]

    public static func score(_ lead: Lead, definition: Definition) -> Form {
        var fields: [Field] = []
        let current = lead.scorecard.flatMap { $0.definitionVersion == definition.version ? $0 : nil }
        for criterion in definition.criteria {
            let score = current?.scores[criterion.key]
            let choice = statuses.firstIndex { $0.value == (score?.status ?? .unknown).rawValue } ?? 2
            fields.append(Field(criterion.key, criterion.label + (criterion.required ? "" : " (optional)"),
                                kind: .choice(statuses), hint: criterion.guidance, choice: choice))
            fields.append(Field(criterion.key + ".evidence", "  evidence", text: score?.evidence ?? "",
                                hint: "required when met: what the prospect said or did"))
        }
        return Form(.score, title: "Score \(lead.id) · \(SafeText.sanitize(lead.company)) — SQL definition v\(definition.version)",
                    lead: lead.id, version: lead.version,
                    intro: ["Qualified when every required criterion is met, with evidence."], fields: fields)
    }

    /// With the rotation's `proposal` (Forms+Book.swift), its AE comes first, selected,
    /// and the form says why.
    public static func book(_ lead: Lead, team: Team, proposal: RoutingProposal? = nil) -> Form {
        var form = Form(.book, title: "Book \(lead.id) · \(SafeText.sanitize(lead.company)) — hand off to an AE", lead: lead.id, version: lead.version,
             fields: [
                Field("ae", "AE", kind: .choice(people(team, [.ae, .lead], first: proposal?.ae ?? lead.meeting?.ae))),
                Field("at", "When", kind: .date(needsTime: true), required: true, hint: "YYYY-MM-DD HH:MM, tomorrow 10:00, +2d 14:00"),
                Field("agenda", "Agenda", hint: "what the AE should know going in"),
             ])
        if let proposal { routed(&form, proposal) }
        return form
    }

    static let outcomes = MeetingOutcome.allCases.map { Choice($0.rawValue, $0.title) }

    /// `policy`: the no-show limit, which the form warns of when one more no-show reaches
    /// it (the lead's `noShows`, counted when the form was asked for).
    public static func outcome(_ lead: Lead, policy: RulePolicy = .standard) -> Form {
        Form(.outcome, title: "Meeting outcome · \(lead.id) \(SafeText.sanitize(lead.company))", lead: lead.id, version: lead.version,
             intro: noShowWarning(lead, policy: policy),
             fields: [
                Field("outcome", "Outcome", kind: .choice(outcomes)),
                Field("at", "New time", kind: .date(needsTime: true), required: true, hint: "YYYY-MM-DD HH:MM",
                      visibleWhen: ("outcome", [MeetingOutcome.rescheduled.rawValue])),
                Field("reason", "Reason", kind: .choice(outcomeReasons), hint: "required: why it did not happen",
                      visibleWhen: ("outcome", [MeetingOutcome.noShow.rawValue, MeetingOutcome.canceled.rawValue])),
                Field("note", "Note"),
             ])
    }

    public static func disposition(_ lead: Lead, definition: Definition, reasons: [RejectionReason]) -> Form {
        let kinds = [Choice("accept", "accept (SAO)"), Choice("nurture", "nurture"), Choice("return", "return")]
        let held = lead.meeting?.outcome == .held
        return Form(.disposition, title: "Disposition · \(lead.id) \(SafeText.sanitize(lead.company))", lead: lead.id, version: lead.version,
                    intro: held ? [] : ["The meeting is not logged as held: only a return (triage) is possible."],
                    fields: [
                        Field("kind", "Disposition", kind: .choice(kinds), choice: held ? 0 : 2),
                        Field("nextStep", "Next step", required: true, visibleWhen: ("kind", ["accept"])),
                        Field("nextDate", "Next date", kind: .date(needsTime: false), required: true, hint: "YYYY-MM-DD, +3d",
                              visibleWhen: ("kind", ["accept"])),
                        Field("opportunity", "Opportunity", hint: "CRM reference", visibleWhen: ("kind", ["accept"])),
                        Field("goodProblem", "Good problem?", hint: "is this a good problem for us to solve", visibleWhen: ("kind", ["accept"])),
                        Field("bigEnough", "Big enough?", hint: "for the prospect to act", visibleWhen: ("kind", ["accept"])),
                        Field("justifies", "Justifies us?", hint: "big enough to justify our solution", visibleWhen: ("kind", ["accept"])),
                        Field("risks", "Risks", hint: "what could bog the sale down", visibleWhen: ("kind", ["accept"])),
                        Field("reason", "Reason", required: true, visibleWhen: ("kind", ["nurture"])),
                        Field("revisit", "Revisit on", kind: .date(needsTime: false), required: true, hint: "YYYY-MM-DD, +30d",
                              visibleWhen: ("kind", ["nurture"])),
                        Field("reasons", "Reasons", kind: .multi(reasons.map { Choice($0.rawValue, $0.label) }), required: true,
                              hint: "←/→ move, Space ticks", visibleWhen: ("kind", ["return"])),
                        Field("failed", "Failed criteria", kind: .multi(definition.criteria.map { Choice($0.key, $0.label) }),
                              visibleWhen: ("kind", ["return"])),
                        Field("note", "Note for the SDR", required: true, visibleWhen: ("kind", ["return"])),
                    ])
    }

    public static func dispute(_ lead: Lead) -> Form {
        Form(.dispute, title: "Dispute the return of \(lead.id)", lead: lead.id, version: lead.version,
             intro: lead.disposition.map { ["Returned: \($0.reasons.map(\.label).joined(separator: ", ")) — \(SafeText.sanitize($0.note ?? ""))"] } ?? [],
             fields: [Field("note", "Why it is wrong", required: true)])
    }

    public static func resolve(_ lead: Lead) -> Form {
        Form(.resolve, title: "Rule on the dispute of \(lead.id)", lead: lead.id, version: lead.version,
             intro: lead.dispute.map { ["\($0.by) disputes: \(SafeText.sanitize($0.note))"] } ?? [],
             fields: [
                Field("ruling", "Ruling", kind: .choice([Choice("uphold", "uphold (stays returned)"),
                                                          Choice("overturn", "overturn (back to the AE)")])),
                Field("note", "Note"),
             ])
    }
}
