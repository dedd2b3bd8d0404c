import Foundation
import HandoffCore

/// One lead of the demo board: the company and contact, the SDR's discovery notes, who
/// works it, and the story it has been through. The seeder plays each story through the
/// real rules, so every card on the demo board got where it is the way a real one would.
///
/// The demo team sells a finance-operations platform (AP automation, bank reconciliation,
/// month-end close) to mid-market companies. Its ICP: 200–5,000 staff, several entities or
/// sites, on a mid-market ERP (NetSuite, Sage Intacct, Dynamics 365 Business Central).
struct DemoLead: Sendable {
    var company: String
    var domain: String
    var industry: String
    /// `City, ST, Country` or `City, Country`.
    var place: String
    var contact: String
    var title: String
    /// The part of the contact's email before `@domain`.
    var mailbox: String
    var source: String
    var owner: String
    var ae: String
    /// Discovery notes, the evidence for each criterion the SDR marks met.
    var need: String
    var fit: String
    var when: String
    var who: String
    var budget: String?
    var story: DemoStory

    init(_ company: String, _ domain: String, _ industry: String, _ place: String,
         contact: String, _ title: String, _ mailbox: String, source: String, owner: String, ae: String = "alex",
         need: String = "", fit: String = "", when: String = "", who: String = "", budget: String? = nil,
         story: DemoStory) {
        self.company = company
        self.domain = domain
        self.industry = industry
        self.place = place
        self.contact = contact
        self.title = title
        self.mailbox = mailbox
        self.source = source
        self.owner = owner
        self.ae = ae
        self.need = need
        self.fit = fit
        self.when = when
        self.who = who
        self.budget = budget
        self.story = story
    }

    var fields: LeadFields {
        let parts = place.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        return LeadFields(company: company, contact: contact, title: title, email: "\(mailbox)@\(domain)",
                          source: source, website: "www.\(domain)", industry: industry,
                          city: parts.first, state: parts.count > 2 ? parts[1] : nil,
                          country: parts.count > 1 ? parts.last : nil)
    }

    /// The scorecard from the notes: every required criterion met, unless a gap says otherwise.
    func scores(except gaps: [DemoGap] = []) -> [String: CriterionScore] {
        var scores: [String: CriterionScore] = [
            "need": CriterionScore(status: .met, evidence: need),
            "fit": CriterionScore(status: .met, evidence: fit),
            "timeframe": CriterionScore(status: .met, evidence: when),
            "authority": CriterionScore(status: .met, evidence: who),
        ]
        if let budget { scores["budget"] = CriterionScore(status: .met, evidence: budget) }
        for gap in gaps { scores[gap.key] = CriterionScore(status: gap.status, evidence: gap.note) }
        return scores
    }
}

/// Where a lead's story has taken it. Days are business days relative to the seeding day
/// (`-1` is the last working day before today, `+1` the next one); `meeting` is the day of
/// the first AE meeting, and the rest of the story is laid out around it.
enum DemoStory: Sendable {
    /// Added that day (`0`: earlier today), not worked yet.
    case fresh(day: Int)
    /// Scored that day; qualified but not yet booked when there are no gaps.
    case scored(day: Int, gaps: [DemoGap])
    /// The prospect did not turn up; the SDR logs it and must rebook.
    case noShow(meeting: Int, note: String)
    /// Canceled the day before; the SDR must rebook.
    case canceled(meeting: Int, note: String)
    /// Held, returned, reworked by the SDR and partly rescored.
    case reworked(meeting: Int, DemoReturn, rescore: [DemoGap])
    /// Held, nurtured until `revisit`, reactivated by the SDR when it came due.
    case reactivated(meeting: Int, DemoNurture)
    /// Booked; the meeting is still to come, or it passed and nobody has logged it yet.
    case booked(meeting: Int)
    /// Booked for `meeting`, moved the day before to `to`.
    case rescheduled(meeting: Int, to: Int, note: String)
    /// Held and logged; the AE has not given a disposition yet.
    case held(meeting: Int, note: String)
    case accepted(meeting: Int, DemoAccept)
    case nurtured(meeting: Int, DemoNurture)
    case returned(meeting: Int, DemoReturn)
    /// Returned by the AE on the day it was booked, before the meeting; archived if asked.
    case triaged(meeting: Int, DemoReturn, archive: Bool)
    /// Returned, disputed by the SDR, and ruled on by the team lead unless `ruling` is nil.
    case disputed(meeting: Int, DemoReturn, dispute: String, ruling: DemoRuling?)
    /// Returned, disputed, overturned by the team lead, then accepted by the AE.
    case overturned(meeting: Int, DemoReturn, dispute: String, ruling: String, DemoAccept)
    /// Returned after the meeting and archived as disqualified.
    case archived(meeting: Int, DemoReturn)
}

/// A criterion the SDR could not mark met, with what they found.
struct DemoGap: Sendable {
    var key: String
    var status: CriterionStatus
    var note: String

    static func unknown(_ key: String, _ note: String) -> DemoGap { DemoGap(key: key, status: .unknown, note: note) }
    static func notMet(_ key: String, _ note: String) -> DemoGap { DemoGap(key: key, status: .notMet, note: note) }
}

struct DemoAccept: Sendable {
    var nextStep: String
    /// Business days after the acceptance.
    var nextIn: Int
    var opportunity: String?
    var assessment: Assessment?

    init(_ nextStep: String, in nextIn: Int, opportunity: String? = nil, assessment: Assessment? = nil) {
        self.nextStep = nextStep
        self.nextIn = nextIn
        self.opportunity = opportunity
        self.assessment = assessment
    }
}

struct DemoNurture: Sendable {
    var reason: String
    /// Business day of the revisit: negative ones have come due by the seeding day.
    var revisit: Int

    init(_ reason: String, revisit: Int) {
        self.reason = reason
        self.revisit = revisit
    }
}

struct DemoReturn: Sendable {
    var reasons: [RejectionReason]
    var failed: [String]
    var note: String

    init(_ reasons: [RejectionReason], failed: [String] = [], _ note: String) {
        self.reasons = reasons
        self.failed = failed
        self.note = note
    }
}

struct DemoRuling: Sendable {
    var resolution: DisputeResolution
    var note: String

    init(_ resolution: DisputeResolution, _ note: String) {
        self.resolution = resolution
        self.note = note
    }
}
