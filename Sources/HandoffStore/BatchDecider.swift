import Foundation
import HandoffCore
import Synchronization

/// The external ids and emails on the board, for spotting a lead imported twice.
package struct LeadKeys {
    private var externalIDs: [String: LeadID] = [:]
    private var emails: [String: LeadID] = [:]

    /// From (id, email, external id) rows in id order.
    package init(rows: [(id: Int, email: String?, externalID: String?)]) {
        for row in rows {
            add(LeadID(row.id), email: row.email, externalID: row.externalID)
        }
    }

    /// One stored lead's keys, added in id order: a key already held stays with its lead.
    package mutating func add(_ id: LeadID, email: String?, externalID: String?) {
        if let externalID { externalIDs[externalID] = externalIDs[externalID] ?? id }
        if let email {
            let key = Self.folded(email)
            emails[key] = emails[key] ?? id
        }
    }

    /// Room for `count` more leads: an import adds a hundred thousand keys, which would
    /// otherwise be hashed again at every doubling.
    package mutating func reserve(_ count: Int) {
        externalIDs.reserveCapacity(externalIDs.count + count)
        emails.reserveCapacity(emails.count + count)
    }

    /// External id first: two people can share an inbox, one CRM record cannot be two leads.
    package func match(_ fields: LeadFields?) -> BatchOutcome? {
        if let key = fields?.externalID, let id = externalIDs[key] { return .duplicate(of: id, key: .externalID) }
        if let key = fields?.email.map(Self.folded), let id = emails[key] { return .duplicate(of: id, key: .email) }
        return nil
    }

    package mutating func insert(_ lead: Lead) {
        if let key = lead.fields.externalID, externalIDs[key] == nil { externalIDs[key] = lead.id }
        if let key = lead.fields.email.map(Self.folded), emails[key] == nil { emails[key] = lead.id }
    }

    /// The email in lower case; as it is when it has no capital and is plain ASCII (the
    /// rules keep emails so), without making a new string.
    static func folded(_ email: String) -> String {
        UTF8Bytes.contains(email) { $0 >= 0x41 && $0 <= 0x5A || $0 >= 0x80 } ? email.lowercased() : email
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
    /// The leads the chunk before changed, while that chunk is being written.
    private var previous: [LeadID: Lead] = [:]
    /// Whether a lead made earlier in the batch may be changed later in it: false for a
    /// batch of imports only (`BatchFeed.importsOnly`), which then keeps no copy of each
    /// new lead to look up. Such a batch given a change to a lead fails whole.
    package var keepsNewLeads = true
    /// The no-show policy a booking in the batch is held to, as a single `book` is.
    package var policy = RulePolicy.replay {
        didSet { context.policy = policy }
    }

    package init(actor: String, team: Team, now: Date, calendar: Calendar, keys: LeadKeys?, nextID: Int) {
        self.actor = actor
        self.team = team
        self.context = RuleContext(definition: team.definition, roster: team.members, now: now, calendar: calendar)
        context.away = team.away
        self.keys = keys
        self.nextID = nextID
    }

    /// Room for `count` new leads' keys.
    package mutating func reserve(_ count: Int) {
        keys?.reserve(count)
    }

    /// Decides one item, reading a lead not changed earlier in the chunk with `stored`. A
    /// refusal by the rules is the item's outcome; anything else (the disk, a damaged log)
    /// is thrown and ends the batch.
    package mutating func decide(_ item: BatchItem, stored: (LeadID) throws -> Lead?,
                                 history: (LeadID) throws -> [Event]) throws -> Decision {
        var lead: Lead?
        if item.command.needsLead {
            guard keepsNewLeads else {
                throw StoreError.damaged("a batch of new leads only was given a change to a lead (\(item.command.verb)); nothing was imported")
            }
            guard let id = item.lead else {
                return .done(.refused(.invalid("cannot \(item.command.verb): which lead? give its id, like L-7")))
            }
            guard let found = try changed[id] ?? previous[id] ?? stored(id) else {
                return .done(.refused(.notFound("no lead \(id)")))
            }
            do {
                try LogWriter.check(found, expecting: item.version)
            } catch let error as RuleError {
                return .done(.refused(error))
            }
            // A booking reads the lead's no-shows from the store's history, as `book` does
            // (a lead booked earlier in the same batch is judged on what the store holds).
            lead = try LogWriter.judged(found, booking: LogWriter.books(item.command), policy: policy) { try history(id) }
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
        // A bulk action's events share its id, so that undo takes them back together.
        if let group = item.group, event.lead != nil { event.payload.group = group }
        guard let id = event.lead else {
            // A team event: later commands are decided against the new roster or definition.
            team.apply(event)
            context = RuleContext(definition: team.definition, roster: team.members, now: context.now, calendar: context.calendar)
            context.away = team.away
            context.policy = policy
            return .event(event, nil)
        }
        guard let next = Projection.apply(event, to: lead) else {
            throw StoreError.damaged("event (\(event.type.rawValue)) does not fit lead \(id)")
        }
        if keepsNewLeads || event.type != .created { changed[id] = next }
        if event.type == .created { keys?.insert(next) }
        return .event(event, next)
    }

    /// A new chunk begins while the one before it is still being written: its leads stay
    /// in memory until then, and the chunk before that one is in the store.
    package mutating func nextChunk() {
        swap(&changed, &previous)
        changed.removeAll(keepingCapacity: true)
    }
}

/// An event's payload and its lead's state as JSON, encoded off the writer's thread.
package struct EncodedEvent: Sendable {
    package var payload: String
    package var state: String?

    init(event: Event, lead: Lead?) throws {
        payload = try StreamingJSONEncoder.string(event.payload)
        state = try lead.map(StreamingJSONEncoder.string)
    }

    /// Starts encoding a chunk's decided events on another thread, for the writer to
    /// collect (`wait`) after it has written what came before. The chunk is shared, not
    /// copied: each event and lead is read where it lies.
    package static func start(_ decided: [(index: Int, event: Event, lead: Lead?)]) -> Ahead<[EncodedEvent]> {
        Ahead { try encode(decided.count) { try EncodedEvent(event: decided[$0].event, lead: decided[$0].lead) } }
    }

    package static func encode(_ pending: [(event: Event, lead: Lead?)]) throws -> [EncodedEvent] {
        try encode(pending.count) { try EncodedEvent(event: pending[$0].event, lead: pending[$0].lead) }
    }

    /// Documents 0..<count, made on up to four cores in order-keeping slices.
    static func encode(_ count: Int, _ document: @Sendable (Int) throws -> EncodedEvent) throws -> [EncodedEvent] {
        let workers = min(4, ProcessInfo.processInfo.activeProcessorCount)
        guard workers > 1, count >= 64 else { return try (0..<count).map(document) }
        let share = (count + workers - 1) / workers
        let parts = Mutex<[Int: Result<[EncodedEvent], any Error>]>([:])
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            let slice = min(count, worker * share)..<min(count, (worker + 1) * share)
            let result = Result { try slice.map(document) }
            parts.withLock { $0[worker] = result }
        }
        return try parts.withLock { done in try (0..<workers).flatMap { try done[$0]?.get() ?? [] } }
    }
}
