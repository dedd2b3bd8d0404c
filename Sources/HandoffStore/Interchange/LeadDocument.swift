import Foundation
import HandoffCore

/// A lead as the command line and export show it: its state, its credit and its timeline.
public struct LeadDocument: Encodable, Sendable {
    public struct CreditSummary: Encodable, Sendable {
        public var sqls: Int
        public var saos: Int
    }

    public struct TimelineEntry: Encodable, Sendable {
        public var seq: Int64
        public var at: Date
        public var actor: String
        public var type: EventType
        public var from: Column?
        public var to: Column?
        public var summary: String
    }

    public var id: LeadID
    public var column: Column
    public var version: Int
    public var owner: String
    public var ae: String?
    public var company: String
    public var contact: String
    public var title: String?
    public var email: String?
    public var phone: String?
    public var source: String?
    public var externalID: String?
    public var website: String?
    public var industry: String?
    public var city: String?
    public var state: String?
    public var country: String?
    public var status: String?
    public var createdInCRM: String?
    public var columnSince: Date
    public var createdAt: Date
    public var rebook: Bool
    public var handoffs: Int
    public var scorecard: Scorecard?
    /// Set instead of `scorecard` for a participant of the lead's open calibration who has
    /// not scored it yet: "hidden until you submit your calibration score".
    public var scorecardHidden: String?
    /// The lead's calibration (issue 17): who was asked, under which definition version,
    /// who has scored.
    public var calibration: LeadCalibration?
    public var meeting: Meeting?
    public var disposition: Disposition?
    public var dispute: Dispute?
    public var credit: CreditSummary
    public var events: [TimelineEntry]?

    /// `viewer`: who reads it; a participant of the lead's open calibration who has not
    /// scored it yet gets the SDR's scorecard hidden (`Lead.calibrationIsBlind`).
    public init(_ lead: Lead, events: [Event]?, viewer: String? = nil) {
        id = lead.id
        column = lead.column
        version = lead.version
        owner = lead.owner
        ae = lead.ae
        company = lead.company
        contact = lead.contact
        title = lead.fields.title
        email = lead.fields.email
        phone = lead.fields.phone
        source = lead.fields.source
        externalID = lead.fields.externalID
        website = lead.fields.website
        industry = lead.fields.industry
        city = lead.fields.city
        state = lead.fields.state
        country = lead.fields.country
        status = lead.fields.status
        createdInCRM = lead.fields.createdInCRM
        columnSince = lead.columnSince
        createdAt = lead.createdAt
        rebook = lead.rebook
        handoffs = lead.handoffs
        if lead.calibrationIsBlind(for: viewer) {
            scorecardHidden = CalibrationBlind.notice
        } else {
            scorecard = lead.scorecard
        }
        calibration = lead.calibration
        meeting = lead.meeting
        disposition = lead.disposition
        dispute = lead.dispute
        credit = CreditSummary(sqls: lead.creditedSQLs, saos: lead.creditedSAOs)
        self.events = events?.map {
            TimelineEntry(seq: $0.seq, at: $0.at, actor: $0.actor, type: $0.type, from: $0.from, to: $0.to, summary: $0.summary)
        }
    }
}
