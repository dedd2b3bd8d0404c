import Foundation

/// The contact details of a lead, as entered by an SDR or imported from a CRM.
public struct LeadFields: Codable, Sendable, Equatable {
    public var company: String
    public var contact: String
    public var title: String?
    public var email: String?
    public var phone: String?
    public var source: String?
    public var externalID: String?
    // What a CRM export carries besides the contact. Optional, so events and exports
    // written before these fields existed still decode.
    public var website: String?
    public var industry: String?
    public var city: String?
    public var state: String?
    public var country: String?
    /// The lead status (or lifecycle stage) in the CRM it came from, as written there.
    public var status: String?
    /// When the CRM created the record, as the export wrote it (its format is the CRM's).
    public var createdInCRM: String?

    public init(company: String, contact: String, title: String? = nil, email: String? = nil,
                phone: String? = nil, source: String? = nil, externalID: String? = nil,
                website: String? = nil, industry: String? = nil, city: String? = nil, state: String? = nil,
                country: String? = nil, status: String? = nil, createdInCRM: String? = nil) {
        self.company = company
        self.contact = contact
        self.title = title
        self.email = email
        self.phone = phone
        self.source = source
        self.externalID = externalID
        self.website = website
        self.industry = industry
        self.city = city
        self.state = state
        self.country = country
        self.status = status
        self.createdInCRM = createdInCRM
    }
}

/// A lead's current state: the projection of its events.
public struct Lead: Codable, Sendable, Equatable, Identifiable {
    public var id: LeadID
    public var fields: LeadFields
    /// The SDR who owns the lead.
    public var owner: String
    public var column: Column
    public var columnSince: Date
    public var createdAt: Date
    public var updatedAt: Date
    /// Number of events applied to this lead; commands carry it for optimistic concurrency.
    public var version: Int
    public var scorecard: Scorecard?
    @Boxed public var meeting: Meeting?
    @Boxed public var disposition: Disposition?
    @Boxed public var dispute: Dispute?
    /// Set when the meeting was a no-show or canceled: the SDR must book again.
    public var rebook: Bool
    /// How many times the lead has been handed off.
    public var handoffs: Int
    public var credits: [Credit]
    public var lastActor: String
    public var lastEvent: EventType
    /// The no-shows of its current run (`NoShows.count`), counted from the lead's history by
    /// the write path when the no-show limit applies; nil when not counted. Not part of the
    /// stored state (the history is the record, so undo and stores made before it agree).
    public var noShows: Int? = nil
    /// The calibration the lead is under (issue 17), set by a `calibrating` event; stored
    /// only when there is one, so leads never calibrated keep the state they had.
    @Boxed public var calibration: LeadCalibration? = nil

    private enum CodingKeys: String, CodingKey {
        case id, fields, owner, column, columnSince, createdAt, updatedAt, version, scorecard, meeting, disposition
        case dispute, rebook, handoffs, credits, lastActor, lastEvent, calibration
    }

    public init(id: LeadID, fields: LeadFields, owner: String, at: Date, actor: String) {
        self.id = id
        self.fields = fields
        self.owner = owner
        self.column = .queue
        self.columnSince = at
        self.createdAt = at
        self.updatedAt = at
        self.version = 0
        self.scorecard = nil
        self.meeting = nil
        self.disposition = nil
        self.dispute = nil
        self.rebook = false
        self.handoffs = 0
        self.credits = []
        self.lastActor = actor
        self.lastEvent = .created
    }

    public var company: String { fields.company }
    public var contact: String { fields.contact }

    /// The AE accountable for the current handoff, if any.
    public var ae: String? { meeting?.ae }

    /// The person a card shows: the AE in Handed off and SAO, otherwise the SDR.
    public var cardOwner: String {
        switch column {
        case .handedOff, .sao: meeting?.ae ?? owner
        default: owner
        }
    }

    /// Whole days the lead has spent in its current column.
    public func daysInColumn(now: Date) -> Int {
        max(0, Int(now.timeIntervalSince(columnSince) / 86_400))
    }

    /// A nurture lead whose revisit date has come.
    public func revisitDue(now: Date) -> Bool {
        column == .nurture && (disposition?.revisit).map { $0 <= now } == true
    }

    public var disputeOpen: Bool { dispute?.isOpen == true }

    /// Held, disposition still missing.
    public var awaitingDisposition: Bool { column == .handedOff && meeting?.outcome == .held }

    public var creditedSQLs: Int { credits.count }
    public var creditedSAOs: Int { credits.filter(\.sao).count }
}
