import Foundation

extension StandupDocument {
    /// The team lead's attention list: every card past its SLA ladder's breach, the
    /// longest past first, with who the ladder told and when.
    static func attention(_ s: Standup, limit: Int?, when: (Date) -> String) -> Section {
        var section = Section(title: "Attention: SLA breaches now (\(s.attention.count))")
        guard !s.attention.isEmpty else {
            section.line("No card is past its SLA: every outcome, disposition, rework and revisit is within its time.")
            return section
        }
        let shown = limit.map { $0 > 0 ? Array(s.attention.prefix($0)) : s.attention } ?? s.attention
        section.table(["lead", "company", "step", "owner", "past h", "told"], numeric: [4],
                      shown.map { item in
                          [item.lead.description, SafeText.sanitize(item.company), item.step.title,
                           SafeText.sanitize(item.owner), Thresholds.hoursText((item.hoursPast * 10).rounded() / 10),
                           item.story(when)]
                      })
        if shown.count < s.attention.count {
            section.line("… and \(s.attention.count - shown.count) more (--limit 0 lists them all)")
        }
        return section
    }
}
