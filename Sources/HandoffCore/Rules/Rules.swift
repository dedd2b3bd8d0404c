import Foundation

/// Every transition and permission of the closed loop, in one place. Pure: a command, the
/// lead as it stands, who asks, and the context in; an event or a `RuleError` out.
public enum Rules {
    public static func decide(_ command: Command, lead: Lead?, actor name: String,
                              context: RuleContext) throws(RuleError) -> Event {
        guard let actor = context.member(name) else {
            throw .notPermitted("\(name) is not on the team roster: the board is read-only for you (a team lead can add you with `handoff team add \(name) --role sdr|ae|lead`)")
        }
        switch command {
        case .addLead(let fields, let owner):
            return try addLead(fields, owner: owner, actor: actor, context: context)
        case .addMember(let member):
            return try addMember(member, actor: actor, context: context)
        case .setDefinition(let criteria):
            return try setDefinition(criteria, actor: actor, context: context)
        default:
            break
        }
        guard let lead else { throw .notFound("no such lead") }
        let step = Step(command: command, lead: lead, actor: actor, context: context)
        switch command {
        case .edit(let fields, let owner): return try step.edit(fields, owner: owner)
        case .score(let scores): return try step.score(scores)
        case .book(let ae, let at, let agenda): return try step.book(ae: ae, at: at, agenda: agenda)
        case .logOutcome(let outcome, let newTime, let note): return try step.logOutcome(outcome, newTime: newTime, note: note)
        case .accept(let nextStep, let nextDate, let opportunity, let assessment):
            return try step.accept(nextStep: nextStep, nextDate: nextDate, opportunity: opportunity, assessment: assessment)
        case .nurture(let reason, let revisit): return try step.nurture(reason: reason, revisit: revisit)
        case .returnLead(let reasons, let failed, let note): return try step.returnLead(reasons: reasons, failed: failed, note: note)
        case .rework: return try step.rework()
        case .archive: return try step.archive()
        case .dispute(let note): return try step.dispute(note: note)
        case .resolveDispute(let resolution, let note): return try step.resolve(resolution, note: note)
        case .addLead, .addMember, .setDefinition: throw .invalid("\(command.verb) does not take a lead")
        }
    }

    // MARK: - Commands without a lead

    static func addLead(_ raw: LeadFields, owner: String?, actor: Member,
                        context: RuleContext) throws(RuleError) -> Event {
        guard actor.canWorkQueue else {
            throw .notPermitted("\(actor.name) is an \(actor.role.title): only SDRs and team leads add leads")
        }
        let fields = try validated(raw, action: "add a lead")
        let ownerName = owner.map(trimmed) ?? actor.name
        try requireSDR(ownerName, context: context, action: "add a lead")
        return Event(at: context.now, actor: actor.name, lead: nil, type: .created, from: nil, to: .queue,
                     payload: EventPayload(fields: fields, owner: ownerName))
    }

    /// The first event of a store: its first team lead adds themselves.
    public static func foundTeam(lead name: String, now: Date) throws(RuleError) -> Event {
        let first = Member(name: name, role: .lead)
        return try addMember(first, actor: first, context: RuleContext(definition: .standard, roster: [], now: now))
    }

    static func addMember(_ member: Member, actor: Member, context: RuleContext) throws(RuleError) -> Event {
        guard actor.isLead else {
            throw .notPermitted("\(actor.name) is an \(actor.role.title): only a team lead manages the team")
        }
        let name = trimmed(member.name)
        guard !name.isEmpty else { throw .invalid("a team member needs a name") }
        guard !name.contains(where: { $0.isWhitespace || $0.isNewline || $0 == "," }),
              name.unicodeScalars.allSatisfy({ !CharacterSet.controlCharacters.contains($0) }) else {
            throw .invalid("team member names are one word without spaces or commas, like the login name: '\(name)'")
        }
        if let existing = context.member(name), existing.role == member.role {
            throw .refused("\(name) is already on the team as \(existing.role.title)")
        }
        if name == actor.name, member.role != .lead,
           context.roster.values.filter(\.isLead).count == 1 {
            throw .refused("\(name) is the only team lead; add another lead before changing your own role")
        }
        return Event(at: context.now, actor: actor.name, lead: nil, type: .member, from: nil, to: nil,
                     payload: EventPayload(member: Member(name: name, role: member.role)))
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

    static func trimmed(_ text: String) -> String { text.trimmingCharacters(in: .whitespacesAndNewlines) }

    static func optional(_ text: String?) -> String? {
        guard let text else { return nil }
        let value = trimmed(text)
        return value.isEmpty ? nil : value
    }

    static func validated(_ raw: LeadFields, action: String) throws(RuleError) -> LeadFields {
        var fields = raw
        fields.company = trimmed(raw.company)
        fields.contact = trimmed(raw.contact)
        fields.title = optional(raw.title)
        fields.email = optional(raw.email)
        fields.phone = optional(raw.phone)
        fields.source = optional(raw.source)
        fields.externalID = optional(raw.externalID)
        guard !fields.company.isEmpty else { throw .invalid("cannot \(action): the company is empty") }
        guard !fields.contact.isEmpty else { throw .invalid("cannot \(action): the contact is empty") }
        if let email = fields.email {
            let parts = email.split(separator: "@", omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."),
                  !email.contains(where: { $0.isWhitespace }) else {
                throw .invalid("cannot \(action): '\(email)' is not an email address")
            }
            fields.email = email.lowercased()
        }
        for (name, value) in [("company", fields.company), ("contact", fields.contact)] where value.count > 200 {
            throw .invalid("cannot \(action): the \(name) is longer than 200 characters")
        }
        return fields
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
