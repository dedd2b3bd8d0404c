import Foundation

/// A code from the team's list of reasons for returning a lead.
public struct RejectionReason: RawRepresentable, Codable, Sendable, Hashable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }

    public static let noNeed = RejectionReason(rawValue: "no_need")
    public static let notICP = RejectionReason(rawValue: "not_icp")
    public static let noTimeframe = RejectionReason(rawValue: "no_timeframe")
    public static let noAuthority = RejectionReason(rawValue: "no_authority")
    public static let meetingNotHeld = RejectionReason(rawValue: "meeting_not_held")
    public static let duplicate = RejectionReason(rawValue: "duplicate")
    public static let existingCustomer = RejectionReason(rawValue: "existing_customer")
    public static let competitorOrPartner = RejectionReason(rawValue: "competitor_or_partner")
    public static let badData = RejectionReason(rawValue: "bad_data")
    public static let doNotContact = RejectionReason(rawValue: "do_not_contact")
    public static let other = RejectionReason(rawValue: "other")

    public static let defaults: [RejectionReason] = [
        .noNeed, .notICP, .noTimeframe, .noAuthority, .meetingNotHeld, .duplicate,
        .existingCustomer, .competitorOrPartner, .badData, .doNotContact, .other,
    ]

    /// The definition criterion a reason speaks of, where it is one of the definition's.
    public var criterion: String? {
        switch rawValue {
        case "no_need": "need"
        case "not_icp": "fit"
        case "no_timeframe": "timeframe"
        case "no_authority": "authority"
        default: nil
        }
    }

    public var label: String {
        switch rawValue {
        case "no_need": "No need"
        case "not_icp": "Not ICP"
        case "no_timeframe": "No timeframe"
        case "no_authority": "No authority"
        case "meeting_not_held": "Meeting not held"
        case "duplicate": "Duplicate"
        case "existing_customer": "Existing customer"
        case "competitor_or_partner": "Competitor or partner"
        case "bad_data": "Bad data"
        case "do_not_contact": "Do not contact"
        case "other": "Other"
        default: rawValue
        }
    }
}

public enum DispositionKind: String, Codable, Sendable, CaseIterable {
    case accepted
    case nurture
    case returned
}

/// The AE's diagnostic read of the first conversation (Discovery → Diagnosis).
public struct Assessment: Codable, Sendable, Equatable {
    public var goodProblem: String?
    public var bigEnoughToAct: String?
    public var justifiesSolution: String?
    public var risks: String?

    public init(goodProblem: String? = nil, bigEnoughToAct: String? = nil,
                justifiesSolution: String? = nil, risks: String? = nil) {
        self.goodProblem = goodProblem
        self.bigEnoughToAct = bigEnoughToAct
        self.justifiesSolution = justifiesSolution
        self.risks = risks
    }

    public var isEmpty: Bool { [goodProblem, bigEnoughToAct, justifiesSolution, risks].allSatisfy { ($0 ?? "").isEmpty } }
}

/// Exactly one per handoff: the AE closes the loop.
public struct Disposition: Codable, Sendable, Equatable {
    public var kind: DispositionKind
    public var by: String
    public var at: Date
    // accepted
    public var nextStep: String?
    public var nextDate: Date?
    public var opportunity: String?
    public var assessment: Assessment?
    // nurture
    public var reason: String?
    public var revisit: Date?
    // returned
    public var reasons: [RejectionReason]
    public var failedCriteria: [String]
    public var note: String?
    /// Returned by the AE before the meeting took place.
    public var beforeMeeting: Bool

    public init(kind: DispositionKind, by: String, at: Date,
                nextStep: String? = nil, nextDate: Date? = nil, opportunity: String? = nil,
                assessment: Assessment? = nil, reason: String? = nil, revisit: Date? = nil,
                reasons: [RejectionReason] = [], failedCriteria: [String] = [], note: String? = nil,
                beforeMeeting: Bool = false) {
        self.kind = kind
        self.by = by
        self.at = at
        self.nextStep = nextStep
        self.nextDate = nextDate
        self.opportunity = opportunity
        self.assessment = assessment
        self.reason = reason
        self.revisit = revisit
        self.reasons = reasons
        self.failedCriteria = failedCriteria
        self.note = note
        self.beforeMeeting = beforeMeeting
    }
}

public enum DisputeResolution: String, Codable, Sendable, CaseIterable {
    case upheld
    case overturned

    public init?(verb: String) {
        switch verb.lowercased() {
        case "uphold", "upheld": self = .upheld
        case "overturn", "overturned": self = .overturned
        default: return nil
        }
    }
}

/// An SDR's challenge of a return, and the team lead's ruling on it.
public struct Dispute: Codable, Sendable, Equatable {
    public var note: String
    public var by: String
    public var at: Date
    public var resolution: DisputeResolution?
    public var resolvedBy: String?
    public var resolvedAt: Date?
    public var resolutionNote: String?

    public init(note: String, by: String, at: Date) {
        self.note = note
        self.by = by
        self.at = at
    }

    public var isOpen: Bool { resolution == nil }
}

/// An SDR's credit for one handoff: an SQL for a held meeting that ended accepted or
/// nurture, and an SAO as well when it was accepted.
public struct Credit: Codable, Sendable, Equatable {
    public var sdr: String
    public var handoff: Int
    public var sao: Bool

    public init(sdr: String, handoff: Int, sao: Bool) {
        self.sdr = sdr
        self.handoff = handoff
        self.sao = sao
    }
}
