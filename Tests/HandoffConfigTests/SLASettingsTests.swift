import Foundation
import HandoffCore
import Testing
@testable import HandoffConfig

@Suite("Config: [sla]")
struct SLASettingsTests {
    func refusal(_ text: String) -> String? {
        do {
            _ = try Config.parse(text)
            return nil
        } catch {
            return error.description
        }
    }

    @Test func aFullCalendarAndTheSteps() throws {
        let config = try Config.parse("""
            [report]
            sla_hours = 24

            [sla]
            hours = "09:00-17:30"
            days = "mon-fri"
            timezone = "Europe/Paris"
            holidays = ["2026-12-25", "2027-01-01"]
            outcome_hours = 8
            outcome_warning_hours = 2
            rework_hours = 16
            """)
        let hours = try #require(config.sla.businessHours)
        #expect(hours.open == 9 * 3600 && hours.close == 17 * 3600 + 1800)
        #expect(hours.weekdays == [0, 1, 2, 3, 4] && hours.timeZone.identifier == "Europe/Paris")
        #expect(hours.holidays == [BusinessHours.day(iso: "2026-12-25"), BusinessHours.day(iso: "2027-01-01")])
        #expect(config.sla.limit(.outcome, slaHours: 24) == SLALimit(warning: 2, breach: 8))
        #expect(config.sla.limit(.rework, slaHours: 24) == SLALimit(warning: 12, breach: 16), "warning: 3/4 of the breach")
        #expect(config.sla.limit(.disposition, slaHours: config.thresholds.slaHours) == SLALimit(warning: 18, breach: 24),
                "[report] sla_hours still sets the disposition clock")
    }

    @Test func noSLATableCountsWallClockHours() throws {
        let config = try Config.parse("[report]\nsla_hours = 48\n")
        #expect(config.sla.businessHours == nil)
        #expect(config.sla == .standard)
    }

    @Test func daysWrapAndList() {
        #expect(Config.days("sun-thu") == [6, 0, 1, 2, 3])
        #expect(Config.days("mon,wed, fri") == [0, 2, 4])
        #expect(Config.days("Mon-Tue,sat") == [0, 1, 5])
        #expect(Config.days("monday") == nil)
        #expect(Config.window("00:00-24:00")! == (0, 86_400))
        #expect(Config.window("17:30-09:00") == nil)
    }

    @Test("mistakes name the file and line, with did you mean", arguments: [
        ("[sla]\nhour = \"09:00-17:00\"\n", "config.toml:2: unknown key 'hour' in [sla] (did you mean hours?)"),
        ("[sla]\noutcome_hour = 4\n", "config.toml:2: unknown key 'outcome_hour' in [sla] (did you mean outcome_hours?)"),
        ("[sla]\nhours = \"9-5\"\ntimezone = \"UTC\"\n", "config.toml:2: [sla] hours must be a window like \"09:00-17:30\""),
        ("[sla]\nhours = \"09:00-17:30\"\n", "config.toml:2: [sla] hours needs a timezone, e.g. timezone = \"Europe/Paris\""),
        ("[sla]\nhours = \"09:00-17:30\"\ntimezone = \"Europe/Pari\"\n",
         "config.toml:3: [sla] timezone \"Europe/Pari\" is not an IANA time zone (did you mean Europe/Paris?)"),
        ("[sla]\nhours = \"09:00-17:30\"\ntimezone = \"europe/paris\"\n",
         "config.toml:3: [sla] timezone \"europe/paris\" is not an IANA time zone (did you mean Europe/Paris?)"),
        ("[sla]\nhours = \"09:00-17:30\"\ntimezone = \"UTC\"\ndays = \"mon-fry\"\n", "config.toml:4: [sla] days must name days"),
        ("[sla]\nhours = \"09:00-17:30\"\ntimezone = \"UTC\"\nholidays = [\"2026-02-30\"]\n",
         "config.toml:4: [sla] holidays item 1 must be a date like \"2026-12-25\", not \"2026-02-30\""),
        ("[sla]\nhours = \"09:00-17:30\"\ntimezone = \"UTC\"\nholidays = \"2026-12-25\"\n", "config.toml:4: [sla] holidays must be a list"),
        ("[sla]\ntimezone = \"UTC\"\n", "config.toml:2: [sla] timezone needs business hours too"),
        ("[sla]\nrework_hours = 0\n", "config.toml:2: [sla] rework_hours must be a number of hours above 0"),
        ("[sla]\nrework_warning_hours = 50\n", "config.toml:2: [sla] rework_warning_hours (50) must be below the breach, rework_hours (48)"),
        ("[sla]\ndisposition_hours = \"2d\"\n", "config.toml:2: [sla] disposition_hours must be a number of hours above 0 and at most 8784 (a year), not a string"),
    ])
    func mistakes(_ text: String, _ message: String) throws {
        let description = try #require(refusal(text))
        #expect(description.hasPrefix(message), "\(description)")
    }

    @Test func theHolidayListIsBounded() throws {
        let days = (0...BusinessHours.holidayLimit).map { "\"\(BusinessHours.isoText(day: 20_000 + $0))\"" }
        let text = "[sla]\nhours = \"09:00-17:30\"\ntimezone = \"UTC\"\nholidays = [\(days.joined(separator: ","))]\n"
        let description = try #require(refusal(text))
        #expect(description.hasPrefix("config.toml:4: [sla] holidays lists 1001 days; at most 1000"))
    }
}
