import Foundation
import HandoffCore

/// A store's open write transaction, as the write path sees it: reads of the state the
/// rules decide on, and writes of the log and its projection. SQLite and PostgreSQL each
/// provide one; the decisions are made once, in `LogWriter`.
package protocol LogSession {
    func team() throws -> Team
    func lead(_ id: LeadID) throws -> Lead?
    /// A lead's events, oldest first.
    func history(of id: LeadID) throws -> [Event]
    /// The actor's newest lead events that are not undos, newest first.
    func recentEvents(by actor: String, limit: Int) throws -> [Event]
    func maxLeadID() throws -> Int
    func definitionCount() throws -> Int
    /// The SQL definition of `version` (every version is kept), nil when there is none.
    func definition(version: Int) throws -> Definition?
    func eventCount() throws -> Int
    /// The external ids and emails on the board (an import's duplicate check).
    func leadKeys() throws -> LeadKeys
    /// The leads not archived that `name` owns or is the meeting's AE of (a role change).
    func leads(heldBy name: String) throws -> [Lead]
    /// Appends `event`, numbering a new one; `payload` is its payload already encoded.
    func insert(_ event: inout Event, payload: String?) throws
    /// Saves a lead's projection; `state` is the lead already encoded.
    func save(_ lead: Lead, state: String?) throws
    func save(member: Member) throws
    func save(definition: Definition) throws
}

