import Foundation

/// Every transition and permission of the closed loop, in one place. Pure: a command, the
/// lead as it stands, who asks, and the context in; an event or a `RuleError` out.
public enum Rules {
    public static func decide(_ command: Command, lead: Lead?, actor name: String,
                              context: RuleContext) throws(RuleError) -> Event {
        let actor = try rosterMember(name, context: context)
        if let refusal = FieldLimits.refusal(of: command, on: lead?.id, actor: name) { throw .invalid(refusal) }
        switch command {
        case .addLead(let fields, let owner):
            return try addLead(fields, owner: owner, column: .queue, actor: actor, context: context)
        case .importLead(let fields, let owner, let column):
            return try addLead(fields, owner: owner, column: column, actor: actor, context: context)
        case .addMember(let member):
            return try addMember(member, actor: actor, context: context)
        case .editMember(let name, let role, let login):
            return try editMember(name, role: role, login: login, actor: actor, context: context)
        case .setDefinition(let criteria):
            return try setDefinition(criteria, actor: actor, context: context)
        case .setAway(let away):
            return try setAway(away, actor: actor, context: context)
        default:
            break
        }
        guard let lead else { throw .notFound("no such lead") }
        let step = Step(command: command, lead: lead, actor: actor, context: context)
        switch command {
        case .edit(let fields, let owner): return try step.edit(fields, owner: owner)
        case .score(let scores): return try step.score(scores)
        case .book(let ae, let at, let agenda, let route): return try step.book(ae: ae, at: at, agenda: agenda, route: route)
        case .logOutcome(let outcome, let newTime, let note, let reason):
            return try step.logOutcome(outcome, newTime: newTime, note: note, reason: reason)
        case .accept(let nextStep, let nextDate, let opportunity, let assessment):
            return try step.accept(nextStep: nextStep, nextDate: nextDate, opportunity: opportunity, assessment: assessment)
        case .nurture(let reason, let revisit): return try step.nurture(reason: reason, revisit: revisit)
        case .returnLead(let reasons, let failed, let note): return try step.returnLead(reasons: reasons, failed: failed, note: note)
        case .rework: return try step.rework()
        case .archive: return try step.archive()
        case .restore: return try step.restore()
        case .dispute(let note): return try step.dispute(note: note)
        case .resolveDispute(let resolution, let note): return try step.resolve(resolution, note: note)
        case .reassignMeeting(let ae, let note): return try step.reassignMeeting(ae: ae, note: note)
        case .startCalibration(let names): return try step.startCalibration(with: names)
        case .scoreCalibration(let scores): return try step.scoreCalibration(scores)
        case .addLead, .importLead, .addMember, .editMember, .setDefinition, .setAway: throw .invalid("\(command.verb) does not take a lead")
        }
    }

    // MARK: - Commands without a lead

    static func addLead(_ raw: LeadFields, owner: String?, column: Column, actor: Member,
                        context: RuleContext) throws(RuleError) -> Event {
        try requireAddsLeads(actor)
        let action = column == .queue ? "add a lead" : "import a lead into \(column.title)"
        guard column == .queue || column == .nurture else {
            throw .invalid("cannot \(action): new leads start in the SDR queue or in Nurture")
        }
        let fields = try validated(raw, action: action)
        let typed = owner.map(trimmed).flatMap { $0.isEmpty ? nil : $0 } ?? actor.name
        let ownerName = context.member(typed)?.name ?? typed
        guard ownerName == actor.name || actor.isLead else {
            throw .notPermitted("cannot \(action) for \(ownerName): an SDR adds leads only to their own queue; a team lead may name another SDR")
        }
        try requireSDR(ownerName, context: context, action: action)
        return Event(at: context.now, actor: actor.name, lead: nil, type: .created, from: nil, to: column,
                     payload: EventPayload(fields: fields, owner: ownerName))
    }

