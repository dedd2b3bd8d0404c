import Foundation
import HandoffCore

/// The store's two documents per event, a lead's state and an event's payload, written
/// key by key instead of through `encode(to:)`. Through `Encodable` every key cost a
/// container box, a generic call, a metadata lookup and a dynamic cast: a new lead's two
/// documents took about 85,000 instructions, a quarter of a CSV import's CPU, and a
/// rebuilt lead's state 110,000 of `import --events`'s.
///
/// Each writer is the synthesized `encode(to:)` of its type, spelled out: the same keys,
/// in the order of the type's `CodingKeys` (declaration order), an optional left out when
/// nil. A rebuilt lead's scorecard, meeting, disposition and credits are written by hand
/// too: through `Encodable` they were most of its state's cost, 100,000 instructions a lead
/// in `import --events`. What is rare (a dispute, a restored lead, a member, a
/// definition…) still goes through `value`, so its `Encodable` stays the one definition
/// of its JSON. `StreamingJSONHandWrittenTests` holds each writer to the `Encodable`
/// output for values with every property set, and fails when a type gains a property a
/// writer does not know.
extension JSONSink {
    /// `"name":`, as the next entry of the object in `frame`.
    private func key(_ name: StaticString, in frame: Int) {
        element(in: frame)
        bytes.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { bytes.append(contentsOf: $0) }
        // Two appends, not an array of two: that was a tenth of a key's cost.
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
    }

    private func field(_ name: StaticString, _ text: String, in frame: Int) {
        key(name, in: frame)
        string(text)
    }

    private func field(_ name: StaticString, _ text: String?, in frame: Int) {
        guard let text else { return }
        field(name, text, in: frame)
    }

    private func field(_ name: StaticString, _ number: Int?, in frame: Int) {
        guard let number else { return }
        key(name, in: frame)
        literal(String(number))
    }

    private func field(_ name: StaticString, _ number: Int64?, in frame: Int) {
        guard let number else { return }
        key(name, in: frame)
        literal(String(number))
    }

    private func field(_ name: StaticString, _ date: Date?, in frame: Int) {
        guard let date else { return }
        key(name, in: frame)
        date8601(date)
    }

    private func field(_ name: StaticString, _ flag: Bool, in frame: Int) {
        key(name, in: frame)
        literal(flag ? "true" : "false")
    }

    /// Anything else, through its `Encodable`; left out when nil.
    private func field<T: Encodable>(_ name: StaticString, encoding value: T?, in frame: Int) throws {
        guard let value else { return }
        key(name, in: frame)
        try self.value(value)
    }

    /// The documents written by hand below, each left out when nil.
    private func field(_ name: StaticString, _ fields: LeadFields?, in frame: Int) {
        guard let fields else { return }
        key(name, in: frame)
        write(fields)
    }

    private func field(_ name: StaticString, _ card: Scorecard?, in frame: Int) {
        guard let card else { return }
        key(name, in: frame)
        write(card)
    }

    private func field(_ name: StaticString, _ meeting: Meeting?, in frame: Int) {
        guard let meeting else { return }
        key(name, in: frame)
        write(meeting)
    }

    private func field(_ name: StaticString, _ disposition: Disposition?, in frame: Int) {
        guard let disposition else { return }
        key(name, in: frame)
        write(disposition)
    }

    /// An object: `body` writes its entries into the frame it is given.
    private func object(_ body: (Int) throws -> Void) rethrows {
        let depth = frames.count
        let frame = open(object: true)
        try body(frame)
        close(downTo: depth)
    }

    /// An array: `body` writes each element as a value.
    private func array<Element>(_ elements: [Element], _ body: (Element) -> Void) {
        let depth = frames.count
        let frame = open(object: false)
        for element in elements {
            self.element(in: frame)
            body(element)
        }
        close(downTo: depth)
    }

    /// A scorecard, its scores in key order (as every string-keyed dictionary is written).
    func write(_ card: Scorecard) {
        object { frame in
            field("definitionVersion", card.definitionVersion, in: frame)
            key("scores", in: frame)
            object { scores in
                // The pairs sorted, not the keys then looked up: each lookup hashed its key.
                var entries = Array(card.scores)
                entries.sort { $0.key < $1.key }
                for (key, score) in entries {
                    element(in: scores)
                    string(key)
                    bytes.append(UInt8(ascii: ":"))
                    object { frame in
                        field("status", score.status.rawValue, in: frame)
                        field("evidence", score.evidence, in: frame)
                    }
                }
            }
            field("scoredBy", card.scoredBy, in: frame)
            field("scoredAt", card.scoredAt, in: frame)
        }
    }

    func write(_ meeting: Meeting) {
        object { frame in
            field("ae", meeting.ae, in: frame)
            field("at", meeting.at, in: frame)
            field("agenda", meeting.agenda, in: frame)
            field("bookedBy", meeting.bookedBy, in: frame)
            field("bookedAt", meeting.bookedAt, in: frame)
            field("outcome", meeting.outcome?.rawValue, in: frame)
            field("outcomeNote", meeting.outcomeNote, in: frame)
            field("outcomeAt", meeting.outcomeAt, in: frame)
            field("reschedules", meeting.reschedules, in: frame)
        }
    }

