import Foundation

/// Computes `DefinitionHealth` from the report's events (`ReportEvent`, in `seq` order) and
/// the log's `definition` events. Pure, and one pass: a booking's version is found by
/// walking the definition marks alongside the log (both are in `seq` order), so no payload
/// is read and no column is added.
public enum DefinitionHealthBuilder {
    public static func build(facts: [ReportEvent], history: [DefinitionMark], now: Date) -> DefinitionHealth {
        build(factParts: [facts], history: history, now: now)
    }

    public static func build(factParts: [[ReportEvent]], history: [DefinitionMark], now: Date) -> DefinitionHealth {
        let marks = history.sorted { $0.seq < $1.seq }
        guard !marks.isEmpty else { return DefinitionHealth() }
        let handoffs = fold(factParts, marks: marks)
        var byMark = Array(repeating: [Handoff](), count: marks.count)
        for handoff in handoffs { byMark[handoff.mark].append(handoff) }
        var versions: [DefinitionVersionHealth] = []
        for (index, mark) in marks.enumerated() {
            let until = index + 1 < marks.count ? marks[index + 1].at : nil
            let end = until ?? max(now, mark.at)
            versions.append(DefinitionVersionHealth(
                version: mark.definition.version, since: mark.at, by: mark.actor, until: until,
                days: (max(0, end.timeIntervalSince(mark.at)) / 86_400 * 10).rounded() / 10,
                required: mark.definition.criteria.filter(\.required).map(\.key),
                optional: mark.definition.criteria.filter { !$0.required }.map(\.key),
                figures: figures(byMark[index], mark.definition), calibration: nil))
        }
        return DefinitionHealth(versions: versions, comparison: compare(marks, byMark, now: now))
    }

    /// The last two versions over the first N seconds of each, N the shorter life.
    private static func compare(_ marks: [DefinitionMark], _ byMark: [[Handoff]], now: Date) -> DefinitionComparison? {
        guard marks.count >= 2 else { return nil }
        let current = marks.count - 1, previous = marks.count - 2
        let previousLife = max(0, marks[current].at.timeIntervalSince(marks[previous].at))
        let currentLife = max(0, now.timeIntervalSince(marks[current].at))
        let span = min(previousLife, currentLife)
        func window(_ index: Int) -> DefinitionWindow {
            let period = Period(since: marks[index].at, until: marks[index].at.addingTimeInterval(span))
            let booked = byMark[index].filter { period.contains($0.bookedAt) }
            return DefinitionWindow(version: marks[index].definition.version, window: period,
                                    figures: figures(booked, marks[index].definition))
        }
        return DefinitionComparison(days: (span / 86_400 * 10).rounded() / 10, current: window(current),
                                    previous: window(previous))
    }

    static func figures(_ handoffs: [Handoff], _ definition: Definition) -> DefinitionFigures {
        var figures = DefinitionFigures()
        var criteria: [String: Int] = [:]
        for handoff in handoffs {
            figures.handoffs += 1
            switch handoff.outcome {
            case .held: figures.held += 1
            case .noShow: figures.noShow += 1
            case .canceled: figures.canceled += 1
            case .rescheduled, nil: break
            }
            switch handoff.disposition {
            case .accepted: figures.accepted += 1
            case .nurture: figures.nurture += 1
            case .returned:
                figures.returned += 1
                for key in handoff.failedCriteria { criteria[key, default: 0] += 1 }
            case nil: break
            }
        }
        figures.showRate = Ratio(figures.held, of: figures.held + figures.noShow + figures.canceled)
        let disposed = figures.accepted + figures.nurture + figures.returned
        figures.acceptanceRate = Ratio(figures.accepted, of: disposed)
        figures.returnRate = Ratio(figures.returned, of: disposed)
        figures.returnsByCriterion = StandupTally.ranked(criteria, of: figures.returned) { definition.criterion($0)?.label ?? $0 }
        return figures
    }

