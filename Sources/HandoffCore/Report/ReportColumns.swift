import Foundation

/// The facts the report reads from an event (`ReportEvent`), as the plain columns both
/// stores keep beside its payload, written when the event is appended: the report reads
/// these instead of the JSON.
///
/// This is the one definition of what goes in them: the SQLite store's append, either
/// store's import and the migrations that fill the columns of older logs compute them
/// here. PostgreSQL's `handoff_append` derives the same values from the payload on the
/// server (a test holds the two equal), so a login cannot record facts its payload does
/// not say.
///
/// Values are text as the payload writes them: times as ISO 8601 (`2026-03-09T09:00:00Z`),
/// names and codes as they are, lists as compact JSON arrays of strings escaped as
/// PostgreSQL's `to_json` escapes them.
public struct ReportColumns: Sendable, Equatable, CustomStringConvertible {
    /// `created`: the owner (the actor when none is named); `edited`: a new owner; `booked`,
    /// `reassigned`: the (new) AE.
    public var person: String?
    /// The company the event's fields set (`created`, `edited`).
    public var company: String?
    /// `booked`: the meeting's time; `outcome`: the new time of a reschedule.
    public var meetingAt: String?
    public var outcome: String?
    /// `nurtured`: when to revisit.
    public var revisit: String?
    public var resolution: String?
    /// `undone`: the event reversed.
    public var undoes: Int64?
    /// `returned` only: the reason codes and failed criteria (JSON arrays), and triage.
    public var reasons: String?
    public var failedCriteria: String?
    public var beforeMeeting: Bool?

    /// The column names, in the order of the fields above.
    public static let names = ["person", "company", "meeting_at", "outcome", "revisit", "resolution", "undoes",
                               "reasons", "failed_criteria", "before_meeting"]

    public init(person: String? = nil, company: String? = nil, meetingAt: String? = nil, outcome: String? = nil,
                revisit: String? = nil, resolution: String? = nil, undoes: Int64? = nil, reasons: String? = nil,
                failedCriteria: String? = nil, beforeMeeting: Bool? = nil) {
        self.person = person
        self.company = company
        self.meetingAt = meetingAt
        self.outcome = outcome
        self.revisit = revisit
        self.resolution = resolution
        self.undoes = undoes
        self.reasons = reasons
        self.failedCriteria = failedCriteria
        self.beforeMeeting = beforeMeeting
    }

    /// The columns of `event`: its report facts (`ReportEvent(event)`), as text. A team
    /// event has none.
    public init(_ event: Event) {
        guard let fact = ReportEvent(event) else {
            self.init()
            return
        }
        self.init(fact)
    }

    /// The columns that hold `fact`'s payload fields.
    public init(_ fact: ReportEvent) {
        self.init(person: fact.person, company: fact.company, meetingAt: fact.meetingAt.map(ISODate.text),
                  outcome: fact.outcome?.rawValue, revisit: fact.revisit.map(ISODate.text),
                  resolution: fact.resolution?.rawValue, undoes: fact.undoes,
                  reasons: fact.returned.map { Self.array($0.reasons.map(\.rawValue)) },
                  failedCriteria: fact.returned.map { Self.array($0.failedCriteria) },
                  beforeMeeting: fact.returned?.beforeMeeting)
    }

    /// The report's view of the event these columns were written for. Throws, naming the
    /// column, when a value is not what an append writes.
    public func fact(seq: Int64, at: Date, lead: LeadID, type: EventType, to: Column?) throws(ReportColumnError) -> ReportEvent {
        var fact = ReportEvent(seq: seq, at: at, lead: lead, type: type, to: to, person: person, company: company,
                               undoes: undoes)
        if let meetingAt {
            guard let date = ISODate.date(meetingAt) else { throw ReportColumnError(seq: seq, column: "meeting_at", value: meetingAt) }
            fact.meetingAt = date
        }
        if let outcome {
            guard let value = MeetingOutcome(rawValue: outcome) else { throw ReportColumnError(seq: seq, column: "outcome", value: outcome) }
            fact.outcome = value
        }
        if let revisit {
            guard let date = ISODate.date(revisit) else { throw ReportColumnError(seq: seq, column: "revisit", value: revisit) }
            fact.revisit = date
        }
        if let resolution {
            guard let value = DisputeResolution(rawValue: resolution) else {
                throw ReportColumnError(seq: seq, column: "resolution", value: resolution)
            }
            fact.resolution = value
        }
        if let reasons {
            guard let codes = Self.strings(reasons) else { throw ReportColumnError(seq: seq, column: "reasons", value: reasons) }
            var failed: [String] = []
            if let failedCriteria {
                guard let list = Self.strings(failedCriteria) else {
                    throw ReportColumnError(seq: seq, column: "failed_criteria", value: failedCriteria)
                }
                failed = list
            }
            fact.returned = ReturnFacts(reasons: codes.map(RejectionReason.init(rawValue:)), failedCriteria: failed,
                                        beforeMeeting: beforeMeeting ?? false)
        }
        return fact
    }

