import Foundation
import HandoffCore

/// `[sla]`: the business calendar the SLA clocks count in, and each step's warning and
/// breach. Without `hours` the clocks count wall-clock hours, as they always have.
///
///     [sla]
///     hours = "09:00-17:30"
///     days = "mon-fri"
///     timezone = "Europe/Paris"
///     holidays = ["2026-12-25", "2027-01-01"]
///     outcome_hours = 24             # meeting time → outcome logged (default [report] sla_hours)
///     outcome_warning_hours = 8      # default: three quarters of the breach
///     disposition_hours = 48         # held → disposition (default [report] sla_hours)
///     rework_hours = 16              # returned → reworked or disputed (default 48)
///     revisit_hours = 24             # nurture revisit date → reactivated (default 48)
extension Config {
    public static let slaCalendarKeys = ["hours", "days", "timezone", "holidays"]
    public static var slaKeys: [String] {
        slaCalendarKeys + SLAStep.allCases.flatMap { ["\($0.rawValue)_hours", "\($0.rawValue)_warning_hours"] }
    }
    static let weekdayNames = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

    static func readSLA(_ sla: SettingsTable, slaHours: Double) throws(ConfigError) -> SLASettings {
        try sla.refuseUnknownKeys(slaKeys, what: "expected hours, days, timezone, holidays and <step>_hours, "
                                    + "<step>_warning_hours for the steps outcome, disposition, rework and revisit")
        var settings = SLASettings.standard
        for step in SLAStep.allCases {
            let breachKey = "\(step.rawValue)_hours", warningKey = "\(step.rawValue)_warning_hours"
            let breach = try hours(sla, breachKey, above: 0)
            let warning = try hours(sla, warningKey, above: nil)
            guard breach != nil || warning != nil else { continue }
            let resolvedBreach = breach ?? settings.limit(step, slaHours: slaHours).breach
            let resolvedWarning = warning ?? SLALimit.defaultWarning(breach: resolvedBreach)
            guard resolvedWarning < resolvedBreach else {
                throw sla.fail(warningKey, "[sla] \(warningKey) (\(Thresholds.hoursText(resolvedWarning))) must be "
                                + "below the breach, \(breachKey) (\(Thresholds.hoursText(resolvedBreach)))")
            }
            settings[step] = SLALimit(warning: resolvedWarning, breach: resolvedBreach)
        }
        settings.businessHours = try readCalendar(sla)
        return settings
    }

    /// A number of hours from 0 (or above `above`) to a year.
    private static func hours(_ sla: SettingsTable, _ key: String, above: Double?) throws(ConfigError) -> Double? {
        guard let value = sla.table[key] else { return nil }
        let low = above ?? 0
        guard let hours = value.doubleValue, above == nil ? hours >= low : hours > low,
              hours <= slaHoursRange.upperBound else {
            let found = value.doubleValue.map(Thresholds.hoursText) ?? value.kindDescription
            let from = above == nil ? "from 0" : "above 0"
            throw sla.fail(key, "[sla] \(key) must be a number of hours \(from) and at most 8784 (a year), not \(found)")
        }
        return hours
    }

    private static func readCalendar(_ sla: SettingsTable) throws(ConfigError) -> BusinessHours? {
        guard let hoursValue = sla.table["hours"] else {
            if let stray = ["days", "timezone", "holidays"].first(where: { sla.table[$0] != nil }) {
                throw sla.fail(stray, "[sla] \(stray) needs business hours too, e.g. hours = \"09:00-17:30\"")
            }
            return nil
        }
        guard let text = hoursValue.stringValue, let (open, close) = window(text) else {
            let found = hoursValue.stringValue.map { "\"\(Shown.text($0))\"" } ?? hoursValue.kindDescription
            throw sla.fail("hours", "[sla] hours must be a window like \"09:00-17:30\" (24-hour times, start before end), not \(found)")
        }
        guard let zoneValue = sla.table["timezone"] else {
            throw sla.fail("hours", "[sla] hours needs a timezone, e.g. timezone = \"Europe/Paris\"")
        }
        guard let zoneName = zoneValue.stringValue else {
            throw sla.fail("timezone", "[sla] timezone must be an IANA zone name in quotes, e.g. \"Europe/Paris\", not \(zoneValue.kindDescription)")
        }
        let zone = try timeZone(zoneName, sla)
        var weekdays: Set<Int> = [0, 1, 2, 3, 4]
        if let daysValue = sla.table["days"] {
            guard let text = daysValue.stringValue, let parsed = days(text) else {
                let found = daysValue.stringValue.map { "\"\(Shown.text($0))\"" } ?? daysValue.kindDescription
                throw sla.fail("days", "[sla] days must name days like \"mon-fri\" or \"sun-thu\" or \"mon,tue,thu\" (mon tue wed thu fri sat sun), not \(found)")
            }
            weekdays = parsed
        }
        return BusinessHours(open: open, close: close, weekdays: weekdays, timeZone: zone, holidays: try holidays(sla))
    }

