import Foundation
import HandoffCore
import HandoffStore
import PostgresNIO

/// The write path: the same decisions as the SQLite store (`Rules.decide`, `Undo.decide`,
/// `Projection.apply`, `BatchDecider`), in one transaction under the write lock.
extension PostgresStore {
    @discardableResult
    public func initialize(lead name: String) throws -> Applied {
        try write { session in
            let team = try PostgresRows.team(session)
            guard team.members.isEmpty else {
                let leads = team.members.filter(\.isLead).map(\.name).joined(separator: ", ")
                throw RuleError.refused("the store \(self.location) already has a team (team lead: \(leads))")
            }
            let trimmed = name.trimmingCharacters(in: .whitespaces)
            let at = self.now()
            var event = try Rules.foundTeam(lead: trimmed, now: at)
            try PostgresRows.insert(&event, session)
            try self.project(event, lead: nil, session)
            if try session.scalar("SELECT COUNT(*) FROM definition", as: Int.self) == 0 {
                var definitionEvent = Event(at: at, actor: trimmed, lead: nil, type: .definition, from: nil, to: nil,
                                            payload: EventPayload(definitionVersion: Definition.standard.version,
                                                                  definition: .standard))
                try PostgresRows.insert(&definitionEvent, session)
                try self.project(definitionEvent, lead: nil, session)
            }
            return Applied(event: event, lead: nil)
        }
    }

    @discardableResult
    public func execute(_ command: Command, on id: LeadID?, as actor: String, expecting version: Int?) throws -> Applied {
        try write { session in
            let team = try PostgresRows.team(session)
            guard !team.members.isEmpty else {
                throw StoreError.notInitialized("the store \(self.location) has no team yet: run `handoff init --lead NAME` (or `handoff demo`)")
            }
            var lead: Lead?
            if command.needsLead {
                guard let id else { throw RuleError.invalid("cannot \(command.verb): which lead? give its id, like L-7") }
                guard let found = try PostgresRows.lead(id, session) else { throw RuleError.notFound("no lead \(id)") }
                try SQLiteStore.check(found, expecting: version)
                lead = found
            }
            let context = RuleContext(definition: team.definition, roster: team.members, now: self.now(), calendar: self.calendar)
            var event = try Rules.decide(command, lead: lead, actor: actor, context: context)
            if event.type == .created {
                let next = (try session.scalar("SELECT MAX(id) FROM lead", as: Int.self) ?? 0) + 1
                event.lead = LeadID(next)
            }
            try PostgresRows.insert(&event, session)
            let projected = try self.project(event, lead: lead, session)
            return Applied(event: event, lead: projected)
        }
    }

    @discardableResult
    public func undo(_ id: LeadID?, as actor: String, expecting version: Int?) throws -> Applied {
        try write { session in
            let team = try PostgresRows.team(session)
            guard team.member(actor) != nil else {
                throw RuleError.notPermitted("\(actor) is not on the team roster: the board is read-only for you")
            }
            let target: Event
            let history: [Event]
            if let id {
                history = try Self.history(id, session)
                guard let top = Undo.effective(history).last else {
                    throw history.isEmpty ? RuleError.notFound("no lead \(id)") : RuleError.refused("nothing to undo on \(id)")
                }
                target = top
            } else {
                guard let found = try Self.lastUndoable(by: actor, session) else {
                    throw RuleError.refused("nothing to undo: \(actor) has no change still in effect")
                }
                (target, history) = found
            }
            guard let leadID = target.lead, let lead = try PostgresRows.lead(leadID, session) else {
                throw RuleError.notFound("no lead for event #\(target.seq)")
            }
            try SQLiteStore.check(lead, expecting: version)
            let context = RuleContext(definition: team.definition, roster: team.members, now: self.now(), calendar: self.calendar)
            var event = try Undo.decide(undoing: target, history: history, lead: lead, actor: actor, context: context)
            try PostgresRows.insert(&event, session)
            let projected = try self.project(event, lead: lead, session)
            return Applied(event: event, lead: projected)
        }
    }

    static func history(_ id: LeadID, _ session: Session) throws -> [Event] {
        try PostgresRows.events(session, PostgresQuery(unsafeSQL: "SELECT \(PostgresRows.eventColumns) FROM event WHERE lead = $1 ORDER BY seq",
                                                       binds: binds(id.number)))
    }

    /// The actor's newest lead event that is still in effect (not undone, not an undo).
    static func lastUndoable(by actor: String, _ session: Session) throws -> (Event, [Event])? {
        let candidates = try PostgresRows.events(session, PostgresQuery(unsafeSQL: """
            SELECT \(PostgresRows.eventColumns) FROM event WHERE actor = $1 AND lead IS NOT NULL AND type <> 'undone'
            ORDER BY seq DESC LIMIT 50
            """, binds: binds(actor)))
        for candidate in candidates {
            guard let id = candidate.lead else { continue }
            let history = try Self.history(id, session)
            if Undo.effective(history).contains(where: { $0.seq == candidate.seq }) {
                return (candidate, history)
            }
        }
        return nil
    }

