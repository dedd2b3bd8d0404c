import Foundation
import HandoffCore

/// The event's types as their synthesized `Decodable` reads them: every key its
/// property's name, a non-optional one required, an optional one absent when missing.
/// (A null, which `decodeIfPresent` takes for absent, is left to `JSONDecoder`.)
extension FastJSON {
    mutating func event() throws(Unsure) -> Event {
        var seq: Int64?, at: Date?, actor: String?, lead: LeadID?, type: EventType?
        var from: Column?, to: Column?, payload: EventPayload?
        try object { json, key throws(Unsure) in
            if key.is("seq") { seq = Int64(try json.int()) }
            else if key.is("at") { at = try json.date() }
            else if key.is("actor") { actor = try json.string() }
            else if key.is("lead") { lead = LeadID(try json.leadNumber()) }
            else if key.is("type") { type = try json.raw(EventType.self) }
            else if key.is("from") { from = try json.raw(Column.self) }
            else if key.is("to") { to = try json.raw(Column.self) }
            else if key.is("payload") {
                let start = json.index
                payload = try json.payload()
                json.payloadRange = start..<json.index
            }
            else { throw Unsure() }
        }
        guard let seq, let at, let actor, let type, let payload else { throw Unsure() }
        return Event(seq: seq, at: at, actor: actor, lead: lead, type: type, from: from, to: to, payload: payload)
    }

    /// `"L-42"` as the export writes it (any other form `LeadID` reads is left to it).
    mutating func leadNumber() throws(Unsure) -> Int {
        try expect(UInt8(ascii: "\""))
        guard index + 2 < end, base[index] == UInt8(ascii: "L"), base[index + 1] == UInt8(ascii: "-"),
              (UInt8(ascii: "1")...UInt8(ascii: "9")).contains(base[index + 2]) else { throw Unsure() }
        index += 2
        let number = try int()
        guard number > 0, index < end, base[index] == UInt8(ascii: "\"") else { throw Unsure() }
        index += 1
        return number
    }

    mutating func payload() throws(Unsure) -> EventPayload {
        var payload = EventPayload()
        try object { json, key throws(Unsure) in
            if key.is("fields") { payload.fields = try json.fields() }
            else if key.is("owner") { payload.owner = try json.string() }
            else if key.is("scorecard") { payload.scorecard = try json.scorecard() }
            else if key.is("definitionVersion") { payload.definitionVersion = try json.int() }
            else if key.is("meeting") { payload.meeting = try json.meeting() }
            else if key.is("outcome") { payload.outcome = try json.raw(MeetingOutcome.self) }
            else if key.is("newTime") { payload.newTime = try json.date() }
            else if key.is("note") { payload.note = try json.string() }
            else if key.is("disposition") { payload.disposition = try json.disposition() }
            else if key.is("resolution") { payload.resolution = try json.raw(DisputeResolution.self) }
            else if key.is("undoes") { payload.undoes = Int64(try json.int()) }
            else if key.is("member") { payload.member = try json.member() }
            else if key.is("restored") { payload.restored = try json.lead() }
            else if key.is("previousAE") { payload.previousAE = try json.string() }
            // definition, founding, away: rare, and left to JSONDecoder.
            else { throw Unsure() }
        }
        return payload
    }

    /// A lead as the stores keep it (`state`) and an undo restores it.
    mutating func lead() throws(Unsure) -> Lead {
        var id: Int?, fields: LeadFields?, owner: String?, column: Column?, columnSince: Date?, createdAt: Date?
        var updatedAt: Date?, version: Int?, rebook: Bool?, handoffs: Int?, credits: [Credit]?, lastActor: String?
        var lastEvent: EventType?, scorecard: Scorecard?, meeting: Meeting?, disposition: Disposition?, dispute: Dispute?
        try object { json, key throws(Unsure) in
            if key.is("id") { id = try json.leadNumber() }
            else if key.is("fields") { fields = try json.fields() }
            else if key.is("owner") { owner = try json.string() }
            else if key.is("column") { column = try json.raw(Column.self) }
            else if key.is("columnSince") { columnSince = try json.date() }
            else if key.is("createdAt") { createdAt = try json.date() }
            else if key.is("updatedAt") { updatedAt = try json.date() }
            else if key.is("version") { version = try json.int() }
            else if key.is("scorecard") { scorecard = try json.scorecard() }
            else if key.is("meeting") { meeting = try json.meeting() }
            else if key.is("disposition") { disposition = try json.disposition() }
            else if key.is("dispute") { dispute = try json.dispute() }
            else if key.is("rebook") { rebook = try json.bool() }
            else if key.is("handoffs") { handoffs = try json.int() }
            else if key.is("credits") {
                var list: [Credit] = []
                try json.array { json throws(Unsure) in list.append(try json.credit()) }
                credits = list
            }
            else if key.is("lastActor") { lastActor = try json.string() }
            else if key.is("lastEvent") { lastEvent = try json.raw(EventType.self) }
            else { throw Unsure() }
        }
        guard let id, let fields, let owner, let column, let columnSince, let createdAt, let updatedAt, let version,
              let rebook, let handoffs, let credits, let lastActor, let lastEvent else { throw Unsure() }
        var lead = Lead(id: LeadID(id), fields: fields, owner: owner, at: createdAt, actor: lastActor)
        lead.column = column
        lead.columnSince = columnSince
        lead.updatedAt = updatedAt
        lead.version = version
        lead.scorecard = scorecard
        lead.meeting = meeting
        lead.disposition = disposition
        lead.dispute = dispute
        lead.rebook = rebook
        lead.handoffs = handoffs
        lead.credits = credits
        lead.lastEvent = lastEvent
        return lead
    }

