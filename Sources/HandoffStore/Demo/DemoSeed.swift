import Foundation
import HandoffCore

/// The store behind `handoff demo`: a team and about sixty leads whose histories were played
/// through the real rules over the last month, so that every column, marker and report of
/// the board has something true to show.
public enum DemoSeed {
    /// The demo team besides the person running it, who is its team lead.
    public static let sdrs = ["maya", "theo", "priya"]
    public static let aes = ["alex", "jordan"]

    /// The demo for a team led by `lead`, worked out before anything is written: the
    /// histories are laid out in business days before `now`, starting about thirty days
    /// earlier; the same `now` and calendar give the same plan. If `lead` is one of the demo
    /// names, in any case or spelling ("Maya"), that person stays team lead (names are unique
    /// regardless of case and look-alikes) and the rest of the team is as usual.
    package static func plan(lead: String, now: Date, calendar: Calendar) throws -> DemoPlan {
        let typed = MemberName.normalized(lead)
        let demoTeam = (sdrs + aes).map { Member(name: $0, role: .sdr) }
        let name = MemberName.lookalike(of: typed, among: demoTeam)?.name ?? typed
        let days = DemoDays(now: now, calendar: calendar)
        return DemoPlan(lead: name, days: days, steps: try script(lead: name, days: days))
    }

    /// The team as the lead adds it: everyone in the demo roster but the lead themselves.
    static func roster(lead: String) -> [Member] {
        (sdrs.map { Member(name: $0, role: .sdr) } + aes.map { Member(name: $0, role: .ae) }).filter { $0.name != lead }
    }

    /// Every lead's steps, in the order they happened. Ties keep the order of the script.
    static func script(lead: String, days: DemoDays) throws -> [DemoStep] {
        let planner = DemoScript(days: days, teamLead: lead)
        var steps: [DemoStep] = []
        for (index, demoLead) in DemoLeads.all.enumerated() {
            steps += try planner.steps(for: demoLead, index: index)
        }
        return steps.enumerated()
            .sorted { ($0.element.at, $0.offset) < ($1.element.at, $1.offset) }
            .map(\.element)
    }

    /// Plays `plan` into `store`, a new store with no team whose clock is `clock` (set to
    /// `plan.founded`): the team founded with `founding` recorded, its roster added, then
    /// every step through the real rules at its moment.
    package static func play(_ plan: DemoPlan, founding: Founding?, into store: any BoardStore, clock: ManualClock) throws {
        let lead = plan.lead
        let steps = plan.steps
        try store.initialize(lead: lead, founding: founding)
        for member in roster(lead: lead) {
            clock.advance(by: 120)
            try store.execute(.addMember(member), as: lead)
        }
        var ids: [Int: LeadID] = [:]
        for step in steps {
            clock.set(step.at)
            let company = DemoLeads.all[step.lead].company
            var target: LeadID?
            if step.command.needsLead {
                guard let id = ids[step.lead] else {
                    throw StoreError.damaged("the demo script acts on \(company) before adding it")
                }
                target = id
            }
            let applied: Applied
            do {
                applied = try store.execute(step.command, on: target, as: step.actor)
            } catch let error as RuleError {
                throw StoreError.damaged("the demo script could not \(step.command.verb) \(company) as \(step.actor): \(error)")
            }
            if !step.command.needsLead { ids[step.lead] = applied.event.lead }
        }
    }
}

/// The demo worked out before it is played: its team lead, its days and every lead's steps.
package struct DemoPlan {
    package let lead: String
    let days: DemoDays
    let steps: [DemoStep]

    /// When the team is founded: a store playing the plan starts its clock here.
    package var founded: Date { get throws { try days.founded } }
    package var calendar: Calendar { days.calendar }
}
