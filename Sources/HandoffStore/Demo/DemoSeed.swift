import Foundation
import HandoffCore

/// The store behind `handoff demo`: a team and about sixty leads whose histories were played
/// through the real rules over the last month, so that every column, marker and report of
/// the board has something true to show.
public enum DemoSeed {
    /// The demo team besides the person running it, who is its team lead.
    public static let sdrs = ["maya", "theo", "priya"]
    public static let aes = ["alex", "jordan"]

    /// Seeds a new store at `path` (which must not exist yet, or be empty) with a realistic team
    /// and about sixty leads, and returns it opened with the real clock.
    ///
    /// The histories are laid out in business days before `now`, starting about thirty days
    /// earlier, on a `ManualClock` that never passes `now`. The same `now` and calendar give
    /// the same store. If `lead` is one of the demo names, that person stays team lead and
    /// the rest of the team is as usual. `founding` is recorded on the first event: `handoff
    /// demo` seeds a personal store, whose creator may act as any member.
    public static func seed(path: String, lead: String, founding: Founding? = nil, now: Date = Date(),
                            calendar: Calendar = .current) throws -> SQLiteStore {
        let existed = try requireNew(path)
        // A lead who is one of the demo names in another case or spelling ("Maya") is that
        // member: names are unique regardless of case and look-alikes.
        let typed = MemberName.normalized(lead)
        let demoTeam = (sdrs + aes).map { Member(name: $0, role: .sdr) }
        let name = MemberName.lookalike(of: typed, among: demoTeam)?.name ?? typed
        let days = DemoDays(now: now, calendar: calendar)
        let steps = try script(lead: name, days: days)
        do {
            try play(steps, at: path, lead: name, founding: founding, days: days)
        } catch {
            if !existed { removeStore(at: path) }
            throw error
        }
        return try SQLiteStore(path: path, now: .system, calendar: calendar)
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

    /// Refuses a path that holds anything; returns whether an (empty) file was already there.
    private static func requireNew(_ path: String) throws -> Bool {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { return false }
        guard !isFolder.boolValue else {
            throw RuleError.refused("cannot seed the demo at \(path): it is a folder; name a new store file inside it")
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.uint64Value
        guard size == 0 else {
            throw RuleError.refused("cannot seed the demo at \(path): a store or another file is already there, and the demo only seeds a new store; nothing was changed (pick a new path)")
        }
        return true
    }

    private static func play(_ steps: [DemoStep], at path: String, lead: String, founding: Founding?, days: DemoDays) throws {
        let clock = ManualClock(try days.founded)
        let store = try SQLiteStore(path: path, now: clock.now, calendar: days.calendar)
        // Hundreds of small transactions: durability comes back with the store we return,
        // and a seed cut short is thrown away anyway.
        try store.pool.barrierWriteWithoutTransaction { db in
            try db.execute(sql: "PRAGMA synchronous = OFF")
        }
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
        // Back to full durability, and everything written into the main file.
        try store.pool.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)")
        }
    }

    /// Removes a store this seeding created and could not finish.
    private static func removeStore(at path: String) {
        for file in [path, path + "-wal", path + "-shm", path + ".lock"] {
            try? FileManager.default.removeItem(atPath: file)
        }
    }
}