    mutating func dispute() throws(Unsure) -> Dispute {
        var note: String?, by: String?, at: Date?
        var resolution: DisputeResolution?, resolvedBy: String?, resolvedAt: Date?, resolutionNote: String?
        try object { json, key throws(Unsure) in
            if key.is("note") { note = try json.string() }
            else if key.is("by") { by = try json.string() }
            else if key.is("at") { at = try json.date() }
            else if key.is("resolution") { resolution = try json.raw(DisputeResolution.self) }
            else if key.is("resolvedBy") { resolvedBy = try json.string() }
            else if key.is("resolvedAt") { resolvedAt = try json.date() }
            else if key.is("resolutionNote") { resolutionNote = try json.string() }
            else { throw Unsure() }
        }
        guard let note, let by, let at else { throw Unsure() }
        var dispute = Dispute(note: note, by: by, at: at)
        dispute.resolution = resolution
        dispute.resolvedBy = resolvedBy
        dispute.resolvedAt = resolvedAt
        dispute.resolutionNote = resolutionNote
        return dispute
    }

    mutating func credit() throws(Unsure) -> Credit {
        var sdr: String?, handoff: Int?, sao: Bool?
        try object { json, key throws(Unsure) in
            if key.is("sdr") { sdr = try json.string() }
            else if key.is("handoff") { handoff = try json.int() }
            else if key.is("sao") { sao = try json.bool() }
            else { throw Unsure() }
        }
        guard let sdr, let handoff, let sao else { throw Unsure() }
        return Credit(sdr: sdr, handoff: handoff, sao: sao)
    }

    mutating func fields() throws(Unsure) -> LeadFields {
        var company: String?, contact: String?
        var fields = LeadFields(company: "", contact: "")
        try object { json, key throws(Unsure) in
            if key.is("company") { company = try json.string() }
            else if key.is("contact") { contact = try json.string() }
            else if key.is("title") { fields.title = try json.string() }
            else if key.is("email") { fields.email = try json.string() }
            else if key.is("phone") { fields.phone = try json.string() }
            else if key.is("source") { fields.source = try json.string() }
            else if key.is("externalID") { fields.externalID = try json.string() }
            else if key.is("website") { fields.website = try json.string() }
            else if key.is("industry") { fields.industry = try json.string() }
            else if key.is("city") { fields.city = try json.string() }
            else if key.is("state") { fields.state = try json.string() }
            else if key.is("country") { fields.country = try json.string() }
            else if key.is("status") { fields.status = try json.string() }
            else if key.is("createdInCRM") { fields.createdInCRM = try json.string() }
            else { throw Unsure() }
        }
        guard let company, let contact else { throw Unsure() }
        fields.company = company
        fields.contact = contact
        return fields
    }

    mutating func scorecard() throws(Unsure) -> Scorecard {
        var version: Int?, scores: [String: CriterionScore]?, by: String?, at: Date?
        try object { json, key throws(Unsure) in
            if key.is("definitionVersion") { version = try json.int() }
            else if key.is("scores") {
                var found = [String: CriterionScore](minimumCapacity: 8)
                try json.object { json, criterion throws(Unsure) in
                    found[criterion.text] = try json.score()
                }
                scores = found
            }
            else if key.is("scoredBy") { by = try json.string() }
            else if key.is("scoredAt") { at = try json.date() }
            else { throw Unsure() }
        }
        guard let version, let scores, let by, let at else { throw Unsure() }
        return Scorecard(definitionVersion: version, scores: scores, scoredBy: by, scoredAt: at)
    }

