import Foundation
import HandoffCore

/// Working days around the seeding day, so that meetings and follow-ups fall on weekdays
/// whatever day the demo is started.
struct DemoDays {
    let now: Date
    let calendar: Calendar
    private let starts: [Int: Date]

    /// How far the table reaches each way, in business days.
    static let reach = 70

    init(now: Date, calendar: Calendar) {
        self.now = now
        self.calendar = calendar
        let today = calendar.startOfDay(for: now)
        var starts: [Int: Date] = [0: today]
        for direction in [-1, 1] {
            var day = today
            var count = 0
            for _ in 0..<(Self.reach * 2) where count < Self.reach {
                guard let next = calendar.date(byAdding: .day, value: direction, to: day) else { break }
                day = calendar.startOfDay(for: next)
                if !calendar.isDateInWeekend(day) {
                    count += 1
                    starts[direction * count] = day
                }
            }
        }
        self.starts = starts
    }

    /// Business day `day` at `hour:minute` in the calendar's time zone.
    func at(_ day: Int, _ hour: Int, _ minute: Int = 0) throws -> Date {
        guard let start = starts[day],
              let date = calendar.date(bySettingHour: hour, minute: minute, second: 0, of: start) else {
            throw StoreError.damaged("the demo script reaches business day \(day), beyond its calendar")
        }
        return date
    }

    /// Earlier today when today is a working day and far enough along, else late on the last
    /// working day: the freshest leads, never after `now`.
    func recent(minutesAgo: Int) throws -> Date {
        let minute = 59 - min(58, minutesAgo / 4)
        let moment = now.addingTimeInterval(-Double(minutesAgo) * 60)
        if !calendar.isDateInWeekend(now), moment >= (try at(0, 9)) {
            return min(moment, try at(0, 17, minute))
        }
        return try at(-1, 17, minute)
    }

    /// When the team was set up: about thirty calendar days before `now`.
    var founded: Date { get throws { try at(-22, 8) } }
}

/// One command of the demo script, at the moment it happens.
struct DemoStep: Sendable {
    var at: Date
    /// The index of the lead in `DemoLeads.all`.
    var lead: Int
    var actor: String
    var command: Command
}

/// Turns each lead's story into timed commands by the right people: the SDR adds, scores,
/// books and reworks; the AE logs the meeting and gives the disposition; the team lead rules
/// on disputes.
struct DemoScript {
    let days: DemoDays
    let teamLead: String