    /// One booking in effect and what became of it.
    struct Handoff {
        /// Its version: a position in the marks.
        var mark: Int
        var bookedAt: Date
        var outcome: MeetingOutcome?
        var disposition: DispositionKind?
        var failedCriteria: [String] = []
    }

    /// Every booking in effect, with its final outcome and standing disposition.
    static func fold(_ parts: [[ReportEvent]], marks: [DefinitionMark]) -> [Handoff] {
        let undone = UndoneSeqs.sorted(parts)
        var nextUndone = 0
        var nextMark = 0
        var handoffs: [Handoff] = []
        var current = LeadSlots()
        for part in parts {
            for fact in part where fact.type != .undone {
                let seq = fact.seq
                while nextUndone < undone.count, undone[nextUndone] < seq { nextUndone += 1 }
                if nextUndone < undone.count, undone[nextUndone] == seq { continue }
                switch fact.type {
                case .booked:
                    // The version in force: the last definition event before the booking.
                    while nextMark < marks.count, marks[nextMark].seq < seq { nextMark += 1 }
                    guard nextMark > 0 else {
                        current[fact.lead] = nil
                        continue
                    }
                    current[fact.lead] = handoffs.count
                    handoffs.append(Handoff(mark: nextMark - 1, bookedAt: fact.at))
                case .outcome:
                    guard let index = current[fact.lead], let outcome = fact.outcome, outcome != .rescheduled else { continue }
                    handoffs[index].outcome = outcome
                case .accepted, .nurtured:
                    guard let index = current[fact.lead] else { continue }
                    handoffs[index].disposition = fact.type == .accepted ? .accepted : .nurture
                    handoffs[index].failedCriteria = []
                case .returned:
                    guard let index = current[fact.lead] else { continue }
                    handoffs[index].disposition = .returned
                    handoffs[index].failedCriteria = fact.returned?.failedCriteria ?? []
                case .resolved:
                    // An overturned return is annulled: the handoff waits for the AE again.
                    guard fact.resolution == .overturned, let index = current[fact.lead],
                          handoffs[index].disposition == .returned else { continue }
                    handoffs[index].disposition = nil
                    handoffs[index].failedCriteria = []
                case .created, .reworked, .reactivated, .restored:
                    current[fact.lead] = nil
                default:
                    break
                }
            }
        }
        return handoffs
    }
}

/// The seqs of the undone events still undone (an undo of an undo puts its target back),
/// sorted: what a fold over the log in `seq` order skips.
enum UndoneSeqs {
    static func sorted(_ parts: [[ReportEvent]]) -> [Int64] {
        var undone: [Int64] = []
        var targets: [Int64: Int64] = [:]
        for facts in parts {
            for fact in facts where fact.type == .undone {
                guard let seq = fact.undoes else { continue }
                undone.append(seq)
                targets[fact.seq] = seq
            }
        }
        // Each undo of an undo cancels one undo of that target.
        var reversed: [Int64: Int] = [:]
        for seq in undone { if let target = targets[seq] { reversed[target, default: 0] += 1 } }
        var kept: [Int64] = []
        for seq in undone {
            if let count = reversed[seq], count > 0 {
                reversed[seq] = count - 1
            } else {
                kept.append(seq)
            }
        }
        return kept.sorted()
    }
}

/// A position per lead: an array indexed by lead number while numbers are dense, else a
/// dictionary.
struct LeadSlots {
    private var dense: [Int32] = []
    private var sparse: [LeadID: Int] = [:]
    private static let limit = 1 << 22

    subscript(lead: LeadID) -> Int? {
        get {
            let number = lead.number
            if number >= 0, number < dense.count { return dense[number] < 0 ? nil : Int(dense[number]) }
            return sparse[lead]
        }
        set {
            let number = lead.number
            if number >= 0, number < Self.limit {
                if number >= dense.count { dense += Array(repeating: -1, count: max(number + 1 - dense.count, dense.count)) }
                dense[number] = newValue.map { Int32(clamping: $0) } ?? -1
            } else {
                sparse[lead] = newValue
            }
        }
    }
}