    /// Whether `name` may add leads at all; an import asks once before it reads a file
    /// instead of being refused row by row.
    public static func permitAddingLeads(as name: String, context: RuleContext) throws(RuleError) {
        let actor = try rosterMember(name, context: context)
        try requireAddsLeads(actor)
    }

    static func requireAddsLeads(_ actor: Member) throws(RuleError) {
        guard actor.canWorkQueue else {
            throw .notPermitted("\(actor.name) is an \(actor.role.title): only SDRs and team leads add leads")
        }
    }

    /// The first event of a store: its first team lead adds themselves, with the founding
    /// account as their login. On a personal store (or without a founding) the login is
    /// their name: there the founding account may act as anyone anyway.
    public static func foundTeam(lead name: String, founding: Founding? = nil, now: Date) throws(RuleError) -> Event {
        let login = founding.flatMap { $0.personal ? nil : $0.account }
        let first = Member(name: name, role: .lead, login: login)
        var event = try addMember(first, actor: first, context: RuleContext(definition: .standard, roster: [], now: now))
        event.payload.founding = founding
        return event
    }

    static func addMember(_ member: Member, actor: Member, context: RuleContext) throws(RuleError) -> Event {
        guard actor.isLead else {
            throw .notPermitted("\(actor.name) is an \(actor.role.title): only a team lead manages the team")
        }
        let name = try MemberName.validated(member.name)
        if let existing = context.member(name) {
            let role = existing.role == member.role ? "R" : member.role.rawValue
            throw .refused("\(name) is already on the team as \(existing.role.title); `team add` only adds new members (to change a role: `handoff team edit \(name) --role \(role)`)")
        }
        if let lookalike = MemberName.lookalike(of: name, among: context.roster.values) {
            if lookalike.name.lowercased() == name.lowercased() {
                throw .refused("\(name) is already on the team, written \(lookalike.name): names are unique regardless of case")
            }
            throw .refused("\(SafeText.sanitize(name)) looks like \(lookalike.name), who is already on the team: pick a name nobody could take for theirs")
        }
        // A login left to its default keeps the one the member already has.
        let requested = member.login == member.name ? (context.member(name)?.login ?? name) : member.login
        let login = try validatedLogin(requested, of: name, context: context)
        return Event(at: context.now, actor: actor.name, lead: nil, type: .member, from: nil, to: nil,
                     payload: EventPayload(member: Member(name: name, role: member.role, login: login)))
    }

    static func setDefinition(_ criteria: [Criterion], actor: Member,
                              context: RuleContext) throws(RuleError) -> Event {
        guard actor.isLead else {
            throw .notPermitted("\(actor.name) is an \(actor.role.title): only a team lead edits the SQL definition")
        }
        let proposal = Definition(version: context.definition.version + 1, criteria: criteria)
        let problems = proposal.problems()
        guard problems.isEmpty else {
            throw .invalid("the SQL definition was not changed: " + problems.joined(separator: "; "))
        }
        guard proposal.criteria != context.definition.criteria else {
            throw .refused("the SQL definition is unchanged (still v\(context.definition.version))")
        }
        return Event(at: context.now, actor: actor.name, lead: nil, type: .definition, from: nil, to: nil,
                     payload: EventPayload(definitionVersion: proposal.version, definition: proposal))
    }

    // MARK: - Shared checks

    /// Without leading and trailing whitespace and line breaks. Not Foundation's
    /// `trimmingCharacters`: on Linux it goes through NSString and UTF-16, and an import
    /// trims every field of every row, twice.
    public static func trimmed(_ text: String) -> String {
        // Most text starts and ends with a printable ASCII byte: nothing to look up.
        let ends = text.utf8.withContiguousStorageIfAvailable { bytes in
            bytes.isEmpty ? nil : (bytes[0], bytes[bytes.count - 1])
        } ?? text.utf8.first.flatMap { first in text.utf8.last.map { (first, $0) } }
        if let (first, last) = ends, (0x21...0x7E).contains(first), (0x21...0x7E).contains(last) {
            return text
        }
        guard let start = text.firstIndex(where: { !$0.isWhitespace }),
              let end = text.lastIndex(where: { !$0.isWhitespace }) else { return "" }
        return String(text[start...end])
    }

