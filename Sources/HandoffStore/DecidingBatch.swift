import Foundation
import HandoffCore

/// A batch decided window by window, for a store that writes each window as one stream
/// (PostgreSQL's `COPY`) while the next is decided: the same decisions, in the same order
/// and against the same store, as `LogWriter.batch` makes. The store writes nothing more
/// once `commits` is false (an all-or-nothing batch with a refusal), but every item is
/// still decided, so every refusal is reported; the caller then rolls back
/// (`rollBackUnlessCommitted`).
package struct DecidingBatch {
    /// One per item decided so far, in the batch's order; an applied one's `seq` is 0 until
    /// the store sets it.
    package var outcomes: [BatchOutcome] = []
    private let feed: BatchFeed
    private let mode: BatchOptions.Mode
    private var decider: BatchDecider
    private var refused = false
    private let progress: ((Int) -> Void)?

    package init(_ feed: BatchFeed, as actor: String, options: BatchOptions, progress: ((Int) -> Void)?,
                 location: String, now: Date, calendar: Calendar, _ session: some LogSession) throws {
        let team = try LogWriter.teamOrRefuse(session, location: location)
        decider = BatchDecider(
            actor: actor, team: team, now: now, calendar: calendar,
            keys: options.skipDuplicates && feed.mayAddLeads ? try session.leadKeys() : nil,
            nextID: try session.maxLeadID() + 1)
        decider.keepsNewLeads = !feed.importsOnly
        decider.reserve(feed.expectedNewLeads)
        self.feed = feed
        mode = options.mode
        self.progress = progress
        outcomes.reserveCapacity(feed.expected)
    }

    /// Whether what is decided so far is to be written (`BatchOptions.Mode`), and the feed
    /// has not said otherwise.
    package var commits: Bool { mode.commits(refused: refused) && feed.mayCommit }

    package var result: BatchResult { BatchResult(outcomes: outcomes, committed: commits) }

    /// Decides the next `count` items (nil when none is left): the events to write, in
    /// order, each with the index of its outcome and its lead's new state (nil for a team
    /// event). Leads changed in this window or the one before are read from memory; the
    /// caller has written every window before those when it asks for the next.
    package mutating func decide(next count: Int, _ session: some LogSession)
        throws -> [(index: Int, event: Event, lead: Lead?)]? {
        guard let items = try feed.take(upTo: count) else { return nil }
        progress?(outcomes.count)
        // The window before this one may still be on its way to the store: its leads stay
        // in memory; those before it are in the store.
        decider.nextChunk()
        var entries: [(index: Int, event: Event, lead: Lead?)] = []
        for item in items {
            switch try decider.decide(item, stored: session.lead, history: session.history(of:)) {
            case .done(let outcome):
                if case .refused = outcome { refused = true }
                outcomes.append(outcome)
            case .event(let event, let lead):
                entries.append((outcomes.count, event, lead))
                outcomes.append(.applied(lead: event.lead, seq: 0))
            }
        }
        return entries
    }

    /// Throws the result out of the transaction (`LogWriter.RollBack`) when the batch is not
    /// to be committed.
    package func rollBackUnlessCommitted() throws {
        guard commits else { throw LogWriter.RollBack(result: result) }
    }
}

extension BatchOptions.Mode {
    /// Whether a batch decided in this mode is committed, given whether any item was refused.
    package func commits(refused: Bool) -> Bool {
        switch self {
        case .allOrNothing: !refused
        case .skipRefused: true
        case .rehearse: false
        }
    }
}