    private static func timeZone(_ name: String, _ sla: SettingsTable) throws(ConfigError) -> TimeZone {
        let known = TimeZone.knownTimeZoneIdentifiers
        let accepted = known.contains(name) || name == "UTC" || name.hasPrefix("Etc/")
        if name.count <= 64, accepted, let zone = TimeZone(identifier: name) { return zone }
        let hint = known.first { $0.lowercased() == name.lowercased() }.map { " (did you mean \($0)?)" }
            ?? Suggestion.hint(for: name, in: known)
        throw sla.fail("timezone", "[sla] timezone \"\(Shown.text(name))\" is not an IANA time zone\(hint); "
                        + "names look like \"Europe/Paris\" or \"America/New_York\"")
    }

    private static func holidays(_ sla: SettingsTable) throws(ConfigError) -> Set<Int> {
        guard let value = sla.table["holidays"] else { return [] }
        guard let list = value.arrayValue else {
            throw sla.fail("holidays", "[sla] holidays must be a list of dates, e.g. [\"2026-12-25\"], not \(value.kindDescription)")
        }
        guard list.count <= BusinessHours.holidayLimit else {
            throw sla.fail("holidays", "[sla] holidays lists \(list.count) days; at most \(BusinessHours.holidayLimit)")
        }
        var days: Set<Int> = []
        for (position, item) in list.enumerated() {
            guard let text = item.stringValue, let day = BusinessHours.day(iso: text) else {
                let found = item.stringValue.map { "\"\(Shown.text($0))\"" } ?? item.kindDescription
                throw sla.fail("holidays", "[sla] holidays item \(position + 1) must be a date like \"2026-12-25\", not \(found)")
            }
            days.insert(day)
        }
        return days
    }

    /// "09:00-17:30" → seconds after midnight; "24:00" may end a window.
    static func window(_ text: String) -> (Int, Int)? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard text.count <= 16, parts.count == 2, let open = clock(parts[0]), let close = clock(parts[1]),
              open < close, open < 86_400 else { return nil }
        return (open, close)
    }

    private static func clock(_ text: Substring) -> Int? {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[1].count == 2, (1...2).contains(parts[0].count),
              parts.allSatisfy({ $0.allSatisfy(\.isASCII) }),
              let hour = Int(parts[0]), let minute = Int(parts[1]), (0...59).contains(minute),
              hour < 24 || (hour == 24 && minute == 0) else { return nil }
        return hour * 3600 + minute * 60
    }

    /// "mon-fri", "sun-thu" (wraps), "mon,wed,fri", or a mix → Monday = 0 … Sunday = 6.
    static func days(_ text: String) -> Set<Int>? {
        guard text.count <= 64 else { return nil }
        var result: Set<Int> = []
        for part in text.lowercased().split(separator: ",", omittingEmptySubsequences: false) {
            let ends = part.split(separator: "-", omittingEmptySubsequences: false)
                .map { weekdayNames.firstIndex(of: $0.trimmingCharacters(in: .whitespaces)) }
            guard (1...2).contains(ends.count), let first = ends[0], let last = ends[ends.count - 1] else { return nil }
            var day = first
            while true {
                result.insert(day)
                if day == last { break }
                day = (day + 1) % 7
            }
        }
        return result.isEmpty ? nil : result
    }
}
