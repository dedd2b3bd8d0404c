import Foundation
import HandoffCore
import HandoffSQLite
import Testing
@testable import HandoffStore

/// The hand-written writers of a lead's state and an event's payload (`JSONSink+Store`)
/// against the types' own `Encodable`, byte for byte: the store keeps what they write, and
/// `doctor` and every reader decode it.
@Suite("Interchange: the hand-written lead and payload JSON")
struct StreamingJSONHandWrittenTests {
    /// The properties each writer knows, in its order. A type that gains a property fails
    /// `everyPropertyIsKnown` until its writer (and this list) learn it.
    static let leadProperties = ["id", "fields", "owner", "column", "columnSince", "createdAt", "updatedAt", "version",
                                 "scorecard", "_meeting", "_disposition", "_dispute", "rebook", "handoffs", "credits",
                                 "lastActor", "lastEvent", "noShows", "_calibration"]
    static let payloadProperties = ["_fields", "owner", "scorecard", "definitionVersion", "_meeting", "outcome", "newTime",
                                    "note", "_disposition", "resolution", "undoes", "_restored", "_member", "_definition",
                                    "_founding", "group", "redoes", "outcomeReason", "previousAE", "_away", "proposedAE",
                                    "_calibration"]
    static let fieldsProperties = ["company", "contact", "title", "email", "phone", "source", "externalID", "website",
                                   "industry", "city", "state", "country", "status", "createdInCRM"]

    /// The nested values a lead's state and a payload write by hand, and their properties.
    static let nestedProperties: [(String, [String])] = [
        ("Scorecard", ["definitionVersion", "scores", "scoredBy", "scoredAt"]),
        ("CriterionScore", ["status", "evidence"]),
        ("Meeting", ["ae", "at", "agenda", "bookedBy", "bookedAt", "outcome", "outcomeNote", "outcomeAt", "reschedules"]),
        ("Disposition", ["kind", "by", "at", "nextStep", "nextDate", "opportunity", "assessment", "reason", "revisit",
                         "reasons", "failedCriteria", "note", "beforeMeeting"]),
        ("Assessment", ["goodProblem", "bigEnoughToAct", "justifiesSolution", "risks"]),
        ("Credit", ["sdr", "handoff", "sao"]),
    ]

    /// A scorecard, meeting, disposition and credits with every property set, in text a
    /// writer must escape.
    static func fullNested(_ text: String = "Zoë \"Q\" \\ \u{1B}[2J") -> (Scorecard, Meeting, Disposition, [Credit]) {
        let at = Date(timeIntervalSince1970: 1_780_000_000)
        let card = Scorecard(definitionVersion: 3,
                             scores: ["need": CriterionScore(status: .met, evidence: text),
                                      "fit": CriterionScore(status: .notMet, evidence: ""),
                                      text: CriterionScore(status: .unknown), "Ärger": CriterionScore(status: .met, evidence: "x")],
                             scoredBy: text, scoredAt: at)
        let meeting = Meeting(ae: text, at: at.addingTimeInterval(86_400), agenda: text, bookedBy: "sam", bookedAt: at,
                              outcome: .noShow, outcomeNote: text, outcomeAt: at.addingTimeInterval(90_000), reschedules: 2)
        let disposition = Disposition(kind: .returned, by: "alex", at: at, nextStep: text, nextDate: at, opportunity: "OPP-1",
                                      assessment: Assessment(goodProblem: "Yes", bigEnoughToAct: text, justifiesSolution: "No",
                                                             risks: "budget"),
                                      reason: text, revisit: at, reasons: [.noNeed, RejectionReason(rawValue: text)],
                                      failedCriteria: ["need", text], note: text, beforeMeeting: true)
        return (card, meeting, disposition, [Credit(sdr: "sam", handoff: 1, sao: true), Credit(sdr: text, handoff: 2, sao: false)])
    }

    /// The demo board: every column, meetings, dispositions, disputes, undos, the team.
    private static func demo() throws -> (events: [Event], leads: [Lead]) {
        let folder = FileManager.default.temporaryDirectory.appending(path: "handwritten-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try DemoSeed.seed(path: folder.appending(path: "board.sqlite").path(), lead: "lee",
                                      founding: Founding(account: "lee", personal: false),
                                      now: Date(timeIntervalSince1970: 1_780_000_000))
        return (try store.events(after: 0, limit: nil), try store.leads(LeadQuery(includeArchived: true)))
    }

