import Foundation

/// `handoff team away NAME --from DAY --to DAY` (and `--clear`): who is out of the office.
extension Rules {
    /// The longest away period, in days.
    public static let maxAwayDays = 366

    static func setAway(_ requested: Away, actor: Member, context: RuleContext) throws(RuleError) -> Event {
        let name = trimmed(requested.member)
        guard let member = context.member(name) else {
            throw .notFound("\(SafeText.sanitize(name)) is not on the team")
        }
        let who = member.name
        guard member.canTakeMeetings else {
            throw .invalid("\(who) is an \(member.role.title): only AEs and team leads take meetings, so only their away days count")
        }
        guard actor.isLead || actor.name == who else {
            throw .notPermitted("\(actor.name) is an \(actor.role.title): only a team lead or \(who) themself records \(who)'s away days")
        }
        for day in [requested.from, requested.to] where !ISODay.isDay(day) {
            throw .invalid("'\(SafeText.sanitize(day))' is not a day: write it as YYYY-MM-DD, like 2026-12-22")
        }
        let today = ISODay.text(of: context.now, calendar: context.calendar)
        let cleared = requested.cleared == true
        guard let span = ISODay.days(from: requested.from, to: requested.to), span >= 0 else {
            throw .invalid("the away period ends (\(requested.to)) before it starts (\(requested.from))")
        }
        guard cleared || span < maxAwayDays else {
            throw .invalid("an away period is at most \(maxAwayDays) days; \(requested.from) to \(requested.to) is \(span + 1)")
        }
        let overlapping = context.away.filter { $0.member == who && $0.from <= requested.to && $0.to >= requested.from }
        if cleared {
            guard !overlapping.isEmpty else {
                throw .refused("\(who) has no away days between \(requested.from) and \(requested.to) to clear")
            }
        } else {
            guard requested.to >= today else {
                throw .refused("\(requested.from) to \(requested.to) is over already (today is \(today)): nothing to record")
            }
            if overlapping.contains(where: { $0.from == requested.from && $0.to == requested.to }) {
                throw .refused("\(who) is already away \(requested.from) to \(requested.to)")
            }
        }
        let away = Away(member: who, from: requested.from, to: requested.to, cleared: cleared ? true : nil)
        return Event(at: context.now, actor: actor.name, lead: nil, type: .away, from: nil, to: nil,
                     payload: EventPayload(away: away))
    }
}