    func steps(for lead: DemoLead, index i: Int) throws -> [DemoStep] {
        var steps: [DemoStep] = []
        let sdr = lead.owner
        let ae = lead.ae
        func add(_ at: Date, _ actor: String, _ command: Command) {
            steps.append(DemoStep(at: at, lead: i, actor: actor, command: command))
        }
        let hour = [9, 10, 11, 13, 14, 15, 16][i % 7]
        let minute = (i / 7) % 2 * 30
        let jitter = (i * 7) % 25

        /// Added, scored and booked for `meeting`; returns the meeting's time.
        func handOff(_ meeting: Int, at time: Date? = nil) throws -> Date {
            let booked = min(meeting - 3, -1)
            let created = max(booked - 2 - i % 3, -21)
            let start = try time ?? days.at(meeting, hour, minute)
            add(try days.at(created, 8 + i % 4, (i * 13) % 60), sdr, .addLead(lead.fields, owner: sdr))
            add(try days.at(booked, 10 + i % 2, (i * 11) % 60), sdr, .score(lead.scores()))
            add(try days.at(booked, 14, jitter), sdr, .book(ae: ae, at: start, agenda: agenda(lead, i)))
            return start
        }
        func held(_ start: Date, note: String? = nil) {
            add(start.addingTimeInterval(Double(55 + jitter) * 60), ae,
                .logOutcome(.held, newTime: nil, note: note ?? Self.heldNotes[i % Self.heldNotes.count]))
        }
        func decided(_ meeting: Int) throws -> Date { try days.at(meeting + 1, 9 + i % 3, 5 + jitter) }
        func accept(_ terms: DemoAccept, at time: Date, day: Int) throws {
            add(time, ae, .accept(nextStep: terms.nextStep, nextDate: try days.at(day + terms.nextIn, 10),
                                  opportunity: terms.opportunity, assessment: terms.assessment))
        }
        func returnLead(_ terms: DemoReturn, at time: Date) {
            add(time, ae, .returnLead(reasons: terms.reasons, failed: terms.failed, note: terms.note))
        }

        switch lead.story {
        case .fresh(let day):
            let time = try day == 0 ? days.recent(minutesAgo: 40 + 35 * (i % 4)) : days.at(day, 8 + i % 9, (i * 13) % 60)
            add(time, sdr, .addLead(lead.fields, owner: sdr))
        case .scored(let day, let gaps):
            add(try days.at(max(day - 1 - i % 3, -21), 8 + i % 4, (i * 13) % 60), sdr, .addLead(lead.fields, owner: sdr))
            add(try days.at(day, 11 + i % 5, jitter), sdr, .score(lead.scores(except: gaps)))
        case .noShow(let meeting, let note):
            let start = try handOff(meeting)
            add(start.addingTimeInterval(20 * 60), sdr, .logOutcome(.noShow, newTime: nil, note: note, reason: .noResponse))
        case .canceled(let meeting, let note):
            _ = try handOff(meeting)
            add(try days.at(min(meeting - 1, -1), 16, 30 + jitter), sdr,
                .logOutcome(.canceled, newTime: nil, note: note, reason: .conflict))
        case .reworked(let meeting, let terms, let rescore):
            held(try handOff(meeting))
            returnLead(terms, at: try decided(meeting))
            add(try days.at(meeting + 2, 9, 40), sdr, .rework)
            add(try days.at(meeting + 4, 15, jitter), sdr, .score(lead.scores(except: rescore)))
        case .reactivated(let meeting, let terms):
            held(try handOff(meeting))
            add(try decided(meeting), ae, .nurture(reason: terms.reason, revisit: try days.at(terms.revisit, 9)))
            add(try days.at(terms.revisit, 11, jitter), sdr, .rework)
        case .booked(let meeting):
            _ = try handOff(meeting)
        case .rescheduled(let meeting, let to, let note):
            _ = try handOff(meeting)
            add(try days.at(meeting - 1, 17, jitter), sdr,
                .logOutcome(.rescheduled, newTime: try days.at(to, 11), note: note))
        case .held(let meeting, let note):
            held(try handOff(meeting), note: note)
        case .accepted(let meeting, let terms):
            held(try handOff(meeting))
            try accept(terms, at: try decided(meeting), day: meeting + 1)
        case .nurtured(let meeting, let terms):
            held(try handOff(meeting))
            add(try decided(meeting), ae, .nurture(reason: terms.reason, revisit: try days.at(terms.revisit, 9)))
        case .returned(let meeting, let terms), .archived(let meeting, let terms):
            held(try handOff(meeting))
            returnLead(terms, at: try decided(meeting))
            if case .archived = lead.story { add(try days.at(meeting + 2, 10, jitter), sdr, .archive) }
        case .triaged(let meeting, let terms, let archive):
            _ = try handOff(meeting)
            let booked = min(meeting - 3, -1)
            returnLead(terms, at: try days.at(booked, 16, 45))
            if archive { add(try days.at(booked + 1, 9, 30), sdr, .archive) }
        case .disputed(let meeting, let terms, let note, let ruling):
            held(try handOff(meeting))
            returnLead(terms, at: try decided(meeting))
            add(try days.at(meeting + 2, 12, jitter), sdr, .dispute(note: note))
            if let ruling {
                add(try days.at(meeting + 3, 9, 15), teamLead, .resolveDispute(ruling.resolution, note: ruling.note))
            }
        case .overturned(let meeting, let terms, let note, let ruling, let accepted):
            held(try handOff(meeting))
            returnLead(terms, at: try decided(meeting))
            add(try days.at(meeting + 2, 12, jitter), sdr, .dispute(note: note))
            add(try days.at(meeting + 3, 9, 15), teamLead, .resolveDispute(.overturned, note: ruling))
            try accept(accepted, at: try days.at(meeting + 3, 15, jitter), day: meeting + 3)
        }
        try check(steps, of: lead)
        return steps
    }

    /// Each lead's steps happen in order, after the team was set up and no later than `now`.
    private func check(_ steps: [DemoStep], of lead: DemoLead) throws {
        var previous = try days.founded
        for step in steps {
            guard step.at > previous, step.at <= days.now else {
                throw StoreError.damaged("the demo script for \(lead.company) puts '\(step.command.verb)' out of order (\(DateInput.format(step.at, calendar: days.calendar)))")
            }
            previous = step.at
        }
    }

    private func agenda(_ lead: DemoLead, _ i: Int) -> String {
        let first = lead.contact.split(separator: " ").first.map(String.init) ?? lead.contact
        switch i % 3 {
        case 0: return "Diagnostic call with \(first) (\(lead.title)): walk through today's process, size the pain, map who else signs off."
        case 1: return "First AE conversation: confirm the problem from the SDR notes, agree whether it is worth solving now."
        default: return "Discovery → diagnosis with \(first): current workflow, cost of the status quo, decision process and timeline."
        }
    }

    static let heldNotes = [
        "Good call, 45 minutes; the controller joined for the second half.",
        "Ran long. Walked through their close calendar and the AP inbox live.",
        "Camera on, engaged; shared their spreadsheet reconciliation on screen.",
        "Short but useful: 25 minutes, clear pain, wants numbers next.",
    ]
}