    public var description: String {
        "person=\(person ?? "NULL") company=\(company ?? "NULL") meeting_at=\(meetingAt ?? "NULL") outcome=\(outcome ?? "NULL") "
            + "revisit=\(revisit ?? "NULL") resolution=\(resolution ?? "NULL") undoes=\(undoes.map(String.init) ?? "NULL") "
            + "reasons=\(reasons ?? "NULL") failed_criteria=\(failedCriteria ?? "NULL") "
            + "before_meeting=\(beforeMeeting.map(String.init) ?? "NULL")"
    }

    // MARK: - Lists

    /// `["a","b"]`, escaped as PostgreSQL's `to_json(text[])` writes it (`"`, `\`, `\b`,
    /// `\f`, `\n`, `\r`, `\t`, other controls as `\u00xx`; everything else as it is).
    public static func array(_ values: [String]) -> String {
        var bytes: [UInt8] = [UInt8(ascii: "[")]
        let hex = Array("0123456789abcdef".utf8)
        for (index, value) in values.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            bytes.append(UInt8(ascii: "\""))
            for byte in value.utf8 {
                switch byte {
                case 0x22: bytes += [0x5C, 0x22]
                case 0x5C: bytes += [0x5C, 0x5C]
                case 0x08: bytes += [0x5C, UInt8(ascii: "b")]
                case 0x0C: bytes += [0x5C, UInt8(ascii: "f")]
                case 0x0A: bytes += [0x5C, UInt8(ascii: "n")]
                case 0x0D: bytes += [0x5C, UInt8(ascii: "r")]
                case 0x09: bytes += [0x5C, UInt8(ascii: "t")]
                case ..<0x20: bytes += [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
                default: bytes.append(byte)
                }
            }
            bytes.append(UInt8(ascii: "\""))
        }
        bytes.append(UInt8(ascii: "]"))
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The strings of a JSON array of strings; nil if `text` is not one. Linear; an
    /// element with escapes goes through Foundation's decoder.
    public static func strings(_ text: String) -> [String]? {
        let bytes = Array(text.utf8)
        var index = 0
        func skipSpace() { while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 } }
        skipSpace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: "[") else { return nil }
        index += 1
        var values: [String] = []
        skipSpace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            skipSpace()
            return index == bytes.count ? values : nil
        }
        while index < bytes.count {
            guard bytes[index] == 0x22 else { return nil }
            let start = index
            var end = index + 1
            var escaped = false
            while end < bytes.count, bytes[end] != 0x22 {
                if bytes[end] == 0x5C {
                    escaped = true
                    end += 1
                }
                end += 1
            }
            guard end < bytes.count else { return nil }
            if escaped {
                guard let value = try? JSONDecoder().decode(String.self, from: Data(bytes[start...end])) else { return nil }
                values.append(value)
            } else {
                values.append(String(decoding: bytes[(start + 1)..<end], as: UTF8.self))
            }
            index = end + 1
            skipSpace()
            guard index < bytes.count else { return nil }
            if bytes[index] == UInt8(ascii: "]") {
                index += 1
                skipSpace()
                return index == bytes.count ? values : nil
            }
            guard bytes[index] == UInt8(ascii: ",") else { return nil }
            index += 1
            skipSpace()
        }
        return nil
    }
}

/// A report column that holds what no append writes (a row written behind the store's back).
public struct ReportColumnError: Error, Sendable, Equatable, CustomStringConvertible {
    public var seq: Int64
    public var column: String
    public var value: String

    public init(seq: Int64, column: String, value: String) {
        self.seq = seq
        self.column = column
        self.value = value
    }

    public var description: String {
        "event #\(seq)'s \(column) column holds '\(SafeText.sanitize(String(value.prefix(80))))', which no append writes (run `handoff doctor`)"
    }
}
