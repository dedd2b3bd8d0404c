import Foundation

/// What a member still holds on the board: the leads they own as SDR and the meetings
/// they are the AE of. A change of role says so, and `team reassign` moves the leads.
public struct Holdings: Sendable, Equatable {
    public var name: String
    /// Leads they own that are still in play (not archived), by column.
    public var owned: [Column: Int] = [:]
    /// Open handoffs (Handed off) whose meeting they are the AE of.
    public var meetings = 0
    /// Open handoffs they booked with themselves as the AE.
    public var selfBooked: [LeadID] = []

    public init(of name: String, in leads: some Sequence<Lead>) {
        self.name = name
        for lead in leads where lead.column != .archived {
            if lead.owner == name { owned[lead.column, default: 0] += 1 }
            if lead.column == .handedOff, let meeting = lead.meeting, meeting.ae == name {
                meetings += 1
                if meeting.bookedBy == name { selfBooked.append(lead.id) }
            }
        }
        selfBooked.sort()
    }

    public var ownedCount: Int { owned.values.reduce(0, +) }

    /// "maya still owns 3 leads (2 in SDR queue, 1 in Returned) and is the AE of 1 open meeting".
    public var summary: String {
        let columns = Column.board.compactMap { column in owned[column].map { "\($0) in \(column.title)" } }
        let leads = ownedCount == 0 ? "owns no leads" : "owns \(ownedCount) lead\(ownedCount == 1 ? "" : "s") (\(columns.joined(separator: ", ")))"
        let held = meetings == 0 ? "is the AE of no open meeting" : "is the AE of \(meetings) open meeting\(meetings == 1 ? "" : "s")"
        return "\(name) still \(leads) and \(held)"
    }
}

extension Rules {
    /// A change of `member`'s role: refused while it would leave a meeting whose booker is
    /// its AE (that AE could then disposition what they booked).
    static func checkRoleChange(of member: Member, to role: Role, context: RuleContext) throws(RuleError) {
        guard role != member.role else { return }
        let holdings = Holdings(of: member.name, in: context.memberLeads)
        if let first = holdings.selfBooked.first {
            let all = holdings.selfBooked.map(\.description).joined(separator: ", ")
            throw .refused("cannot make \(member.name) \(role.title): \(member.name) booked \(all) with themselves as the AE; have a team lead rebook or disposition \(first) first")
        }
    }
}