    func write(_ disposition: Disposition) {
        object { frame in
            field("kind", disposition.kind.rawValue, in: frame)
            field("by", disposition.by, in: frame)
            field("at", disposition.at, in: frame)
            field("nextStep", disposition.nextStep, in: frame)
            field("nextDate", disposition.nextDate, in: frame)
            field("opportunity", disposition.opportunity, in: frame)
            if let assessment = disposition.assessment {
                key("assessment", in: frame)
                object { frame in
                    field("goodProblem", assessment.goodProblem, in: frame)
                    field("bigEnoughToAct", assessment.bigEnoughToAct, in: frame)
                    field("justifiesSolution", assessment.justifiesSolution, in: frame)
                    field("risks", assessment.risks, in: frame)
                }
            }
            field("reason", disposition.reason, in: frame)
            field("revisit", disposition.revisit, in: frame)
            key("reasons", in: frame)
            array(disposition.reasons) { string($0.rawValue) }
            key("failedCriteria", in: frame)
            array(disposition.failedCriteria) { string($0) }
            field("note", disposition.note, in: frame)
            field("beforeMeeting", disposition.beforeMeeting, in: frame)
        }
    }

    func write(_ fields: LeadFields) {
        if reusesFields, let last = lastFields, last.fields == fields {
            bytes.append(contentsOf: last.json)
            return
        }
        let mark = bytes.count
        writeFields(fields)
        if reusesFields { lastFields = (fields, Array(bytes[mark...])) }
    }

    private func writeFields(_ fields: LeadFields) {
        object { frame in
            field("company", fields.company, in: frame)
            field("contact", fields.contact, in: frame)
            field("title", fields.title, in: frame)
            field("email", fields.email, in: frame)
            field("phone", fields.phone, in: frame)
            field("source", fields.source, in: frame)
            field("externalID", fields.externalID, in: frame)
            field("website", fields.website, in: frame)
            field("industry", fields.industry, in: frame)
            field("city", fields.city, in: frame)
            field("state", fields.state, in: frame)
            field("country", fields.country, in: frame)
            field("status", fields.status, in: frame)
            field("createdInCRM", fields.createdInCRM, in: frame)
        }
    }

    func write(_ lead: Lead) throws {
        try object { frame in
            field("id", lead.id.description, in: frame)
            field("fields", lead.fields, in: frame)
            field("owner", lead.owner, in: frame)
            field("column", lead.column.rawValue, in: frame)
            field("columnSince", lead.columnSince, in: frame)
            field("createdAt", lead.createdAt, in: frame)
            field("updatedAt", lead.updatedAt, in: frame)
            field("version", lead.version, in: frame)
            field("scorecard", lead.scorecard, in: frame)
            field("meeting", lead.meeting, in: frame)
            field("disposition", lead.disposition, in: frame)
            try field("dispute", encoding: lead.dispute, in: frame)
            field("rebook", lead.rebook, in: frame)
            field("handoffs", lead.handoffs, in: frame)
            key("credits", in: frame)
            array(lead.credits) { credit in
                object { frame in
                    field("sdr", credit.sdr, in: frame)
                    field("handoff", credit.handoff, in: frame)
                    field("sao", credit.sao, in: frame)
                }
            }
            field("lastActor", lead.lastActor, in: frame)
            field("lastEvent", lead.lastEvent.rawValue, in: frame)
            try field("calibration", encoding: lead.calibration, in: frame)
        }
    }

    func write(_ payload: EventPayload) throws {
        try object { frame in
            field("fields", payload.fields, in: frame)
            field("owner", payload.owner, in: frame)
            field("scorecard", payload.scorecard, in: frame)
            field("definitionVersion", payload.definitionVersion, in: frame)
            field("meeting", payload.meeting, in: frame)
            field("outcome", payload.outcome?.rawValue, in: frame)
            field("newTime", payload.newTime, in: frame)
            field("note", payload.note, in: frame)
            field("disposition", payload.disposition, in: frame)
            field("resolution", payload.resolution?.rawValue, in: frame)
            field("undoes", payload.undoes, in: frame)
            try field("restored", encoding: payload.restored, in: frame)
            try field("member", encoding: payload.member, in: frame)
            try field("definition", encoding: payload.definition, in: frame)
            try field("founding", encoding: payload.founding, in: frame)
            field("group", payload.group, in: frame)
            field("redoes", payload.redoes, in: frame)
            field("outcomeReason", payload.outcomeReason?.rawValue, in: frame)
            field("previousAE", payload.previousAE, in: frame)
            try field("away", encoding: payload.away, in: frame)
            field("proposedAE", payload.proposedAE, in: frame)
            try field("calibration", encoding: payload.calibration, in: frame)
        }
    }
}