/// The write path of every store: each command decided by the rules against the lead as
/// it stands in the transaction, appended, and projected, in that one transaction.
package enum LogWriter {
    package static func initialize(lead name: String, founding: Founding?, location: String, now: Date,
                                   _ session: some LogSession) throws -> Applied {
        let team = try session.team()
        guard team.members.isEmpty else {
            let leads = team.members.filter(\.isLead).map(\.name).joined(separator: ", ")
            throw RuleError.refused("the store \(location) already has a team (team lead: \(leads))")
        }
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        var event = try Rules.foundTeam(lead: trimmed, founding: founding, now: now)
        try session.insert(&event, payload: nil)
        try project(event, lead: nil, session)
        if try session.definitionCount() == 0 {
            var definition = Event(at: now, actor: trimmed, lead: nil, type: .definition, from: nil, to: nil,
                                   payload: EventPayload(definitionVersion: Definition.standard.version, definition: .standard))
            try session.insert(&definition, payload: nil)
            try project(definition, lead: nil, session)
        }
        return Applied(event: event, lead: nil)
    }

    package static func execute(_ command: Command, on id: LeadID?, as actor: String, expecting version: Int?,
                                location: String, now: Date, calendar: Calendar, policy: RulePolicy = .replay,
                                _ session: some LogSession) throws -> Applied {
        let team = try teamOrRefuse(session, location: location)
        var lead: Lead?
        if command.needsLead {
            guard let id else { throw RuleError.invalid("cannot \(command.verb): which lead? give its id, like L-7") }
            guard let found = try session.lead(id) else { throw RuleError.notFound("no lead \(id)") }
            try check(found, expecting: version)
            // The no-show limit is judged on the lead's history, which undo and stores made
            // before it keep right (`NoShows.count`).
            lead = try judged(found, booking: books(command), policy: policy) { try session.history(of: id) }
        }
        var context = RuleContext(definition: team.definition, roster: team.members, now: now, calendar: calendar)
        context.policy = policy
        context.away = team.away
        if case .editMember(let name, let role, _) = command, role != nil, let member = context.member(name) {
            context.memberLeads = try session.leads(heldBy: member.name)
        }
        try addCalibrationDefinition(to: &context, for: command, lead: lead, session)
        var event = try Rules.decide(command, lead: lead, actor: actor, context: context)
        if event.type == .created { event.lead = LeadID(try session.maxLeadID() + 1) }
        try session.insert(&event, payload: nil)
        return Applied(event: event, lead: try project(event, lead: lead, session))
    }

    package static func undo(_ id: LeadID?, as actor: String, expecting version: Int?,
                             now: Date, calendar: Calendar, _ session: some LogSession) throws -> Applied {
        let team = try session.team()
        guard team.member(actor) != nil else {
            throw RuleError.notPermitted("\(actor) is not on the team roster: the board is read-only for you")
        }
        let target: Event
        let history: [Event]
        if let id {
            history = try session.history(of: id)
            guard let top = Undo.target(in: history) else {
                throw history.isEmpty ? RuleError.notFound("no lead \(id)") : RuleError.refused("nothing to undo on \(id)")
            }
            target = top
        } else {
            guard let found = try lastUndoable(by: actor, session) else {
                throw RuleError.refused("nothing to undo: \(actor) has no change still in effect")
            }
            (target, history) = found
        }
        guard let leadID = target.lead, let lead = try session.lead(leadID) else {
            throw RuleError.notFound("no lead for event #\(target.seq)")
        }
        try check(lead, expecting: version)
        let context = RuleContext(definition: team.definition, roster: team.members, now: now, calendar: calendar)
        var event = try Undo.decide(undoing: target, history: history, lead: lead, actor: actor, context: context)
        try session.insert(&event, payload: nil)
        return Applied(event: event, lead: try project(event, lead: lead, session))
    }

    /// The actor's newest lead event that is still in effect (not undone, not an undo).
    static func lastUndoable(by actor: String, _ session: some LogSession) throws -> (Event, [Event])? {
        for candidate in try session.recentEvents(by: actor, limit: 50) {
            guard let id = candidate.lead else { continue }
            let history = try session.history(of: id)
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

    /// Applies `event` to the projection, in the session's transaction.
    @discardableResult
    package static func project(_ event: Event, lead: Lead?, _ session: some LogSession) throws -> Lead? {
        if event.lead == nil {
            if let member = event.payload.member { try session.save(member: member) }
            if let definition = event.payload.definition { try session.save(definition: definition) }
            return nil
        }
        guard let next = Projection.apply(event, to: lead) else {
            throw StoreError.damaged("event #\(event.seq) (\(event.type.rawValue)) does not fit lead \(event.lead.map(\.description) ?? "?")")
        }
        try session.save(next, state: nil)
        return next
    }

    static func teamOrRefuse(_ session: some LogSession, location: String) throws -> Team {
        let team = try session.team()
        guard !team.members.isEmpty else {
            throw StoreError.notInitialized("the store \(location) has no team yet: run `handoff init --lead NAME` (or `handoff demo`)")
        }
        return team
    }

    // MARK: - Batches and imports

    /// Items decided between two writes: enough to keep both cores busy, few enough that a
    /// chunk's documents take little memory.
    package static let chunk = 1024

    /// Thrown out of a batch's transaction to roll it back; the result rides along.
    package struct RollBack: Error {
        package var result: BatchResult
    }

    /// Many commands in the session's transaction, each decided against the store as the
    /// commands before it left it. Throws `RollBack` when the batch must not be committed.
    package static func batch(_ items: [BatchItem], as actor: String, options: BatchOptions, progress: ((Int) -> Void)?,
                              location: String, now: Date, calendar: Calendar, policy: RulePolicy = .replay,
                              _ session: some LogSession) throws -> BatchResult {
        try batch(BatchFeed(items), as: actor, options: options, progress: progress, location: location, now: now,
                  calendar: calendar, policy: policy, session)
    }

    /// `batch` of items as `feed` delivers them: each chunk is decided as soon as it is
    /// ready, while the feed's producer readies the next (`BatchFeed`).
    package static func batch(_ feed: BatchFeed, as actor: String, options: BatchOptions, progress: ((Int) -> Void)?,
                              location: String, now: Date, calendar: Calendar, policy: RulePolicy = .replay,
                              _ session: some LogSession) throws -> BatchResult {
        // However this ends, a producer still waiting to push is let go.
        defer { feed.cancel() }
        let team = try teamOrRefuse(session, location: location)
        var decider = BatchDecider(
            actor: actor, team: team, now: now, calendar: calendar,
            keys: options.skipDuplicates && feed.mayAddLeads ? try session.leadKeys() : nil,
            nextID: try session.maxLeadID() + 1)
        decider.policy = policy
        decider.keepsNewLeads = !feed.importsOnly
        decider.reserve(feed.expectedNewLeads)
        var outcomes: [BatchOutcome] = []
        outcomes.reserveCapacity(feed.expected)
        typealias Decided = [(index: Int, event: Event, lead: Lead?)]
        func write(_ decided: Decided, _ documents: [EncodedEvent]) throws {
            // By place, not by copying each entry out: an entry holds a whole lead.
            for place in decided.indices where place < documents.count {
                var event = decided[place].event
                try session.insert(&event, payload: documents[place].payload)
                if let state = documents[place].state, let lead = decided[place].lead {
                    try session.save(lead, state: state)
                } else if event.lead == nil {
                    try project(event, lead: nil, session)
                }
                outcomes[decided[place].index] = .applied(lead: event.lead, seq: event.seq)
            }
        }
        // In chunks, in order: each chunk is decided, then its JSON is encoded on other
        // threads while the chunk before it is written (the decider keeps that chunk's
        // leads in memory until then).
        var writing: (decided: Decided, encoding: Ahead<[EncodedEvent]>)?
        while let items = try feed.take(upTo: chunk) {
            progress?(outcomes.count)
            decider.nextChunk()
            var decided: Decided = []
            for item in items {
                switch try decider.decide(item, stored: session.lead, history: session.history(of:)) {
                case .done(let outcome):
                    outcomes.append(outcome)
                case .event(let event, let lead):
                    decided.append((outcomes.count, event, lead))
                    outcomes.append(.applied(lead: event.lead, seq: 0))
                }
            }
            let encoding = EncodedEvent.start(decided)
            if let writing { try write(writing.decided, writing.encoding.wait()) }
            writing = (decided, encoding)
        }
        if let writing { try write(writing.decided, writing.encoding.wait()) }
        progress?(outcomes.count)
        let refused = outcomes.contains { if case .refused = $0 { true } else { false } }
        let committed = options.mode.commits(refused: refused) && feed.commits
        let result = BatchResult(outcomes: outcomes, committed: committed)
        guard committed else { throw RollBack(result: result) }
        return result
    }

    /// Rebuilds a board from its exported log, as it streams in. The log must start an
    /// empty store, keep its sequence numbers (undo events name the events they reverse),
    /// and replay cleanly (`LogImport`); each batch is written once checked, in the
    /// session's one transaction, and the projection is written from the replay, so
    /// `doctor` finds exactly the log. A refusal anywhere throws, and nothing is kept.
    package static func importEvents(_ source: EventSource, location: String, _ session: some LogSession) throws -> DoctorReport {
        try requireEmpty(location, session)
        var log = LogImport()
        while let batch = try source.next() {
            try log.check(batch)
            // Each payload as the export wrote it where the reader allows, else encoded.
            let payloads = Parallel.map(batch.events.count) { index in
                Result { try batch.payloadText(index) ?? StreamingJSONEncoder.string(batch.events[index].payload) }
            }
            for (original, payload) in zip(batch.events, payloads) {
                var event = original
                try session.insert(&event, payload: try payload.get())
                if event.lead == nil { try project(event, lead: nil, session) }
            }
        }
        let leads = try log.finish()
        // In id order: the table and its id-led indexes then grow at their ends. In the
        // dictionary's order each row landed on a page of its own, and SQLite's page cache
        // wrote and read the store twenty times over (800,000 writes for 41,000 pages).
        for id in leads.keys.sorted() {
            if let lead = leads[id] { try session.save(lead, state: nil) }
        }
        return DoctorReport(events: log.count, leads: leads.count, problems: [])
    }

    /// An import goes only into a store without events.
    package static func requireEmpty(_ location: String, _ session: some LogSession) throws {
        let existing = try session.eventCount()
        guard existing == 0 else {
            throw RuleError.refused("the store \(location) is not empty (\(existing) events): a board is rebuilt from an export only into an empty store; give a new --db path")
        }
    }
}

/// `doctor`'s comparison, for every store: the log replayed against the stored
/// projection, lead by lead.
package enum LogCheck {
    /// Whether two events are the same as a store keeps them: dates to the second, the
    /// payload as its JSON.
    package static func sameAsStored(_ a: Event, _ b: Event) -> Bool {
        guard a.seq == b.seq, a.actor == b.actor, a.lead == b.lead, a.type == b.type, a.from == b.from, a.to == b.to,
              a.at.formatted(.iso8601) == b.at.formatted(.iso8601) else { return false }
        return (try? StreamingJSONEncoder.string(a.payload)) == (try? StreamingJSONEncoder.string(b.payload))
    }

    /// Events whose report columns (what `report` reads) are not what `ReportColumns`
    /// computes from the event itself: written behind the store's back.
    /// A NUL in an old payload is kept as U+FFFD by a store whose text cannot hold NUL
    /// (PostgreSQL's migration v4).
    package static func reportColumnProblems(events: [Event], stored: [Int64: ReportColumns]) -> [String] {
        events.compactMap { event in
            guard let kept = stored[event.seq] else { return nil }
            let made = ReportColumns(event)
            guard kept != made, kept != made.withoutNUL else { return nil }
            return "event #\(event.seq) (\(event.type.rawValue)): its report columns disagree with its payload (\(kept)); the report reads them"
        }
    }

    /// A stored lead row: its state, and the plain columns kept beside it. `lead` is nil
    /// when the row cannot be read, and `damage` says why.
    package struct StoredLead {
        package var id: LeadID
        package var lead: Lead?
        package var damage: String?
        package var column = ""
        package var version = 0
        package var owner = ""
        /// The columns an import's duplicate check reads instead of the state.
        package var email: String?
        package var externalID: String?
        /// As the store wrote it (nil: a store that keeps no such text).
        package var updatedAt: String?

        package init(id: LeadID) {
            self.id = id
        }

        package init(lead: Lead, column: String, version: Int, owner: String, email: String?, externalID: String?) {
            id = lead.id
            self.lead = lead
            self.column = column
            self.version = version
            self.owner = owner
            self.email = email
            self.externalID = externalID
        }
    }

    package static func compare(events: [Event], stored rows: [StoredLead], cards: [Card], team: Team,
                                problems earlier: [String] = []) -> DoctorReport {
        var problems = earlier
        let replay = Projection.replay(events)
        problems += replay.misfits.map { "event #\($0) does not fit the state before it" }
        problems += LogAudit.violations(in: events, same: sameAsStored).map { "the rules refuse \($0)" }
        var stored: [LeadID: Lead] = [:]
        var damaged = Set<LeadID>()
        for row in rows {
            guard let lead = row.lead else {
                damaged.insert(row.id)
                problems.append(row.damage ?? "\(row.id) cannot be read")
                continue
            }
            stored[lead.id] = lead
            if row.column != lead.column.rawValue || row.version != lead.version || row.owner != lead.owner {
                problems.append("\(lead.id): the row's columns disagree with its state")
            } else if row.email != lead.fields.email || row.externalID != lead.fields.externalID {
                problems.append("\(lead.id): the row's email or external id disagrees with its state (an import's duplicate check reads them)")
            } else if let text = row.updatedAt, text != lead.updatedAt.formatted(.iso8601) {
                problems.append("\(lead.id): the row's updated_at disagrees with its state")
            }
        }
        for card in cards {
            let flagged = problems.contains { $0.hasPrefix("\(card.id): the row's columns") }
            if let lead = stored[card.id], lead.card != card, !flagged {
                problems.append("\(card.id): the board's card columns disagree with its state")
            }
        }
        let counts = Dictionary(grouping: events.compactMap(\.lead), by: { $0 }).mapValues(\.count)
        for (id, lead) in replay.leads.sorted(by: { $0.key < $1.key }) {
            guard let kept = stored[id] else {
                if !damaged.contains(id) { problems.append("\(id) is in the log but missing from the board") }
                continue
            }
            if kept != lead { problems.append("\(id): the stored state differs from the replayed log") }
            if lead.version != counts[id] { problems.append("\(id): version \(lead.version) but \(counts[id] ?? 0) events") }
        }
        for id in stored.keys where replay.leads[id] == nil {
            problems.append("\(id) is on the board but has no events")
        }
        if Set(team.members) != Set(replay.team.members) { problems.append("the roster differs from the log") }
        if team.definition != replay.team.definition { problems.append("the SQL definition differs from the log") }
        return DoctorReport(events: events.count, leads: replay.leads.count, problems: problems)
    }
}

extension ReportColumns {
    /// The columns with every NUL as U+FFFD, as a text column that cannot hold NUL keeps them.
    var withoutNUL: ReportColumns {
        func clean(_ text: String?) -> String? {
            guard let text, text.utf8.contains(0) else { return text }
            return text.replacingOccurrences(of: "\u{0}", with: "\u{FFFD}")
        }
        var copy = self
        copy.person = clean(person)
        copy.company = clean(company)
        copy.meetingAt = clean(meetingAt)
        copy.outcome = clean(outcome)
        copy.revisit = clean(revisit)
        copy.resolution = clean(resolution)
        copy.reasons = clean(reasons)
        copy.failedCriteria = clean(failedCriteria)
        return copy
    }
}
