import Foundation
import GRDB
import HandoffCore

extension SQLiteStore {
    @discardableResult
    public func initialize(lead name: String) throws -> Applied {
        try write { db in
            let team = try Rows.team(db)
            guard team.members.isEmpty else {
                let leads = team.members.filter(\.isLead).map(\.name).joined(separator: ", ")
                throw RuleError.refused("the store \(self.location) already has a team (team lead: \(leads))")
            }
            let trimmed = name.trimmingCharacters(in: .whitespaces)
            let at = self.now()
            var event = try Rules.foundTeam(lead: trimmed, now: at)
            try Rows.insert(&event, db)
            try self.project(event, lead: nil, db)
            if try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM definition") == 0 {
                var definitionEvent = Event(at: at, actor: trimmed, lead: nil, type: .definition, from: nil, to: nil,
                                            payload: EventPayload(definitionVersion: Definition.standard.version,
                                                                  definition: .standard))
                try Rows.insert(&definitionEvent, db)
                try self.project(definitionEvent, lead: nil, db)
            }
            return Applied(event: event, lead: nil)
        }
    }

    @discardableResult
    public func execute(_ command: Command, on id: LeadID?, as actor: String, expecting version: Int?) throws -> Applied {
        try write { db in
            let team = try Rows.team(db)
            guard !team.members.isEmpty else {
                throw StoreError.notInitialized("the store \(self.location) has no team yet: run `handoff init --lead NAME` (or `handoff demo`)")
            }
            var lead: Lead?
            if command.needsLead {
                guard let id else { throw RuleError.invalid("cannot \(command.verb): which lead? give its id, like L-7") }
                guard let found = try Rows.lead(id, db) else { throw RuleError.notFound("no lead \(id)") }
                try Self.check(found, expecting: version)
                lead = found
            }
            let context = RuleContext(definition: team.definition, roster: team.members, now: self.now(), calendar: self.calendar)
            var event = try Rules.decide(command, lead: lead, actor: actor, context: context)
            if event.type == .created {
                let next = (try Int.fetchOne(db, sql: "SELECT MAX(id) FROM lead") ?? 0) + 1
                event.lead = LeadID(next)
            }
            try Rows.insert(&event, db)
            let projected = try self.project(event, lead: lead, db)
            return Applied(event: event, lead: projected)
        }
    }

    @discardableResult
    public func undo(_ id: LeadID?, as actor: String, expecting version: Int?) throws -> Applied {
        try write { db in
            let team = try Rows.team(db)
            guard team.member(actor) != nil else {
                throw RuleError.notPermitted("\(actor) is not on the team roster: the board is read-only for you")
            }
            let target: Event
            let history: [Event]
            if let id {
                history = try Rows.events(db, sql: "SELECT * FROM event WHERE lead = ? ORDER BY seq", arguments: [id.number])
                guard let top = Undo.effective(history).last else {
                    throw history.isEmpty ? RuleError.notFound("no lead \(id)") : RuleError.refused("nothing to undo on \(id)")
                }
                target = top
            } else {
                guard let found = try Self.lastUndoable(by: actor, db) else {
                    throw RuleError.refused("nothing to undo: \(actor) has no change still in effect")
                }
                (target, history) = found
            }
            guard let leadID = target.lead, let lead = try Rows.lead(leadID, db) else {
                throw RuleError.notFound("no lead for event #\(target.seq)")
            }
            try Self.check(lead, expecting: version)
            let context = RuleContext(definition: team.definition, roster: team.members, now: self.now(), calendar: self.calendar)
            var event = try Undo.decide(undoing: target, history: history, lead: lead, actor: actor, context: context)
            try Rows.insert(&event, db)
            let projected = try self.project(event, lead: lead, db)
            return Applied(event: event, lead: projected)
        }
    }

    /// The actor's newest lead event that is still in effect (not undone, not an undo).
    static func lastUndoable(by actor: String, _ db: Database) throws -> (Event, [Event])? {
        let candidates = try Rows.events(db, sql: """
            SELECT * FROM event WHERE actor = ? AND lead IS NOT NULL AND type != 'undone'
            ORDER BY seq DESC LIMIT 50
            """, arguments: [actor])
        for candidate in candidates {
            guard let id = candidate.lead else { continue }
            let history = try Rows.events(db, sql: "SELECT * FROM event WHERE lead = ? ORDER BY seq", arguments: [id.number])
            if Undo.effective(history).contains(where: { $0.seq == candidate.seq }) {
                return (candidate, history)
            }
        }
        return nil
    }

    package static func check(_ lead: Lead, expecting version: Int?) throws {
        guard let version, version != lead.version else { return }
        throw RuleError.conflict("\(lead.id) was changed by \(lead.lastActor) (\(lead.lastEvent.verb)) since you looked: it is now in \(lead.column.title), version \(lead.version) (you had version \(version)); nothing was changed")
    }

    /// Applies `event` to the projection tables, in the caller's transaction.
    @discardableResult
    func project(_ event: Event, lead: Lead?, _ db: Database) throws -> Lead? {
        if event.lead == nil {
            if let member = event.payload.member { try Rows.save(member: member, db) }
            if let definition = event.payload.definition { try Rows.save(definition: definition, db) }
            return nil
        }
        guard let next = Projection.apply(event, to: lead) else {
            throw StoreError.damaged("event #\(event.seq) (\(event.type.rawValue)) does not fit lead \(event.lead.map(\.description) ?? "?")")
        }
        try Rows.save(next, db)
        return next
    }

    /// One IMMEDIATE transaction: the write lock is taken up front, so a busy store waits
    /// (up to the busy timeout) instead of failing mid-way with a stale snapshot.
    func write<T>(_ body: @escaping (Database) throws -> T) throws -> T {
        if isReadOnly {
            throw StoreError.readOnly("the store \(location) is read-only for you: nothing was changed (check the file's and folder's permissions)")
        }
        return try guarded {
            try pool.writeWithoutTransaction { db in
                var result: T?
                try db.inTransaction(.immediate) {
                    result = try body(db)
                    return .commit
                }
                guard let result else { throw StoreError.damaged("the transaction returned nothing") }
                return result
            }
        }
    }
}