    /// Applies `event` to the projection tables, in the caller's transaction.
    @discardableResult
    func project(_ event: Event, lead: Lead?, _ session: Session) throws -> Lead? {
        if event.lead == nil {
            if let member = event.payload.member { try PostgresRows.save(member: member, session) }
            if let definition = event.payload.definition { try PostgresRows.save(definition: definition, session) }
            return nil
        }
        guard let next = Projection.apply(event, to: lead) else {
            throw StoreError.damaged("event #\(event.seq) (\(event.type.rawValue)) does not fit lead \(event.lead.map(\.description) ?? "?")")
        }
        try PostgresRows.save(next, session)
        return next
    }

    // MARK: - Batches and imports

    public func execute(batch items: [BatchItem], as actor: String, options: BatchOptions,
                        progress: ((Int) -> Void)?) throws -> BatchResult {
        do {
            return try write { session in
                let result = try self.run(items, as: actor, options: options, progress: progress, session)
                // Throwing out of the transaction is how it rolls back; the result rides along.
                guard result.committed else { throw RollBack(result: result) }
                return result
            }
        } catch let rollBack as RollBack {
            return rollBack.result
        }
    }

    private struct RollBack: Error {
        var result: BatchResult
    }

    private func run(_ items: [BatchItem], as actor: String, options: BatchOptions,
                     progress: ((Int) -> Void)?, _ session: Session) throws -> BatchResult {
        let team = try PostgresRows.team(session)
        guard !team.members.isEmpty else {
            throw StoreError.notInitialized("the store \(location) has no team yet: run `handoff init --lead NAME` (or `handoff demo`)")
        }
        var keys: LeadKeys?
        if options.skipDuplicates && items.contains(where: { !$0.command.needsLead }) {
            let rows = try session.query("""
                SELECT id, email, external_id FROM lead WHERE email IS NOT NULL OR external_id IS NOT NULL ORDER BY id
                """).map { row in try row.decode((Int, String?, String?).self) }
            keys = LeadKeys(rows: rows.map { (id: $0.0, email: $0.1, externalID: $0.2) })
        }
        var decider = BatchDecider(actor: actor, team: team, now: now(), calendar: calendar, keys: keys,
                                   nextID: (try session.scalar("SELECT MAX(id) FROM lead", as: Int.self) ?? 0) + 1)
        var outcomes: [BatchOutcome] = []
        outcomes.reserveCapacity(items.count)
        for start in stride(from: 0, to: items.count, by: SQLiteStore.chunk) {
            progress?(start)
            var decided: [(index: Int, event: Event, lead: Lead?)] = []
            for item in items[start..<min(items.count, start + SQLiteStore.chunk)] {
                switch try decider.decide(item, stored: { id in try PostgresRows.lead(id, session) }) {
                case .done(let outcome):
                    outcomes.append(outcome)
                case .event(let event, let lead):
                    decided.append((outcomes.count, event, lead))
                    outcomes.append(.applied(lead: event.lead, seq: 0))
                }
            }
            let documents = try EncodedEvent.encode(decided.map { ($0.event, $0.lead) })
            for (entry, document) in zip(decided, documents) {
                var event = entry.event
                try PostgresRows.insert(&event, payload: document.payload, session)
                if let lead = entry.lead, let state = document.state {
                    try PostgresRows.save(lead, state: state, session)
                } else if event.lead == nil {
                    try project(event, lead: nil, session)
                }
                outcomes[entry.index] = .applied(lead: event.lead, seq: event.seq)
            }
            decider.written()
        }
        progress?(items.count)
        let refused = outcomes.contains { if case .refused = $0 { true } else { false } }
        let committed = switch options.mode {
        case .allOrNothing: !refused
        case .skipRefused: true
        case .rehearse: false
        }
        return BatchResult(outcomes: outcomes, committed: committed)
    }

    /// Rebuilds a board from its exported log (see `SQLiteStore.importEvents`): only into an
    /// empty store, keeping the log's sequence numbers.
    @discardableResult
    public func importEvents(_ events: [Event]) throws -> DoctorReport {
        try write { session in
            let existing = try session.scalar("SELECT COUNT(*) FROM event", as: Int.self) ?? 0
            guard existing == 0 else {
                throw RuleError.refused("the store \(self.location) is not empty (\(existing) events): a board is rebuilt from an export only into an empty store; give a new --db path")
            }
            try SQLiteStore.checkLog(events)
            let replay = Projection.replay(events)
            if let misfit = replay.misfits.first {
                throw RuleError.invalid("event #\(misfit) does not fit the board the events before it made (\(replay.misfits.count) such event(s)): this log cannot be rebuilt; nothing was imported")
            }
            guard replay.team.members.contains(where: \.isLead) else {
                throw RuleError.invalid("the log has no team lead: it is not a whole board's export; nothing was imported")
            }
            for var event in events {
                try PostgresRows.insert(&event, session)
                if event.lead == nil { try self.project(event, lead: nil, session) }
            }
            for lead in replay.leads.values { try PostgresRows.save(lead, session) }
            return DoctorReport(events: events.count, leads: replay.leads.count, problems: [])
        }
    }
}

/// Bindings for a hand-written query.
func binds(_ values: any PostgresDynamicTypeEncodable...) -> PostgresBindings {
    var bindings = PostgresBindings(capacity: values.count)
    for value in values { bindings.append(value) }
    return bindings
}