    private func expectSame<T: Encodable>(_ value: T, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let hand = try StreamingJSONEncoder.string(value)
        let generic = try StreamingJSONEncoder.stringThroughEncodable(value)
        #expect(hand == generic, "hand-written:\n\(hand)\nEncodable:\n\(generic)", sourceLocation: sourceLocation)
    }

    /// Whether a stored property's value is absent: a nil optional, or an empty `Boxed`.
    private static func isAbsent(_ value: Any) -> Bool {
        let mirror = Mirror(reflecting: value)
        if mirror.displayStyle == .optional { return mirror.children.isEmpty }
        if String(describing: type(of: value)).hasPrefix("Boxed<"), let box = mirror.children.first {
            return isAbsent(box.value)
        }
        return false
    }

    /// Every property of the demo's events and leads, merged into one value with all set.
    private static func full(_ demo: (events: [Event], leads: [Lead])) throws -> (payload: EventPayload, lead: Lead, fields: LeadFields) {
        var payload = EventPayload()
        for event in demo.events.map(\.payload) {
            payload.fields = payload.fields ?? event.fields
            payload.owner = payload.owner ?? event.owner
            payload.scorecard = payload.scorecard ?? event.scorecard
            payload.definitionVersion = payload.definitionVersion ?? event.definitionVersion
            payload.meeting = payload.meeting ?? event.meeting
            payload.outcome = payload.outcome ?? event.outcome
            payload.newTime = payload.newTime ?? event.newTime
            payload.note = payload.note ?? event.note
            payload.disposition = payload.disposition ?? event.disposition
            payload.resolution = payload.resolution ?? event.resolution
            payload.undoes = payload.undoes ?? event.undoes
            payload.restored = payload.restored ?? event.restored
            payload.member = payload.member ?? event.member
            payload.definition = payload.definition ?? event.definition
            payload.founding = payload.founding ?? event.founding
            payload.group = payload.group ?? event.group
            payload.redoes = payload.redoes ?? event.redoes
            payload.outcomeReason = payload.outcomeReason ?? event.outcomeReason
            payload.previousAE = payload.previousAE ?? event.previousAE
            payload.away = payload.away ?? event.away
            payload.proposedAE = payload.proposedAE ?? event.proposedAE
            payload.calibration = payload.calibration ?? event.calibration
        }
        // What the demo never writes.
        payload.redoes = payload.redoes ?? 41
        payload.undoes = payload.undoes ?? 40
        payload.restored = payload.restored ?? demo.leads.first
        payload.group = payload.group ?? "bulk-1"
        payload.previousAE = payload.previousAE ?? "alex"
        payload.proposedAE = payload.proposedAE ?? "jordan"
        payload.away = payload.away ?? Away(member: "alex", from: "2026-12-01", to: "2026-12-04")
        payload.calibration = payload.calibration ?? CalibrationRequest(with: ["jordan", "priya"], definitionVersion: 1)
        payload.note = payload.note ?? "a note with \"quotes\", a tab\tand Zoë"

        var lead = try #require(demo.leads.first { $0.meeting != nil && $0.disposition != nil && !$0.credits.isEmpty })
        lead.scorecard = lead.scorecard ?? demo.leads.compactMap(\.scorecard).first
        lead.dispute = lead.dispute ?? demo.leads.compactMap(\.dispute).first
        lead.noShows = 1
        lead.calibration = LeadCalibration(with: ["jordan", "priya"], definitionVersion: 1, startedBy: "lee",
                                           startedAt: Date(timeIntervalSince1970: 1_780_000_000), scored: ["priya"])

        let fields = LeadFields(company: "Acme \"Intl\"", contact: "Zoë Ng", title: "VP", email: "z@acme.test", phone: "+1 415",
                                source: "Web", externalID: "00Q1", website: "acme.test", industry: "Retail", city: "Oslo",
                                state: "—", country: "NO", status: "Open", createdInCRM: "3/4/2026, 9:12 AM")
        lead.fields = fields
        payload.fields = fields
        return (payload, lead, fields)
    }

