import Foundation
import GRDB
import HandoffCore
import Synchronization

extension SQLiteStore {
    /// Many commands in one IMMEDIATE transaction, each decided by the rules against the
    /// store as the commands before it left it. An import of 100,000 leads is one
    /// transaction, not 100,000.
    public func execute(batch items: [BatchItem], as actor: String, options: BatchOptions,
                        progress: ((Int) -> Void)?) throws -> BatchResult {
        do {
            return try write { db in
                let result = try self.run(items, as: actor, options: options, progress: progress, db)
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
                     progress: ((Int) -> Void)?, _ db: Database) throws -> BatchResult {
        let team = try Rows.team(db)
        guard !team.members.isEmpty else {
            throw StoreError.notInitialized("the store \(location) has no team yet: run `handoff init --lead NAME` (or `handoff demo`)")
        }
        var decider = BatchDecider(
            actor: actor, team: team, now: now(), calendar: calendar,
            keys: options.skipDuplicates && items.contains(where: { !$0.command.needsLead }) ? try LeadKeys(db) : nil,
            nextID: (try Int.fetchOne(db, sql: "SELECT MAX(id) FROM lead") ?? 0) + 1)
        var outcomes: [BatchOutcome] = []
        outcomes.reserveCapacity(items.count)
        // In chunks: decide in order, encode the JSON on every core, write in order.
        for start in stride(from: 0, to: items.count, by: Self.chunk) {
            progress?(start)
            var decided: [(index: Int, event: Event, lead: Lead?)] = []
            for item in items[start..<min(items.count, start + Self.chunk)] {
                switch try decider.decide(item, db) {
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
                try Rows.insert(&event, payload: document.payload, db)
                if let lead = entry.lead, let state = document.state {
                    try Rows.save(lead, state: state, db)
                } else if event.lead == nil {
                    try project(event, lead: nil, db)
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

    /// Items decided between two writes: enough to keep both cores busy, few enough that a
    /// chunk's documents take little memory.
    package static let chunk = 1024

    /// Rebuilds a board from its exported log. The log must start an empty store, keep its
    /// sequence numbers (undo events name the events they reverse), and replay cleanly;
    /// the projection is written from the replay, so `doctor` finds exactly the log.
    @discardableResult
    public func importEvents(_ events: [Event]) throws -> DoctorReport {
        try write { db in
            let existing = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM event") ?? 0
            guard existing == 0 else {
                throw RuleError.refused("the store \(self.location) is not empty (\(existing) events): a board is rebuilt from an export only into an empty store; give a new --db path")
            }
            try Self.checkLog(events)
            let replay = Projection.replay(events)
            if let misfit = replay.misfits.first {
                throw RuleError.invalid("event #\(misfit) does not fit the board the events before it made (\(replay.misfits.count) such event(s)): this log cannot be rebuilt; nothing was imported")
            }
            guard replay.team.members.contains(where: \.isLead) else {
                throw RuleError.invalid("the log has no team lead: it is not a whole board's export; nothing was imported")
            }
            for var event in events {
                try Rows.insert(&event, db)
                if event.lead == nil { try self.project(event, lead: nil, db) }
            }
            for lead in replay.leads.values { try Rows.save(lead, db) }
            return DoctorReport(events: events.count, leads: replay.leads.count, problems: [])
        }
    }

    /// What the replay does not check: the order of the log, and the definition's versions
    /// (the store keeps each version once).
    package static func checkLog(_ events: [Event]) throws {
        guard !events.isEmpty else { throw RuleError.invalid("the log holds no events: nothing to rebuild") }
        var last: Int64 = 0
        var versions = Set<Int>()
        for event in events {
            guard event.seq > last else {
                throw RuleError.invalid("event #\(event.seq) comes after #\(last): an exported log is in increasing sequence order; nothing was imported")
            }
            last = event.seq
            if let version = event.payload.definition?.version, !versions.insert(version).inserted {
                throw RuleError.invalid("event #\(event.seq) sets SQL definition v\(version) a second time; nothing was imported")
            }
        }
    }
}

/// The external ids and emails on the board, for spotting a lead imported twice.
package struct LeadKeys {
    private var externalIDs: [String: LeadID] = [:]
    private var emails: [String: LeadID] = [:]

    /// From (id, email, external id) rows in id order.
    package init(rows: [(id: Int, email: String?, externalID: String?)]) {
        for row in rows {
            let id = LeadID(row.id)
            if let externalID = row.externalID { externalIDs[externalID] = externalIDs[externalID] ?? id }
            if let email = row.email { emails[email.lowercased()] = emails[email.lowercased()] ?? id }
        }
    }

    init(_ db: Database) throws {
        let rows = try Row.fetchCursor(db, sql: "SELECT id, email, external_id FROM lead WHERE email IS NOT NULL OR external_id IS NOT NULL ORDER BY id")
        while let row = try rows.next() {
            let number: Int = row["id"]
            let id = LeadID(number)
            let externalID: String? = row["external_id"]
            let email: String? = row["email"]
            if let externalID { externalIDs[externalID] = externalIDs[externalID] ?? id }
            if let email { emails[email.lowercased()] = emails[email.lowercased()] ?? id }
        }
    }

    /// External id first: two people can share an inbox, one CRM record cannot be two leads.
    package func match(_ fields: LeadFields?) -> BatchOutcome? {
        if let key = fields?.externalID, let id = externalIDs[key] { return .duplicate(of: id, key: .externalID) }
        if let key = fields?.email?.lowercased(), let id = emails[key] { return .duplicate(of: id, key: .email) }
        return nil
    }

    package mutating func insert(_ lead: Lead) {
        if let key = lead.fields.externalID, externalIDs[key] == nil { externalIDs[key] = lead.id }
        if let key = lead.fields.email?.lowercased(), emails[key] == nil { emails[key] = lead.id }
    }
}

/// Decides a batch's commands in order, against the board as the commands before left it:
/// leads changed earlier in the batch are read from memory, since their rows are written
/// only after the chunk is decided.
package struct BatchDecider {
    package enum Decision {
        case done(BatchOutcome)
        /// To write: the event, and the lead as it now stands (nil for team events).
        case event(Event, Lead?)
    }

    let actor: String
    private var team: Team
    private var context: RuleContext
    private var keys: LeadKeys?
    private var nextID: Int
    private var changed: [LeadID: Lead] = [:]

    package init(actor: String, team: Team, now: Date, calendar: Calendar, keys: LeadKeys?, nextID: Int) {
        self.actor = actor
        self.team = team
        self.context = RuleContext(definition: team.definition, roster: team.members, now: now, calendar: calendar)
        self.keys = keys
        self.nextID = nextID
    }

    /// A refusal by the rules is the command's outcome; anything else (the disk, a damaged
    /// log) is thrown and ends the batch.
    mutating func decide(_ item: BatchItem, _ db: Database) throws -> Decision {
        try decide(item) { id in try Rows.lead(id, db) }
    }

    /// The same, reading a lead not changed earlier in the chunk with `stored`.
    package mutating func decide(_ item: BatchItem, stored: (LeadID) throws -> Lead?) throws -> Decision {
        var lead: Lead?
        if item.command.needsLead {
            guard let id = item.lead else {
                return .done(.refused(.invalid("cannot \(item.command.verb): which lead? give its id, like L-7")))
            }
            guard let found = try changed[id] ?? stored(id) else { return .done(.refused(.notFound("no lead \(id)"))) }
            lead = found
        }
        var event: Event
        do throws(RuleError) {
            event = try Rules.decide(item.command, lead: lead, actor: actor, context: context)
        } catch {
            return .done(.refused(error))
        }
        if event.type == .created {
            if let duplicate = keys?.match(event.payload.fields) { return .done(duplicate) }
            event.lead = LeadID(nextID)
            nextID += 1
        }
        guard let id = event.lead else {
            // A team event: later commands are decided against the new roster or definition.
            team.apply(event)
            context = RuleContext(definition: team.definition, roster: team.members, now: context.now, calendar: context.calendar)
            return .event(event, nil)
        }
        guard let next = Projection.apply(event, to: lead) else {
            throw StoreError.damaged("event (\(event.type.rawValue)) does not fit lead \(id)")
        }
        changed[id] = next
        if event.type == .created { keys?.insert(next) }
        return .event(event, next)
    }

    /// The chunk's rows are in the store: read leads from there again.
    package mutating func written() {
        changed.removeAll(keepingCapacity: true)
    }
}

/// An event's payload and its lead's state as JSON, encoded off the writer's thread.
package struct EncodedEvent: Sendable {
    package var payload: String
    package var state: String?

    init(_ entry: (event: Event, lead: Lead?)) throws {
        payload = try StreamingJSONEncoder.string(entry.event.payload)
        state = try entry.lead.map(StreamingJSONEncoder.string)
    }

    package static func encode(_ pending: [(event: Event, lead: Lead?)]) throws -> [EncodedEvent] {
        let workers = min(4, ProcessInfo.processInfo.activeProcessorCount)
        guard workers > 1, pending.count >= 64 else { return try pending.map(EncodedEvent.init) }
        let share = (pending.count + workers - 1) / workers
        let parts = Mutex<[Int: Result<[EncodedEvent], any Error>]>([:])
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            let slice = pending[min(pending.count, worker * share)..<min(pending.count, (worker + 1) * share)]
            let result = Result { try slice.map(EncodedEvent.init) }
            parts.withLock { $0[worker] = result }
        }
        return try parts.withLock { done in try (0..<workers).flatMap { try done[$0]?.get() ?? [] } }
    }
}
