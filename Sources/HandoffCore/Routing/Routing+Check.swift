import Foundation

extension Routing {
    /// A booking's AE against the rotation, as `Rules` decides a booking: never with an AE
    /// away on the meeting's day (in the rules' calendar); under strict routing, only with
    /// the AE the rotation proposed, and not at all when it proposed nobody.
    static func check(_ ae: String, lead: LeadID, at: Date, route: BookingRoute?,
                      context: RuleContext) throws(RuleError) {
        let day = ISODay.text(of: at, calendar: context.calendar)
        if let away = context.away.first(where: { $0.member == ae && $0.from <= day && day <= $0.to }) {
            throw .refused("cannot book \(lead) with \(ae): \(ae) is away \(away.from) to \(away.to) (the meeting is on \(day)); book another AE")
        }
        guard let route, route.strict else { return }
        guard let proposed = route.proposed else {
            throw .refused("cannot book \(lead): routing is strict and the rotation has \(route.reason)")
        }
        guard proposed == ae else {
            throw .refused("cannot book \(lead) with \(ae): routing is strict and the rotation proposes \(proposed) (\(route.reason)); leave the AE out to take the proposal")
        }
    }
}
