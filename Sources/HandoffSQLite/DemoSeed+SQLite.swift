import Foundation
import HandoffCore
import HandoffStore

extension DemoSeed {
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
        let plan = try plan(lead: lead, now: now, calendar: calendar)
        do {
            try play(plan, at: path, founding: founding)
        } catch {
            if !existed { removeStore(at: path) }
            throw error
        }
        return try SQLiteStore(path: path, now: .system, calendar: calendar)
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

    private static func play(_ plan: DemoPlan, at path: String, founding: Founding?) throws {
        let clock = ManualClock(try plan.founded)
        let store = try SQLiteStore(path: path, now: clock.now, calendar: plan.calendar)
        // Hundreds of small transactions: durability comes back with the store we return,
        // and a seed cut short is thrown away anyway.
        try store.pool.barrierWriteWithoutTransaction { db in
            try db.execute(sql: "PRAGMA synchronous = OFF")
        }
        try play(plan, founding: founding, into: store, clock: clock)
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