    @Test func everyPropertyIsKnownAndSetInTheFullValues() throws {
        let values = try Self.full(Self.demo())
        for (value, known) in [(values.lead, Self.leadProperties), (values.payload, Self.payloadProperties),
                               (values.fields, Self.fieldsProperties)] as [(Any, [String])] {
            let mirror = Mirror(reflecting: value)
            let labels = mirror.children.compactMap(\.label)
            #expect(labels == known, "\(type(of: value)) has properties \(labels): teach its writer in JSONSink+Store the new ones")
            for child in mirror.children {
                #expect(!Self.isAbsent(child.value), "\(type(of: value)).\(child.label ?? "?") is not set in the full value")
            }
        }
    }

    @Test func theFullValuesAreWrittenAsTheirEncodableWritesThem() throws {
        let values = try Self.full(Self.demo())
        try expectSame(values.lead)
        try expectSame(values.payload)
        try expectSame(values.fields)
        // Inside other values too: a restored lead in a payload, fields with nothing optional.
        var undo = EventPayload(undoes: 7, restored: values.lead)
        undo.group = "g-1"
        try expectSame(undo)
        try expectSame(LeadFields(company: "", contact: "x"))
        try expectSame(EventPayload())
        #expect(try StreamingJSONEncoder.string(EventPayload()) == "{}")
    }

    @Test func everyNestedPropertyIsKnownAndSet() throws {
        let (card, meeting, disposition, credits) = Self.fullNested()
        let values: [Any] = [card, try #require(card.scores["need"]), meeting, disposition, try #require(disposition.assessment),
                             try #require(credits.first)]
        for (value, (name, known)) in zip(values, Self.nestedProperties) {
            let mirror = Mirror(reflecting: value)
            #expect(String(describing: type(of: value)) == name)
            let labels = mirror.children.compactMap(\.label)
            #expect(labels == known, "\(name) has properties \(labels): teach its writer in JSONSink+Store the new ones")
            for child in mirror.children {
                #expect(!Self.isAbsent(child.value), "\(name).\(child.label ?? "?") is not set in the full value")
            }
        }
    }

    /// A lead's state and a payload with the nested values full, empty and absent.
    @Test func theNestedValuesAreWrittenAsTheirEncodableWritesThem() throws {
        var lead = try #require(try Self.demo().leads.first)
        for text in ["plain", "Zoë \"Q\" \\ \u{1B}[2J", "\u{202E}\u{0}\n"] {
            let (card, meeting, disposition, credits) = Self.fullNested(text)
            lead.scorecard = card
            lead.meeting = meeting
            lead.disposition = disposition
            lead.credits = credits
            try expectSame(lead)
            try expectSame(EventPayload(scorecard: card, meeting: meeting, disposition: disposition))
        }
        lead.scorecard = Scorecard(definitionVersion: 1, scores: [:], scoredBy: "sam", scoredAt: Date(timeIntervalSince1970: 0))
        lead.meeting = Meeting(ae: "alex", at: Date(timeIntervalSince1970: 0), agenda: "", bookedBy: "sam",
                               bookedAt: Date(timeIntervalSince1970: 0))
        lead.disposition = Disposition(kind: .accepted, by: "alex", at: Date(timeIntervalSince1970: 0))
        lead.credits = []
        try expectSame(lead)
        lead.scorecard = nil
        lead.meeting = nil
        lead.disposition = nil
        try expectSame(lead)
    }

    @Test func everyEventAndLeadOfTheDemoIsWrittenAsItsEncodableWritesIt() throws {
        let demo = try Self.demo()
        #expect(demo.events.count > 200)
        for event in demo.events {
            try expectSame(event)
            try expectSame(event.payload)
        }
        for lead in demo.leads { try expectSame(lead) }
    }

    @Test func hostileTextIsEscapedAsTheEncodableEscapesIt() throws {
        var lead = try #require(try Self.demo().leads.first)
        for text in ["\u{1B}]52;c;aGk=\u{7}", "quote \" backslash \\", "line\nbreak\r\ttab", "\u{202E}bidi\u{200B}", "\u{0}nul", "李 👩‍👩‍👧"] {
            lead.fields.company = text
            lead.fields.city = text
            lead.owner = text
            try expectSame(lead)
            try expectSame(EventPayload(fields: lead.fields, owner: text, note: text))
            #expect(try Codec.decoder().decode(Lead.self, from: Data(StreamingJSONEncoder.string(lead).utf8)) == lead)
        }
    }
}
