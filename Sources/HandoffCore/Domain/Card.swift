import Foundation

/// What the board draws of a lead: enough for the card, its markers and its place in the
/// column, and small enough that a hundred thousand of them open in an instant. The full
/// `Lead` is read when a card is opened or acted on.
public struct Card: Sendable, Equatable, Identifiable {
    public var id: LeadID
    public var company: String
    public var contact: String
    public var owner: String
    public var ae: String?
    public var column: Column
    public var columnSince: Date
    public var version: Int
    public var rebook: Bool
    public var disputeOpen: Bool
    /// The nurture revisit date.
    public var revisit: Date?
    public var meetingAt: Date?
    public var meetingOutcome: MeetingOutcome?

    public init(id: LeadID, company: String, contact: String, owner: String, ae: String?, column: Column,
                columnSince: Date, version: Int, rebook: Bool, disputeOpen: Bool, revisit: Date?,
                meetingAt: Date?, meetingOutcome: MeetingOutcome?) {
        self.id = id
        self.company = company
        self.contact = contact
        self.owner = owner
        self.ae = ae
        self.column = column
        self.columnSince = columnSince
        self.version = version
        self.rebook = rebook
        self.disputeOpen = disputeOpen
        self.revisit = revisit
        self.meetingAt = meetingAt
        self.meetingOutcome = meetingOutcome
    }

    /// The person a card shows: the AE in Handed off and SAO, otherwise the SDR.
    public var cardOwner: String {
        switch column {
        case .handedOff, .sao: ae ?? owner
        default: owner
        }
    }

    public func daysInColumn(now: Date) -> Int {
        max(0, Int(now.timeIntervalSince(columnSince) / 86_400))
    }

    public func revisitDue(now: Date) -> Bool {
        column == .nurture && revisit.map { $0 <= now } == true
    }

    public var awaitingDisposition: Bool { column == .handedOff && meetingOutcome == .held }

    /// The SLA ladder's verdict on the card's current step (`SLALadder`): nil when no clock runs.
    public func slaState(now: Date, thresholds: Thresholds = .standard) -> SLAState? {
        SLALadder(thresholds: thresholds, around: now).glance(self, now: now)?.state
    }

    /// The current step's clock is past its breach: an outcome, a disposition, a rework or
    /// a reactivation is overdue.
    public func slaBreached(now: Date, thresholds: Thresholds = .standard) -> Bool {
        slaState(now: now, thresholds: thresholds) == .breach
    }

    public func isAging(now: Date, thresholds: Thresholds = .standard) -> Bool {
        guard let days = thresholds.agingDays[column] else { return false }
        return daysInColumn(now: now) > days
    }

    public func markers(now: Date, thresholds: Thresholds = .standard) -> [Marker] {
        var markers: [Marker] = []
        switch slaState(now: now, thresholds: thresholds) {
        case .breach?: markers.append(.slaBreach)
        case .warning?: markers.append(.slaWarning)
        default: break
        }
        if isAging(now: now, thresholds: thresholds) { markers.append(.aging) }
        if rebook && column == .queue { markers.append(.rebook) }
        if disputeOpen { markers.append(.dispute) }
        if revisitDue(now: now) { markers.append(.revisitDue) }
        return markers
    }

    /// Needs attention now: sorted to the top of its column.
    public func needsAttention(now: Date) -> Bool {
        revisitDue(now: now) || rebook || disputeOpen || awaitingDisposition
    }
}

extension Lead {
    public var card: Card {
        Card(id: id, company: company, contact: contact, owner: owner, ae: ae, column: column, columnSince: columnSince,
             version: version, rebook: rebook, disputeOpen: disputeOpen,
             revisit: column == .nurture ? disposition?.revisit : nil,
             meetingAt: meeting?.at, meetingOutcome: meeting?.outcome)
    }

    public func markers(now: Date, thresholds: Thresholds = .standard) -> [Marker] {
        card.markers(now: now, thresholds: thresholds)
    }

    public func slaBreached(now: Date, thresholds: Thresholds = .standard) -> Bool {
        card.slaBreached(now: now, thresholds: thresholds)
    }

    public func isAging(now: Date, thresholds: Thresholds = .standard) -> Bool {
        card.isAging(now: now, thresholds: thresholds)
    }
}
