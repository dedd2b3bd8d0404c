import Foundation

/// How long each piece of free text may be, and what it may not hold. Every way text gets
/// into the store (the board's forms, the verbs, CSV and JSON import, `import --events`)
/// ends here, so one 40,000-character word cannot make every teammate's detail view crawl,
/// and a NUL byte (which C strings, terminals and many tools cut at) never enters the log.
///
/// Lengths count Unicode scalars, not grapheme clusters: a "character" stacked with ten
/// thousand combining marks is ten thousand and one of them.
public enum FieldLimits {
    /// Team member names, owners, AEs: login-like names.
    public static let name = 64
    /// Criterion keys and rejection reason codes.
    public static let key = 64
    /// One-line fields: company, contact, title, phone, source, CRM id, city…
    public static let line = 200
    /// An email address (RFC 5321's longest path).
    public static let email = 254
    /// A website address.
    public static let website = 2_000
    /// Free text: evidence, agendas, notes, next steps, reasons, assessments, guidance.
    public static let text = 4_000

    /// Why `Rules.decide` refuses a command's text ("cannot add a lead: the title is longer
    /// than 200 characters (it has 40000)"), or nil.
    public static func refusal(of command: Command, on lead: LeadID?, actor: String) -> String? {
        guard let problem = problem(in: command, actor: actor) else { return nil }
        let action = switch command {
        case .addLead: "add a lead"
        case .importLead(_, _, let column): column == .queue ? "add a lead" : "import a lead into \(column.title)"
        default: command.verb + (lead.map { " \($0)" } ?? "")
        }
        return "cannot \(action): \(problem)"
    }

    /// What is wrong with a command's text, worded to follow "cannot VERB LEAD: ", or nil.
    public static func problem(in command: Command, actor: String) -> String? {
        var check = Checker()
        check.text(actor, "acting member's name", name)
        switch command {
        case .addLead(let fields, let owner), .importLead(let fields, let owner, _), .edit(let fields, let owner):
            check.fields(fields)
            check.text(owner, "owner", name)
        case .score(let scores), .scoreCalibration(let scores):
            for (criterion, score) in scores {
                check.text(criterion, "criterion key", key)
                check.text(score.evidence, "evidence for \(criterion.prefix(key))", text)
            }
        case .book(let ae, _, let agenda, _):
            check.text(ae, "AE", name)
            check.text(agenda, "agenda", text)
        case .logOutcome(_, _, let note, _):
            check.text(note, "note", text)
        case .accept(let nextStep, _, let opportunity, let assessment):
            check.text(nextStep, "next step", text)
            check.text(opportunity, "opportunity", line)
            check.assessment(assessment)
        case .nurture(let reason, _):
            check.text(reason, "reason", text)
        case .returnLead(let reasons, let failed, let note):
            for reason in reasons { check.text(reason.rawValue, "reason code", key) }
            for criterion in failed { check.text(criterion, "failed criterion", key) }
            check.text(note, "note", text)
        case .reassignMeeting(let ae, let note):
            check.text(ae, "AE", name)
            check.text(note, "note", text)
        case .dispute(let note):
            check.text(note, "note", text)
        case .resolveDispute(_, let note):
            check.text(note, "note", text)
        case .addMember(let member):
            check.text(member.name, "member name", name)
            check.text(member.login, "login", name)
        case .editMember(let member, _, let login):
            check.text(member, "member name", name)
            check.text(login, "login", name)
        case .setDefinition(let criteria):
            for criterion in criteria { check.criterion(criterion) }
        case .setAway(let away):
            check.text(away.member, "member name", name)
            check.text(away.from, "first day away", key)
            check.text(away.to, "last day away", key)
        case .startCalibration(let names):
            for participant in names { check.text(participant, "participant's name", name) }
        case .rework, .archive, .restore:
            break
        }
        return check.problem
    }

