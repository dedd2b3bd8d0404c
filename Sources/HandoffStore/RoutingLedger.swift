import Foundation
import HandoffCore
import Synchronization

/// The week's booking facts, kept by an open board so that opening the book form does not
/// read the week's events again: loaded once behind the first frame, then brought up to
/// date from the events after the last one it saw (usually a handful) each time the form
/// opens. `BoardStore.routingProposal` reads them afresh instead (the command line).
public final class RoutingLedger: Sendable {
    private struct Kept {
        var facts: [RoutingFact] = []
        /// The newest event folded in; nil until loaded.
        var through: Int64?
    }

    private let kept = Mutex(Kept())

    public init() {}

    /// Reads this week's facts (as of `now`), if not read yet.
    public func load(_ store: any BoardStore, now: Date, calendar: Calendar = .current) throws {
        guard kept.withLock({ $0.through == nil }) else { return }
        // The newest seq first: facts after it are read again by the next catch-up, and
        // folded once (by seq).
        let through = try store.lastSequence()
        let facts = try store.routingFacts(since: Routing.week(containing: now, calendar: calendar).start)
            .filter { $0.seq <= through }
        kept.withLock { state in
            guard state.through == nil else { return }
            state = Kept(facts: facts, through: through)
        }
    }

    /// The rotation's proposal for a booking now: the facts brought up to date, then ranked.
    public func proposal(_ store: any BoardStore, team: Team, meetingAt: Date?, now: Date, settings: RoutingSettings,
                         calendar: Calendar = .current) throws -> RoutingProposal {
        try load(store, now: now, calendar: calendar)
        let after = kept.withLock { $0.through ?? 0 }
        let newer = try store.events(after: after, limit: nil)
        let facts = kept.withLock { state -> [RoutingFact] in
            for event in newer where event.seq > (state.through ?? 0) {
                if let fact = RoutingFact(event) { state.facts.append(fact) }
                state.through = event.seq
            }
            return state.facts
        }
        return Routing.propose(team: team, facts: facts, meetingAt: meetingAt, now: now, settings: settings, calendar: calendar)
    }
}

extension RoutingFact {
    /// The rotation's view of a logged event; nil for the events it does not count.
    public init?(_ event: Event) {
        switch event.type {
        case .booked, .reassigned:
            guard let ae = event.payload.meeting?.ae else { return nil }
            self.init(seq: event.seq, at: event.at, type: event.type, ae: ae)
        case .undone:
            guard let undoes = event.payload.undoes else { return nil }
            self.init(seq: event.seq, at: event.at, type: .undone, undoes: undoes)
        default:
            return nil
        }
    }
}
