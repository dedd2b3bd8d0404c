import Foundation
import HandoffCore
import HandoffStore

/// The board's store work: what each effect asks of the store, run by the worker off the
/// UI thread, and the message its result comes back as.
extension BoardApp {
    /// The store work an effect asks for, as a job for the worker.
    func job(for effect: Effect) -> @Sendable () -> Message? {
        let store = self.store
        let me = state.me
        let clock = self.clock
        let standup = self.standup
        let thresholds = state.thresholds
        switch effect {
        case .execute(let command, let lead, let version):
            return { Self.attempt(store, lead) { try store.execute(command, on: lead, as: me, expecting: version) } }
        case .undo:
            return { Self.attemptBulk { try store.undoLast(as: me) } }
        case .redo:
            return { Self.attemptBulk { try store.redoLast(as: me) } }
        case .bulk(let action, let leads):
            return { Self.attemptBulk { try store.bulk(action, on: leads, as: me) } }
        case .loadDetail(let id):
            return {
                do {
                    guard let lead = try store.lead(id) else { return nil }
                    return .detailLoaded(lead, try store.history(of: id))
                } catch {
                    return .detailFailed(id, String(describing: error))
                }
            }
        case .loadLead(let id, let action):
            let routing = state.routing
            let ledger = self.ledger
            return {
                do {
                    guard var lead = try store.lead(id) else { return .refused("no lead \(id)", current: nil) }
                    // The form's guard and the outcome form's warning need the no-show count.
                    if action == .book || action == .outcome { lead.noShows = NoShows.count(in: try store.history(of: id)) }
                    if action == .calibrate {
                        // A calibration scores against the definition the lead was handed off under.
                        var earlier: Definition?
                        if let version = lead.calibration?.definitionVersion, try version != store.team().definition.version {
                            earlier = try store.definition(version: version)
                        }
                        return .calibrationLoaded(lead, earlier)
                    }
                    if action == .book {
                        // The book form opens with the rotation's proposal (the team read
                        // again: its away periods are the log's, as of now).
                        let proposal = try ledger.proposal(store, team: store.team(), meetingAt: nil, now: clock(),
                                                           settings: routing)
                        return .bookLoaded(lead, proposal)
                    }
                    return .leadLoaded(lead, for: action)
                } catch {
                    return .refused(String(describing: error), current: nil)
                }
            }
        case .loadStandup:
            return {
                do {
                    return .standupLoaded(try standup(store, clock(), thresholds))
                } catch {
                    return .standupFailed("The standup could not be computed: \(error)")
                }
            }
        case .copyToClipboard, .alert:
            return { nil }
        case .checkSLA:
            return Update.slaCheck(state)
        case .loadNotices(let after):
            return { Result { try store.notices(for: me, after: after) }.map(Message.noticesLoaded)
                .get(or: { .noticesFailed(String(describing: $0)) }) }
        case .saveSeen(let mark):
            let save = saveSeen
            return { Result { try save?(mark) }.map { _ -> Message? in nil }.get(or: { .seenNotSaved(String(describing: $0)) }) }
        case .loadExtras(let ids):
            return {
                do {
                    guard let ids else { return .extrasLoaded(try store.leadExtras(), partial: false) }
                    let leads = try ids.compactMap { try store.lead($0) }
                    let extras = Dictionary(leads.map { ($0.id, FilterQuery.LeadExtras($0)) }, uniquingKeysWith: { $1 })
                    return .extrasLoaded(extras, partial: true)
                } catch {
                    return .refused("the leads' sources and return reasons could not be read: \(error)", current: nil)
                }
            }
        case .loadBrief(let id):
            return {
                do {
                    guard let lead = try store.lead(id) else { return .refused("no lead \(id)", current: nil) }
                    return .briefLoaded(lead, try store.history(of: id))
                } catch {
                    return .refused("the brief of \(id) could not be read: \(error)", current: nil)
                }
            }
        case .reloadSettings:
            let reload = self.reload
            return {
                guard let reload else { return .settingsNotReloaded("this board was opened without a settings folder") }
                do {
                    return .settingsReloaded(try reload())
                } catch {
                    return .settingsNotReloaded(String(describing: error))
                }
            }
        case .saveSorts(let sorts):
            let save = saveSorts
            return {
                do {
                    try save?(sorts)
                    return nil
                } catch {
                    return .sortsNotSaved(String(describing: error))
                }
            }
        case .loadAll:
            return {
                do {
                    let through = try store.lastSequence()
                    return .allLoaded(try store.cards(LeadQuery()), now: clock(), through: through)
                } catch {
                    return .refused("only the top of each column could be read: \(error)", current: nil)
                }
            }
        case .reload(let after):
            return {
                guard let events = try? store.events(after: after, limit: nil) else { return nil }
                let ids = Set(events.compactMap(\.lead))
                guard let cards = try? store.cards(ids: Array(ids)) else { return nil }
                let team = events.contains { $0.lead == nil } ? try? store.team() : nil
                return .storeChanged(cards, team: team, now: clock(), through: events.last?.seq ?? after)
            }
        }
    }

    /// A bulk action, undo or redo: its outcome, or why nothing was done.
    static func attemptBulk(_ body: () throws -> BulkOutcome) -> Message {
        do {
            return .bulkDone(try body())
        } catch let error as RuleError {
            return .refused(error.description, current: nil)
        } catch {
            return .refused(String(describing: error), current: nil)
        }
    }

    static func attempt(_ store: any BoardStore, _ lead: LeadID?, _ body: () throws -> Applied) -> Message {
        do {
            return .performed(try body())
        } catch let error as RuleError {
            var current: Lead?
            if case .conflict = error, let lead { current = try? store.lead(lead) }
            return .refused(error.description, current: current)
        } catch {
            return .refused(String(describing: error), current: nil)
        }
    }
}
