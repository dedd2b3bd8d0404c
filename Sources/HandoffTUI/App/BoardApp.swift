import Foundation
import HandoffCore
import HandoffStore

/// The run loop: the only impure part of the board. It reads a key or a store change,
/// hands it to `Update`, carries out the effects against the store, and presents the view.
public final class BoardApp {
    let store: any BoardStore
    let terminal: any Terminal
    let clock: Now
    var state: AppState
    var lastSequence: Int64
    /// Renders the standup summary (the report engine lives outside the TUI).
    let standup: @Sendable (any BoardStore, Date) throws -> [String]
    /// How long to wait for a key before looking at the store again.
    static let pollMilliseconds = 250

    public init(store: any BoardStore, terminal: any Terminal, me: String, clock: Now = .system,
                thresholds: Thresholds = .standard,
                standup: @escaping @Sendable (any BoardStore, Date) throws -> [String]) throws {
        self.store = store
        self.terminal = terminal
        self.clock = clock
        self.standup = standup
        lastSequence = try store.lastSequence()
        let size = terminal.size
        state = AppState(me: me, team: try store.team(), leads: try store.leads(LeadQuery()), location: store.location,
                         now: clock(), width: size.width, height: size.height, thresholds: thresholds)
        if state.isReadOnly {
            state.status = StatusMessage("read-only: \(me) is not on the team roster", .error)
        }
        Update.keepSelectionVisible(&state)
    }

    /// Runs until the user quits. The terminal is restored by the caller's `shutdown`.
    public func run() {
        var dirty = true
        var lastTick = clock()
        while !state.quitting {
            if dirty {
                terminal.present(BoardView.render(state))
                dirty = false
            }
            if let event = terminal.nextEvent(timeoutMilliseconds: Self.pollMilliseconds) {
                dirty = send(.input(event)) || dirty
                continue
            }
            // Idle: look for other people's changes; redraw only when something changed.
            if pollStore() { dirty = true }
            let now = clock()
            if now.timeIntervalSince(lastTick) >= 60 {
                lastTick = now
                dirty = send(.tick(now)) || dirty
            }
        }
    }

    /// Feeds a message through update and carries out its effects. Returns true when the
    /// screen may have changed.
    @discardableResult
    func send(_ message: Message) -> Bool {
        var effects = Update.update(&state, message)
        while !effects.isEmpty {
            let effect = effects.removeFirst()
            if let next = carryOut(effect) {
                effects += Update.update(&state, next)
            }
        }
        return true
    }

    func carryOut(_ effect: Effect) -> Message? {
        switch effect {
        case .execute(let command, let lead, let version):
            return attempt(lead) { try store.execute(command, on: lead, as: state.me, expecting: version) }
        case .undo:
            return attempt(nil) { try store.undo(nil, as: state.me, expecting: nil) }
        case .loadTimeline(let id):
            return (try? store.history(of: id)).map { .timelineLoaded(id, $0) }
        case .loadStandup:
            do {
                return .standupLoaded(try standup(store, clock()))
            } catch {
                return .standupLoaded(["The standup could not be computed: \(error)"])
            }
        }
    }

    private func attempt(_ lead: LeadID?, _ body: () throws -> Applied) -> Message {
        do {
            let applied = try body()
            lastSequence = max(lastSequence, applied.event.seq)
            return .performed(applied)
        } catch let error as RuleError {
            var current: Lead?
            if case .conflict = error, let lead { current = try? store.lead(lead) }
            return .refused(error.description, current: current)
        } catch {
            return .refused(String(describing: error), current: nil)
        }
    }

    /// Reloads only the leads touched by events since the last look.
    func pollStore() -> Bool {
        guard let newest = try? store.lastSequence(), newest > lastSequence,
              let events = try? store.events(after: lastSequence, limit: nil) else { return false }
        lastSequence = events.last?.seq ?? newest
        let ids = Set(events.compactMap(\.lead))
        let leads = ids.compactMap { try? store.lead($0) }
        let team = events.contains { $0.lead == nil } ? try? store.team() : nil
        send(.storeChanged(leads, team: team, now: clock()))
        return true
    }
}