    static func optional(_ text: String?) -> String? {
        guard let text else { return nil }
        let value = trimmed(text)
        return value.isEmpty ? nil : value
    }

    static func validated(_ raw: LeadFields, action: String) throws(RuleError) -> LeadFields {
        switch normalized(raw) {
        case .success(let fields): return fields
        case .failure(let problem): throw .invalid("cannot \(action): \(problem.message)")
        }
    }

    /// The fields trimmed, the email lowercased, or the first problem with them. Import
    /// calls this directly so that it can point at the column a problem came from.
    public static func normalized(_ raw: LeadFields) -> Result<LeadFields, FieldProblem> {
        var fields = raw
        fields.company = trimmed(raw.company)
        fields.contact = trimmed(raw.contact)
        fields.title = optional(raw.title)
        fields.email = optional(raw.email)
        fields.phone = optional(raw.phone)
        fields.source = optional(raw.source)
        fields.externalID = optional(raw.externalID)
        fields.website = optional(raw.website)
        fields.industry = optional(raw.industry)
        fields.city = optional(raw.city)
        fields.state = optional(raw.state)
        fields.country = optional(raw.country)
        fields.status = optional(raw.status)
        fields.createdInCRM = optional(raw.createdInCRM)
        guard !fields.company.isEmpty else { return .failure(FieldProblem(.company, "the company is empty")) }
        guard !fields.contact.isEmpty else { return .failure(FieldProblem(.contact, "the contact is empty")) }
        if let email = fields.email {
            guard isEmailAddress(email) else {
                return .failure(FieldProblem(.email, "'\(email)' is not an email address"))
            }
            // Lowercasing allocates; an import sees mostly addresses that are lowercase already.
            if UTF8Bytes.contains(email, where: { $0 >= 0x41 && $0 <= 0x5A || $0 >= 0x80 }) { fields.email = email.lowercased() }
        }
        if fields.company.utf8.count > 200, fields.company.count > 200 {
            return .failure(FieldProblem(.company, "the company is longer than 200 characters"))
        }
        if fields.contact.utf8.count > 200, fields.contact.count > 200 {
            return .failure(FieldProblem(.contact, "the contact is longer than 200 characters"))
        }
        return .success(fields)
    }

    /// One `@` with something before it, a dot after it, no whitespace. Printable ASCII is
    /// checked byte by byte; other text by characters.
    static func isEmailAddress(_ email: String) -> Bool {
        // Printable ASCII (nearly every address), over the contiguous bytes: one `@`, not
        // first, and a dot after it.
        let ascii = email.utf8.withContiguousStorageIfAvailable { bytes -> Bool? in
            guard bytes.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else { return nil }
            guard let at = bytes.firstIndex(of: UInt8(ascii: "@")), at > 0 else { return false }
            let domain = bytes[(at + 1)...]
            return !domain.contains(UInt8(ascii: "@")) && domain.contains(UInt8(ascii: "."))
        }
        if let ascii, let valid = ascii { return valid }
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && parts[1].contains(Character("."))
            && !email.unicodeScalars.contains(where: \.properties.isWhitespace)
    }

    static func requireSDR(_ name: String, context: RuleContext, action: String) throws(RuleError) {
        guard let member = context.member(name) else {
            throw .notFound("cannot \(action): \(name) is not on the team")
        }
        guard member.canWorkQueue else {
            throw .invalid("cannot \(action): \(name) is an \(member.role.title), and leads are owned by SDRs")
        }
    }
}

/// What is wrong with one field of a lead's contact details.
public struct FieldProblem: Error, Equatable, Sendable {
    public enum Field: String, Sendable {
        case company
        case contact
        case email
    }

    public var field: Field
    public var message: String

    public init(_ field: Field, _ message: String) {
        self.field = field
        self.message = message
    }
}
