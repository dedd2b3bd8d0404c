import Foundation

extension StandupDocument {
    /// The two clocks of every ladder step: of the time from a step's start to its end,
    /// the hours its owner could act in and the hours the card waited outside them.
    static func clocks(_ s: Standup) -> Section {
        var section = Section(title: "The two clocks: the owner's hours and the wait outside them")
        let ended = s.clocks.filter { $0.count > 0 }
        guard !ended.isEmpty else {
            section.line("No step of the SLA ladder ended in the period.")
            return section
        }
        section.line("Of each step ended in the period: the owner's hours (business hours, or every hour without [sla] hours, less the owner's away days) and the hours the card waited outside them, median / p90.")
        func spread(_ value: HoursSpread) -> String {
            "\(value.medianHours.map { Thresholds.hoursText($0) } ?? "—") / \(value.p90Hours.map { Thresholds.hoursText($0) } ?? "—")"
        }
        section.table(["step", "owner", "ended", "owner h", "waiting h", "all h"], numeric: [2, 3, 4, 5],
                      ended.map { clocks in
                          [clocks.step.title, clocks.step.ownerRole == .ae ? "AE" : "SDR", "\(clocks.count)",
                           spread(clocks.owner), spread(clocks.outside), spread(clocks.wall)]
                      })
        return section
    }
}