    /// What is wrong with the text an event carries (an imported log), or nil.
    public static func problem(in event: Event) -> String? {
        var check = Checker()
        check.text(event.actor, "actor", name)
        let payload = event.payload
        if let fields = payload.fields { check.fields(fields) }
        check.text(payload.owner, "owner", name)
        check.text(payload.previousAE, "previous AE", name)
        check.scorecard(payload.scorecard)
        check.meeting(payload.meeting)
        check.text(payload.note, "note", text)
        check.disposition(payload.disposition)
        check.text(payload.member?.name, "member name", name)
        check.text(payload.member?.login, "login", name)
        check.text(payload.founding?.account, "founding account", name)
        for participant in payload.calibration?.with ?? [] { check.text(participant, "calibration participant", name) }
        for criterion in payload.definition?.criteria ?? [] { check.criterion(criterion) }
        if let lead = payload.restored {
            check.fields(lead.fields)
            check.text(lead.owner, "owner", name)
            check.text(lead.lastActor, "last actor", name)
            check.scorecard(lead.scorecard)
            check.meeting(lead.meeting)
            check.disposition(lead.disposition)
            if let dispute = lead.dispute {
                check.text(dispute.note, "dispute note", text)
                check.text(dispute.by, "disputed by", name)
                check.text(dispute.resolvedBy, "resolved by", name)
                check.text(dispute.resolutionNote, "ruling note", text)
            }
            for credit in lead.credits { check.text(credit.sdr, "credited SDR", name) }
            for participant in (lead.calibration?.with ?? []) + (lead.calibration?.scored ?? []) {
                check.text(participant, "calibration participant", name)
            }
            check.text(lead.calibration?.startedBy, "calibration starter", name)
        }
        return check.problem
    }

    /// Whether the text holds a NUL byte: one `memchr` over its bytes (a byte-by-byte
    /// search through the UTF-8 view cost an import about 3 % of its time).
    public static func containsNUL(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            guard let base = bytes.baseAddress else { return false }
            return memchr(base, 0, bytes.count) != nil
        }
    }

    /// The first problem with one piece of text, or nil. Linear in the text, and constant
    /// for text well under the cap.
    public static func problem(with value: String, field: @autoclosure () -> String, cap: Int) -> String? {
        let utf8 = value.utf8
        if containsNUL(value) {
            return "the \(field()) contains a NUL byte (U+0000), which Handoff does not store"
        }
        // A scalar takes one to four bytes: text with at most `cap` bytes is within the cap.
        guard utf8.count > cap else { return nil }
        let count = value.unicodeScalars.count
        guard count > cap else { return nil }
        return "the \(field()) is longer than \(cap) characters (it has \(count))"
    }

    private struct Checker {
        var problem: String?

        /// `field` is worded only for a problem: a name built per score cost every import.
        mutating func text(_ value: String?, _ field: @autoclosure () -> String, _ cap: Int) {
            guard problem == nil, let value else { return }
            problem = FieldLimits.problem(with: value, field: field(), cap: cap)
        }

        mutating func fields(_ fields: LeadFields) {
            text(fields.company, "company", line)
            text(fields.contact, "contact", line)
            text(fields.title, "title", line)
            text(fields.email, "email", email)
            text(fields.phone, "phone", line)
            text(fields.source, "source", line)
            text(fields.externalID, "CRM id", line)
            text(fields.website, "website", website)
            text(fields.industry, "industry", line)
            text(fields.city, "city", line)
            text(fields.state, "state", line)
            text(fields.country, "country", line)
            text(fields.status, "CRM status", line)
            text(fields.createdInCRM, "CRM creation date", line)
        }

        mutating func assessment(_ assessment: Assessment?) {
            guard let assessment else { return }
            text(assessment.goodProblem, "assessment (good problem)", FieldLimits.text)
            text(assessment.bigEnoughToAct, "assessment (big enough)", FieldLimits.text)
            text(assessment.justifiesSolution, "assessment (justifies us)", FieldLimits.text)
            text(assessment.risks, "assessment (risks)", FieldLimits.text)
        }

        mutating func criterion(_ criterion: Criterion) {
            text(criterion.key, "criterion key", key)
            text(criterion.label, "criterion label", line)
            text(criterion.guidance, "criterion guidance", FieldLimits.text)
        }

        mutating func scorecard(_ card: Scorecard?) {
            guard let card else { return }
            text(card.scoredBy, "scorer", name)
            for (criterion, score) in card.scores {
                text(criterion, "criterion key", key)
                text(score.evidence, "evidence", FieldLimits.text)
            }
        }

        mutating func meeting(_ meeting: Meeting?) {
            guard let meeting else { return }
            text(meeting.ae, "AE", name)
            text(meeting.bookedBy, "booked by", name)
            text(meeting.agenda, "agenda", FieldLimits.text)
            text(meeting.outcomeNote, "meeting note", FieldLimits.text)
        }

        mutating func disposition(_ disposition: Disposition?) {
            guard let disposition else { return }
            text(disposition.by, "disposed by", name)
            text(disposition.nextStep, "next step", FieldLimits.text)
            text(disposition.opportunity, "opportunity", line)
            assessment(disposition.assessment)
            text(disposition.reason, "reason", FieldLimits.text)
            for reason in disposition.reasons { text(reason.rawValue, "reason code", key) }
            for criterion in disposition.failedCriteria { text(criterion, "failed criterion", key) }
            text(disposition.note, "note", FieldLimits.text)
        }
    }
}