    mutating func score() throws(Unsure) -> CriterionScore {
        var status: CriterionStatus?, evidence: String?
        try object { json, key throws(Unsure) in
            if key.is("status") { status = try json.raw(CriterionStatus.self) }
            else if key.is("evidence") { evidence = try json.string() }
            else { throw Unsure() }
        }
        guard let status, let evidence else { throw Unsure() }
        return CriterionScore(status: status, evidence: evidence)
    }

    mutating func meeting() throws(Unsure) -> Meeting {
        var ae: String?, at: Date?, agenda: String?, bookedBy: String?, bookedAt: Date?, reschedules: Int?
        var outcome: MeetingOutcome?, outcomeNote: String?, outcomeAt: Date?
        try object { json, key throws(Unsure) in
            if key.is("ae") { ae = try json.string() }
            else if key.is("at") { at = try json.date() }
            else if key.is("agenda") { agenda = try json.string() }
            else if key.is("bookedBy") { bookedBy = try json.string() }
            else if key.is("bookedAt") { bookedAt = try json.date() }
            else if key.is("outcome") { outcome = try json.raw(MeetingOutcome.self) }
            else if key.is("outcomeNote") { outcomeNote = try json.string() }
            else if key.is("outcomeAt") { outcomeAt = try json.date() }
            else if key.is("reschedules") { reschedules = try json.int() }
            else { throw Unsure() }
        }
        guard let ae, let at, let agenda, let bookedBy, let bookedAt, let reschedules else { throw Unsure() }
        return Meeting(ae: ae, at: at, agenda: agenda, bookedBy: bookedBy, bookedAt: bookedAt, outcome: outcome,
                       outcomeNote: outcomeNote, outcomeAt: outcomeAt, reschedules: reschedules)
    }

    mutating func disposition() throws(Unsure) -> Disposition {
        var kind: DispositionKind?, by: String?, at: Date?, reasons: [RejectionReason]?, failed: [String]?, before: Bool?
        var disposition = Disposition(kind: .accepted, by: "", at: .distantPast)
        try object { json, key throws(Unsure) in
            if key.is("kind") { kind = try json.raw(DispositionKind.self) }
            else if key.is("by") { by = try json.string() }
            else if key.is("at") { at = try json.date() }
            else if key.is("nextStep") { disposition.nextStep = try json.string() }
            else if key.is("nextDate") { disposition.nextDate = try json.date() }
            else if key.is("opportunity") { disposition.opportunity = try json.string() }
            else if key.is("assessment") { disposition.assessment = try json.assessment() }
            else if key.is("reason") { disposition.reason = try json.string() }
            else if key.is("revisit") { disposition.revisit = try json.date() }
            else if key.is("reasons") { reasons = try json.strings().map(RejectionReason.init(rawValue:)) }
            else if key.is("failedCriteria") { failed = try json.strings() }
            else if key.is("note") { disposition.note = try json.string() }
            else if key.is("beforeMeeting") { before = try json.bool() }
            else { throw Unsure() }
        }
        guard let kind, let by, let at, let reasons, let failed, let before else { throw Unsure() }
        disposition.kind = kind
        disposition.by = by
        disposition.at = at
        disposition.reasons = reasons
        disposition.failedCriteria = failed
        disposition.beforeMeeting = before
        return disposition
    }

    mutating func assessment() throws(Unsure) -> Assessment {
        var assessment = Assessment()
        try object { json, key throws(Unsure) in
            if key.is("goodProblem") { assessment.goodProblem = try json.string() }
            else if key.is("bigEnoughToAct") { assessment.bigEnoughToAct = try json.string() }
            else if key.is("justifiesSolution") { assessment.justifiesSolution = try json.string() }
            else if key.is("risks") { assessment.risks = try json.string() }
            else { throw Unsure() }
        }
        return assessment
    }

    /// `Member`'s own decoder: a missing login is the name.
    mutating func member() throws(Unsure) -> Member {
        var name: String?, role: Role?, login: String?
        try object { json, key throws(Unsure) in
            if key.is("name") { name = try json.string() }
            else if key.is("role") { role = try json.raw(Role.self) }
            else if key.is("login") { login = try json.string() }
            else { throw Unsure() }
        }
        guard let name, let role else { throw Unsure() }
        return Member(name: name, role: role, login: login ?? name)
    }

    mutating func strings() throws(Unsure) -> [String] {
        var list: [String] = []
        try array { json throws(Unsure) in list.append(try json.string()) }
        return list
    }
}
